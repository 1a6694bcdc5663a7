from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from opsreport.register import plan as register_plan
from opsreport.workbook import service
from opsreport.workbook.apply import ImportRefused, apply


class Command(BaseCommand):
    help = (
        "Import the register (python manage.py import_register register.xlsx): prints the preview, then "
        "writes all of it or, with any error, nothing. Exit status 0 when clean, 1 with every error listed."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The register, an .xlsx workbook.")
        parser.add_argument("--dry-run", action="store_true", help="Print the preview and write nothing.")

    def handle(self, file, dry_run, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No such file: {file}")
        with path.open("rb") as handle:
            data = handle.read(register_plan.LIMITS.upload_bytes + 1)  # bounded: the preview refuses more
        # A dry run rehearses the writes (and rolls them back) to show what the models refuse as
        # rows are written; an import writes them once, refusing all of them at the first such row.
        printed: list = []
        if dry_run:
            plan = register_plan.preview(data, path.name)
        else:
            plan, printed = register_plan.read(data, path.name)
        self.stdout.write(service.text_report(plan))
        if plan.errors:
            raise CommandError(f"{len(plan.errors)} error(s): nothing was written.", returncode=1)
        if dry_run:
            self.stdout.write("Dry run: nothing was written.")
            return
        try:
            counts = apply(plan, None, path.name)
        except ImportRefused as refused:
            for problem in refused.problems:
                self.stderr.write(f"ERROR {problem}")
            if plan.published:  # the command has nobody to confirm it under
                raise CommandError(
                    "Import it on the register's page, where the change to published figures is confirmed and "
                    "recorded under your name: nothing was written.",
                    returncode=1,
                ) from None
            raise CommandError(f"{len(refused.problems)} error(s): nothing was written.", returncode=1) from None
        self.stdout.write(f"Imported: {counts['create']} created, {counts['change']} changed.")
        if printed:  # the Published figures against the data as now imported
            register_plan.reconciled(plan, printed)
            self.stdout.write("\n".join(service.reconciliation_lines(plan)))
