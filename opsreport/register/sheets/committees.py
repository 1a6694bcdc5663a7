"""The Committees sheet: each committee with its category, its place in the meeting table, and
the standard summary and link pattern its month's meetings are proposed with. Checked by the
committee screen's form (meetings/forms.py), written by opsreport.actions.set_committee."""

from typing import Any

from meetings.forms import CommitteeForm
from meetings.models import Committee, CommitteeCategory
from opsreport.actions import set_committee
from opsreport.register.sheets.records import NATURAL_KEYS, RecordSheet, choice_of
from opsreport.workbook.reading import CellValue
from opsreport.workbook.sheets import Column, Sheet

COMMITTEES = "Committees"
NATURAL_KEYS[Committee] = "name"
read_category = choice_of(CommitteeCategory, "committee category")

SHEET = Sheet(
    COMMITTEES,
    (
        Column("Name", "name", 40, note="As the meeting table names it."),
        Column("Category", "category", 30, "Committee category"),
        Column("Position", "position", 10, note="The committee's place in the meeting table: 1 first."),
        Column(
            "Standard summary",
            "standard_summary",
            70,
            note="The summary proposed for each new meeting; may use {month}.",
        ),
        Column(
            "Link pattern",
            "link_pattern",
            44,
            note="The label proposed for each meeting date's link, e.g. {committee} {number} {ddmm} — Meeting "
            "Headlines; placeholders {committee}, {number}, {ddmm}, {date}, {month}.",
        ),
    ),
    "The committees whose meetings the meeting table lists, in its order.",
)


def rows() -> list[list[Any]]:
    return [
        [c.name, c.get_category_display(), c.position, c.standard_summary, c.link_pattern]
        for c in Committee.objects.order_by("position", "name")
    ]


def lists() -> dict[str, list[str]]:
    return {"Committee category": [str(label) for label in CommitteeCategory.labels]}


class CommitteesSheet(RecordSheet):
    sheet = COMMITTEES
    model = Committee
    form = CommitteeForm
    key = "name"
    fields = ("category", "position", "standard_summary", "link_pattern")
    what = "committee"
    action = set_committee

    def read(self, key: str, value: CellValue) -> Any:
        if key == "category":
            return read_category(value)
        if key == "position":
            return value  # the form's number field reads it
        return super().read(key, value)


plan = CommitteesSheet.plan
