"""Published figures, reconciled: figures as the papers already issued printed them, compared
with what the application works out from the database as it stands (issue 18).

The register workbook's optional "Published figures" sheet has five columns, one printed
figure a row (the addresses are opsreport/register/published.py's; its docstring lists them):

    Month   | Table                | Row        | Column | Value
    2018-06 | Table 3              | Accessions | Jun-18 | 6
    2018-06 | Parties at month end |            |        | 309

The interface, small on purpose (the register's import preview calls it inside its dry run):

- `read_sheet(table) -> (printed, problems)`: the sheet (a workbook Table, as
  opsreport.workbook.reading reads it) as [PrintedFigure]; each bad row (an unknown table, row
  or column, a month that is not one, a value that is not a number, a duplicate) is a Problem
  with sheet, row and column, and is left out.
- `compare(printed) -> differences`: each printed figure worked out from the database as it
  stands (inside the import's rolled-back transaction, the register as it would be), and a
  Difference for each that disagrees: `str(difference)` reads "June 2018 paper, Table 3, In
  Default, Apr-18: the paper printed 1, the register gives 0: …why…". A difference is not
  an error; the approver may accept it with a note (opsreport.actions.accept_difference),
  and `difference.accepted` is then its AcceptedDifference.
- `published_figures(month) -> rows`: the sheet's rows for every figure the application
  prints for `month`, to write the sheet (the sample's, an export's).
- `read_workbook(data, filename)`: read_sheet on an uploaded file's sheet, for the page and
  `manage.py reconcile`.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from opsreport.lib.months import EARLIEST_MONTH, first_of_month, month_key, month_label, parse_month_key, short_label
from opsreport.register import hints
from opsreport.register.published import (
    HEADER,
    HEADLINES,
    SHEET,
    Address,
    Layout,
    figures,
    layouts,
    published_figures,
)
from opsreport.workbook import reading
from opsreport.workbook.cells import CellError, blank, text
from opsreport.workbook.plan import Plan, SheetReader, month_problem
from opsreport.workbook.reading import CellValue, Problem, Table
from opsreport.workbook.sheets import Column, Sheet

if TYPE_CHECKING:
    from opsreport.models import AcceptedDifference

__all__ = [
    "HEADER",
    "SHEET",
    "Address",
    "Difference",
    "PrintedFigure",
    "compare",
    "published_figures",
    "read_sheet",
    "read_workbook",
]

COLUMNS = Sheet(
    SHEET,
    (
        Column("Month", "month", 10, note="YYYY-MM: the month of the paper that printed the figure."),
        Column(
            "Table",
            "table",
            26,
            note="Table 3, Table 4, Table 5, Table 6 or Figure 1, or a figure printed in a sentence: "
            + ", ".join(HEADLINES)
            + ".",
        ),
        Column(
            "Row",
            "row",
            44,
            note="As printed: Accessions, In Default, a helpdesk category, Total, an effort driver, Grand Total, "
            "Visits, a party category; empty for a sentence's figure.",
        ),
        Column("Column", "column", 10, note="The month as the table heads it (Jun-18); Days in Table 4; else empty."),
        Column("Value", "value", 12, note="The figure as printed: 1,439 or 500.87."),
    ),
    "Figures as the papers already issued printed them, compared with what the register gives.",
)
MONTH_COLUMN_FORMATS = ("%b-%y", "%B %Y", "%b %Y", "%Y-%m", "%B-%y")


@dataclass(frozen=True)
class PrintedFigure:
    """A figure as a published paper printed it, and the sheet's row it was read from."""

    address: Address
    value: Decimal
    row: int | None = None


@dataclass
class Difference:
    """A printed figure the register does not give (`computed` None: it gives nothing)."""

    address: Address
    printed: Decimal
    computed: Decimal | None
    days: bool = False  # a figure in days, shown to two decimals
    hint: str = ""  # why, where the records say
    sheet_row: int | None = None
    accepted: AcceptedDifference | None = None  # the approver's acceptance of exactly these figures
    # An acceptance of the same address with other figures: the data moved since, it no longer applies.
    superseded: AcceptedDifference | None = None

    def show(self, value: Decimal | None) -> str:
        if value is None:
            return "nothing"
        return f"{value:,.2f}" if self.days else f"{value:,.0f}"

    @property
    def printed_shown(self) -> str:
        return self.show(self.printed)

    @property
    def computed_shown(self) -> str:
        return self.show(self.computed)

    @property
    def superseded_text(self) -> str:
        """What an acceptance of other figures at this address accepted, which no longer applies."""
        if self.superseded is None:
            return ""
        was = self.superseded
        return (
            f"Accepted on {was.accepted_at:%d/%m/%Y} when the paper printed {self.show(was.printed)} and the "
            f"register gave {self.show(was.computed)}: the figures have moved since."
        )

    @property
    def text(self) -> str:
        """ "Table 3, In Default, Apr-18: the paper printed 1, the register gives 0: …" """
        said = f"{self.address.label}: the paper printed {self.show(self.printed)}, the register gives {self.show(self.computed)}"
        return f"{said}: {self.hint}" if self.hint else said

    def __str__(self) -> str:
        return f"{month_label(self.address.month)} paper, {self.text}"


def read_workbook(data: bytes, filename: str) -> tuple[list[PrintedFigure], list[Problem]]:
    """The Published figures sheet of an uploaded workbook (or a CSV of that sheet alone)."""
    try:
        tables, problems = reading.read(data, filename, SHEET)
    except reading.Unreadable as refused:
        return [], [refused.problem]
    table = tables.get(SHEET) or next((t for name, t in tables.items() if name.lower() == SHEET.lower()), None)
    if table is None:
        return [], [*problems, Problem(None, None, None, f"The workbook has no {SHEET!r} sheet.")]
    printed, found = read_sheet(table)
    return printed, [p for p in problems if p.sheet == table.name] + found


def read_sheet(table: Table) -> tuple[list[PrintedFigure], list[Problem]]:
    """([PrintedFigure], [Problem]) for the sheet's rows: see the module's docstring."""
    collected = Plan(EARLIEST_MONTH)  # only to collect the problems, as every sheet's reader does
    reader = SheetReader(collected, COLUMNS, table)
    printed: list[PrintedFigure] = []
    if not reader.complete:
        return printed, collected.errors
    known = layouts()
    seen: dict[tuple[datetime.date, str, str, str], int] = {}
    for number, values in table.rows:
        figure = _read_row(reader, known, number, reader.cells(values))
        if figure is None:
            continue
        first = seen.setdefault(figure.address.key(), number)
        if first != number:
            reader.problem(number, "table", f"Duplicate row: {figure.address.label} is already on row {first}.")
            continue
        printed.append(figure)
    return printed, collected.errors


def _read_row(
    reader: SheetReader, known: dict[str, Layout], number: int, cells: dict[str, CellValue]
) -> PrintedFigure | None:
    month, month_ok = reader.parse(number, cells, "month", _month)
    layout, layout_ok = reader.parse(number, cells, "table", _layout, known)
    value, value_ok = reader.parse(number, cells, "value", _number)
    if not layout_ok:
        return None
    row, row_ok = reader.parse(number, cells, "row", _row, layout)
    if not month_ok:
        return None
    column, column_ok = reader.parse(number, cells, "column", _column, layout, month)
    if value_ok and not layout.days and value != value.to_integral_value():
        reader.problem(number, "value", f"{layout.name} counts in whole numbers: {text(cells['value'])} is not one.")
        value_ok = False
    if not (value_ok and row_ok and column_ok):
        return None
    return PrintedFigure(Address(month, layout.name, row, column), value, number)


def _month(value: CellValue) -> datetime.date:
    if blank(value):
        raise CellError("Give the month of the paper that printed the figure, as YYYY-MM.")
    _not_a_mangled_month(value)
    if isinstance(value, datetime.date):
        month = first_of_month(value if not isinstance(value, datetime.datetime) else value.date())
    else:
        month = parse_month_key(text(value))
    problem = month_problem(month)
    if problem:
        raise CellError(problem)
    return month


def _layout(known: dict[str, Layout], value: CellValue) -> Layout:
    name = text(value)
    captions = {layout.what.lower(): layout for layout in known.values()}
    # "Table 3", "Table 3: SEC Party Statistics" or the caption alone
    found = known.get(name.lower()) or known.get(name.split(":")[0].strip().lower()) or captions.get(name.lower())
    if found is None:
        tables = ", ".join(layout.name for layout in known.values() if not layout.headline)
        sentences = ", ".join(HEADLINES)
        what = f"Unknown table {name!r}" if name else "Give the table"
        raise CellError(f"{what}: expected {tables}, or a figure printed in a sentence: {sentences}.")
    return found


def _row(layout: Layout, value: CellValue) -> str:
    name = text(value)
    if layout.headline:
        if name:
            raise CellError(f"{layout.name} is printed in a sentence and has no row: leave it empty.")
        return ""
    if not layout.rows:  # named by the data: categories, drivers; compare() says if the register has none such
        if not name:
            raise CellError(f"Give the row of {layout.name} as printed.")
        return name
    for label in layout.rows:
        if label.lower() == name.lower():
            return label
    raise CellError(f"{layout.name} has no row {name!r}: its rows are {', '.join(layout.rows)}.")


def _column(layout: Layout, month: datetime.date, value: CellValue) -> str:
    if not layout.months:
        if blank(value) or text(value).lower() == layout.column.lower():
            return layout.column
        expected = f"{layout.column} or empty" if layout.column else "empty"
        raise CellError(f"{layout.name} has no column {text(value)!r}: {expected}.")
    _not_a_mangled_month(value)
    column = _month_column(value)
    columns = layout.columns(month)
    if column is None or short_label(column) not in columns:
        raise CellError(
            f"{text(value) or 'An empty cell'} is not a column of {layout.name} in the {month_label(month)} paper, "
            f"which runs from {columns[0]} to {columns[-1]}."
        )
    return short_label(column)


def _not_a_mangled_month(value: CellValue) -> None:
    """A date cell on another day than the 1st is what a spreadsheet makes of "Jun-18" typed in
    it (18 June of the current year), not a month: say so rather than read the wrong month."""
    if isinstance(value, datetime.date) and value.day != 1:
        heading = f"{value:%b}-{value.day:02d}"
        raise CellError(
            f"This cell holds the date {value:%d/%m/%Y}, which a spreadsheet makes of a heading such as "
            f"{heading}: type the month as text ('{heading}) or as YYYY-MM."
        )


def _month_column(value: CellValue) -> datetime.date | None:
    """The month a table's column heading names: Jun-18, June 2018, 2018-06."""
    if isinstance(value, datetime.date):
        return first_of_month(value if not isinstance(value, datetime.datetime) else value.date())
    for pattern in MONTH_COLUMN_FORMATS:
        try:
            return datetime.datetime.strptime(text(value), pattern).date().replace(day=1)
        except ValueError:
            continue
    return None


def _number(value: CellValue) -> Decimal:
    if blank(value):
        raise CellError("Give the figure as the paper printed it.")
    if isinstance(value, bool) or isinstance(value, datetime.date | datetime.time):
        raise CellError(f"{text(value)!r} is not a number: type the figure as printed, e.g. 1,439 or 500.87.")
    try:
        number = Decimal(str(value).strip().replace(",", "").replace(" ", ""))
    except InvalidOperation:
        number = Decimal("NaN")
    if not number.is_finite():
        raise CellError(f"{text(value)!r} is not a number: type the figure as printed, e.g. 1,439 or 500.87.")
    return number


def compare(printed: Iterable[PrintedFigure]) -> list[Difference]:
    """A Difference for each printed figure the database as it stands does not give, month by
    month and in the sheet's order, each with why where the records say, and the approver's
    acceptance where there is one. About fifteen queries a month, and one for the acceptances."""
    by_month: defaultdict[datetime.date, list[PrintedFigure]] = defaultdict(list)
    for figure in printed:
        by_month[figure.address.month].append(figure)
    known = layouts()
    differences = []
    for month in sorted(by_month):
        computed = {address.key(): (address, value) for address, value in figures(month).items()}
        for figure in by_month[month]:
            address, value = computed.get(figure.address.key(), (figure.address, None))
            if value != figure.value:
                days = known[address.table.lower()].days
                differences.append(Difference(address, figure.value, value, days, sheet_row=figure.row))
    for difference in differences:
        difference.hint = hints.why(difference.address, difference.computed)
    _with_acceptances(differences)
    return differences


def _with_acceptances(differences: list[Difference]) -> None:
    from opsreport.models import AcceptedDifference

    months = {d.address.month for d in differences}
    if not months:
        return
    accepted = {
        Address(a.month, a.table, a.row, a.column).key(): a
        for a in AcceptedDifference.objects.filter(month__in=months).select_related("accepted_by")
    }
    for difference in differences:
        acceptance = accepted.get(difference.address.key())
        if acceptance is None:
            continue
        if acceptance.printed == difference.printed and acceptance.computed == difference.computed:
            difference.accepted = acceptance
        else:
            difference.superseded = acceptance


def as_rows(printed: Iterable[PrintedFigure]) -> list[list[str | int | None]]:
    """Printed figures as plain values (for a session), read back by from_rows."""
    return [
        [month_key(f.address.month), f.address.table, f.address.row, f.address.column, str(f.value), f.row]
        for f in printed
    ]


def from_rows(rows: Iterable[list[str | int | None]]) -> list[PrintedFigure]:
    return [
        PrintedFigure(Address(parse_month_key(str(m)), str(t), str(r), str(c)), Decimal(str(v)), int(n) if n else None)
        for m, t, r, c, v, n in rows
    ]
