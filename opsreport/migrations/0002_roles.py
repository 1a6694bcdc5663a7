from django.db import migrations


class Migration(migrations.Migration):
    """Once made the role groups. They are now kept in line with opsreport/roles.py after every
    migrate (opsreport.roles.sync_role_groups), so a model added later is covered too."""

    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("opsreport", "0001_initial"),
        ("parties", "0002_dcc_user_roles"),
        ("helpdesk", "0001_initial"),
        ("meetings", "0001_initial"),
    ]
    operations = []
