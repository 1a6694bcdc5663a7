"""The register's Meetings sheet: every meeting on record, with its committee, dates, summary,
confidentiality, links and the modifications it took up, in the cells of the month's workbook
(opsreport/workbook/sheets/meetings.py reads them: links one a line as `label | address`,
modifications as `SECMP0051 (approved), SECMP0052`); written by opsreport.actions
enter_meeting and update_meeting, so a decision sets its modification's status from the
meeting's date as the meeting's screen does.

A row is the meeting of its committee with its name and first date. A meeting on record whose
first date no row gives is the row's of the same committee, name and month if it is the only
one (its dates are being corrected); otherwise the row is a new meeting. Its committee and
modifications may be rows of the Committees and Modifications sheets of the same file.
"""

import datetime
from collections.abc import Sequence
from typing import Any

from meetings.models import Committee, Meeting, Modification, Outcome
from opsreport.actions import enter_meeting, update_meeting
from opsreport.register.plan import RegisterPlanner
from opsreport.register.sheets.records import as_argument, known, planned
from opsreport.workbook.cells import by_name, parse_dates, show, text, yes_no
from opsreport.workbook.plan import CHANGE, CREATE, SAME, SheetReader, ref
from opsreport.workbook.reading import CellValue, Problem, Table
from opsreport.workbook.sheets import Column, Sheet
from opsreport.workbook.sheets.meetings import parse_links, parse_modifications, pattern_labels, show_links

MEETINGS = "Meetings"
# (committee's lower-case name, meeting's lower-case name, its first date)
Key = tuple[str, str, datetime.date]

SHEET = Sheet(
    MEETINGS,
    (
        Column("Committee", "committee", 34, "Committee"),
        Column("Name", "name", 16, note="e.g. SSC 58; empty to use the committee's name."),
        Column("Dates", "dates", 24, note="DD/MM/YYYY, several separated by commas."),
        Column("Summary", "summary", 70, note="As printed in the meeting table."),
        Column("Confidential", "confidential", 12, "Yes/No", "Yes or No (empty: No)."),
        Column(
            "Links",
            "links",
            50,
            note="One a line, as label | address (http or https); an address alone takes its label from "
            "the committee's link pattern. A confidential meeting's links do not print.",
        ),
        Column(
            "Modifications",
            "modifications",
            34,
            note="The references the meeting took up, separated by commas, each with its decision in brackets "
            "where there was one: SECMP0051 (approved), SECMP0052. A decision of the Change Board, the Panel or "
            "the Authority sets the modification's status from the meeting's last date.",
        ),
    ),
    "Every meeting: a row is a committee's meeting of that name whose first date is in the month.",
)


def rows() -> list[list[Any]]:
    """Every meeting, in the order of its first date (one without a date last)."""
    meetings = list(
        Meeting.objects.select_related("committee").prefetch_related("dates", "links", "decisions__modification")
    )
    meetings.sort(key=lambda m: (min((d.date for d in m.dates.all()), default=datetime.date.max), m.pk))
    return [
        [
            m.committee.name,
            m.name,
            ", ".join(f"{d.date:%d/%m/%Y}" for d in m.dates.all()),
            m.summary,
            "Yes" if m.confidential else "No",
            "\n".join(f"{link.label} | {link.url}" if link.url else link.label for link in m.links.all()),
            ", ".join(
                d.modification.reference + (f" ({d.outcome})" if d.outcome != Outcome.DISCUSSED else "")
                for d in m.decisions.all()
            ),
        ]
        for m in meetings
    ]


def lists() -> dict[str, list[str]]:
    return {"Committee": list(Committee.objects.values_list("name", flat=True))}


class MeetingsSheet:
    def __init__(self, planner: RegisterPlanner, reader: SheetReader, table: Table) -> None:
        self.planner, self.reader = planner, reader
        self.committees = by_name(Committee.objects.all())
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
        self.modifications = {m.reference.upper(): m for m in Modification.objects.all()}
        self.seen: dict[Any, int] = {}

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

    def read(self, number: int, cells: dict[str, CellValue]) -> dict[str, Any] | None:
        """The row's committee, dates, summary, confidentiality, links and modifications, or
        None with its problems recorded."""
        reader, ok = self.reader, True
        name = text(cells["committee"])
        committee = known(self.planner, Committee, self.committees, name) if name else None
        if committee is None:
            reader.problem(
                number,
                "committee",
                f"Unknown committee {name!r}: give it a row on the Committees sheet."
                if name
                else "Name the committee.",
            )
            ok = False
        dates, good = reader.parse(number, cells, "dates", parse_dates)
        ok = ok and good
        summary = text(cells["summary"])
        if not summary:
            reader.problem(number, "summary", "The meeting needs its summary, as the meeting table prints it.")
            ok = False
        confidential, good = reader.parse(number, cells, "confidential", yes_no)
        ok = ok and good
        links, good = reader.parse(number, cells, "links", parse_links)
        ok = ok and good
        modifications = self.modifications | {
            reference.upper(): record for reference, record in self.planned_modifications().items()
        }
        taken, good = reader.parse(number, cells, "modifications", parse_modifications, modifications)
        if not ok or not good:
            return None
        row = {"committee": committee, "dates": dates, "summary": summary, "confidential": confidential}
        return row | {"links": links, "modifications": taken}

    def planned_modifications(self) -> dict[str, Modification]:
        return planned(self.planner, Modification)

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
        # A modification on record by its key, one the Modifications sheet makes by its reference.
        taken = [(m.pk if m.pk else m.reference, outcome) for m, outcome in row["modifications"]]
        row = row | {"links": links, "modifications": taken}
        self.warn_confidential(number, label, row["confidential"], links or (meeting and list(meeting.links.all())))
        if meeting is None:
            self.plan_create(number, label, name, committee, row)
        else:
            self.plan_change(number, label, meeting, row)

    def warn_confidential(self, number: int, label: str, confidential: bool, links: Any) -> None:
        if confidential and links:
            self.planner.plan.warnings.append(
                Problem(
                    MEETINGS,
                    number,
                    self.reader.column_name("links"),
                    f"{label} is confidential: its links will not print in the paper.",
                )
            )

    def show_taken(self, taken: Sequence[tuple[int | str, str]]) -> str:
        references: dict[int | str, str] = {m.pk: m.reference for m in self.modifications.values()}
        return ", ".join(
            references.get(m, str(m)) + (f" ({Outcome(outcome).label.lower()})" if outcome != Outcome.DISCUSSED else "")
            for m, outcome in taken
        )

    def plan_create(self, number: int, label: str, name: str, committee: Committee, row: dict[str, Any]) -> None:
        changes = [
            ("dates", "—", ", ".join(map(show, row["dates"]))),
            ("summary", "—", row["summary"]),
            ("confidential", "—", show(row["confidential"])),
        ]
        if row["links"]:
            changes.append(("links", "—", show_links(row["links"])))
        if row["modifications"]:
            changes.append(("modifications", "—", self.show_taken(row["modifications"])))
        arguments = {**row, "committee": as_argument(committee), "name": name}
        self.planner.row(MEETINGS, number, label, CREATE, changes, enter_meeting, arguments)

    def plan_change(self, number: int, label: str, meeting: Meeting, row: dict[str, Any]) -> None:
        dates, summary, confidential = row["dates"], row["summary"], row["confidential"]
        had = sorted(d.date for d in meeting.dates.all())
        changes = []
        if dates != had:
            changes.append(("dates", ", ".join(map(show, had)), ", ".join(map(show, dates))))
        if summary != meeting.summary.strip():
            changes.append(("summary", meeting.summary, summary))
        if confidential != meeting.confidential:
            changes.append(("confidential", show(meeting.confidential), show(confidential)))
        arguments: dict[str, Any] = {
            "meeting": ref(Meeting, pk=meeting.pk),
            "dates": dates,
            "summary": summary,
            "confidential": confidential,
        }
        # An empty cell leaves the meeting's links or modifications as they are.
        links = [(link.label, link.url) for link in meeting.links.all()]
        if row["links"] and row["links"] != links:
            changes.append(("links", show_links(links), show_links(row["links"])))
            arguments["links"] = row["links"]
        taken = [(d.modification_id, d.outcome) for d in meeting.decisions.all()]
        if row["modifications"] and row["modifications"] != taken:
            changes.append(("modifications", self.show_taken(taken), self.show_taken(row["modifications"])))
            arguments["modifications"] = row["modifications"]
        if not changes:
            self.planner.row(MEETINGS, number, label, SAME)
            return
        self.planner.row(MEETINGS, number, label, CHANGE, changes, update_meeting, arguments)


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
