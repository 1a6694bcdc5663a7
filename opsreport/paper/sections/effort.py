"""3. SECAS Time Devoted by Service Area — Table 4: the month's days by driver."""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from opsreport.dashboard import charts
from opsreport.dashboard.panel import Chart, Headline, Panel
from opsreport.lib.formats import days, plural
from opsreport.lib.months import month_key, month_label, months_between
from opsreport.models import EffortEntry
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


@dataclass
class EffortSeries:
    """Days per driver, product and grade for each month of a range (products and grades
    where entered), their totals, and each name's id for the drill-down links."""

    by: dict[str, dict[str, list[Decimal | None]]]  # {"driver": {name: [days per month]}, ...}
    totals: list[Decimal | None]
    ids: dict[tuple[str, str], int]


def dashboard_figures(before, last):
    """The effort from the month before the range to its last month. One query."""
    months = months_between(before, last)
    index = {month: i for i, month in enumerate(months)}
    series = EffortSeries(
        {kind: defaultdict(lambda: [None] * len(months)) for kind in LABELS}, [None] * len(months), {}
    )
    rows = (
        EffortEntry.objects.filter(effort_month__month__gte=before, effort_month__month__lte=last)
        .order_by("driver__position", "driver__name", "product__position", "grade__position")
        .values_list("effort_month__month", *(f"{kind}{end}" for kind in LABELS for end in ("_id", "__name")), "days")
    )
    for month, *labels, days_ in rows:
        i = index[month]
        for kind, pk, name in zip(LABELS, labels[0::2], labels[1::2]):
            if pk is not None:
                by_month = series.by[kind][name]
                by_month[i] = (by_month[i] or Decimal(0)) + days_
                series.ids[(kind, name)] = pk
        series.totals[i] = (series.totals[i] or Decimal(0)) + days_
    series.by = {kind: dict(names) for kind, names in series.by.items()}
    return series


LABELS = {"driver": "SECAS effort by driver", "product": "SECAS effort by product", "grade": "SECAS effort by grade"}


def _two(value):
    return None if value is None else value.quantize(Decimal("0.01"))


def dashboard_headlines(series):
    return [Headline("Effort", _two(series.totals[-1]), _two(series.totals[-2]), unit="days")]


def dashboard_charts(series, axis):
    found = []
    for kind, title in LABELS.items():
        names = series.by[kind]
        if kind != "driver" and not names:
            continue  # products and grades are shown only where they were entered
        rows = [
            (name, days_[1:], axis.links("effort", **{kind: series.ids[(kind, name)]})) for name, days_ in names.items()
        ]
        found.append(Chart(f"effort-{kind}", title, "Days per month.", charts.effort(axis.labels, rows), wide=True))
    return found


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
    dashboard=Panel(
        figures=dashboard_figures,
        charts=dashboard_charts,
        headlines=dashboard_headlines,
        has_figures=lambda series: any(total is not None for total in series.totals[1:]),
    ),
)
