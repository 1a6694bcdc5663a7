"""The Modifications sheet: each modification's reference, title and target release, checked
by the modification screen's form (meetings/forms.py) and written by
opsreport.actions.set_modification. Its status history is the Modification statuses sheet's."""

from typing import Any

from meetings.forms import ModificationForm
from meetings.models import Modification, Release
from opsreport.actions import set_modification
from opsreport.register.plan import RegisterPlanner
from opsreport.register.sheets.records import NATURAL_KEYS, RecordSheet, known
from opsreport.workbook.cells import CellError, by_name, text
from opsreport.workbook.plan import SheetReader
from opsreport.workbook.reading import CellValue
from opsreport.workbook.sheets import Column, Sheet

MODIFICATIONS = "Modifications"
NATURAL_KEYS[Modification] = "reference"

SHEET = Sheet(
    MODIFICATIONS,
    (
        Column("Reference", "reference", 12, note="SECMP and four digits, e.g. SECMP0051."),
        Column("Title", "title", 70),
        Column("Target release", "target_release", 36, "Release", "A release of the Releases sheet; may be empty."),
    ),
    "The modifications the meetings take up, with the release each targets.",
)


def rows() -> list[list[Any]]:
    modifications = Modification.objects.select_related("target_release").order_by("reference")
    return [[m.reference, m.title, m.target_release.name if m.target_release else None] for m in modifications]


def lists() -> dict[str, list[str]]:
    return {"Modification": list(Modification.objects.order_by("reference").values_list("reference", flat=True))}


class ModificationsSheet(RecordSheet):
    sheet = MODIFICATIONS
    model = Modification
    form = ModificationForm
    key = "reference"
    fields = ("title", "target_release")
    what = "modification"
    action = set_modification

    def __init__(self, planner: RegisterPlanner, reader: SheetReader) -> None:
        super().__init__(planner, reader)
        self.releases = by_name(Release.objects.all())

    def read_key(self, value: CellValue) -> str:
        return text(value).upper()

    def read(self, key: str, value: CellValue) -> Any:
        if key == "target_release":
            release = known(self.planner, Release, self.releases, text(value))
            if release is None:
                raise CellError(f"Unknown release {text(value)!r}: name one from the Releases sheet.")
            return release
        return text(value)


plan = ModificationsSheet.plan
