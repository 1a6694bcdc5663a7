"""Every figure the paper prints for a month, each at an address: (month, table, row, column).

The addresses are the paper's own: a table or figure by its number as the paper numbers it
("Table 3", "Figure 1": the parts' declared captions in print order, opsreport/paper/sections/),
its rows by their printed labels ("Accessions", a helpdesk category, an effort driver, "Total",
"Grand Total") and its month columns by their printed heading ("Jun-18"); a figure printed in
a sentence by a name of its own (HEADLINES: "Parties at month end") with no row or column.

    2018-06 | Table 3                    | Accessions   | Jun-18 | 6
    2018-06 | Table 4                    | Grand Total  | Days   | 500.87
    2018-06 | Figure 1                   | Small Suppliers |     | 114
    2018-06 | Parties at month end       |              |        | 309

What is left out, and why: Tables 1 and 2 list applicants and UEP completions (names and
dates, not figures); Figure 2 charts Table 6's figures; the meeting table prints no figures.
Section 3's sentence prints Table 4's Grand Total again, as "Resource days".

`figures(month)` works each figure out from the database as it stands, with the report
functions the paper's sections use, so a month needs no Paper record: past months exist only
as register data. Where a Paper is on record, its reporting period and classification set the
testing counts (1.3) as the paper does; without one the calendar month stands for the period
and every completion counts. tests/test_register_reconcile.py checks these figures against the
assembled June 2018 paper.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from helpdesk.reports import email_table
from opsreport.lib.classification import Classification
from opsreport.lib.formats import printed_days
from opsreport.lib.months import month_key, month_label, short_label, since_last_panel, window
from opsreport.models import Paper
from opsreport.paper import sections
from opsreport.paper.assembly import reporting_period
from opsreport.paper.sections import effort, helpdesk, membership, website
from opsreport.reports import effort_by_driver, website_months
from parties.models import CATEGORY_PLURALS, TestKind
from parties.reports import TABLE3_LABELS, TABLE3_ROWS, membership_statistics, testing_summary

SHEET = "Published figures"
HEADER = ["Month", "Table", "Row", "Column", "Value"]

# The figures printed in sentences, by the name the sheet gives them.
PARTIES = "Parties at month end"
VOTING_GROUPS = "Voting groups at month end"
SREPT_PARTIES = "SREPT parties"
UEPT_PARTIES = "UEPT parties"
UEPT_ROLES = "UEPT roles"
RESOURCE_DAYS = "Resource days"
TELEPHONE = "Telephone enquiries"
EMAILS = "Email enquiries"
NEW_VISITORS = "New visitors"
RETURNING_VISITORS = "Returning visitors"
HEADLINES = {  # name: where the paper prints it
    PARTIES: "1.4, after Table 3",
    VOTING_GROUPS: "1.4, after Table 3",
    SREPT_PARTIES: "1.3, SREPT",
    UEPT_PARTIES: "1.3, UEPT",
    UEPT_ROLES: "1.3, UEPT",
    RESOURCE_DAYS: "3, before Table 4",
    TELEPHONE: "4, before Table 5",
    EMAILS: "4, before Table 5",
    NEW_VISITORS: "5, before Table 6",
    RETURNING_VISITORS: "5, before Table 6",
}
GRAND_TOTAL = "Grand Total"
TOTAL = "Total"
DAYS = "Days"
VISITS, PAGE_VIEWS = "Visits", "Page Views"


@dataclass(frozen=True)
class Address:
    """Where the paper of `month` prints a figure. Row and column are "" where there is none."""

    month: datetime.date
    table: str
    row: str = ""
    column: str = ""

    @property
    def label(self) -> str:
        """ "Table 3, In Default, Apr-18" """
        return ", ".join(part for part in (self.table, self.row, self.column) if part)

    def key(self) -> tuple[datetime.date, str, str, str]:
        """The address as compared: names in any case."""
        return self.month, self.table.lower(), self.row.lower(), self.column.lower()


@dataclass(frozen=True)
class Layout:
    """A table, figure or sentence of the paper as the sheet addresses it."""

    name: str  # "Table 3", "Figure 1", or a headline's name
    what: str  # its caption, or where the sentence is
    part: str  # the key of the part that prints it
    rows: tuple[str, ...] = ()  # its printed row labels; () where the data name them (categories, drivers)
    months: int = 0  # columns: the paper's month and the months before it, headed "Jun-18"
    column: str = ""  # the one column of a table without months ("Days")
    days: bool = False  # figures in days, printed to two decimals; counts otherwise

    @property
    def headline(self) -> bool:
        return self.name in HEADLINES

    def columns(self, month: datetime.date) -> list[str]:
        return [short_label(m) for m in window(month, self.months)] if self.months else [self.column]


def numbers() -> dict[str, str]:
    """{caption: "Table 3" or "Figure 1"}: the paper's tables and figures numbered in print
    order from the parts' declarations, as the paper's Numbering numbers them."""
    found: dict[str, str] = {}
    tables = figures = 0
    for part in sections.walk():
        for caption in part.tables:
            tables += 1
            found[caption] = f"Table {tables}"
        for caption in part.figures:
            figures += 1
            found[caption] = f"Figure {figures}"
    return found


def layouts() -> dict[str, Layout]:
    """{lower-case name: Layout} of everything the sheet may address."""
    number = numbers()
    tables = [
        Layout(
            number[membership.TABLE],
            membership.TABLE,
            "membership",
            tuple(TABLE3_LABELS[kind] for kind, _ in TABLE3_ROWS),
            membership.MONTHS,
        ),
        Layout(number[membership.FIGURE], membership.FIGURE, "membership", tuple(CATEGORY_PLURALS.values())),
        Layout(number[effort.TABLE], effort.TABLE, "effort", column=DAYS, days=True),
        Layout(number[helpdesk.TABLE], helpdesk.TABLE, "helpdesk", months=helpdesk.MONTHS),
        Layout(number[website.TABLE], website.TABLE, "website", (VISITS, PAGE_VIEWS), website.MONTHS),
    ]
    parts = {PARTIES: "membership", VOTING_GROUPS: "membership", RESOURCE_DAYS: "effort"}
    parts |= {TELEPHONE: "helpdesk", EMAILS: "helpdesk", NEW_VISITORS: "website", RETURNING_VISITORS: "website"}
    headlines = [
        Layout(name, where, parts.get(name, "testing"), days=name == RESOURCE_DAYS) for name, where in HEADLINES.items()
    ]
    return {layout.name.lower(): layout for layout in [*tables, *headlines]}


Figures = dict[Address, Decimal | None]


def _count(value: int | None) -> Decimal | None:
    return None if value is None else Decimal(value)


class _Month:
    """One month's figures as they are worked out, in print order."""

    def __init__(self, month: datetime.date) -> None:
        self.month = month
        self.names = {layout.what: layout.name for layout in layouts().values()}
        self.found: Figures = {}

    def put(self, table: str, row: str, column: str, value: Decimal | None) -> None:
        self.found[Address(self.month, self.names.get(table, table), row, column)] = value

    def membership(self) -> None:
        months = window(self.month, membership.MONTHS)
        stats = membership_statistics(months[0], months[-1])
        for kind, _ in TABLE3_ROWS:
            for month in stats:
                self.put(membership.TABLE, TABLE3_LABELS[kind], short_label(month.month), _count(getattr(month, kind)))
        last = stats[-1]
        self.put(PARTIES, "", "", _count(last.parties))
        self.put(VOTING_GROUPS, "", "", _count(last.voting_groups))
        for category, label in CATEGORY_PLURALS.items():
            self.put(membership.FIGURE, label, "", _count(last.groups_by_category.get(category.value, 0)))

    def testing(self) -> None:
        paper = paper_of(self.month)
        first, last, _ = testing_period(self.month, paper)
        counts = testing_summary(first, last, testing_ceilings(paper))
        self.put(SREPT_PARTIES, "", "", _count(counts.by_kind[TestKind.SREPT].parties))
        self.put(UEPT_PARTIES, "", "", _count(counts.by_kind[TestKind.UEPT].parties))
        self.put(UEPT_ROLES, "", "", _count(counts.by_kind[TestKind.UEPT].roles))

    def effort(self) -> None:
        table = effort_by_driver(self.month)
        self.put(RESOURCE_DAYS, "", "", printed_days(table.total))
        for driver, days in table.rows:
            self.put(effort.TABLE, driver, DAYS, printed_days(days))
        self.put(effort.TABLE, GRAND_TOTAL, DAYS, printed_days(table.total))

    def helpdesk(self) -> None:
        months = window(self.month, helpdesk.MONTHS)
        table = email_table(months[0], months[-1])
        emails = table.mailbox_totals[-1] if table.mailbox_totals[-1] is not None else table.totals[-1]
        self.put(TELEPHONE, "", "", _count(table.telephone[-1]))
        self.put(EMAILS, "", "", _count(emails))
        for name, counts in [*table.rows, (TOTAL, table.totals)]:
            for month, count in zip(months, counts):
                self.put(helpdesk.TABLE, name, short_label(month), _count(count))

    def website(self) -> None:
        shown = window(self.month, website.MONTHS)
        months = website_months(shown[0], shown[-1])
        now = months[-1][1]
        self.put(NEW_VISITORS, "", "", _count(now.new_visitors if now else None))
        self.put(RETURNING_VISITORS, "", "", _count(now.returning_visitors if now else None))
        for row, attr in ((VISITS, "visits"), (PAGE_VIEWS, "page_views")):
            for month, found in months:
                self.put(website.TABLE, row, short_label(month), _count(getattr(found, attr) if found else None))


def figures(month: datetime.date) -> Figures:
    """{Address: value} for every figure the paper of `month` prints, in print order; None
    where it prints nothing (a month without figures). About a dozen queries."""
    built = _Month(month)
    built.testing()
    built.membership()
    built.effort()
    built.helpdesk()
    built.website()
    return built.found


def published_figures(month: datetime.date) -> list[tuple[str, str, str, str, int | Decimal]]:
    """The Published figures sheet's rows for `month`: (Month, Table, Row, Column, Value) for
    every figure the application prints, counts as whole numbers, days to two decimals."""
    known = layouts()
    rows: list[tuple[str, str, str, str, int | Decimal]] = []
    for address, value in figures(month).items():
        if value is not None:
            shown = value if known[address.table.lower()].days else int(value)
            rows.append((month_key(month), address.table, address.row, address.column, shown))
    return rows


def paper_of(month: datetime.date) -> Paper | None:
    """The month's paper with its appendices, if one is on record. Two queries."""
    return Paper.objects.filter(month=month).prefetch_related("appendices").first()


def testing_period(month: datetime.date, paper: Paper | None) -> tuple[datetime.date, datetime.date, str]:
    """(first day, last day, in words) of the period section 1.3 counts for `month`'s paper:
    its paper's period where the paper is on record (two queries), else the calendar month."""
    if paper is None:
        first, last = since_last_panel(None, month, month)
        return first, last, f"{month_label(month)}, no paper for it being on record"
    first, last, words = reporting_period(paper)
    return first, last, words


def testing_ceilings(paper: Paper | None) -> dict[str, Any]:
    """Per kind of testing, the highest marking the paper counts (sections/testing.py: the
    marking of the kind's first appendix, else the paper's); every completion without a paper."""
    if paper is None:
        return {kind: Classification.RED for kind in TestKind.values}
    detailed: dict[str, str] = {}
    for appendix in paper.appendices.all():
        detailed.setdefault(appendix.content, appendix.classification)
    return {kind: detailed.get(kind, paper.classification) for kind in TestKind.values}
