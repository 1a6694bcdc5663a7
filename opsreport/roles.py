"""The three roles, as groups granting permissions. opsreport.access asks the permissions.

`sync_role_groups` runs after every migrate (connected in opsreport/apps.py), so the groups
hold exactly what `permissions_for` says, including the permissions of a model added later.
"""

from django.contrib.auth.management import create_permissions

EDITOR = "SECAS editor"
APPROVER = "SECAS approver"
PANEL_MEMBER = "Panel member"
ROLES = [EDITOR, APPROVER, PANEL_MEMBER]
STAFF_ROLES = {EDITOR, APPROVER}

# The apps whose models hold the month's facts and the paper.
DATA_APPS = ["parties", "helpdesk", "meetings", "opsreport"]
# Django's own model permissions; the others are capabilities (opsreport.models.Paper.Meta).
MODEL_ACTIONS = {"add", "change", "delete", "view"}

APPROVE = ("opsreport", "approve_paper")
PUBLISH = ("opsreport", "publish_paper")
READ_DASHBOARD = ("opsreport", "read_dashboard")
ENTER_DATA = ("opsreport", "enter_data")
READ_GREEN = ("opsreport", "read_green")
READ_AMBER = ("opsreport", "read_amber")
READ_RED = ("opsreport", "read_red")
# Lifting a sign-in lock (django-axes): the approver deletes the access attempts.
UNLOCK_SIGN_IN = [("axes", "view_accessattempt"), ("axes", "delete_accessattempt")]


def _is_model_permission(permission):
    return permission[1].split("_", 1)[0] in MODEL_ACTIONS


def permissions_for(role, data_permissions):
    """(app_label, codename) pairs for a role, from every permission of the data apps."""
    model_permissions = [p for p in data_permissions if _is_model_permission(p)]
    if role == EDITOR:
        return [*model_permissions, ENTER_DATA, READ_DASHBOARD, READ_RED]
    if role == APPROVER:
        views = [p for p in model_permissions if p[1].startswith("view_")]
        return [*views, APPROVE, PUBLISH, READ_DASHBOARD, READ_RED, *UNLOCK_SIGN_IN]
    if role == PANEL_MEMBER:
        return [READ_DASHBOARD, READ_AMBER]
    raise ValueError(role)


def sync_role_groups(apps=None, using="default", **kwargs):
    """Make each role's group hold exactly its permissions. A post_migrate receiver.

    post_migrate is sent once per app, and each app's permissions are made by its own
    signal; make the data apps' permissions first, so the first app to finish sees them all.
    """
    from django.apps import apps as global_apps
    from django.contrib.auth.models import Group, Permission

    apps_granted = [*DATA_APPS, "axes"]
    for label in apps_granted:
        create_permissions(global_apps.get_app_config(label), verbosity=0, using=using)
    by_key = {
        (p.content_type.app_label, p.codename): p
        for p in Permission.objects.using(using)
        .filter(content_type__app_label__in=apps_granted)
        .select_related("content_type")
    }
    for role in ROLES:
        group, _ = Group.objects.using(using).get_or_create(name=role)
        data_permissions = [key for key in by_key if key[0] in DATA_APPS]
        group.permissions.set([by_key[key] for key in permissions_for(role, data_permissions)])


def staff_follows_role(sender, instance, action, reverse, pk_set, **kwargs):
    """An m2m_changed receiver on User.groups: a user is staff while in a SECAS staff role.

    Staff status only lets Django's admin sign-in form accept the user; what the admin then
    shows is decided by permissions (opsreport.access.can_use_admin).
    """
    if action not in ("post_add", "post_remove", "post_clear") or (reverse and action == "post_clear"):
        return  # a group's own clear() names no users; deleting a role group is not done
    from django.contrib.auth import get_user_model

    User = get_user_model()
    users = User.objects.filter(pk__in=pk_set) if reverse else User.objects.filter(pk=instance.pk)
    for user in users:
        staff = user.is_superuser or user.groups.filter(name__in=STAFF_ROLES).exists()
        if user.is_staff != staff:
            User.objects.filter(pk=user.pk).update(is_staff=staff)
            if not reverse:
                instance.is_staff = staff
