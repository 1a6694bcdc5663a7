"""The Parties sheet: every SEC Party (and the DCC) with its category, voting group, accession
and, for a party that left, how and when: what Figure 1 and Table 3 count.

Each row is checked by the Party and VotingGroup models' own field validation and by the rules
of the party screens (a party leaves after it accedes, by withdrawal or expulsion); the
accession and leaving events are validated by MembershipEvent as the preview rehearses the
import. Across rows: a party is named once, and a voting group's parties share its category.
opsreport.actions.set_party_record writes each row.
"""

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError

from opsreport.actions import set_party_record
from opsreport.register.plan import RegisterPlanner
from opsreport.register.sheets import DCC
from opsreport.workbook.cells import by_name, choice, optional_date, optional_text, show, text
from opsreport.workbook.plan import CHANGE, CREATE, SAME, SheetReader
from opsreport.workbook.reading import CellValue, Problem, Table
from opsreport.workbook.sheets import Column, Sheet
from parties.models import LEAVING_KINDS, EventKind, MembershipEvent, Party, PartyCategory, VotingGroup

PARTIES = "Parties"
HOW_LEFT = [(EventKind.WITHDRAWAL.value, "Withdrawal"), (EventKind.EXPULSION.value, "Expulsion")]

SHEET = Sheet(
    PARTIES,
    (
        Column("Party", "name", 44, note="As the paper's tables name it; each party once."),
        Column("Category", "category", 22, "Category", "A party category, or DCC for the Data Communications Company."),
        Column(
            "Voting group",
            "voting_group",
            40,
            note="Affiliates share one group, of one category. Empty: the party's group on record, or for a "
            "new party a group of its own name. Empty for the DCC.",
        ),
        Column("Acceded on", "acceded_on", 12, note="DD/MM/YYYY."),
        Column("Accession note", "accession_note", 40),
        Column("Left on", "left_on", 12, note="DD/MM/YYYY, for a party that withdrew or was expelled."),
        Column("How left", "how_left", 12, "How left", "Withdrawal or Expulsion."),
        Column("Leaving note", "leaving_note", 50, note="Printed as a footnote in Table 3."),
    ),
    "Every SEC Party and the DCC: category, voting group, accession, and withdrawal or expulsion. "
    "What Figure 1 and Table 3 count.",
)


def lists() -> dict[str, list[str]]:
    return {"How left": [label for _, label in HOW_LEFT]}


@dataclass
class Row:
    number: int
    name: str
    is_dcc: bool
    category: str  # a PartyCategory value; "" for the DCC
    group: str  # the voting group's name; "" for the DCC
    acceded_on: datetime.date | None
    accession_note: str | None  # None: the cell is empty, what is on record stays
    left_on: datetime.date | None
    how_left: str  # an EventKind of LEAVING_KINDS, or ""
    leaving_note: str | None

    @property
    def category_label(self) -> str:
        return DCC if self.is_dcc else str(PartyCategory(self.category).label)


def read_category(value: CellValue) -> str:
    """A PartyCategory value, or DCC."""
    if text(value).lower() == DCC.lower():
        return DCC
    found = choice(value, [*PartyCategory.choices, (DCC, DCC)], "category")
    assert found is not None  # required
    return found


def read_how_left(value: CellValue) -> str | None:
    return choice(value, HOW_LEFT, "way of leaving", required=False)


class PartiesSheet:
    def __init__(self, planner: RegisterPlanner, reader: SheetReader) -> None:
        self.planner, self.reader = planner, reader
        self.groups = by_name(VotingGroup.objects.all())
        self.events: dict[int, dict[str, MembershipEvent]] = {}
        for event in MembershipEvent.objects.filter(kind__in=[EventKind.ACCESSION, *LEAVING_KINDS]):
            kind = EventKind.ACCESSION if event.kind == EventKind.ACCESSION else "leaving"
            self.events.setdefault(event.party_id, {})[kind] = event
        self.seen: dict[str, tuple[int, str]] = {}  # {lower name: (row, lower group)}

    def read(self, number: int, cells: dict[str, CellValue]) -> Row | None:
        reader = self.reader
        name = text(cells["name"])
        if not name:
            reader.problem(number, "name", "Name the party.")
        category, category_ok = reader.parse(number, cells, "category", read_category)
        acceded_on, acceded_ok = reader.parse(number, cells, "acceded_on", optional_date)
        left_on, left_ok = reader.parse(number, cells, "left_on", optional_date)
        how_left, how_ok = reader.parse(number, cells, "how_left", read_how_left)
        if not (name and category_ok and acceded_ok and left_ok and how_ok):
            return None
        is_dcc = category == DCC
        group = text(cells["voting_group"])
        row = Row(
            number,
            name,
            is_dcc,
            "" if is_dcc else category,
            "" if is_dcc else group,  # empty: filled in by plan_row
            acceded_on,
            optional_text(cells["accession_note"]),
            left_on,
            how_left or "",
            optional_text(cells["leaving_note"]),
        )
        if is_dcc and group:
            reader.problem(number, "voting_group", "The DCC has no voting group: leave it empty.")
            return None
        return row if self.consistent(row) and self.valid(row) else None

    def consistent(self, row: Row) -> bool:
        """The row's dates and way of leaving agree with each other."""
        problem = self.reader.problem
        if row.is_dcc and (row.acceded_on or row.left_on or row.how_left):
            problem(row.number, "acceded_on", "The DCC's membership is not recorded as events: leave the dates empty.")
            return False
        if row.left_on and not row.how_left:
            problem(row.number, "how_left", "Say how the party left: Withdrawal or Expulsion.")
            return False
        if row.how_left and not row.left_on:
            problem(row.number, "left_on", "Give the date the party left, as DD/MM/YYYY.")
            return False
        if row.left_on and row.acceded_on and row.left_on < row.acceded_on:
            problem(
                row.number,
                "left_on",
                f"{row.name} left on {show(row.left_on)}, before it acceded on {show(row.acceded_on)}.",
            )
            return False
        return True

    def valid(self, row: Row) -> bool:
        """The Party and VotingGroup models' own field checks (lengths, choices)."""
        records: list[tuple[Any, dict[str, str]]] = [(Party(name=row.name, is_dcc=row.is_dcc), {"name": "name"})]
        if not row.is_dcc:  # an empty group cell is the party's own name, or its group on record
            records.append(
                (
                    VotingGroup(name=row.group or row.name, category=row.category),
                    {"name": "voting_group", "category": "category"},
                )
            )
        good = True
        for record, columns in records:
            try:
                record.clean_fields(exclude=["voting_group"])
            except ValidationError as error:
                self.reader.form_errors(row.number, error.message_dict, columns)
                good = False
        return good

    def across_rows(self, row: Row) -> bool:
        """A party is named once (so in one voting group); a voting group has one category, in
        the file and on record."""
        key, group_key = row.name.lower(), row.group.lower()
        if key in self.seen:
            first, first_group = self.seen[key]
            if first_group != group_key:
                message = (
                    f"{row.name} is already on row {first}, in another voting group: a party belongs to one "
                    "voting group."
                )
            else:
                message = f"Duplicate row: {row.name} is already on row {first}."
            self.reader.problem(row.number, "name", message)
            return False
        self.seen[key] = (row.number, group_key)
        if row.is_dcc:
            return True
        label = PartyCategory(row.category).label
        category, first, spelled = self.planner.voting_groups.setdefault(
            group_key, (row.category, row.number, row.group)
        )
        row.group = spelled  # one group, however each row spells it
        if category != row.category:
            self.reader.problem(
                row.number,
                "category",
                f"The voting group {row.group} is {PartyCategory(category).label} on row {first}, and {label} here: "
                "the parties of a voting group share its category.",
            )
            return False
        on_record = self.groups.get(group_key)
        if on_record is not None and on_record.category != row.category:
            self.reader.problem(
                row.number,
                "category",
                f"The voting group {on_record.name} is on record as {on_record.get_category_display()}, not {label}: "
                "correct the group in the admin, or name another group.",
            )
            return False
        if on_record is not None:
            row.group = on_record.name  # as the group is spelled on record
        return True

    def plan_row(self, number: int, values: list[CellValue]) -> None:
        row = self.read(number, self.reader.cells(values))
        if row is None:
            return
        party = self.planner.parties.get(row.name.lower())
        if not row.is_dcc and not row.group:
            # An empty cell keeps the party's group on record; a new party gets one of its own name.
            row.group = party.voting_group.name if party is not None and party.voting_group else row.name
        if not self.across_rows(row):
            return
        if party is not None:
            row.name = party.name  # as the party is named on record
        changes = self.changes(row, party)
        if row.left_on and not row.leaving_note:
            leaving = self.events.get(party.pk, {}).get("leaving") if party else None
            if leaving is None or not leaving.note:
                self.planner.plan.warnings.append(
                    Problem(PARTIES, number, None, f"Table 3 prints {row.name}'s leaving with a footnote: it has none.")
                )
        if party is None:
            self.planner.plan.new_parties[row.name.lower()] = (row.name, row.category)
        if row.acceded_on is not None:
            self.planner.accessions[row.name.lower()] = row.acceded_on
        if party is not None and not changes:
            self.planner.row(PARTIES, number, row.name, SAME)
            return
        arguments = {
            "name": row.name,
            "is_dcc": row.is_dcc,
            "category": row.category,
            "voting_group": row.group,
            "acceded_on": row.acceded_on,
            "accession_note": row.accession_note,
            "left_on": row.left_on,
            "how_left": row.how_left,
            "leaving_note": row.leaving_note,
        }
        status = CREATE if party is None else CHANGE
        self.planner.row(PARTIES, number, row.name, status, changes, set_party_record, arguments)

    def changes(self, row: Row, party: Party | None) -> list[tuple[str, str, str]]:
        """[(what, old, new)] the row makes of the party on record (everything, for a new one)."""
        old_category = None if party is None else (DCC if party.is_dcc else party.get_category_display())
        old_group = party.voting_group.name if party is not None and party.voting_group is not None else None
        events = self.events.get(party.pk, {}) if party is not None else {}
        accession, leaving = events.get(EventKind.ACCESSION), events.get("leaving")
        compared: list[tuple[str, Any, Any]] = [
            ("category", old_category, row.category_label),
            ("voting group", old_group, row.group or None),
            ("acceded on", accession and accession.date, row.acceded_on),
            ("accession note", accession and accession.note, row.accession_note),
            ("left on", leaving and f"{show(leaving.date)} ({leaving.get_kind_display()})", self.left(row)),
            ("leaving note", leaving and leaving.note, row.leaving_note),
        ]
        # An empty cell leaves what is on record (None); a note typed where there is no event yet is new.
        return [
            (what, show(old or None), show(new))
            for what, old, new in compared
            if new is not None and new != (old or None)
        ]

    @staticmethod
    def left(row: Row) -> str | None:
        if row.left_on is None:
            return None
        return f"{show(row.left_on)} ({dict(HOW_LEFT)[row.how_left]})"


def plan(planner: RegisterPlanner, reader: SheetReader, table: Table) -> None:
    sheet = PartiesSheet(planner, reader)
    for number, values in table.rows:
        sheet.plan_row(number, values)


def rows() -> list[list[Any]]:
    """Every party on record, by name."""
    out: list[list[Any]] = []
    events: dict[int, dict[str, MembershipEvent]] = {}
    for event in MembershipEvent.objects.filter(kind__in=[EventKind.ACCESSION, *LEAVING_KINDS]):
        events.setdefault(event.party_id, {})["accession" if event.kind == EventKind.ACCESSION else "leaving"] = event
    for party in Party.objects.select_related("voting_group").order_by("name"):
        accession, leaving = events.get(party.pk, {}).get("accession"), events.get(party.pk, {}).get("leaving")
        out.append(
            [
                party.name,
                DCC if party.is_dcc else party.get_category_display(),
                party.voting_group.name if party.voting_group_id else None,
                accession.date if accession else None,
                accession.note if accession else None,
                leaving.date if leaving else None,
                leaving.get_kind_display() if leaving else None,
                leaving.note if leaving else None,
            ]
        )
    return out
