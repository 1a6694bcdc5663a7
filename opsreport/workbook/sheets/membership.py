"""The Membership sheet: accessions and the parties' later events, checked by the forms of the
party screens (parties/forms.py: AccessionForm for an applicant acceding, PartyEventForm for a
default, withdrawal or expulsion) and written by opsreport.actions (accede,
record_party_event, set_event_note).

Two cases have no screen form and are checked by the models as the preview rehearses the
import: a party not yet on record and not an applicant acceding (its category typed in the
last column), and the events of such a party later in the same sheet.
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.forms.utils import ErrorDict

from opsreport.actions import accede, record_party_event, set_event_note
from opsreport.workbook.cells import by_name, show, text
from opsreport.workbook.plan import CHANGE, CREATE, SAME, Planner, SheetReader, ref
from opsreport.workbook.reading import CellValue, Table
from opsreport.workbook.sheets import MEMBERSHIP
from parties.forms import AccessionForm, PartyEventForm
from parties.models import Applicant, EventKind, MembershipEvent, Party, PartyCategory, VotingGroup

# The screens' form fields, as the sheet's columns.
COLUMNS = {
    "date": "date",
    "kind": "kind",
    "note": "note",
    "party_name": "party",
    "category": "category",
    "voting_group": "category",
    "new_voting_group": "category",
}
UNKNOWN_PARTY = (
    "Unknown party {name!r}: choose one from the Lists sheet, or, for the accession of a party not yet on "
    "record (and not an applicant), give its category in the last column."
)


@dataclass
class Row:
    number: int
    party_name: str
    kind: str
    date: datetime.date
    category: str | None  # as typed, None if empty
    note: str

    @property
    def label(self) -> str:
        return f"{EventKind(self.kind).label}: {self.party_name}"


def choices(enum: type[models.TextChoices]) -> dict[str, str]:
    """{lower-case label or value: value} of a TextChoices."""
    return {str(label).lower(): value for value, label in enum.choices} | {v: v for v in enum.values}


class MembershipSheet:
    def __init__(self, planner: Planner, reader: SheetReader) -> None:
        self.planner, self.reader = planner, reader
        self.kinds, self.categories = choices(EventKind), choices(PartyCategory)
        events = MembershipEvent.objects.filter(date__range=(planner.month, planner.last))
        self.existing = {(e.party_id, e.kind, e.date): e for e in events}
        # Applicants awaiting accession: a party of the same name acceding is that applicant,
        # so Table 1 stops listing it (and its category need not be typed again).
        self.awaiting = by_name(Applicant.objects.filter(acceded_on__isnull=True).order_by("-applied_on"))
        self.seen: dict[Any, int] = {}

    def read(self, number: int, cells: dict[str, CellValue]) -> Row | None:
        reader, ok = self.reader, True
        kind_name = text(cells["kind"])
        kind = self.kinds.get(kind_name.lower())
        if kind is None:
            labels = ", ".join(str(label) for label in EventKind.labels)
            reader.problem(
                number, "kind", f"Unknown event {kind_name!r}: choose {labels}." if kind_name else "Name the event."
            )
            ok = False
        date, good = self.planner.date_in_month(reader, number, cells)
        category_name = text(cells["category"])
        category = self.categories.get(category_name.lower()) if category_name else None
        if category_name and category is None:
            reader.problem(
                number, "category", f"Unknown party category {category_name!r}: choose one from the Lists sheet."
            )
            ok = False
        party_name = text(cells["party"])
        if not party_name:
            reader.problem(number, "party", "Name the party.")
            return None
        if not (ok and good) or kind is None or date is None:
            return None
        return Row(number, party_name, kind, date, category, text(cells["note"]))

    def plan_row(self, number: int, values: list[CellValue]) -> None:
        row = self.read(number, self.reader.cells(values))
        if row is None:
            return
        party = self.planner.parties.get(row.party_name.lower())
        applicant = self.applicant(row)
        if applicant is not None:
            self.plan_applicant(row, *applicant)
        elif party is not None:
            row.party_name = party.name  # as the party is named on record
            self.plan_event(row, party)
        elif row.kind == EventKind.ACCESSION and row.category:
            self.plan_new_party(row)
        elif row.party_name.lower() in self.planner.plan.new_parties:
            self.plan_new_partys_event(row)
        else:
            self.reader.problem(row.number, "party", UNKNOWN_PARTY.format(name=row.party_name))

    def is_duplicate(self, row: Row, party_key: Any) -> bool:
        key = (party_key, row.kind, row.date)
        return self.planner.duplicate(
            self.reader, self.seen, key, row.number, "party", f"{row.label} on {show(row.date)}"
        )

    def created(
        self,
        row: Row,
        action: Callable[..., Any],
        arguments: dict[str, Any],
        before: Iterable[tuple[str, str, str]] = (),
        after: Iterable[tuple[str, str, str]] = (),
    ) -> None:
        changes = [*before, ("date", "—", show(row.date))] + ([("note", "—", row.note)] if row.note else []) + [*after]
        phase = 0 if row.kind == EventKind.ACCESSION else 1  # accessions before the events that need them
        self.planner.row(MEMBERSHIP, row.number, row.label, CREATE, changes, action, arguments, phase)

    def applicant(self, row: Row) -> tuple[Applicant, Any] | None:
        """The applicant an accession row accedes, and how its write finds it: one awaiting
        accession on record, or one the Applicants sheet of this file records (unsaved yet)."""
        if row.kind != EventKind.ACCESSION:
            return None
        name = row.party_name.lower()
        on_record = self.awaiting.get(name)
        if on_record is not None:
            return on_record, ref(Applicant, pk=on_record.pk)
        new = self.planner.plan.new_applicants.get(name)
        if new is not None:
            return new, ref(Applicant, name=new.name, applied_on=new.applied_on)
        return None

    def plan_applicant(self, row: Row, applicant: Applicant, found: Any) -> None:
        """An applicant accedes, checked by the applicant's Accede form."""
        if row.category and row.category != applicant.category:
            self.reader.problem(
                row.number,
                "category",
                f"The applicant {applicant.name} applied as {applicant.get_category_display()}: "
                "leave the category empty, or correct the applicant first.",
            )
            return
        data = {"date": row.date, "party_name": row.party_name, "category": applicant.category}
        form = AccessionForm(data, applicant=applicant)
        if not form.is_valid():
            self.reader.form_errors(row.number, form.errors, COLUMNS)
            return
        party = form.cleaned_data["party"]
        if self.is_duplicate(row, party.pk if party else ("new", row.party_name.lower())):
            return
        group = form.cleaned_data["voting_group"]
        arguments = {
            "party_name": form.cleaned_data["party_name"],
            "date": row.date,
            "category": applicant.category,
            "applicant": found,
            "voting_group": ref(VotingGroup, pk=group.pk) if group else None,
            "new_voting_group": form.cleaned_data["new_voting_group"],
            "note": row.note,
        }
        if party is None:
            self.planner.plan.new_parties[row.party_name.lower()] = (row.party_name, applicant.category)
        self.created(row, accede, arguments, after=[("applicant accedes on", "—", show(row.date))])

    def plan_new_party(self, row: Row) -> None:
        """A party neither on record nor an applicant accedes, in a voting group of its name."""
        assert row.category is not None
        # A voting group of another category would count it under the wrong one in Figure 1 and Table 3.
        group = VotingGroup.objects.filter(name__iexact=row.party_name).exclude(category=row.category).first()
        if group is not None:
            self.reader.problem(
                row.number,
                "category",
                f"A voting group named {group.name} exists, of {group.get_category_display()}: "
                "accede the party from its applicant's page to choose its group.",
            )
            return
        if self.is_duplicate(row, ("new", row.party_name.lower())):
            return
        self.planner.plan.new_parties[row.party_name.lower()] = (row.party_name, row.category)
        new_party = ("new party", "—", f"{row.party_name} ({PartyCategory(row.category).label})")
        arguments = {"party_name": row.party_name, "date": row.date, "category": row.category, "note": row.note}
        self.created(row, accede, arguments, before=[new_party])

    def plan_new_partys_event(self, row: Row) -> None:
        """An event of a party this sheet accedes: the models check it as the preview rehearses."""
        if self.is_duplicate(row, ("new", row.party_name.lower())):
            return
        arguments = {
            "party": ref(Party, name__iexact=row.party_name),
            "kind": row.kind,
            "date": row.date,
            "note": row.note,
        }
        self.created(row, record_party_event, arguments)

    def plan_event(self, row: Row, party: Party) -> None:
        """An event of a party on record: new (checked by the party page's event form), or the
        footnote of one already recorded."""
        if row.category and row.category != party.category:
            on_record = PartyCategory(party.category).label if party.category else "the DCC"
            self.reader.problem(
                row.number, "category", f"{party.name} is already on record as {on_record}: leave the category empty."
            )
            return
        if self.is_duplicate(row, party.pk):
            return
        event = self.existing.get((party.pk, row.kind, row.date))
        if event is not None:
            self.plan_note(row, event)
            return
        if not self.valid_event(row, party):
            return
        arguments = {"party": ref(Party, pk=party.pk), "kind": row.kind, "date": row.date, "note": row.note}
        self.created(row, record_party_event, arguments)

    def valid_event(self, row: Row, party: Party) -> bool:
        errors: ErrorDict | dict[str, list[str]]
        if row.kind == EventKind.ACCESSION:
            # No screen form accedes a party already on record: the model's own checks.
            event = MembershipEvent(party=party, kind=row.kind, date=row.date, note=row.note)
            errors = model_errors(event)
        else:
            form = PartyEventForm({"kind": row.kind, "date": row.date, "note": row.note}, party=party)
            errors = {} if form.is_valid() else form.errors
        self.reader.form_errors(row.number, errors, COLUMNS)
        return not errors

    def plan_note(self, row: Row, event: MembershipEvent) -> None:
        if row.note == event.note.strip():
            self.planner.row(MEMBERSHIP, row.number, row.label, SAME)
            return
        changes = [("note", show(event.note), show(row.note))]
        arguments = {"event": ref(MembershipEvent, pk=event.pk), "note": row.note}
        phase = 0 if row.kind == EventKind.ACCESSION else 1
        self.planner.row(MEMBERSHIP, row.number, row.label, CHANGE, changes, set_event_note, arguments, phase)


def model_errors(instance: models.Model) -> dict[str, list[str]]:
    from django.core.exceptions import ValidationError

    try:
        instance.full_clean()
    except ValidationError as error:
        return error.message_dict
    return {}


def plan(planner: Planner, reader: SheetReader, table: Table) -> None:
    sheet = MembershipSheet(planner, reader)
    for number, values in table.rows:
        sheet.plan_row(number, values)
