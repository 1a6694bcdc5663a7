"""Shared test set-up: named users per role, and the June 2018 sample when a test needs it.

The sample (the golden June 2018 paper data) is loaded once per test session, into the test
database, and committed: see `django_db_setup` in tests/conftest.py. Each TestCase runs in a
transaction that rolls back to it, so:

- `SampleTestCase` finds the whole sample in place, as if it had loaded it itself;
- `BaseTestCase` deletes it again, inside the class's own transaction, so its tests see a
  database with no data (only the rows the migrations make); the rollback brings it back;
- unit tests that need a few rows of their own use `BaseTestCase` and tests/factories.py.

Tests marked `django_db(transaction=True)` (the browser tests) run last, as pytest-django
orders them; Django empties every table after each of them.
"""

import datetime

from django.apps import apps
from django.contrib.auth.models import Group, User
from django.db import connection
from django.test import TestCase

from opsreport.models import DataRevision, Paper
from opsreport.roles import APPROVER, DATA_APPS, EDITOR, PANEL_MEMBER
from parties.models import DCCUserRole

JUNE_2018 = datetime.date(2018, 6, 1)

# Data tables whose rows the migrations make (parties 0002; the data revision's one row,
# opsreport.revision); "no data" keeps them.
MIGRATION_DATA = [DCCUserRole, DataRevision]


def make_user(username, role):
    user = User.objects.create_user(username, password="password")
    user.groups.add(Group.objects.get(name=role))
    return user


def delete_data():
    """Delete every row of the data apps but those the migrations made, and the history of the
    changes to them (opsreport/history/), for a test's own transaction.

    One DELETE per table: the foreign keys are deferred to the end of the transaction on
    SQLite and PostgreSQL, and nothing is left pointing at a deleted row by then.
    """
    kept = {model._meta.db_table for model in MIGRATION_DATA}
    tables = [
        model._meta.db_table
        for app in [*DATA_APPS, "history"]
        for model in apps.get_app_config(app).get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy and model._meta.db_table not in kept
    ]
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(table)}")


class BaseTestCase(TestCase):
    """Erin edits the month's data, Alex approves papers, Pat sits on the Panel; no data.

    A subclass with `load_sample_data = True` keeps the June 2018 sample instead (SampleTestCase).
    """

    load_sample_data = False

    @classmethod
    def setUpTestData(cls):
        if cls.load_sample_data:
            if not Paper.objects.filter(month=JUNE_2018).exists():
                raise AssertionError(
                    "The June 2018 sample is not in the test database: it is loaded once per session by "
                    "django_db_setup in tests/conftest.py, and is gone after a transactional test."
                )
        else:
            delete_data()
        cls.erin = make_user("erin", EDITOR)
        cls.alex = make_user("alex", APPROVER)
        cls.pat = make_user("pat", PANEL_MEMBER)


class SampleTestCase(BaseTestCase):
    load_sample_data = True


class PublishedSampleTestCase(SampleTestCase):
    """The sample with its June 2018 paper published (a stand-in issue, tests/factories.py), so
    the Panel's dashboard runs to June: the Panel reads the months of published papers only."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        from tests.factories import make_issue

        make_issue(Paper.objects.get(month=JUNE_2018))
