"""The Meetings sheet: the month's meetings with their dates, summary, confidentiality, links
and the modifications they took up, written by opsreport.actions.enter_meeting and
update_meeting (model validation checks each; a decision sets the modification's status from
the meeting's date, meetings.models.record_decided_statuses, as the meeting's screen does).

The register's Meetings sheet (opsreport/register/sheets/meetings.py) has the same columns and
cells: it reads, checks and plans its rows with MeetingRows and writes them with meeting_cells."""

import re
from collections.abc import Sequence
from typing import Any, Generic, TypeVar

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from meetings.models import Committee, Meeting, Modification, Outcome
from meetings.schedule import pattern_labels
from opsreport.actions import enter_meeting, update_meeting
from opsreport.lib.months import month_label
from opsreport.workbook.cells import CellError, by_name, parse_dates, show, text, yes_no
from opsreport.workbook.plan import CHANGE, CREATE, SAME, Planner, SheetReader, SheetsPlanner, ref
from opsreport.workbook.reading import CellValue, Problem, Table
from opsreport.workbook.sheets import MEETINGS

WEB_ADDRESS = URLValidator(schemes=["http", "https"])
MODIFICATION = re.compile(r"^(?P<reference>SECMP\d{4})\s*(?:\((?P<outcome>[^()]*)\))?$", re.I)
OUTCOMES = {str(label).lower(): value for value, label in Outcome.choices} | {v: v for v in Outcome.values}

# (label or None for the committee's pattern, address)
Link = tuple[str | None, str]


def parse_links(value: Any) -> list[Link]:
    """The Links cell: one link a line, `label | address` or an address alone; CellError if a
    line has no address or one that is not a web address (javascript: and the like)."""
    links = []
    for number, line in enumerate(text(value).splitlines(), start=1):
        if not line.strip():
            continue
        label, bar, address = line.rpartition("|") if "|" in line else ("", "", line)
        label, address = label.strip(), address.strip()
        if not address:
            raise CellError(f"Link {number} ({label or line.strip()!r}) has no address: write label | address.")
        try:
            WEB_ADDRESS(address)
        except ValidationError:
            raise CellError(f"Link {number}: {address!r} is not a web address (http:// or https://).") from None
        links.append((label or None, address))
    return links


def parse_modifications(known: dict[str, Modification], value: Any) -> list[tuple[Modification, str]]:
    """The Modifications cell: `SECMP0051 (approved), SECMP0052`; CellError for a reference not
    on record or a decision word that is not a decision."""
    taken = []
    for item in (p.strip() for p in text(value).replace(";", ",").replace("\n", ",").split(",")):
        if not item:
            continue
        match = MODIFICATION.match(item)
        if match is None:
            raise CellError(f"{item!r}: write a reference and its decision, e.g. SECMP0051 (approved).")
        modification = known.get(match["reference"].upper())
        if modification is None:
            raise CellError(f"Unknown modification {match['reference']!r}: it is not on record.")
        word = (match["outcome"] or Outcome.DISCUSSED).strip().lower()
        if word not in OUTCOMES:
            decisions = ", ".join(str(label).lower() for label in Outcome.labels)
            raise CellError(f"{item!r}: {word!r} is not a decision; write {decisions}.")
        taken.append((modification, OUTCOMES[word]))
    return taken


PlannerT = TypeVar("PlannerT", bound=SheetsPlanner)


class MeetingRows(Generic[PlannerT]):
    """A Meetings row planned as both files that carry the sheet plan it: the month's workbook
    (MeetingsSheet below) and the register (opsreport/register/sheets/meetings.py). The cells
    are read and checked, a confidential meeting's links warned of, and the meeting created or
    changed through enter_meeting and update_meeting by this one code, so the two files cannot
    come to write a meeting differently.

    What differs stays with each sheet: its plan_row says which meeting a row is (the month's
    meeting of that name, or the register's of that name and first date), and the hooks below
    how it finds a committee and names one to the action."""

    # The end of the refusal of a committee the sheet cannot name: where the editor finds one.
    committee_hint = ""

    def __init__(self, planner: PlannerT, reader: SheetReader) -> None:
        self.planner, self.reader = planner, reader
        self.committees = by_name(Committee.objects.all())
        self.modifications = {m.reference.upper(): m for m in Modification.objects.all()}
        self.seen: dict[Any, int] = {}

    def committee(self, name: str) -> Committee | None:
        """The committee a row names (`name` is not empty), or None."""
        return self.committees.get(name.lower())

    def known_modifications(self) -> dict[str, Modification]:
        """{upper-case reference: modification} a row's Modifications cell may name."""
        return self.modifications

    def committee_argument(self, committee: Committee) -> Any:
        """The committee as enter_meeting takes it."""
        return committee.pk

    def read(self, number: int, cells: dict[str, CellValue]) -> dict[str, Any] | None:
        """The row's committee, dates, summary, confidentiality, links and modifications, or
        None with its problems recorded."""
        reader, ok = self.reader, True
        name = text(cells["committee"])
        committee = self.committee(name) if name else None
        if committee is None:
            unknown = f"Unknown committee {name!r}: {self.committee_hint}." if name else "Name the committee."
            reader.problem(number, "committee", unknown)
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
        taken, good = reader.parse(number, cells, "modifications", parse_modifications, self.known_modifications())
        if not ok or not good:
            return None
        row = {"committee": committee, "dates": dates, "summary": summary, "confidential": confidential}
        return row | {"links": links, "modifications": taken}

    def plan_meeting(self, number: int, label: str, name: str, meeting: Meeting | None, row: dict[str, Any]) -> None:
        """The row (as read(), its links labelled) planned: `meeting` created if None, else
        changed."""
        # A modification on record by its key; one the register's Modifications sheet makes, not
        # yet on record, by its reference.
        taken = [(m.pk if m.pk else m.reference, outcome) for m, outcome in row["modifications"]]
        row = row | {"modifications": taken}
        self.warn_confidential(
            number, label, row["confidential"], row["links"] or (meeting and list(meeting.links.all()))
        )
        if meeting is None:
            self.plan_create(number, label, name, row)
        else:
            self.plan_change(number, label, meeting, row)

    def warn_confidential(self, number: int, label: str, confidential: bool, links: Any) -> None:
        """A confidential meeting's links do not print (the paper's meeting table leaves them
        out): worth a look, row by row, as the month page and the review say too."""
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

    def plan_create(self, number: int, label: str, name: str, row: dict[str, Any]) -> None:
        changes = [
            ("dates", "—", ", ".join(map(show, row["dates"]))),
            ("summary", "—", row["summary"]),
            ("confidential", "—", show(row["confidential"])),
        ]
        if row["links"]:
            changes.append(("links", "—", show_links(row["links"])))
        if row["modifications"]:
            changes.append(("modifications", "—", self.show_taken(row["modifications"])))
        arguments = {**row, "committee": self.committee_argument(row["committee"]), "name": name}
        self.planner.row(MEETINGS, number, label, CREATE, changes, enter_meeting, arguments)

    def plan_change(self, number: int, label: str, meeting: Meeting, row: dict[str, Any]) -> None:
        dates, summary, confidential = row["dates"], row["summary"], row["confidential"]
        had = sorted(d.date for d in meeting.dates.all())
        changes = []
        if dates != had:  # both sorted, each date once
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


class MeetingsSheet(MeetingRows[Planner]):
    """The month's Meetings sheet: a row is its committee's meeting of that name with a date in
    the month; a date it adds must be in the month."""

    committee_hint = "choose one from the Lists sheet"

    def __init__(self, planner: Planner, reader: SheetReader) -> None:
        super().__init__(planner, reader)
        meetings = (
            Meeting.objects.filter(dates__date__range=(planner.month, planner.last))
            .distinct()
            .select_related("committee")
            .prefetch_related("dates")
        )
        self.existing = {(m.committee_id, m.name.strip().lower()): m for m in meetings}

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
        links = pattern_labels(committee, name, dates, self.planner.month, row["links"])
        self.plan_meeting(number, label, name, meeting, row | {"links": links})


def meeting_cells(m: Meeting) -> list[Any]:
    """A meeting as a row of the Meetings sheet, in its columns' order, written as the
    parsers above read it back; the month's workbook and the register export it alike. Its
    dates, links and decisions (with their modifications) are best prefetched."""
    return [
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


def show_links(links: list[tuple[str, str]]) -> str:
    return "; ".join(f"{label} | {url}" if url else label for label, url in links)


def plan(planner: Planner, reader: SheetReader, table: Table) -> None:
    sheet = MeetingsSheet(planner, reader)
    for number, values in table.rows:
        sheet.plan_row(number, values)
