from pathlib import Path

from django.core.management.base import BaseCommand

from opsreport.register.export import register_bytes


class Command(BaseCommand):
    help = (
        "Write the register: every record the database holds, one sheet per kind of record "
        "(python manage.py export_register register.xlsx), or with --template the empty template."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Where to write the .xlsx workbook.")
        parser.add_argument(
            "--template", action="store_true", help="Write the empty template: headings, lists and README only."
        )

    def handle(self, file, template, **options):
        Path(file).write_bytes(register_bytes(template=template))
        self.stdout.write(f"Wrote {file}")
