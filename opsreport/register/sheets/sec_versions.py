"""The SEC versions sheet: each version of the SEC and when it went live. Checked by the
version screen's form (meetings/forms.py), written by opsreport.actions.set_sec_version."""

from typing import Any

from meetings.forms import SECVersionForm
from meetings.models import SECVersion
from opsreport.actions import set_sec_version
from opsreport.register.sheets.records import NATURAL_KEYS, RecordSheet
from opsreport.workbook.cells import CellError, required_date, text
from opsreport.workbook.reading import CellValue
from opsreport.workbook.sheets import Column, Sheet

SEC_VERSIONS = "SEC versions"
NATURAL_KEYS[SECVersion] = "number"

SHEET = Sheet(
    SEC_VERSIONS,
    (
        Column("Number", "number", 10, note="major.minor, e.g. 5.19, typed as text."),
        Column("Go live", "go_live", 12, note="DD/MM/YYYY."),
        Column("Description", "description", 70),
    ),
    "The versions of the SEC and when each went live.",
)


def rows() -> list[list[Any]]:
    return [[v.number, v.go_live, v.description] for v in SECVersion.objects.order_by("go_live", "number")]


class VersionsSheet(RecordSheet):
    sheet = SEC_VERSIONS
    model = SECVersion
    form = SECVersionForm
    key = "number"
    fields = ("go_live", "description")
    what = "SEC version"
    action = set_sec_version

    def read_key(self, value: CellValue) -> str:
        if isinstance(value, float | int) and not isinstance(value, bool):
            # 5.10 typed as a number is 5.1: which was meant cannot be told.
            raise CellError(
                f"{value} is a number, and a number drops a version's last zero (5.10 reads 5.1): "
                "format the cell as text and type the version again."
            )
        return text(value)

    def read(self, key: str, value: CellValue) -> Any:
        return required_date(value) if key == "go_live" else text(value)

    def label(self, model: Any, name: str) -> str:
        return f"SEC Version {name}"


plan = VersionsSheet.plan
