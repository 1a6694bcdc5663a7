"""4. Helpdesk Activities — Table 5: emails by category over 12 months, and the month's
telephone and email enquiries."""

import datetime
from dataclasses import dataclass

from helpdesk.models import EnquiryCategory
from helpdesk.reports import email_table
from opsreport.dashboard import charts
from opsreport.dashboard.panel import Chart, Headline, Panel
from opsreport.lib.formats import plural, thousands
from opsreport.lib.months import month_key, month_label, window
from opsreport.paper import fixes
from opsreport.paper.part import Own, Parent, Part, Prints, Related
from opsreport.paper.sections.common import MISSING, WARNING, Caption, Cell, Finding, Footnote

TABLE = "SECAS Helpdesk Emails"
MONTHS = 12


@dataclass
class Helpdesk:
    month: datetime.date
    telephone: int | None  # the month's telephone enquiries
    emails: int | None  # the month's emails: the mailbox's count, else the categories' total
    months: list[datetime.date]
    rows: list[tuple[str, list[int | None]]]  # [(category, [count per month])]
    totals: list[int | None]  # the categories added up, per month
    mailbox_totals: list[int | None]  # the mailbox's own count, per month
    total_notes: list[list[Footnote]]  # per month: the approver's note where the total is not the mailbox's
    table: Caption

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
        table=context.numbering.table(TABLE),
    )


def findings(helpdesk):
    """Months without figures, and categories that do not add up to the mailbox's own count."""
    result = []
    for month, total, mailbox in zip(helpdesk.months, helpdesk.totals, helpdesk.mailbox_totals):
        if total is None and mailbox is None:
            text = f"No helpdesk figures for {month_label(month)}."
            result.append(Finding(MISSING, "", text, fixes.helpdesk_month(month)))
        elif _disagrees(total, mailbox):
            text = (
                f"{month_label(month)}: the categories add up to {thousands(total)} but the "
                f"mailbox counted {thousands(mailbox)}. Table 5 prints the categories' total."
            )
            fix = fixes.helpdesk_month(month, f"Check {month_label(month)}'s helpdesk figures")
            result.append(Finding(WARNING, "", text, fix, code=total_code(month)))
    entered = helpdesk.totals[-1] is not None or helpdesk.mailbox_totals[-1] is not None
    if helpdesk.telephone is None and entered:  # a month with no figures at all is one finding, above
        text = f"No telephone enquiries recorded for {month_label(helpdesk.month)}."
        result.append(Finding(MISSING, "", text, fixes.helpdesk_month(helpdesk.month)))
    return result


def summary(data, paper):
    lines = []
    if data.telephone is not None:
        lines.append(f"{plural(data.telephone, 'telephone enquiry', 'telephone enquiries')}.")
    mailbox, categories = data.mailbox_totals[-1], data.totals[-1]
    if mailbox is not None:
        lines.append(f"{plural(mailbox, 'email')} to the mailbox.")
    if categories is not None:
        lines.append(f"Emails by category add up to {thousands(categories)}.")
    return lines


def dashboard_figures(before, last):
    """The email table for the month before the range to its last month, with the categories'
    ids for the drill-down links. Four queries."""
    table = email_table(before, last)
    names = [name for name, _ in table.rows]
    ids = dict(EnquiryCategory.objects.filter(name__in=names).values_list("name", "pk"))
    return table, ids


def dashboard_headlines(figures):
    table, _ = figures
    return [
        Headline("Helpdesk emails", table.totals[-1], table.totals[-2]),
        Headline("Helpdesk calls", table.telephone[-1], table.telephone[-2]),
    ]


def dashboard_charts(figures, axis):
    table, ids = figures
    rows = [(name, counts[1:], axis.links("helpdesk", category=ids.get(name))) for name, counts in table.rows]
    figure = charts.helpdesk_emails(axis.labels, rows, table.totals[1:], axis.links("helpdesk"))
    return [
        Chart(
            "helpdesk",
            "Helpdesk emails by category",
            "Stacked by enquiry category, with the month's total.",
            figure,
            wide=True,
        )
    ]


_TALLIES = "{table}"
PART = Part(
    key="helpdesk",
    title="Helpdesk Activities",
    template="paper/sections/helpdesk.html",
    build=build,
    findings=findings,
    tables=[TABLE],
    prints=[
        Prints("helpdesk.helpdeskmonth", Own("month"), where="{part} (telephone and email enquiries)"),
        Prints("helpdesk.helpdeskmonth", Own("month"), where=_TALLIES, span=MONTHS),
        Prints("helpdesk.emailtally", Parent("helpdesk_month", "month"), where=_TALLIES, span=MONTHS),
        Prints(
            "helpdesk.enquirycategory",
            Related("helpdesk.EmailTally", "category_id", "helpdesk_month__month"),
            where=_TALLIES,
            span=MONTHS,
        ),
    ],
    summary=summary,
    screens=lambda month: [fixes.helpdesk_month(month, f"{month_label(month)}'s helpdesk figures")],
    entry=[("helpdesk", "helpdeskmonth"), ("helpdesk", "enquirycategory")],
    sheets=["Helpdesk"],
    dashboard=Panel(
        figures=dashboard_figures,
        charts=dashboard_charts,
        headlines=dashboard_headlines,
        has_figures=lambda figures: any(total is not None for total in figures[0].totals[1:]),
    ),
)
