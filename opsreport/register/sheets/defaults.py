"""The Defaults sheet: each spell a party spent in default, from the day it entered to the day it
left (empty while it lasts), with Table 3's footnote.

Spells are read from the events as Table 3 counts them (parties.reports.default_spells' rule:
"entered default" opens a spell, "left default" closes the party's latest open one). Each row
is checked here (a party on record or in the Parties sheet, that has acceded by then; a spell
that ends after it starts and overlaps no other) and by MembershipEvent's own validation as the
preview rehearses the import; opsreport.actions.set_default_spell writes it.
"""

import datetime
from dataclasses import dataclass
from typing import Any

from opsreport.actions import set_default_spell
from opsreport.register.plan import RegisterPlanner
from opsreport.workbook.cells import optional_date, optional_text, required_date, show, text
from opsreport.workbook.plan import CHANGE, CREATE, SAME, SheetReader, ref
from opsreport.workbook.reading import CellValue, Problem, Table
from opsreport.workbook.sheets import Column, Sheet
from parties.models import EventKind, MembershipEvent, Party

DEFAULTS = "Defaults"

SHEET = Sheet(
    DEFAULTS,
    (
        Column("Party", "party", 44, "Party", "A party of the Parties sheet, or on record."),
        Column("Entered", "entered", 12, note="DD/MM/YYYY: the day it entered default."),
        Column("Left", "left", 12, note="DD/MM/YYYY: the day it left default; empty while it lasts."),
        Column("Note", "note", 60, note="Printed as a footnote in Table 3."),
    ),
    "Each spell a party spent in default: Table 3's In Default row and its footnotes.",
)


@dataclass
class Spell:
    """A default spell on record: its two events (the second while the spell is open: None)."""

    entered: MembershipEvent
    left: MembershipEvent | None = None

    def overlaps(self, start: datetime.date, end: datetime.date | None) -> bool:
        return _overlap(self.entered.date, self.left.date if self.left else None, start, end)


def _overlap(
    a_start: datetime.date, a_end: datetime.date | None, b_start: datetime.date, b_end: datetime.date | None
) -> bool:
    return a_start <= (b_end or datetime.date.max) and b_start <= (a_end or datetime.date.max)


def spells_on_record() -> dict[int, list[Spell]]:
    """{party id: [Spell]}, by default_spells' rule (a "left default" with no open spell is no spell)."""
    events = MembershipEvent.objects.filter(kind__in=[EventKind.DEFAULT_ENTERED, EventKind.DEFAULT_LEFT])
    spells: dict[int, list[Spell]] = {}
    for event in sorted(events, key=lambda e: (e.party_id, e.date, e.kind == EventKind.DEFAULT_LEFT, e.pk)):
        party_spells = spells.setdefault(event.party_id, [])
        if event.kind == EventKind.DEFAULT_ENTERED:
            party_spells.append(Spell(event))
        else:
            still_open = [spell for spell in party_spells if spell.left is None]
            if still_open:
                still_open[-1].left = event
    return spells


@dataclass
class Row:
    number: int
    party: Party | None  # None: a party the Parties sheet creates
    party_name: str
    entered: datetime.date
    left: datetime.date | None
    note: str | None  # None: the cell is empty, what is on record stays

    @property
    def label(self) -> str:
        return f"{self.party_name}, in default from {show(self.entered)}"


class DefaultsSheet:
    def __init__(self, planner: RegisterPlanner, reader: SheetReader) -> None:
        self.planner, self.reader = planner, reader
        self.spells = spells_on_record()
        self.accessions = dict(MembershipEvent.objects.filter(kind=EventKind.ACCESSION).values_list("party_id", "date"))
        self.seen: dict[Any, int] = {}
        self.in_file: dict[
            str, list[tuple[int, datetime.date, datetime.date | None]]
        ] = {}  # {party: [(row, from, to)]}

    def read(self, number: int, cells: dict[str, CellValue]) -> Row | None:
        reader = self.reader
        name = text(cells["party"])
        party = self.planner.parties.get(name.lower())
        known = party is not None or name.lower() in self.planner.plan.new_parties
        if not known:
            reader.problem(
                number,
                "party",
                f"Unknown party {name!r}: name a party of the Parties sheet." if name else "Name the party.",
            )
        entered, entered_ok = reader.parse(number, cells, "entered", required_date)
        left, left_ok = reader.parse(number, cells, "left", optional_date)
        if not (known and entered_ok and left_ok):
            return None
        if left is not None and left < entered:
            reader.problem(number, "left", f"The default ends on {show(left)}, before it starts on {show(entered)}.")
            return None
        if party is not None and party.is_dcc:
            reader.problem(number, "party", "The DCC's membership is not recorded as events.")
            return None
        party_name = party.name if party is not None else self.planner.plan.new_parties[name.lower()][0]
        return Row(number, party, party_name, entered, left, optional_text(cells["note"]))

    def acceded(self, row: Row) -> bool:
        """The party had acceded by the day it entered default (MembershipEvent's rule)."""
        key = row.party_name.lower()
        accession = self.planner.accessions.get(key)
        if accession is None and row.party is not None:
            accession = self.accessions.get(row.party.pk)
        if accession is None:
            self.reader.problem(
                row.number, "party", f"{row.party_name} has no accession date: give it in the Parties sheet."
            )
            return False
        if row.entered < accession:
            self.reader.problem(
                row.number,
                "entered",
                f"{row.party_name} acceded on {show(accession)}: it cannot enter default before.",
            )
            return False
        return True

    def overlapping(self, row: Row, matched: Spell | None) -> bool:
        """The spell overlaps another of the file's, or one on record the file does not correct."""
        key = row.party_name.lower()
        for number, start, end in self.in_file.get(key, []):
            if _overlap(start, end, row.entered, row.left):
                self.reader.problem(row.number, "entered", f"This default overlaps the one on row {number}.")
                return True
        self.in_file.setdefault(key, []).append((row.number, row.entered, row.left))
        on_record = self.spells.get(row.party.pk, []) if row.party is not None else []
        for spell in on_record:
            if spell is not matched and spell.overlaps(row.entered, row.left):
                self.reader.problem(
                    row.number,
                    "entered",
                    f"This default overlaps the one on record from {show(spell.entered.date)}: correct that one's row.",
                )
                return True
        return False

    def plan_row(self, number: int, values: list[CellValue]) -> None:
        row = self.read(number, self.reader.cells(values))
        if row is None:
            return
        key = (row.party_name.lower(), row.entered)
        if self.planner.duplicate(self.reader, self.seen, key, number, "entered", row.label):
            return
        matched = next(
            (s for s in self.spells.get(row.party.pk, []) if s.entered.date == row.entered) if row.party else iter(()),
            None,
        )
        if not self.acceded(row) or self.overlapping(row, matched):
            return
        if not row.note and not (matched and matched.entered.note):
            self.planner.plan.warnings.append(
                Problem(
                    DEFAULTS, number, None, f"Table 3 prints {row.party_name}'s default with a footnote: it has none."
                )
            )
        changes = self.changes(row, matched)
        if matched is not None and not changes:
            self.planner.row(DEFAULTS, number, row.label, SAME)
            return
        party = ref(Party, pk=row.party.pk) if row.party else ref(Party, name__iexact=row.party_name)
        arguments = {"party": party, "entered": row.entered, "left": row.left, "note": row.note}
        status = CREATE if matched is None else CHANGE
        self.planner.row(DEFAULTS, number, row.label, status, changes, set_default_spell, arguments)

    @staticmethod
    def changes(row: Row, matched: Spell | None) -> list[tuple[str, str, str]]:
        if matched is None:
            made = [("entered", "—", show(row.entered))]
            made += [("left", "—", show(row.left))] if row.left else []
            return made + ([("note", "—", row.note)] if row.note else [])
        changes = []
        old_left = matched.left.date if matched.left else None
        if row.left is not None and row.left != old_left:
            changes.append(("left", show(old_left), show(row.left)))
        if row.note is not None and row.note != matched.entered.note:
            changes.append(("note", show(matched.entered.note), show(row.note)))
        return changes


def plan(planner: RegisterPlanner, reader: SheetReader, table: Table) -> None:
    sheet = DefaultsSheet(planner, reader)
    for number, values in table.rows:
        sheet.plan_row(number, values)


def rows() -> list[list[Any]]:
    """Every default spell on record, by party and date."""
    names = dict(Party.objects.values_list("pk", "name"))
    out = []
    for party_id, spells in spells_on_record().items():
        for spell in spells:
            left = spell.left.date if spell.left else None
            out.append([names[party_id], spell.entered.date, left, spell.entered.note or None])
    return sorted(out, key=lambda row: (row[0], row[1]))
