"""3. SECAS Time Devoted by Service Area — Table 4: the month's days by driver."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import ClassVar

from opsreport.lib.formats import days
from opsreport.lib.months import month_key, month_label
from opsreport.paper import fixes
from opsreport.paper.sections.common import INFO, MISSING, Finding
from opsreport.reports import effort_by_driver

TEMPLATE = "paper/sections/effort.html"
SECTION = "3. Effort"


@dataclass
class Effort:
    template: ClassVar[str] = TEMPLATE

    month: object
    entered: bool
    rows: list  # [(driver, Decimal days at full precision)]
    total: Decimal  # summed before rounding
    total_notes: list  # [Footnote]: the approver's note on a total the printed rows do not add up to
    table: object  # Caption

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
    table = context.numbering.table("Division of Effort by Driver (Days Worked)")
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
                SECTION,
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
        return [Finding(INFO, SECTION, text, fix, code=total_code(effort.month))]
    return []
