"""The June 2018 paper's figures as it printed them, as rows of the register's Published
figures sheet (opsreport/register/reconcile.py), read from figures.py and not from the data:
what a team would type from its old papers. Reconciled against the sample's register, they
differ in one figure only, the one the sample keeps on purpose (docs/sample-data.md): Table 5's
July 2017 Total, printed 1,439 (the mailbox's count) where the categories add up to 1,459."""

import datetime
from decimal import Decimal

from opsreport.lib.formats import printed_days
from opsreport.lib.months import add_months, month_key, short_label
from opsreport.sample import figures as F
from parties.models import CATEGORY_PLURALS, PartyCategory

Row = tuple[str, str, str, str, int | Decimal]


def _monthly(month: str, table: str, row: str, start: datetime.date, values: list[int]) -> list[Row]:
    return [(month, table, row, short_label(add_months(start, i)), v) for i, v in enumerate(values)]


def as_printed() -> list[Row]:
    """The sheet's rows for the June 2018 paper, as printed."""
    paper_month = add_months(F.WINDOW_START, len(F.ACCESSIONS_BY_MONTH) - 1)  # Table 3 ends with it
    month = month_key(paper_month)
    rows: list[Row] = [
        (month, "SREPT parties", "", "", 0),
        (month, "UEPT parties", "", "", len(F.UEPT_COMPLETIONS)),
        (month, "UEPT roles", "", "", sum(len(roles) for _, roles, _ in F.UEPT_COMPLETIONS)),
    ]
    table3 = [
        ("Accessions", F.ACCESSIONS_BY_MONTH),
        ("In Default", F.IN_DEFAULT_BY_MONTH),
        ("Withdrawals", F.WITHDRAWALS_BY_MONTH),
        ("Expulsions", F.EXPULSIONS_BY_MONTH),
    ]
    for label, values in table3:
        rows += _monthly(month, "Table 3", label, F.WINDOW_START, values)
    rows += [
        (month, "Parties at month end", "", "", sum(parties for _, _, parties in F.GROUPS)),
        (month, "Voting groups at month end", "", "", sum(groups for _, groups, _ in F.GROUPS)),
    ]
    rows += [(month, "Figure 1", CATEGORY_PLURALS[PartyCategory(c)], "", groups) for c, groups, _ in F.GROUPS]
    total = printed_days(sum(days for _, days in F.EFFORT))
    assert total is not None
    rows.append((month, "Resource days", "", "", total))
    rows += [(month, "Table 4", driver, "Days", printed_days(days) or Decimal(0)) for driver, days in F.EFFORT]
    rows.append((month, "Table 4", "Grand Total", "Days", total))
    rows += [
        (month, "Telephone enquiries", "", "", F.TELEPHONE[paper_month]),
        (month, "Email enquiries", "", "", F.MAILBOX_TOTALS[-1]),
    ]
    for category, counts in [*F.HELPDESK, ("Total", F.MAILBOX_TOTALS)]:
        rows += _monthly(month, "Table 5", category, F.HELPDESK_START, counts)
    new, returning = F.VISITORS[paper_month]
    rows += [(month, "New visitors", "", "", new), (month, "Returning visitors", "", "", returning)]
    rows += _monthly(month, "Table 6", "Visits", F.WEBSITE_START, F.VISITS)
    rows += _monthly(month, "Table 6", "Page Views", F.WEBSITE_START, F.PAGE_VIEWS)
    return rows
