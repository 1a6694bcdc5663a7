"""The figures only the Operations Report keeps, effort and website, in a fixed number of queries."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Sum

from opsreport.lib.months import months_between
from opsreport.models import EffortDriver, EffortEntry, WebsiteMonth


@dataclass
class EffortTable:
    month: datetime.date
    entered: bool
    rows: list[tuple[str, Decimal]] = field(default_factory=list)  # (driver name, days at full precision)
    total: Decimal = Decimal(0)


def effort_by_driver(month: datetime.date) -> EffortTable:
    """Table 4: days by driver for the month, at full precision (round only when printing).

    Active drivers always show (with 0 when nothing was booked); a retired driver shows only
    in months it has days. Two queries.
    """
    sums = dict(
        EffortEntry.objects.filter(effort_month__month=month)
        .values("driver_id")
        .annotate(days=Sum("days"))
        .values_list("driver_id", "days")
    )
    drivers = [d for d in EffortDriver.objects.all() if not d.retired or d.pk in sums]
    table = EffortTable(month=month, entered=bool(sums))
    table.rows = [(d.name, sums.get(d.pk) or Decimal(0)) for d in drivers]
    table.total = sum((days for _, days in table.rows), Decimal(0))
    return table


def website_months(
    first_month: datetime.date, last_month: datetime.date
) -> list[tuple[datetime.date, WebsiteMonth | None]]:
    """[(month, WebsiteMonth or None)] for every month of the range. One query."""
    found = {w.month: w for w in WebsiteMonth.objects.filter(month__gte=first_month, month__lte=last_month)}
    return [(month, found.get(month)) for month in months_between(first_month, last_month)]
