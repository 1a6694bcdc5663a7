from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from opsreport.register import reconcile
from opsreport.workbook.reading import MAX_UPLOAD_BYTES


class Command(BaseCommand):
    help = (
        "Compare a workbook's Published figures sheet (or that sheet as .csv) with what the register gives: "
        "prints every difference, with why and whether it is accepted. Writes nothing. Exit status 0 "
        "(differences are not errors), 1 when a row cannot be read."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", help="The .xlsx workbook holding a Published figures sheet, or that sheet as .csv.")

    def handle(self, file: str, **options: Any) -> None:
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No such file: {file}")
        with path.open("rb") as handle:
            data = handle.read(MAX_UPLOAD_BYTES + 1)  # bounded: the reader refuses anything longer
        printed, problems = reconcile.read_workbook(data, path.name)
        differences = reconcile.compare(printed)
        for difference in differences:
            if difference.accepted is not None:
                self.stdout.write(f"ACCEPTED {difference}  [note: {difference.accepted.note}]")
            else:
                self.stdout.write(f"DIFFERS  {difference}")
        for problem in problems:
            self.stdout.write(f"ERROR    {problem}")
        accepted = sum(1 for d in differences if d.accepted is not None)
        self.stdout.write(
            f"{len(printed)} figures compared: {len(differences) - accepted} differences open, {accepted} accepted; "
            f"{len(problems)} row{'s' if len(problems) != 1 else ''} not read."
        )
        if problems:
            raise CommandError(f"{len(problems)} row(s) of the sheet could not be read.", returncode=1)
