from django.db import migrations

ROLES = [
    ("Import Supplier", ""),
    ("Export Supplier", ""),
    ("Gas Supplier", ""),
    ("Electricity Distributor", ""),
    ("Gas Transporter", ""),
    ("Registered Supplier Agent", "RSA"),
    ("Other User", ""),
]


def add_roles(apps, schema_editor):
    DCCUserRole = apps.get_model("parties", "DCCUserRole")
    for position, (name, abbreviation) in enumerate(ROLES, start=1):
        DCCUserRole.objects.get_or_create(name=name, defaults={"abbreviation": abbreviation, "position": position})


class Migration(migrations.Migration):
    dependencies = [("parties", "0001_initial")]
    operations = [migrations.RunPython(add_roles, migrations.RunPython.noop)]
