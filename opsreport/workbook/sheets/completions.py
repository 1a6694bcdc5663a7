"""The Completions sheet: UEP and testing (UEPT, SREPT) completions, checked by the forms the
completion screens use (parties/forms.py: UEPCompletionForm, TestCompletionForm) and written
by opsreport.actions.record_completion and update_completion."""

import datetime
from dataclasses import dataclass
from typing import Any

from opsreport.actions import record_completion, update_completion
from opsreport.lib.classification import Classification
from opsreport.workbook.cells import CellError, show, text
from opsreport.workbook.plan import CHANGE, CREATE, SAME, SheetReader, SheetsPlanner, ref
from opsreport.workbook.reading import CellValue, Table
from opsreport.workbook.sheets import COMPLETIONS, SREPT, UEP, UEPT
from parties.forms import TestCompletionForm, UEPCompletionForm
from parties.models import DCCUserRole, Party, TestCompletion, TestKind, UEPCompletion

TEST_KINDS = {UEPT: TestKind.UEPT, SREPT: TestKind.SREPT}
COLUMNS = {
    "party": "party",
    "roles": "roles",
    "completed_on": "date",
    "classification": "classification",
    "kind": "kind",
}


@dataclass
class Row:
    number: int
    kind: str  # UEP, UEPT or SREPT
    party: Party | None  # None: a party the Membership sheet accedes
    party_name: str
    date: datetime.date
    roles: list[DCCUserRole]
    level: str | None  # the classification typed, if any

    @property
    def label(self) -> str:
        return f"{self.kind}: {self.party_name}"

    @property
    def test_kind(self) -> str | None:
        return TEST_KINDS.get(self.kind)


class CompletionsSheet:
    def __init__(self, planner: SheetsPlanner, reader: SheetReader) -> None:
        self.planner, self.reader = planner, reader
        self.levels = {str(label).lower(): value for value, label in Classification.choices} | {
            v: v for v in Classification.values
        }
        in_month = {"completed_on__range": (planner.first, planner.last)}
        self.existing: dict[Any, UEPCompletion | TestCompletion] = {}
        for uep in UEPCompletion.objects.filter(**in_month).prefetch_related("roles"):
            self.existing[(UEP, uep.party_id, uep.completed_on)] = uep
        for test in TestCompletion.objects.filter(**in_month).prefetch_related("roles"):
            kind = UEPT if test.kind == TestKind.UEPT else SREPT
            self.existing[(kind, test.party_id, test.completed_on)] = test
        self.seen: dict[Any, int] = {}

    def read_kind(self, number: int, cells: dict[str, CellValue]) -> str | None:
        kind = text(cells["kind"]).upper()
        if kind in (UEP, UEPT, SREPT):
            return kind
        unknown = f"Unknown completion {text(cells['kind'])!r}: choose UEP, UEPT or SREPT."
        self.reader.problem(number, "kind", unknown if kind else "Name the completion: UEP, UEPT or SREPT.")
        return None

    def read_party(self, number: int, cells: dict[str, CellValue]) -> tuple[Party | None, str]:
        name = text(cells["party"])
        party = self.planner.parties.get(name.lower())
        if party is not None:
            return party, party.name
        if name.lower() in self.planner.plan.new_parties:
            return None, self.planner.plan.new_parties[name.lower()][0]
        self.reader.problem(
            number, "party", f"Unknown party {name!r}: choose one from the Lists sheet." if name else "Name the party."
        )
        return None, ""

    def read_level(self, number: int, cells: dict[str, CellValue], kind: str | None) -> tuple[str | None, bool]:
        name = text(cells["classification"])
        level = self.levels.get(name.lower()) if name else None
        if name and level is None:
            self.reader.problem(
                number, "classification", f"Unknown classification {name!r}: choose White, Green, Amber or Red."
            )
            return None, False
        if level and kind == UEP:
            self.reader.problem(number, "classification", "A UEP completion has no classification: leave it empty.")
            return None, False
        return level, True

    def read(self, number: int, cells: dict[str, CellValue]) -> Row | None:
        kind = self.read_kind(number, cells)
        date, date_ok = self.planner.date_in_period(self.reader, number, cells)
        party, party_name = self.read_party(number, cells)
        roles, roles_ok = self.reader.parse(number, cells, "roles", self.parse_roles)
        level, level_ok = self.read_level(number, cells, kind)
        if kind is None or date is None or not (date_ok and party_name and roles_ok and level_ok):
            return None
        return Row(number, kind, party, party_name, date, roles, level)

    def parse_roles(self, value: CellValue) -> list[DCCUserRole]:
        names = [n.strip() for n in text(value).replace(";", ",").replace("\n", ",").split(",") if n.strip()]
        if not names:
            raise CellError(UEPCompletionForm.base_fields["roles"].error_messages["required"])
        roles: list[DCCUserRole] = []
        for name in names:
            role = self.planner.roles.get(name.lower())
            if role is None:
                raise CellError(f"Unknown DCC user role {name!r}: choose from the Lists sheet.")
            if role not in roles:
                roles.append(role)
        return roles

    def valid(self, row: Row, completion: UEPCompletion | TestCompletion | None) -> bool:
        """The completion screen's form accepts the row (a party this sheet accedes is checked
        by the model as the preview rehearses the import)."""
        if row.party is None:
            return True
        data: dict[str, Any] = {"party": row.party.pk, "roles": [r.pk for r in row.roles], "completed_on": row.date}
        if row.test_kind:
            # A test's row finds a test's completion, or none.
            old_level = completion.classification if isinstance(completion, TestCompletion) else Classification.AMBER
            data |= {"kind": row.test_kind, "classification": row.level or old_level}
        form = (TestCompletionForm if row.test_kind else UEPCompletionForm)(data, instance=completion)
        if form.is_valid():
            return True
        self.reader.form_errors(row.number, form.errors, COLUMNS)
        return False

    def plan_row(self, number: int, values: list[CellValue]) -> None:
        row = self.read(number, self.reader.cells(values))
        if row is None:
            return
        party_key = row.party.pk if row.party else ("new", row.party_name.lower())
        key = (row.kind, party_key, row.date)
        if self.planner.duplicate(self.reader, self.seen, key, number, "party", f"{row.label} on {show(row.date)}"):
            return
        completion = self.existing.get(key)
        if not self.valid(row, completion):
            return
        if completion is None:
            self.plan_new(row)
        else:
            self.plan_change(row, completion)

    def plan_new(self, row: Row) -> None:
        role_names = ", ".join(r.name for r in row.roles)
        changes = [("date", "—", show(row.date)), ("roles", "—", role_names)]
        if row.test_kind:
            changes.append(("classification", "—", show(Classification(row.level or Classification.AMBER).label)))
        party = ref(Party, pk=row.party.pk) if row.party else ref(Party, name__iexact=row.party_name)
        arguments = {
            "party": party,
            "completed_on": row.date,
            "roles": [r.pk for r in row.roles],
            "test_kind": row.test_kind,
            "classification": row.level,
        }
        self.planner.row(COMPLETIONS, row.number, row.label, CREATE, changes, record_completion, arguments)

    def plan_change(self, row: Row, completion: UEPCompletion | TestCompletion) -> None:
        changes = []
        old_roles = sorted(completion.roles.all(), key=lambda r: (r.position, r.name))
        if {r.pk for r in old_roles} != {r.pk for r in row.roles}:
            changes.append(("roles", ", ".join(r.name for r in old_roles), ", ".join(r.name for r in row.roles)))
        level = row.level if row.test_kind else None
        # A level is read for a test's row only, and such a row's completion is a test.
        if level and isinstance(completion, TestCompletion) and level != completion.classification:
            old = Classification(completion.classification).label
            changes.append(("classification", old, Classification(level).label))
        if not changes:
            self.planner.row(COMPLETIONS, row.number, row.label, SAME)
            return
        arguments = {
            "completion": ref(type(completion), pk=completion.pk),
            "roles": [r.pk for r in row.roles],
            "classification": level,
        }
        self.planner.row(COMPLETIONS, row.number, row.label, CHANGE, changes, update_completion, arguments)


def plan(planner: SheetsPlanner, reader: SheetReader, table: Table) -> None:
    sheet = CompletionsSheet(planner, reader)
    for number, values in table.rows:
        sheet.plan_row(number, values)
