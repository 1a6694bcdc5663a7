"""The Meetings sheet: the month's meetings with their dates, summary and confidentiality,
written by opsreport.actions.enter_meeting and update_meeting (model validation checks each)."""

from typing import Any

from meetings.models import Committee, Meeting
from opsreport.actions import enter_meeting, update_meeting
from opsreport.lib.months import month_label
from opsreport.workbook.cells import by_name, parse_dates, show, text, yes_no
from opsreport.workbook.plan import CHANGE, CREATE, SAME, Planner, SheetReader, ref
from opsreport.workbook.reading import CellValue, Table
from opsreport.workbook.sheets import MEETINGS


class MeetingsSheet:
    def __init__(self, planner: Planner, reader: SheetReader) -> None:
        self.planner, self.reader = planner, reader
        self.committees = by_name(Committee.objects.all())
        meetings = (
            Meeting.objects.filter(dates__date__range=(planner.month, planner.last))
            .distinct()
            .select_related("committee")
            .prefetch_related("dates")
        )
        self.existing = {(m.committee_id, m.name.strip().lower()): m for m in meetings}
        self.seen: dict[Any, int] = {}

    def read(self, number: int, cells: dict[str, CellValue]) -> dict[str, Any] | None:
        """The row's committee, dates, summary and confidentiality, or None if refused."""
        reader, ok = self.reader, True
        name = text(cells["committee"])
        committee = self.committees.get(name.lower())
        if committee is None:
            unknown = f"Unknown committee {name!r}: choose one from the Lists sheet." if name else "Name the committee."
            reader.problem(number, "committee", unknown)
            ok = False
        dates, good = reader.parse(number, cells, "dates", parse_dates)
        ok = ok and good
        summary = text(cells["summary"])
        if not summary:
            reader.problem(number, "summary", "The meeting needs its summary, as the meeting table prints it.")
            ok = False
        confidential, good = reader.parse(number, cells, "confidential", yes_no)
        if not ok or not good:
            return None
        return {"committee": committee, "dates": dates, "summary": summary, "confidential": confidential}

    def plan_row(self, number: int, values: list[CellValue]) -> None:
        cells = self.reader.cells(values)
        row = self.read(number, cells)
        if row is None:
            return
        name = text(cells["name"])
        committee, dates = row["committee"], row["dates"]
        key = (committee.pk, name.lower())
        label = name or committee.name
        if self.planner.duplicate(self.reader, self.seen, key, number, "name", label):
            return
        meeting = self.existing.get(key)
        had = {d.date for d in meeting.dates.all()} if meeting else set()
        outside = [d for d in dates if not self.planner.in_month(d) and d not in had]
        if outside:
            month = month_label(self.planner.month)
            self.reader.problem(number, "dates", f"{show(outside[0])} is not in {month}, this workbook's month.")
            return
        if meeting is None:
            changes = [("dates", "—", ", ".join(map(show, dates))), ("summary", "—", row["summary"])]
            arguments = {**row, "committee": committee.pk, "name": name}
            self.planner.row(MEETINGS, number, label, CREATE, changes, enter_meeting, arguments)
        else:
            self.plan_change(number, label, meeting, had, row)

    def plan_change(self, number: int, label: str, meeting: Meeting, had: set[Any], row: dict[str, Any]) -> None:
        dates, summary, confidential = row["dates"], row["summary"], row["confidential"]
        changes = []
        if set(dates) != had:
            changes.append(("dates", ", ".join(map(show, sorted(had))), ", ".join(map(show, dates))))
        if summary != meeting.summary.strip():
            changes.append(("summary", meeting.summary, summary))
        if confidential != meeting.confidential:
            changes.append(("confidential", show(meeting.confidential), show(confidential)))
        if not changes:
            self.planner.row(MEETINGS, number, label, SAME)
            return
        arguments = {
            "meeting": ref(Meeting, pk=meeting.pk),
            "dates": dates,
            "summary": summary,
            "confidential": confidential,
        }
        self.planner.row(MEETINGS, number, label, CHANGE, changes, update_meeting, arguments)


def plan(planner: Planner, reader: SheetReader, table: Table) -> None:
    sheet = MeetingsSheet(planner, reader)
    for number, values in table.rows:
        sheet.plan_row(number, values)
