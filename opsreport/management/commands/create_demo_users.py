import os

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

from opsreport.roles import APPROVER, EDITOR, PANEL_MEMBER

# Local demonstration only: `make run` prints these so a newcomer can sign in as each role.
DEMO_USERS = [
    ("editor", "editor-demo-2018", EDITOR, "Erin", "Editor"),
    ("approver", "approver-demo-2018", APPROVER, "Alex", "Approver"),
    ("panel", "panel-demo-2018", PANEL_MEMBER, "Pat", "Panel"),
]


class Command(BaseCommand):
    help = "Create one demo user per role (SECAS editor, SECAS approver, Panel member) and print their logins."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            # Known passwords, and it resets existing users with these names: never in production.
            raise CommandError("create_demo_users is for local work only: it refuses to run with DEBUG off.")
        User = get_user_model()
        self.stdout.write(f"Demo logins (http://127.0.0.1:{os.environ.get('PORT', '8000')}/):")  # make run's address
        for username, password, role, first, last in DEMO_USERS:
            user, created = User.objects.get_or_create(
                username=username,
                defaults={"first_name": first, "last_name": last, "email": f"{username}@example.org"},
            )
            if not user.email:  # demo users made before they had addresses (opsreport/mail/)
                User.objects.filter(pk=user.pk).update(email=f"{username}@example.org")
            if created:
                user.set_password(password)
                user.save()
            user.groups.set([Group.objects.get(name=role)])  # staff status follows the role
            self.stdout.write(f"  {role:<16} user: {username:<9} password: {password}")
