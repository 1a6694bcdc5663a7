from django.contrib.auth.management import create_permissions
from django.db import migrations

from opsreport.roles import DATA_APPS, ROLES, permissions_for


def create_groups(apps, schema_editor):
    # Permissions are normally made after all migrations; make them now so groups can hold them.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    data_permissions = list(
        Permission.objects.filter(content_type__app_label__in=DATA_APPS).values_list(
            "content_type__app_label", "codename"
        )
    )
    for role in ROLES:
        group, _ = Group.objects.get_or_create(name=role)
        wanted = permissions_for(role, data_permissions)
        group.permissions.set(
            Permission.objects.get(content_type__app_label=app, codename=codename)
            for app, codename in wanted
        )


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("opsreport", "0001_initial"),
        ("parties", "0002_dcc_user_roles"),
        ("helpdesk", "0001_initial"),
        ("meetings", "0001_initial"),
    ]
    operations = [migrations.RunPython(create_groups, remove_groups)]
