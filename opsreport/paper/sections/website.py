"""5. SEC Website Update and Statistics — Table 6 (visits and page views over 12 months, each
row footnoted) and Figure 2 charting the same."""

import datetime
from dataclasses import dataclass

from opsreport.dashboard import charts
from opsreport.dashboard.panel import Chart, Headline, Panel
from opsreport.lib.formats import plural, thousands
from opsreport.lib.months import month_label, window
from opsreport.paper import fixes
from opsreport.paper.part import Own, Part, Prints
from opsreport.paper.sections.common import MISSING, Caption, FigureData, Finding, Footnote
from opsreport.reports import website_months

TABLE = "SEC Website Statistics"
FIGURE = "SEC Website Usage"
MONTHS = 12
VISITS_NOTE = (
    "A visit is the period time a user is actively engaged with our website. All usage data is associated with a visit."
)
PAGE_VIEWS_NOTE = "Pageviews is the total number of pages viewed. Repeated views of a single page are counted."


@dataclass
class Website:
    month: datetime.date
    new_visitors: int | None  # in the month
    returning_visitors: int | None
    months: list[datetime.date]
    years: list[tuple[int, int]]  # [(year, number of its months)], Table 6's year header
    visits: list[int | None]  # per month, None where not recorded
    page_views: list[int | None]
    visits_note: Footnote
    page_views_note: Footnote
    table: Caption
    figure: FigureData

    @property
    def tables(self):
        return [self.table]

    @property
    def figures(self):
        return [self.figure]


def _year_spans(months):
    spans = []
    for month in months:
        if spans and spans[-1][0] == month.year:
            spans[-1] = (month.year, spans[-1][1] + 1)
        else:
            spans.append((month.year, 1))
    return spans


def build(paper, context):
    numbering = context.numbering
    months = window(paper.month, MONTHS)
    figures = website_months(months[0], months[-1])
    visits = [w.visits if w else None for _, w in figures]
    page_views = [w.page_views if w else None for _, w in figures]
    this_month = figures[-1][1]
    visits_note = numbering.footnote(VISITS_NOTE)
    page_views_note = numbering.footnote(PAGE_VIEWS_NOTE)
    table = numbering.table(TABLE)
    return Website(
        month=paper.month,
        new_visitors=this_month.new_visitors if this_month else None,
        returning_visitors=this_month.returning_visitors if this_month else None,
        months=months,
        years=_year_spans(months),
        visits=visits,
        page_views=page_views,
        visits_note=visits_note,
        page_views_note=page_views_note,
        table=table,
        figure=FigureData(
            caption=numbering.figure(FIGURE),
            title="SEC Website Statistics",
            labels=[m.strftime("%b %Y") for m in months],
            series=[("Visits", visits), ("Page Views", page_views)],
            kind="grouped_bar",
        ),
    )


def findings(website):
    result = [
        Finding(MISSING, "", f"No website figures for {month_label(month)}.", fixes.website_month(month))
        for month, visits in zip(website.months, website.visits)
        if visits is None
    ]
    entered = website.visits[-1] is not None  # a month with no figures at all is one finding, above
    if entered and (website.new_visitors is None or website.returning_visitors is None):
        text = f"New and returning visitors are not recorded for {month_label(website.month)}."
        result.append(Finding(MISSING, "", text, fixes.website_month(website.month)))
    return result


def summary(data, paper):
    visits, page_views = data.visits[-1], data.page_views[-1]
    lines = []
    if visits is not None:
        lines.append(f"{plural(visits, 'visit')}, {plural(page_views, 'page view')}.")
    if data.new_visitors is not None and data.returning_visitors is not None:
        lines.append(f"{thousands(data.new_visitors)} new and {thousands(data.returning_visitors)} returning visitors.")
    return lines


def dashboard_figures(before, last):
    """[(month, WebsiteMonth or None)] from the month before the range to its last. One query."""
    return website_months(before, last)


def dashboard_headlines(months):
    (_, previous), (_, now) = months[-2], months[-1]
    return [Headline("Website visits", now.visits if now else None, previous.visits if previous else None)]


def dashboard_charts(months, axis):
    shown = [w for _, w in months[1:]]
    visits = [w.visits if w else None for w in shown]
    page_views = [w.page_views if w else None for w in shown]
    figure = charts.website(axis.labels, visits, page_views, axis.links("website"))
    return [Chart("website", "SEC website", "Visits and page views per month.", figure)]


PART = Part(
    key="website",
    title="SEC Website Update and Statistics",
    template="paper/sections/website.html",
    build=build,
    findings=findings,
    tables=[TABLE],
    figures=[FIGURE],
    prints=[
        Prints("opsreport.websitemonth", Own("month"), where="{part} (new and returning visitors)"),
        Prints("opsreport.websitemonth", Own("month"), where="{table} and {figure}", span=MONTHS),
    ],
    summary=summary,
    screens=lambda month: [fixes.website_month(month, f"{month_label(month)}'s website figures")],
    entry=[("opsreport", "websitemonth")],
    sheets=["Website"],
    dashboard=Panel(
        figures=dashboard_figures,
        charts=dashboard_charts,
        headlines=dashboard_headlines,
        has_figures=lambda months: any(w is not None for _, w in months[1:]),
    ),
)
