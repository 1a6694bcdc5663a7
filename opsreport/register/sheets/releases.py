"""The Releases and SEC versions sheets: the SEC releases modifications target, with their go-live
dates, and the SEC versions with theirs. Checked by their screens' forms (meetings/forms.py),
written by opsreport.actions.set_release and set_sec_version."""

from typing import Any

from meetings.forms import ReleaseForm, SECVersionForm
from meetings.models import Release, SECVersion
from opsreport.actions import set_release, set_sec_version
from opsreport.register.sheets.records import NATURAL_KEYS, RecordSheet
from opsreport.workbook.cells import CellError, required_date, text, yes_no
from opsreport.workbook.reading import CellValue
from opsreport.workbook.sheets import Column, Sheet

RELEASES = "Releases"
SEC_VERSIONS = "SEC versions"
NATURAL_KEYS[Release] = "name"
NATURAL_KEYS[SECVersion] = "number"

RELEASES_SHEET = Sheet(
    RELEASES,
    (
        Column("Name", "name", 40, note="e.g. November 2018 SEC Release."),
        Column("Go live", "go_live", 12, note="DD/MM/YYYY; empty until the date is set."),
        Column("Document only", "document_only", 14, "Yes/No", "Yes for a release with no impact on DCC Systems."),
    ),
    "The SEC releases that modifications target.",
)
VERSIONS_SHEET = Sheet(
    SEC_VERSIONS,
    (
        Column("Number", "number", 10, note="major.minor, e.g. 5.19, typed as text."),
        Column("Go live", "go_live", 12, note="DD/MM/YYYY."),
        Column("Description", "description", 70),
    ),
    "The versions of the SEC and when each went live.",
)


def release_rows() -> list[list[Any]]:
    return [
        [r.name, r.go_live, "Yes" if r.document_only else "No"] for r in Release.objects.order_by("go_live", "name")
    ]


def version_rows() -> list[list[Any]]:
    return [[v.number, v.go_live, v.description] for v in SECVersion.objects.order_by("go_live", "number")]


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


plan_releases = ReleasesSheet.plan
plan_versions = VersionsSheet.plan
