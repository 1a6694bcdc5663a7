from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from opsreport.lib.months import parse_month_key
from opsreport.workbook import service
from opsreport.workbook.apply import ImportRefused, apply
from opsreport.workbook.reading import MAX_UPLOAD_BYTES


class Command(BaseCommand):
    help = (
        "Import a month's workbook (or a CSV of one sheet): prints the preview, then writes all of it "
        "or, with any error, nothing. Exit status 0 when clean, 1 with every error listed."
    )

    def add_arguments(self, parser):
        parser.add_argument("month", help="YYYY-MM")
        parser.add_argument("file", help="The .xlsx workbook, or a .csv of one sheet.")
        parser.add_argument("--dry-run", action="store_true", help="Print the preview and write nothing.")
        parser.add_argument("--sheet", help="For a CSV: the sheet it holds (default: from the file's name).")

    def handle(self, month, file, dry_run, sheet, **options):
        try:
            month = parse_month_key(month)
        except ValueError as error:
            raise CommandError(str(error)) from None
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No such file: {file}")
        with path.open("rb") as handle:
            data = handle.read(MAX_UPLOAD_BYTES + 1)  # bounded: the preview refuses anything longer
        plan = service.preview(month, data, path.name, sheet)
        self.stdout.write(service.text_report(plan))
        if plan.errors:
            raise CommandError(f"{len(plan.errors)} error(s): nothing was written.", returncode=1)
        if dry_run:
            self.stdout.write("Dry run: nothing was written.")
            return
        if plan.published:
            issues = "; ".join(f"{issue.paper.title} issue {issue.number}: {table}" for issue, table in plan.published)
            raise CommandError(
                f"This import changes figures published in {issues}. Import it on the month's import page, "
                "where the change is confirmed and recorded under your name: nothing was written.",
                returncode=1,
            )
        try:
            counts = apply(plan, None, path.name)
        except ImportRefused as refused:
            for problem in refused.problems:
                self.stderr.write(f"ERROR {problem}")
            raise CommandError(f"{len(refused.problems)} error(s): nothing was written.", returncode=1) from None
        self.stdout.write(f"Imported: {counts['create']} created, {counts['change']} changed.")
