"""The Applicants sheet: every application to accede, with the party it became once it acceded
(Table 1 lists an applicant until then).

Each row is checked by the Applicant model's own validation, as the month workbook's
Applicants sheet does (the admin's form; there is no screen), and against the party it names:
one applicant a party, applying no later than the party acceded. The accession date is the
party's (the Parties sheet's, or on record): an applicant linked to its party acceded when the
party did. opsreport.actions.set_applicant_record writes each row.
"""

import datetime
from dataclasses import dataclass
from typing import Any

from opsreport.actions import set_applicant_record
from opsreport.register.plan import RegisterPlanner
from opsreport.workbook.cells import choice, required_date, show, text
from opsreport.workbook.plan import CHANGE, CREATE, SAME, SheetReader, ref
from opsreport.workbook.reading import CellValue, Table
from opsreport.workbook.sheets import Column, Sheet
from opsreport.workbook.sheets.membership import model_errors
from parties.models import Applicant, EventKind, MembershipEvent, Party, PartyCategory

APPLICANTS = "Applicants"
COLUMNS = {"name": "name", "category": "category", "applied_on": "applied_on", "party": "party"}

SHEET = Sheet(
    APPLICANTS,
    (
        Column("Applicant", "name", 44, note="As Table 1 is to name it."),
        Column("Category", "category", 22, "Party category"),
        Column("Applied on", "applied_on", 12, note="DD/MM/YYYY: when the application was accepted."),
        Column(
            "Party it became",
            "party",
            44,
            "Party",
            "Empty while it awaits accession; once acceded, the party of the Parties sheet (it acceded on the "
            "party's accession date).",
        ),
    ),
    "Every application to accede: Table 1 lists an applicant until it becomes a party.",
)


@dataclass
class Row:
    number: int
    applicant: Applicant  # unsaved: the row's name, category and date
    party_name: str  # "" while it awaits accession
    party: Party | None  # the party on record it became (None: new, or none)

    @property
    def label(self) -> str:
        return f"{self.applicant.name} ({show(self.applicant.applied_on)})"


def read_category(value: CellValue) -> str | None:
    return choice(value, PartyCategory.choices, "party category")


class ApplicantsSheet:
    def __init__(self, planner: RegisterPlanner, reader: SheetReader) -> None:
        self.planner, self.reader = planner, reader
        self.existing = {(a.name.strip().lower(), a.applied_on): a for a in Applicant.objects.select_related("party")}
        self.accessions = dict(MembershipEvent.objects.filter(kind=EventKind.ACCESSION).values_list("party_id", "date"))
        self.seen: dict[Any, int] = {}
        self.linked: dict[str, int] = {}  # {lower party name: row}

    def read(self, number: int, cells: dict[str, CellValue]) -> Row | None:
        reader = self.reader
        name = text(cells["name"])
        if not name:
            reader.problem(number, "name", "Name the applicant.")
        category, category_ok = reader.parse(number, cells, "category", read_category)
        applied_on, date_ok = reader.parse(number, cells, "applied_on", required_date)
        party_name = text(cells["party"])
        party = self.planner.parties.get(party_name.lower()) if party_name else None
        party_ok = not party_name or party is not None or party_name.lower() in self.planner.plan.new_parties
        if not party_ok:
            reader.problem(number, "party", f"Unknown party {party_name!r}: name a party of the Parties sheet.")
        if not (name and category_ok and date_ok and party_ok):
            return None
        applicant = Applicant(name=name, category=category, applied_on=applied_on)
        errors = model_errors(applicant)
        errors.pop("__all__", None)  # the unique name and date: the duplicate check says it in its words
        if errors:
            reader.form_errors(number, errors, COLUMNS)
            return None
        if party is not None:
            party_name = party.name
        elif party_name:
            party_name = self.planner.plan.new_parties[party_name.lower()][0]
        return Row(number, applicant, party_name, party)

    def accession(self, row: Row) -> datetime.date | None:
        accession = self.planner.accessions.get(row.party_name.lower())
        if accession is None and row.party is not None:
            accession = self.accessions.get(row.party.pk)
        return accession

    def party_fits(self, row: Row, existing: Applicant | None) -> bool:
        """The party it became: one applicant a party, of its category, acceded after applying."""
        if not row.party_name:
            return True
        problem = self.reader.problem
        key = row.party_name.lower()
        if key in self.linked:
            problem(
                row.number,
                "party",
                f"{row.party_name} is already the party of the applicant on row {self.linked[key]}.",
            )
            return False
        self.linked[key] = row.number
        if row.party is not None and row.party.is_dcc:
            problem(row.number, "party", "The DCC does not accede as an applicant.")
            return False
        category = row.party.category if row.party is not None else self.planner.plan.new_parties[key][1]
        if category != row.applicant.category:
            problem(
                row.number,
                "category",
                f"{row.party_name} is a party of {PartyCategory(category).label if category else 'no category'}: "
                "the applicant applied in the party's category.",
            )
            return False
        linked = getattr(row.party, "application", None) if row.party is not None else None
        if linked is not None and (existing is None or linked.pk != existing.pk):
            problem(
                row.number,
                "party",
                f"{row.party_name} is already linked to the applicant {linked} ({show(linked.applied_on)}).",
            )
            return False
        accession = self.accession(row)
        if accession is None:
            problem(row.number, "party", f"{row.party_name} has no accession date: give it in the Parties sheet.")
            return False
        if accession < row.applicant.applied_on:
            problem(
                row.number,
                "applied_on",
                f"{row.party_name} acceded on {show(accession)}, before this application on {show(row.applicant.applied_on)}.",
            )
            return False
        return True

    def plan_row(self, number: int, values: list[CellValue]) -> None:
        row = self.read(number, self.reader.cells(values))
        if row is None:
            return
        applicant = row.applicant
        key = (applicant.name.lower(), applicant.applied_on)
        if self.planner.duplicate(self.reader, self.seen, key, number, "name", row.label):
            return
        existing = self.existing.get(key)
        if not self.party_fits(row, existing):
            return
        changes = self.changes(row, existing)
        if existing is not None and not changes:
            self.planner.row(APPLICANTS, number, row.label, SAME)
            return
        party = None
        if row.party is not None:
            party = ref(Party, pk=row.party.pk)
        elif row.party_name:
            party = ref(Party, name__iexact=row.party_name)
        arguments = {
            "name": existing.name if existing else applicant.name,
            "category": applicant.category,
            "applied_on": applicant.applied_on,
            "party": party,
        }
        status = CREATE if existing is None else CHANGE
        self.planner.row(APPLICANTS, number, row.label, status, changes, set_applicant_record, arguments)

    @staticmethod
    def changes(row: Row, existing: Applicant | None) -> list[tuple[str, str, str]]:
        new = row.applicant
        old_category = existing.get_category_display() if existing else None
        old_party = existing.party.name if existing and existing.party else None
        changes = []
        if old_category != new.get_category_display():
            changes.append(("category", show(old_category), new.get_category_display()))
        if row.party_name and row.party_name != old_party:  # an empty cell leaves the link as it is
            changes.append(("the party it became", show(old_party), row.party_name))
        return changes


def plan(planner: RegisterPlanner, reader: SheetReader, table: Table) -> None:
    sheet = ApplicantsSheet(planner, reader)
    for number, values in table.rows:
        sheet.plan_row(number, values)


def rows() -> list[list[Any]]:
    """Every applicant on record, by the date it applied."""
    return [
        [a.name, a.get_category_display(), a.applied_on, a.party.name if a.party else None]
        for a in Applicant.objects.select_related("party")
    ]
