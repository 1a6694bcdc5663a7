"""4. Helpdesk Activities — Table 5: emails by category over 12 months, and the month's
telephone and email enquiries."""

from dataclasses import dataclass
from typing import ClassVar

from helpdesk.reports import email_table
from opsreport.lib.formats import thousands
from opsreport.lib.months import month_key, month_label, window
from opsreport.paper import fixes
from opsreport.paper.sections.common import MISSING, WARNING, Cell, Finding

TEMPLATE = "paper/sections/helpdesk.html"
SECTION = "4. Helpdesk"
MONTHS = 12


@dataclass
class Helpdesk:
    template: ClassVar[str] = TEMPLATE

    month: object
    telephone: object  # the month's telephone enquiries, or None
    emails: object  # the month's emails: the mailbox's count, else the categories' total
    months: list
    rows: list  # [(category, [count or None per month])]
    totals: list  # the categories added up, per month
    mailbox_totals: list  # the mailbox's own count, per month
    total_notes: list  # [[Footnote]] per month: the approver's note where the total is not the mailbox's
    table: object  # Caption

    @property
    def tables(self):
        return [self.table]

    @property
    def total_cells(self):
        """The Total row, each cell with its footnotes."""
        return [Cell(total, notes) for total, notes in zip(self.totals, self.total_notes)]


def total_code(month):
    """The code of the finding that a month's categories do not add up to the mailbox's count."""
    return f"helpdesk-total-{month_key(month)}"


def _disagrees(total, mailbox):
    return mailbox is not None and total != mailbox


def build(paper, context):
    months = window(paper.month, MONTHS)
    table = email_table(months[0], months[-1])
    emails = table.mailbox_totals[-1] if table.mailbox_totals[-1] is not None else table.totals[-1]
    total_notes = []
    for month, total, mailbox in zip(table.months, table.totals, table.mailbox_totals):
        note = context.resolutions.get(total_code(month)) if _disagrees(total, mailbox) else None
        total_notes.append([context.numbering.footnote(note)] if note else [])
    return Helpdesk(
        month=paper.month,
        telephone=table.telephone[-1],
        emails=emails,
        months=table.months,
        rows=table.rows,
        totals=table.totals,
        mailbox_totals=table.mailbox_totals,
        total_notes=total_notes,
        table=context.numbering.table("SECAS Helpdesk Emails"),
    )


def findings(helpdesk):
    """Months without figures, and categories that do not add up to the mailbox's own count."""
    result = []
    for month, total, mailbox in zip(helpdesk.months, helpdesk.totals, helpdesk.mailbox_totals):
        if total is None and mailbox is None:
            text = f"No helpdesk figures for {month_label(month)}."
            result.append(Finding(MISSING, SECTION, text, fixes.helpdesk_month(month)))
        elif _disagrees(total, mailbox):
            text = (
                f"{month_label(month)}: the categories add up to {thousands(total)} but the "
                f"mailbox counted {thousands(mailbox)}. Table 5 prints the categories' total."
            )
            fix = fixes.helpdesk_month(month, f"Check {month_label(month)}'s helpdesk figures")
            result.append(Finding(WARNING, SECTION, text, fix, code=total_code(month)))
    entered = helpdesk.totals[-1] is not None or helpdesk.mailbox_totals[-1] is not None
    if helpdesk.telephone is None and entered:  # a month with no figures at all is one finding, above
        text = f"No telephone enquiries recorded for {month_label(helpdesk.month)}."
        result.append(Finding(MISSING, SECTION, text, fixes.helpdesk_month(helpdesk.month)))
    return result
