"""Helpdesk figures for a range of months, in a fixed number of queries."""

import datetime
from dataclasses import dataclass, field

from helpdesk.models import EmailTally, EnquiryCategory, HelpdeskMonth
from opsreport.lib.months import months_between


@dataclass
class HelpdeskTable:
    months: list[datetime.date]
    rows: list[tuple[str, list[int | None]]] = field(default_factory=list)  # (category name, count per month)
    totals: list[int | None] = field(default_factory=list)  # category counts added up, per month
    mailbox_totals: list[int | None] = field(default_factory=list)  # the mailbox's own figure, per month
    telephone: list[int | None] = field(default_factory=list)


def email_table(first_month: datetime.date, last_month: datetime.date) -> HelpdeskTable:
    """Table 5: emails by category for each month, with a computed Total row.

    A category appears if it is active or has a tally in the range, so a retired category
    still shows in the months it was used.
    """
    months = months_between(first_month, last_month)
    index = {month: i for i, month in enumerate(months)}
    helpdesk_months = {
        hm.month: hm for hm in HelpdeskMonth.objects.filter(month__gte=first_month, month__lte=last_month)
    }
    tallies = EmailTally.objects.filter(
        helpdesk_month__month__gte=first_month, helpdesk_month__month__lte=last_month
    ).values_list("category_id", "helpdesk_month__month", "emails")
    cells: dict[int, list[int | None]] = {}
    for category_id, month, emails in tallies:
        cells.setdefault(category_id, [None] * len(months))[index[month]] = emails
    categories = [c for c in EnquiryCategory.objects.all() if not c.retired or c.pk in cells]
    table = HelpdeskTable(months=months)
    table.rows = [(c.name, cells.get(c.pk, [None] * len(months))) for c in categories]
    for i, month in enumerate(months):
        column = [count for _, row in table.rows if (count := row[i]) is not None]
        table.totals.append(sum(column) if column else None)
        hm = helpdesk_months.get(month)
        table.mailbox_totals.append(hm.mailbox_total if hm else None)
        table.telephone.append(hm.telephone_enquiries if hm else None)
    return table
