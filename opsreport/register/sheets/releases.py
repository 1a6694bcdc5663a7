"""The Releases sheet: the SEC releases that modifications target, with their go-live dates.
Checked by the release screen's form (meetings/forms.py), written by
opsreport.actions.set_release."""

from typing import Any

from meetings.forms import ReleaseForm
from meetings.models import Release
from opsreport.actions import set_release
from opsreport.register.sheets.records import NATURAL_KEYS, RecordSheet
from opsreport.workbook.cells import required_date, yes_no
from opsreport.workbook.reading import CellValue
from opsreport.workbook.sheets import Column, Sheet

RELEASES = "Releases"
NATURAL_KEYS[Release] = "name"

SHEET = Sheet(
    RELEASES,
    (
        Column("Name", "name", 40, note="e.g. November 2018 SEC Release."),
        Column("Go live", "go_live", 12, note="DD/MM/YYYY; empty until the date is set."),
        Column("Document only", "document_only", 14, "Yes/No", "Yes for a release with no impact on DCC Systems."),
    ),
    "The SEC releases that modifications target.",
)


def rows() -> list[list[Any]]:
    return [
        [r.name, r.go_live, "Yes" if r.document_only else "No"] for r in Release.objects.order_by("go_live", "name")
    ]


def lists() -> dict[str, list[str]]:
    return {"Release": list(Release.objects.order_by("go_live", "name").values_list("name", flat=True))}


class ReleasesSheet(RecordSheet):
    sheet = RELEASES
    model = Release
    form = ReleaseForm
    key = "name"
    fields = ("go_live", "document_only")
    what = "release"
    action = set_release

    def read(self, key: str, value: CellValue) -> Any:
        return required_date(value) if key == "go_live" else yes_no(value)


plan = ReleasesSheet.plan
