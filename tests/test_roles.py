"""The roles are groups that grant permissions, kept in line with opsreport/roles.py by migrate."""

from io import StringIO

from django.apps import apps
from django.contrib.auth.models import Group, Permission, User
from django.core.management import CommandError, call_command
from django.core.management.sql import emit_post_migrate_signal
from django.test import override_settings

from opsreport.roles import APPROVER, DATA_APPS, EDITOR, PANEL_MEMBER
from tests.base import BaseTestCase


def codenames(role):
    return set(Group.objects.get(name=role).permissions.values_list("content_type__app_label", "codename"))


def model_permissions(action=None):
    """Every add/change/delete/view permission of every model in the data apps, from the code."""
    found = set()
    for label in DATA_APPS:
        for model in apps.get_app_config(label).get_models():
            for act in [action] if action else ["add", "change", "delete", "view"]:
                found.add((label, f"{act}_{model._meta.model_name}"))
    return found


class RoleTests(BaseTestCase):
    def test_the_editor_enters_data_but_does_not_approve(self):
        self.assertTrue(self.erin.has_perm("helpdesk.add_emailtally"))
        self.assertTrue(self.erin.has_perm("opsreport.change_paper"))
        self.assertTrue(self.erin.has_perm("opsreport.enter_data"))
        self.assertFalse(self.erin.has_perm("opsreport.approve_paper"))
        self.assertFalse(self.erin.has_perm("opsreport.publish_paper"))

    def test_the_approver_approves_publishes_and_reads_but_does_not_enter_data(self):
        self.assertTrue(self.alex.has_perm("opsreport.approve_paper"))
        self.assertTrue(self.alex.has_perm("opsreport.publish_paper"))
        self.assertTrue(self.alex.has_perm("helpdesk.view_emailtally"))
        self.assertFalse(self.alex.has_perm("helpdesk.change_emailtally"))
        self.assertFalse(self.alex.has_perm("opsreport.enter_data"))

    def test_the_panel_member_reads_the_dashboard_and_papers_up_to_amber(self):
        self.assertEqual(codenames(PANEL_MEMBER), {("opsreport", "read_dashboard"), ("opsreport", "read_amber")})
        self.assertFalse(self.pat.is_staff)

    def test_migrate_leaves_every_models_permissions_with_the_roles(self):
        # Computed from the models in the code, so a model added later must be covered too.
        self.assertLessEqual(model_permissions(), codenames(EDITOR))
        approver_views = {p for p in codenames(APPROVER) if p[1].startswith("view_") and p[0] in DATA_APPS}
        self.assertEqual(approver_views, model_permissions("view"))
        self.assertFalse(
            {p for p in codenames(APPROVER) if p[0] in DATA_APPS and p[1].split("_")[0] in {"add", "change", "delete"}}
        )
        # Only sign-in locks, which the approver may lift (django-axes' access attempts).
        self.assertEqual(
            {p for p in codenames(APPROVER) if p[0] not in DATA_APPS},
            {("axes", "view_accessattempt"), ("axes", "delete_accessattempt")},
        )

    def test_a_group_that_drifted_is_brought_back_in_line_by_migrate(self):
        editors = Group.objects.get(name=EDITOR)
        editors.permissions.remove(Permission.objects.get(codename="change_helpdeskmonth"))
        editors.permissions.add(Permission.objects.get(codename="approve_paper"))
        Group.objects.filter(name=PANEL_MEMBER).delete()
        emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
        self.assertIn(("helpdesk", "change_helpdeskmonth"), codenames(EDITOR))
        self.assertNotIn(("opsreport", "approve_paper"), codenames(EDITOR))
        self.assertEqual(codenames(PANEL_MEMBER), {("opsreport", "read_dashboard"), ("opsreport", "read_amber")})

    def test_staff_status_follows_the_role(self):
        user = User.objects.create_user("sam", password="password")
        self.assertFalse(user.is_staff)
        user.groups.add(Group.objects.get(name=EDITOR))
        self.assertTrue(User.objects.get(pk=user.pk).is_staff)
        user.groups.remove(Group.objects.get(name=EDITOR))
        self.assertFalse(User.objects.get(pk=user.pk).is_staff)
        Group.objects.get(name=APPROVER).user_set.add(user)  # from the group's side too
        self.assertTrue(User.objects.get(pk=user.pk).is_staff)
        user.groups.set([Group.objects.get(name=PANEL_MEMBER)])
        self.assertFalse(User.objects.get(pk=user.pk).is_staff)

    def test_demo_users_are_refused_with_debug_off(self):
        with self.assertRaisesMessage(CommandError, "refuses to run with DEBUG off"):
            call_command("create_demo_users", stdout=StringIO())
        self.assertFalse(User.objects.filter(username="editor").exists())

    @override_settings(DEBUG=True)
    def test_demo_users_are_made_once_per_role_and_printed(self):
        out = StringIO()
        call_command("create_demo_users", stdout=out)
        call_command("create_demo_users", stdout=StringIO())
        for username, role in [("editor", EDITOR), ("approver", APPROVER), ("panel", PANEL_MEMBER)]:
            user = User.objects.get(username=username)
            self.assertEqual(list(user.groups.values_list("name", flat=True)), [role])
            self.assertEqual(user.is_staff, role != PANEL_MEMBER)
            self.assertIn(f"user: {username}", out.getvalue())
        self.assertTrue(User.objects.get(username="editor").check_password("editor-demo-2018"))
