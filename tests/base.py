"""Shared test set-up: named users per role, and the June 2018 sample when a test needs it."""

import datetime

from django.contrib.auth.models import Group, User
from django.test import TestCase

from opsreport.roles import APPROVER, EDITOR, PANEL_MEMBER
from opsreport.sample.load import load as load_sample

JUNE_2018 = datetime.date(2018, 6, 1)


def make_user(username, role):
    user = User.objects.create_user(username, password="password")
    user.groups.add(Group.objects.get(name=role))
    return user


class BaseTestCase(TestCase):
    """Erin edits the month's data, Alex approves papers, Pat sits on the Panel."""

    load_sample_data = False

    @classmethod
    def setUpTestData(cls):
        cls.erin = make_user("erin", EDITOR)
        cls.alex = make_user("alex", APPROVER)
        cls.pat = make_user("pat", PANEL_MEMBER)
        if cls.load_sample_data:
            load_sample()


class SampleTestCase(BaseTestCase):
    load_sample_data = True
