"""The register's Meetings sheet: every meeting on record, with its committee, dates, summary,
confidentiality, links and the modifications it took up, in the columns and cells of the month's
workbook (opsreport/workbook/sheets/: meeting_columns, and MeetingRows, which reads, checks and
plans a row for both: links one a line as `label | address`, modifications as
`SECMP0051 (approved), SECMP0052`); written by opsreport.actions
enter_meeting and update_meeting, so a decision sets its modification's status from the
meeting's date as the meeting's screen does.

A row is the meeting of its committee with its name and first date. A meeting on record whose
first date no row gives is the row's of the same committee, name and month if it is the only
one (its dates are being corrected); otherwise the row is a new meeting. Its committee and
modifications may be rows of the Committees and Modifications sheets of the same file.
"""

import datetime
from typing import Any

from meetings.models import Committee, Meeting, Modification
from opsreport.register.plan import RegisterPlanner
from opsreport.register.sheets.records import as_argument, known, planned
from opsreport.workbook.cells import parse_dates, show, text
from opsreport.workbook.plan import SheetReader
from opsreport.workbook.reading import CellValue, Table
from opsreport.workbook.sheets import Sheet, meeting_columns
from opsreport.workbook.sheets.meetings import MeetingRows, meeting_cells, pattern_labels

MEETINGS = "Meetings"
# (committee's lower-case name, meeting's lower-case name, its first date)
Key = tuple[str, str, datetime.date]

SHEET = Sheet(
    MEETINGS,
    # Any dates (a register spans years); a decision counts from the meeting's last date.
    meeting_columns(dates=None, decided_on="last date"),
    "Every meeting: a row is a committee's meeting of that name whose first date is in the month.",
)


def rows() -> list[list[Any]]:
    """Every meeting, in the order of its first date (one without a date last)."""
    meetings = list(
        Meeting.objects.select_related("committee").prefetch_related("dates", "links", "decisions__modification")
    )
    meetings.sort(key=lambda m: (min((d.date for d in m.dates.all()), default=datetime.date.max), m.pk))
    return [meeting_cells(m) for m in meetings]


def lists() -> dict[str, list[str]]:
    return {"Committee": list(Committee.objects.values_list("name", flat=True))}


class MeetingsSheet(MeetingRows[RegisterPlanner]):
    """The register's Meetings sheet: a row is its committee's meeting of that name and first
    date, or the one it moved from (find); its committee and modifications may be rows the
    file itself makes. Read, checked and planned as the month's (MeetingRows)."""

    committee_hint = "give it a row on the Committees sheet"

    def __init__(self, planner: RegisterPlanner, reader: SheetReader, table: Table) -> None:
        super().__init__(planner, reader)
        meetings = Meeting.objects.select_related("committee").prefetch_related("dates", "links", "decisions")
        self.existing: dict[Key, Meeting] = {}
        self.by_month: dict[tuple[str, str, datetime.date], list[Meeting]] = {}
        for meeting in meetings:
            dates = sorted(d.date for d in meeting.dates.all())
            if dates:
                key = key_of(meeting.committee.name, meeting.name, dates[0])
                self.existing.setdefault(key, meeting)
                self.by_month.setdefault(month_of(key), []).append(meeting)
        self.given = self.keys_given(table)
        self.taken: set[int] = set()  # meetings on record a row already stands for

    def committee(self, name: str) -> Committee | None:
        """One the Committees sheet plans, or one on record."""
        return known(self.planner, Committee, self.committees, name)

    def known_modifications(self) -> dict[str, Modification]:
        """Those on record and those the Modifications sheet plans (as the file leaves them)."""
        return self.modifications | {
            reference.upper(): record for reference, record in planned(self.planner, Modification).items()
        }

    def committee_argument(self, committee: Committee) -> Any:
        """A committee the Committees sheet makes is looked up as the row is written."""
        return as_argument(committee)

    def keys_given(self, table: Table) -> set[Key]:
        """The meetings the file's rows name (rows whose dates cannot be read left out)."""
        keys = set()
        for _, values in table.rows:
            cells = self.reader.cells(values)
            try:
                dates = parse_dates(cells["dates"])
            except ValueError:
                continue
            keys.add(key_of(text(cells["committee"]), text(cells["name"]), dates[0]))
        return keys

    def find(self, key: Key) -> Meeting | None:
        """The meeting on record a row stands for: the one of its key, or the only one of its
        committee, name and month whose own key no row gives (its dates corrected)."""
        meeting = self.existing.get(key)
        if meeting is None:
            moved = [
                m
                for m in self.by_month.get(month_of(key), [])
                if m.pk not in self.taken and key_of(m.committee.name, m.name, first_date(m)) not in self.given
            ]
            meeting = moved[0] if len(moved) == 1 else None
        if meeting is not None:
            self.taken.add(meeting.pk)
        return meeting

    def plan_row(self, number: int, values: list[CellValue]) -> None:
        cells = self.reader.cells(values)
        row = self.read(number, cells)
        if row is None:
            return
        name = " ".join(text(cells["name"]).split())
        committee, dates = row["committee"], row["dates"]
        key = key_of(committee.name, name, dates[0])
        label = f"{name or committee.name} ({show(dates[0])})"
        if self.planner.duplicate(self.reader, self.seen, key, number, "name", label):
            return
        meeting = self.find(key)
        links = pattern_labels(committee, name, dates, dates[0].replace(day=1), row["links"])
        self.plan_meeting(number, label, name, meeting, row | {"links": links})


def key_of(committee: str, name: str, first: datetime.date) -> Key:
    return (committee.strip().lower(), " ".join(name.split()).lower(), first)


def month_of(key: Key) -> tuple[str, str, datetime.date]:
    return (key[0], key[1], key[2].replace(day=1))


def first_date(meeting: Meeting) -> datetime.date:
    return min(d.date for d in meeting.dates.all())


def plan(planner: RegisterPlanner, reader: SheetReader, table: Table) -> None:
    sheet = MeetingsSheet(planner, reader, table)
    for number, values in table.rows:
        sheet.plan_row(number, values)
