"""3. SECAS Time Devoted by Service Area — Table 4: the month's days by driver."""

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from opsreport.lib.formats import days, plural
from opsreport.lib.months import month_key, month_label
from opsreport.paper import fixes
from opsreport.paper.part import Own, Parent, Part, Prints, Related
from opsreport.paper.sections.common import INFO, MISSING, Caption, Finding, Footnote
from opsreport.reports import effort_by_driver

TABLE = "Division of Effort by Driver (Days Worked)"


@dataclass
class Effort:
    month: datetime.date
    entered: bool
    rows: list[tuple[str, Decimal]]  # [(driver, days at full precision)]
    total: Decimal  # summed before rounding
    total_notes: list[Footnote]  # the approver's note on a total the printed rows do not add up to
    table: Caption

    @property
    def tables(self):
        return [self.table]


def total_code(month):
    """The code of the finding that the printed rows do not add up to the Grand Total."""
    return f"effort-total-{month_key(month)}"


def build(paper, context):
    effort = effort_by_driver(paper.month)
    note = context.resolutions.get(total_code(paper.month)) if _rounded_apart(effort.rows, effort.total) else None
    total_notes = [context.numbering.footnote(note)] if effort.entered and note else []
    table = context.numbering.table(TABLE)
    return Effort(paper.month, effort.entered, effort.rows, effort.total, total_notes, table)


def _two(value):
    return Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _printed_sum(rows):
    return sum((_two(v) for _, v in rows), Decimal(0))


def _rounded_apart(rows, total):
    return _printed_sum(rows) != _two(total)


def findings(effort):
    """The total is summed before rounding, so the printed rows may differ from it by pennies."""
    if not effort.entered:
        return [
            Finding(
                MISSING,
                "",
                f"No effort entered for {month_label(effort.month)}.",
                fixes.effort_month(effort.month),
            )
        ]
    printed = _printed_sum(effort.rows)
    if _rounded_apart(effort.rows, effort.total):
        text = (
            f"The printed rows add up to {days(printed)} while the Grand Total is "
            f"{days(effort.total)}: the total is summed before rounding."
        )
        fix = fixes.effort_month(effort.month, "Check the days entered")
        return [Finding(INFO, "", text, fix, code=total_code(effort.month))]
    return []


def summary(data, paper):
    if not data.entered:
        return []
    booked = sum(1 for _, value in data.rows if value)
    return [f"{days(data.total)} days over {plural(booked, 'driver')}."]


PART = Part(
    key="effort",
    title="SECAS Time Devoted by Service Area",
    template="paper/sections/effort.html",
    build=build,
    findings=findings,
    tables=[TABLE],
    prints=[
        Prints("opsreport.effortmonth", Own("month"), where="{table}"),
        Prints("opsreport.effortentry", Parent("effort_month", "month"), where="{table}"),
        Prints(
            "opsreport.effortdriver", Related("opsreport.EffortEntry", "driver_id", "effort_month__month"), "{table}"
        ),
    ],
    summary=summary,
    screens=lambda month: [fixes.effort_month(month, f"{month_label(month)}'s effort")],
    entry=[
        ("opsreport", "effortmonth"),
        ("opsreport", "effortdriver"),
        ("opsreport", "effortproduct"),
        ("opsreport", "grade"),
    ],
    sheets=["Effort"],
)
