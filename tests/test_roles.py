"""The three roles exist as groups with their permissions, and demo users are made for them."""

from io import StringIO

from django.contrib.auth.models import Group, User
from django.core.management import call_command

from opsreport.roles import APPROVER, EDITOR, PANEL_MEMBER
from tests.base import BaseTestCase


class RoleTests(BaseTestCase):
    def test_the_editor_enters_data_but_does_not_approve(self):
        self.assertTrue(self.erin.has_perm("helpdesk.add_emailtally"))
        self.assertTrue(self.erin.has_perm("opsreport.change_paper"))
        self.assertFalse(self.erin.has_perm("opsreport.approve_paper"))

    def test_the_approver_approves_and_reads_but_does_not_enter_data(self):
        self.assertTrue(self.alex.has_perm("opsreport.approve_paper"))
        self.assertTrue(self.alex.has_perm("helpdesk.view_emailtally"))
        self.assertFalse(self.alex.has_perm("helpdesk.change_emailtally"))

    def test_the_panel_member_only_reads_papers(self):
        self.assertEqual(
            set(Group.objects.get(name=PANEL_MEMBER).permissions.values_list("codename", flat=True)),
            {"read_panel_papers"},
        )
        self.assertFalse(self.pat.is_staff)

    def test_demo_users_are_made_once_per_role_and_printed(self):
        out = StringIO()
        call_command("create_demo_users", stdout=out)
        call_command("create_demo_users", stdout=StringIO())
        for username, role in [("editor", EDITOR), ("approver", APPROVER), ("panel", PANEL_MEMBER)]:
            user = User.objects.get(username=username)
            self.assertEqual(list(user.groups.values_list("name", flat=True)), [role])
            self.assertIn(f"user: {username}", out.getvalue())
        self.assertTrue(User.objects.get(username="editor").check_password("editor-demo-2018"))
