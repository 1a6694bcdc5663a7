from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from opsreport.lib.months import parse_month_key
from opsreport.workbook.export import filename, workbook_bytes
from opsreport.workbook.plan import month_problem


class Command(BaseCommand):
    help = "Write a month's workbook, pre-filled: python manage.py month_workbook 2018-07 --output july.xlsx"

    def add_arguments(self, parser):
        parser.add_argument("month", help="YYYY-MM")
        parser.add_argument("--output", "-o", help="Where to write it (default: operations-report-YYYY-MM.xlsx).")

    def handle(self, month, output, **options):
        try:
            month = parse_month_key(month)
        except ValueError as error:
            raise CommandError(str(error)) from None
        refused = month_problem(month)
        if refused:
            raise CommandError(refused)
        output = output or filename(month)
        Path(output).write_bytes(workbook_bytes(month))
        self.stdout.write(f"Wrote {output}")
