"""What the Panel dashboard shows, as plain data, in a fixed number of queries.

`dashboard(first, last)` gathers every series for a range of months; `latest_month()` says
which month the figures run to. Nothing here renders: dashboard_charts.py draws the figures
and the views only pass them on.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from helpdesk.models import EnquiryCategory, HelpdeskMonth
from helpdesk.reports import email_table
from meetings.models import ModificationStatus
from meetings.reports import status_counts_on
from opsreport.lib.months import add_months, last_day, latest_month_allowed, months_between, window
from opsreport.models import EffortEntry, EffortMonth, Paper, WebsiteMonth
from parties.models import CATEGORY_PLURALS
from parties.reports import membership_statistics

DEFAULT_MONTHS = 12
MAX_MONTHS = 120  # ten years; a longer range is cut to its last ten years


def latest_month():
    """The newest month with any entered figure or paper, or None when nothing is entered.

    Forms refuse months past a year from now; one written around them (9999) is ignored here
    rather than breaking every window the dashboard draws around it.
    """
    latest = latest_month_allowed(timezone.localdate())
    newest_each = [
        m.objects.order_by().filter(month__lte=latest).values_list("month")
        for m in (HelpdeskMonth, WebsiteMonth, EffortMonth, Paper)
    ]
    months = newest_each[0].union(*newest_each[1:]).order_by("-month")
    newest = months[:1]
    return newest[0][0] if newest else None


def default_range(latest):
    months = window(latest, DEFAULT_MONTHS)
    return months[0], months[-1]


def clamp_range(first, last):
    """A range in the right order and at most MAX_MONTHS long."""
    if first > last:
        first, last = last, first
    if len(months_between(first, last)) > MAX_MONTHS:
        first = add_months(last, -(MAX_MONTHS - 1))
    return first, last


@dataclass
class Headline:
    label: str
    value: object  # None when the month has no figure
    previous: object
    unit: str = ""

    @property
    def change(self):
        if self.value is None or self.previous is None:
            return None
        return self.value - self.previous

    @property
    def magnitude(self):
        """The size of the change, which the page prints after "up" or "down"."""
        change = self.change
        return None if change is None else abs(change)

    @property
    def direction(self):
        change = self.change
        if change is None:
            return "none"
        return "up" if change > 0 else "down" if change < 0 else "same"


@dataclass
class Dashboard:
    first: object
    last: object
    months: list
    headlines: list = field(default_factory=list)
    membership: list = field(default_factory=list)  # MonthMembership per month
    category_labels: dict = field(default_factory=dict)  # category value -> plural label
    helpdesk_rows: list = field(default_factory=list)  # [(category id, name, [emails per month])]
    helpdesk_totals: list = field(default_factory=list)
    telephone: list = field(default_factory=list)
    visits: list = field(default_factory=list)
    page_views: list = field(default_factory=list)
    effort_by_driver: dict = field(default_factory=dict)  # name -> [days per month]
    effort_by_product: dict = field(default_factory=dict)
    effort_by_grade: dict = field(default_factory=dict)
    effort_ids: dict = field(default_factory=dict)  # (kind, name) -> id, for drill-down links
    effort_totals: list = field(default_factory=list)
    modifications_by_status: list = field(default_factory=list)  # [(status value, label, count)]

    @property
    def has_figures(self):
        return any(
            [
                any(m.parties for m in self.membership),
                any(t is not None for t in self.helpdesk_totals),
                any(v is not None for v in self.visits),
                any(t is not None for t in self.effort_totals),
            ]
        )


def _effort(first, last, months):
    """Days per driver, product and grade for each month (products and grades where entered)."""
    index = {month: i for i, month in enumerate(months)}
    by = {
        "driver": defaultdict(lambda: [None] * len(months)),
        "product": defaultdict(lambda: [None] * len(months)),
        "grade": defaultdict(lambda: [None] * len(months)),
    }
    totals = [None] * len(months)
    ids = {}
    rows = (
        EffortEntry.objects.filter(effort_month__month__gte=first, effort_month__month__lte=last)
        .order_by("driver__position", "driver__name", "product__position", "grade__position")
        .values_list(
            "effort_month__month",
            "driver_id",
            "driver__name",
            "product_id",
            "product__name",
            "grade_id",
            "grade__name",
            "days",
        )
    )
    for month, driver_id, driver, product_id, product, grade_id, grade, days in rows:
        i = index[month]
        for kind, pk, name in (
            ("driver", driver_id, driver),
            ("product", product_id, product),
            ("grade", grade_id, grade),
        ):
            if pk is None:
                continue
            series = by[kind][name]
            series[i] = (series[i] or Decimal(0)) + days
            ids[(kind, name)] = pk
        totals[i] = (totals[i] or Decimal(0)) + days
    return {kind: dict(series) for kind, series in by.items()}, totals, ids


def dashboard(first, last):
    """Every figure the dashboard shows for the months first..last, with headlines for `last`.

    Nine queries whatever the number of months, parties or tallies. The month before `first`
    is read too, so the first month's change can be shown.
    """
    months = months_between(first, last)
    before = add_months(first, -1)
    data = Dashboard(first=first, last=last, months=months)

    membership = membership_statistics(before, last)  # 2 queries
    data.membership = membership[1:]
    data.category_labels = {c.value: label for c, label in CATEGORY_PLURALS.items()}

    helpdesk = email_table(before, last)  # 3 queries
    data.helpdesk_totals = helpdesk.totals[1:]
    data.telephone = helpdesk.telephone[1:]
    names = [name for name, _ in helpdesk.rows]
    # email_table names its rows; the drill-down links need the category ids in the same order.
    ids = dict(EnquiryCategory.objects.filter(name__in=names).values_list("name", "pk"))  # 1 query
    data.helpdesk_rows = [(ids.get(name), name, counts[1:]) for name, counts in helpdesk.rows]

    website = {w.month: w for w in WebsiteMonth.objects.filter(month__gte=before, month__lte=last)}  # 1 query
    data.visits = [website[m].visits if m in website else None for m in months]
    data.page_views = [website[m].page_views if m in website else None for m in months]

    effort_months = [before] + months
    by, totals, data.effort_ids = _effort(before, last, effort_months)  # 1 query
    data.effort_by_driver = {k: v[1:] for k, v in by["driver"].items()}
    data.effort_by_product = {k: v[1:] for k, v in by["product"].items()}
    data.effort_by_grade = {k: v[1:] for k, v in by["grade"].items()}
    data.effort_totals = totals[1:]

    counts = status_counts_on(last_day(last))  # 1 query: the status at the last month's end, from its history
    data.modifications_by_status = [
        (status.value, status.label, counts.get(status.value, 0)) for status in ModificationStatus
    ]

    now, prev = membership[-1], membership[-2]
    last_website, prev_website = website.get(last), website.get(add_months(last, -1))
    data.headlines = [
        Headline("SEC Parties", now.parties, prev.parties),
        Headline("Voting groups", now.voting_groups, prev.voting_groups),
        Headline("Accessions", now.accessions, prev.accessions),
        Headline("Helpdesk emails", helpdesk.totals[-1], helpdesk.totals[-2]),
        Headline("Helpdesk calls", helpdesk.telephone[-1], helpdesk.telephone[-2]),
        Headline(
            "Website visits",
            last_website.visits if last_website else None,
            prev_website.visits if prev_website else None,
        ),
        Headline("Effort", _round(totals[-1]), _round(totals[-2]), unit="days"),
    ]
    return data


def _round(days):
    return None if days is None else days.quantize(Decimal("0.01"))
