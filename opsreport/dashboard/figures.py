"""What the Panel dashboard shows, as plain data, in a fixed number of queries.

`dashboard(first, last)` gathers every series for a range of months; `latest_month()` says
which month the figures run to, and `month_ends()` which months the Panel may read (those of
published papers) and which are still in draft. Nothing here renders: charts.py draws the
figures and the views only pass them on.
"""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Max, Min, Q
from django.utils import timezone

from helpdesk.models import HelpdeskMonth
from opsreport.dashboard.panel import Headline
from opsreport.lib.months import add_months, first_of_month, latest_month_allowed, months_between, window
from opsreport.models import EffortMonth, Paper, WebsiteMonth

DEFAULT_MONTHS = 12
MAX_MONTHS = 120  # ten years; a longer range is cut to its last ten years


def latest_month(through: datetime.date | None = None, before: datetime.date | None = None) -> datetime.date | None:
    """The newest month with any entered figure or paper, or None when nothing is entered.

    Forms refuse months past a year from now; one written around them (9999) is ignored here
    rather than breaking every window the dashboard draws around it. `through` lowers that
    bound; `before` looks only at the months before one.
    """
    latest = through or latest_month_allowed(timezone.localdate())
    newest_each = []
    for model in (HelpdeskMonth, WebsiteMonth, EffortMonth, Paper):
        months = model.objects.order_by().filter(month__lte=latest)
        if before is not None:
            months = months.filter(month__lt=before)
        newest_each.append(months.values_list("month"))
    months = newest_each[0].union(*newest_each[1:]).order_by("-month")
    newest = months[:1]
    return newest[0][0] if newest else None


@dataclass(frozen=True)
class MonthEnds:
    """Where the dashboard's months end: for the Panel, and for those who may see drafts."""

    # The last month the Panel reads: that of the latest paper with a published issue (the
    # months before it are history, whatever became of their papers). Before any issue is
    # published, the months entered before the application's first paper, whose papers were
    # issued before it existed (the sample's July 2017 to May 2018). With no paper at all
    # (a new install, or a register brought in without its past issues) nothing was approved
    # yet, so None: the Panel has nothing to read until a paper is published or imported.
    published: datetime.date | None
    # The last month with any figure or paper, up to this one: a figure typed for a month
    # ahead is a slip or a plan, never where a default range ends.
    entered: datetime.date | None

    def is_draft(self, month: datetime.date) -> bool:
        """A month the Panel does not read yet: its paper is not published."""
        return self.published is None or month > self.published


def month_ends(today: datetime.date | None = None) -> MonthEnds:
    """The dashboard's month ends (MonthEnds) as the data stand today. Two or three queries."""
    this_month = first_of_month(today or timezone.localdate())
    entered = latest_month(through=this_month)
    papers = Paper.objects.order_by().aggregate(first=Min("month"), issued=Max("month", filter=Q(issues__isnull=False)))
    published = None
    if papers["issued"] is not None:  # an imported past issue counts: it is a PaperIssue too
        published = min(papers["issued"], this_month)
    elif papers["first"] is not None:
        published = latest_month(through=this_month, before=papers["first"])
    if entered is None or (published is not None and published > entered):
        entered = published
    return MonthEnds(published=published, entered=entered)


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
class Dashboard:
    """The range's months, each part's figures over them, and the last month's headlines."""

    first: datetime.date
    last: datetime.date
    months: list[datetime.date]
    # (part's key, its figures), in the paper's order; keys, not parts, for the figures are
    # cached (pickled) and a part's declaration holds functions.
    panels: list[tuple[str, Any]] = field(default_factory=list)
    headlines: list[Headline] = field(default_factory=list)
    has_figures: bool = False

    def parts(self):
        """(Part, its figures) for each panel."""
        from opsreport.paper import sections

        return [(sections.find(key), found) for key, found in self.panels]


def dashboard(first, last):
    """Every figure the dashboard shows for the months first..last, with headlines for `last`:
    each part's panel (opsreport/dashboard/panel.py), in the paper's order.

    Nine queries whatever the number of months, parties or tallies. The month before `first`
    is read too, so the first month's change can be shown.
    """
    from opsreport.paper import sections

    data = Dashboard(first=first, last=last, months=months_between(first, last))
    before = add_months(first, -1)
    for part in sections.walk():
        if part.dashboard is not None:
            found = part.dashboard.figures(before, last)
            data.panels.append((part.key, found))
            data.headlines += part.dashboard.headlines(found)
            data.has_figures = data.has_figures or part.dashboard.has_figures(found)
    return data
