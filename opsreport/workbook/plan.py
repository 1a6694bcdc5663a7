"""A workbook's tables checked against the database: the plan of what an import would do.

Each row of each sheet becomes a PlannedRow: created, changed (each field old -> new),
unchanged, or empty (nothing to write). Each problem becomes a Problem naming its sheet, row
and column. Nothing here writes: a row that writes carries the action to call
(opsreport/actions) and its arguments, as data, and opsreport/workbook/apply.py calls them in
one transaction once the plan is clean. Each sheet is planned by its own module,
opsreport/workbook/sheets/<sheet>.py, which checks its rows with the forms its screen uses.

An empty cell leaves a figure as it is: a workbook only adds and corrects, and a row
removed from a sheet is not deleted from the database (the admin deletes).
"""

import datetime
import hashlib
import importlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.forms.utils import ErrorDict
from openpyxl.utils import get_column_letter

from opsreport.actions.core import IssueTable
from opsreport.lib.months import last_day, month_key, month_label, parse_month_key
from opsreport.workbook.cells import CellError, blank, by_name, required_date, show, text
from opsreport.workbook.reading import CellValue, Problem, Table
from opsreport.workbook.sheets import LISTS, README, SHEETS, Sheet

CREATE, CHANGE, SAME, EMPTY = "create", "change", "unchanged", "empty"
STATUS_LABELS = {CREATE: "will be created", CHANGE: "will change", SAME: "unchanged", EMPTY: "empty, nothing written"}


@dataclass(frozen=True)
class Ref:
    """A record a planned row names, looked up as the row is written: it may be made by an
    earlier row of the same import (a party the Membership sheet accedes), and a record changed
    since the preview is written as it then stands."""

    model: type[models.Model]
    lookup: tuple[tuple[str, Any], ...]

    def get(self) -> Any:
        return self.model._default_manager.get(**dict(self.lookup))


def ref(model: type[models.Model], **lookup: Any) -> Ref:
    return Ref(model, tuple(sorted(lookup.items())))


@dataclass
class PlannedRow:
    sheet: str
    row: int
    label: str
    status: str
    changes: list[tuple[str, str, str]] = field(default_factory=list)  # [(what, old, new)] as display text
    action: Callable[..., Any] | None = None  # for CREATE and CHANGE rows: an opsreport.actions function
    arguments: dict[str, Any] = field(default_factory=dict)  # its keyword arguments; Refs are looked up
    phase: int = 0  # within a sheet, lower phases are written first (accessions before defaults)

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    def write(self) -> Any:
        """Call the row's action (apply.py does, inside the import's transaction)."""
        assert self.action is not None
        return self.action(**{k: v.get() if isinstance(v, Ref) else v for k, v in self.arguments.items()})


@dataclass
class Plan:
    month: datetime.date | None  # None for a workbook not bound to a month (the register)
    source_name: str = ""
    rows: list[PlannedRow] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)
    # Parties the Membership sheet accedes that are not yet on record: {lower name: (name, category)}.
    new_parties: dict[str, tuple[str, str]] = field(default_factory=dict)
    # Applicants the Applicants sheet records, unsaved, for the Membership sheet: {lower name: Applicant}.
    new_applicants: dict[str, Any] = field(default_factory=dict)
    sha256: str = ""  # set once the uploaded file is kept for the confirmation
    warnings: list[Problem] = field(default_factory=list)  # worth a look, but no reason to refuse the import
    # The register's Published figures sheet (opsreport/register/reconcile.py): how many figures
    # as the old papers printed them were compared with the data as the import leaves them, and
    # the differences, which are to look at (and accept on the reconciliation page), not errors.
    compared: int = 0
    differences: list[Any] = field(default_factory=list)
    notice: str = ""  # said above the preview (the data moved since the last one)
    # [(PaperIssue, table)] published issues whose tables printed a row this import writes
    # (found by the preview's rehearsal): the editor confirms changing them.
    published: list[IssueTable] = field(default_factory=list)
    # The workbook's sheets in order (the preview's order, and the order rows are written in).
    sheet_names: list[str] = field(default_factory=lambda: [sheet.name for sheet in SHEETS])
    heading: str = ""  # the preview's first line; by default the month's workbook's
    # The preview page lists only the rows that write (the register's hundreds of unchanged
    # rows are counted in each sheet's summary line instead).
    list_only_writes: bool = False

    @property
    def title(self) -> str:
        if self.heading:
            return self.heading
        month = f" for {self.month:%B %Y}" if self.month else ""
        return f"Workbook {self.source_name or ''}{month}".replace("  ", " ")

    @property
    def clean(self) -> bool:
        return not self.errors

    def count(self, status: str) -> int:
        return sum(1 for row in self.rows if row.status == status)

    @property
    def counts(self) -> dict[str, int]:
        return {status: self.count(status) for status in STATUS_LABELS}

    def fingerprint(self) -> str:
        """What the preview showed, as one hash: the confirmation writes only if it still holds."""
        shown = [(r.sheet, r.row, r.status, r.changes) for r in self.rows]
        return hashlib.sha256(json.dumps(shown, default=str).encode()).hexdigest()

    def sheets(self) -> list[tuple[str | None, list[PlannedRow], list[Problem]]]:
        """[(sheet name, its rows, its errors)] in the workbook's order, then anything else."""
        names = self.sheet_names
        extra = [e.sheet for e in self.errors if e.sheet not in names]
        out = []
        for name in [None, README, *names, *dict.fromkeys(x for x in extra if x not in (None, README))]:
            rows = [r for r in self.rows if r.sheet == name]
            errors = [e for e in self.errors if e.sheet == name]
            if rows or errors:
                out.append((name, rows, errors))
        return out

    def sheets_summed_up(self) -> list[tuple[str | None, list[PlannedRow], str]]:
        """The preview page's sections, a sheet with rows each: [(sheet name, the rows it lists,
        its sheet_summary())]."""
        out = []
        for name, rows, _ in self.sheets():
            if not rows:
                continue
            listed = [r for r in rows if r.status in (CREATE, CHANGE)] if self.list_only_writes else rows
            out.append((name, listed, self.sheet_summary(rows)))
        return out

    def sheet_summary(self, rows: list[PlannedRow]) -> str:
        """What a sheet's rows would do, in a line: "2 to create, 1 to change, 300 unchanged"."""
        counts = {status: sum(1 for r in rows if r.status == status) for status in STATUS_LABELS}
        parts = [(CREATE, "to create"), (CHANGE, "to change"), (SAME, "unchanged"), (EMPTY, "empty")]
        return ", ".join(f"{counts[status]} {words}" for status, words in parts if counts[status]) or "no rows"

    def writes(self) -> list[PlannedRow]:
        """The rows to write, in the order they must be written."""
        order = {name: i for i, name in enumerate(self.sheet_names)}
        todo = [r for r in self.rows if r.status in (CREATE, CHANGE)]
        return sorted(todo, key=lambda r: (order[r.sheet], r.phase, r.row))


class SheetReader:
    """The cells of one sheet by column key, and its problems with sheet, row and column."""

    def __init__(self, plan: Plan, spec: Sheet, table: Table) -> None:
        self.plan, self.spec, self.table = plan, spec, table
        self.index: dict[str, int] = {}
        headers = {h.lower(): i for i, h in enumerate(table.header) if h}
        for column in spec.columns:
            if column.header.lower() in headers:
                self.index[column.key] = headers[column.header.lower()]
            else:
                self.problem(1, None, f"The column {column.header!r} is missing from the header row.")
        self._check_headers()

    def _check_headers(self) -> None:
        known = {c.header.lower() for c in self.spec.columns}
        first: dict[str, int] = {}
        for i, header in enumerate(self.table.header):
            if header and header.lower() in first:
                self.problem(
                    1, i, f"The column {header!r} is already column {get_column_letter(first[header.lower()] + 1)}."
                )
            first.setdefault(header.lower(), i)
            if header and header.lower() not in known:
                expected = ", ".join(c.header for c in self.spec.columns)
                self.problem(1, i, f"Unknown column {header!r}: expected {expected}.")

    @property
    def complete(self) -> bool:
        return len(self.index) == len(self.spec.columns)

    def column_name(self, key: str | int | None) -> str | None:
        if key is None:
            return None
        if isinstance(key, int):
            return get_column_letter(key + 1)
        return f"{get_column_letter(self.index[key] + 1)} ({self.spec.column(key).header})"

    def problem(self, row: int, key: str | int | None, message: str) -> None:
        self.plan.errors.append(Problem(self.spec.name, row, self.column_name(key), message))

    def cells(self, values: list[CellValue]) -> dict[str, CellValue]:
        return {key: (values[i] if i < len(values) else None) for key, i in self.index.items()}

    def parse(
        self, row: int, cells: dict[str, CellValue], key: str, parser: Callable[..., Any], *args: Any
    ) -> tuple[Any, bool]:
        """parser(cell) or, on a CellError, None with the problem recorded; (value, ok)."""
        try:
            return parser(*args, cells[key]), True
        except (CellError, ValueError) as error:
            self.problem(row, key, str(error))
            return None, False

    def form_errors(self, row: int, errors: ErrorDict | dict[str, list[str]], columns: dict[str, str]) -> None:
        """A screen's form's errors (form.errors, or a model's message_dict) as the sheet's
        problems: each field's in its column (`columns`: {form field: column key}), the form's
        own against the row."""
        for name, messages in errors.items():
            # An ErrorList yields its messages as text; the stubs type its items as the errors.
            self.problem(row, columns.get(name), " ".join(str(message) for message in messages))


class SheetsPlanner:
    """What the planning of every workbook shares (the month's, the register's): the plan, the
    parties and roles by name, the sheets it reads and the module that plans each one.

    A subclass sets `sheets` (its Sheet specs, in order) and says in `plan_sheet` which
    function plans each; `first` and `last` bound the dates its rows may carry."""

    sheets: list[Sheet] = SHEETS
    first: datetime.date = datetime.date.min
    last: datetime.date = datetime.date.max
    period_name: str = ""  # what date_in_period's refusal calls the period ("June 2018, this workbook's month")

    def __init__(self, plan: Plan) -> None:
        from parties.models import DCCUserRole, Party

        self.plan = plan
        self.plan.sheet_names = [sheet.name for sheet in self.sheets]
        self.parties = by_name(Party.objects.select_related("voting_group"))
        self.roles = by_name(DCCUserRole.objects.all(), "name", "abbreviation")

    def in_period(self, day: datetime.date) -> bool:
        return self.first <= day <= self.last

    def date_in_period(
        self, reader: SheetReader, number: int, cells: dict[str, CellValue], key: str = "date"
    ) -> tuple[datetime.date | None, bool]:
        """The row's date (column `key`), read and required to fall in the period: (date, good)."""
        date, good = reader.parse(number, cells, key, required_date)
        if good and not self.in_period(date):
            reader.problem(number, key, f"{show(date)} is not in {self.period_name}.")
            good = False
        return date, good

    def row(
        self,
        sheet: str,
        number: int,
        label: str,
        status: str,
        changes: Iterable[tuple[str, str, str]] = (),
        action: Callable[..., Any] | None = None,
        arguments: dict[str, Any] | None = None,
        phase: int = 0,
    ) -> PlannedRow:
        planned = PlannedRow(sheet, number, label, status, list(changes), action, arguments or {}, phase)
        self.plan.rows.append(planned)
        return planned

    def build(self, tables: dict[str, Table], problems: list[Problem], single_sheet: bool = False) -> Plan:
        self.plan.errors.extend(named_columns(problems, tables))
        if not single_sheet:
            self.check_sheets(tables)
        for spec in self.sheets:
            table = tables.get(spec.name)
            if table is None:
                continue
            reader = SheetReader(self.plan, spec, table)
            if reader.complete:
                self.plan_sheet(spec, reader, table)
        return self.plan

    def plan_sheet(self, spec: Sheet, reader: SheetReader, table: Table) -> None:
        """Plan one sheet's rows: each sheet of the month's workbook is its module in
        opsreport/workbook/sheets/ (`plan(planner, reader, table)`)."""
        importlib.import_module(f"opsreport.workbook.sheets.{spec.name.lower()}").plan(self, reader, table)

    def check_sheets(self, tables: dict[str, Table]) -> None:
        """Every sheet of the export, no other (but the README and the lists)."""
        expected = {sheet.name for sheet in self.sheets}
        for name in tables:
            if name not in expected | {README, LISTS}:
                self.plan.errors.append(
                    Problem(name, None, None, f"Unknown sheet: expected {', '.join(sorted(expected))}.")
                )
        for name in [sheet.name for sheet in self.sheets if sheet.name not in tables]:
            self.plan.errors.append(Problem(name, None, None, "This sheet is missing from the workbook."))

    def duplicate(
        self, reader: SheetReader, seen: dict[Any, int], key: Any, number: int, column: str, what: str
    ) -> bool:
        if key in seen:
            reader.problem(number, column, f"Duplicate row: {what} is already on row {seen[key]}.")
            return True
        seen[key] = number
        return False

    def compare(
        self,
        sheet: str,
        number: int,
        label: str,
        exists: bool,
        old: Any,
        new: Any,
        action: Callable[..., Any],
        arguments: dict[str, Any],
    ) -> PlannedRow:
        """One figure: created, changed, unchanged or left empty."""
        if new is None:
            status = SAME if old is not None else EMPTY
            kept = [("kept, the cell is empty", show(old), show(old))] if old is not None else []
            return self.row(sheet, number, label, status, kept)
        if old == new:
            return self.row(sheet, number, label, SAME)
        status = CHANGE if exists else CREATE
        return self.row(sheet, number, label, status, [(label, show(old), show(new))], action, arguments)


class Planner(SheetsPlanner):
    """The month's workbook's planning: every dated row falls in the month."""

    def __init__(self, month: datetime.date, source_name: str = "") -> None:
        self.month = month
        self.first, self.last = month, last_day(month)
        self.period_name = f"{month_label(month)}, this workbook's month"
        super().__init__(Plan(month, source_name))

    def in_month(self, day: datetime.date) -> bool:
        return self.in_period(day)

    def date_in_month(
        self, reader: SheetReader, number: int, cells: dict[str, CellValue]
    ) -> tuple[datetime.date | None, bool]:
        """The row's date, read and required to fall in the workbook's month: (date, good)."""
        return self.date_in_period(reader, number, cells)

    def check_sheets(self, tables: dict[str, Table]) -> None:
        """Every sheet of the export, no other (but the README and the lists), and the README's month."""
        super().check_sheets(tables)
        readme = tables.get(README)
        if readme is not None and readme.readme_month is not None:
            self.check_month(None, 2, readme.readme_month, sheet=README)

    def check_month(self, reader: SheetReader | None, number: int, value: CellValue, sheet: str | None = None) -> bool:
        """True if a Month cell is empty or the workbook's month; otherwise records why not."""
        if blank(value):
            return True
        month, message = _month_of(value)
        if month == self.month:
            return True
        if month is not None:
            message = f"This row is for {month_label(month)}; this workbook is for {month_label(self.month)}."
        if reader is None:
            self.plan.errors.append(Problem(sheet, number, "B", message))
        else:
            reader.problem(number, "month", message)
        return False


def _month_of(value: CellValue) -> tuple[datetime.date | None, str]:
    """The month a Month cell names, or (None, why not)."""
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value.replace(day=1), ""  # a spreadsheet that turned 2018-07 into a date
    try:
        return parse_month_key(text(value)), ""
    except ValueError as error:
        return None, str(error)


def named_columns(problems: list[Problem], tables: dict[str, Table]) -> list[Problem]:
    """Problems found while reading ("column C") with the column's header added ("C (Count)")."""
    from openpyxl.utils import column_index_from_string

    named = []
    for problem in problems:
        table = tables.get(problem.sheet) if problem.sheet is not None else None
        if table is not None and problem.column and problem.column.isalpha():
            index = column_index_from_string(problem.column) - 1
            if index < len(table.header) and table.header[index]:
                problem = Problem(
                    problem.sheet, problem.row, f"{problem.column} ({table.header[index]})", problem.message
                )
        named.append(problem)
    return named


def month_problem(month: datetime.date) -> str | None:
    """Why a month cannot take a workbook, or None (the same window the models allow)."""
    from django.utils import timezone

    from opsreport.lib.months import EARLIEST_MONTH, latest_month_allowed

    latest = latest_month_allowed(timezone.localdate())
    if not EARLIEST_MONTH <= month <= latest:
        return f"{month_key(month)} is outside the months that take figures ({month_label(EARLIEST_MONTH)} to {month_label(latest)})."
    return None


def build(
    month: datetime.date,
    tables: dict[str, Table],
    problems: list[Problem],
    source_name: str = "",
    single_sheet: bool = False,
) -> Plan:
    return Planner(month, source_name).build(tables, problems, single_sheet)
