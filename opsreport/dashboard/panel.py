"""What a part of the paper shows on the Panel dashboard, declared with the part.

A part's `dashboard` (opsreport/paper/part.py) is a Panel: `figures(first, last)` reads the
part's series for the months first..last with its report functions (`first` is the month
before the range, so the range's first month has a change to show), `headlines(figures)`
says how the range's last month compares with the month before, and `charts(figures, axis)`
draws its charts (opsreport/dashboard/charts.py), every point linked to its records through
`axis.links(slug, ...)`. The dashboard loops over the parts in the paper's order.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any


@dataclass
class Headline:
    label: str
    value: int | Decimal | None  # None when the month has no figure
    previous: int | Decimal | None
    unit: str = ""

    @property
    def change(self) -> int | Decimal | None:
        if self.value is None or self.previous is None:
            return None
        return self.value - self.previous

    @property
    def magnitude(self) -> int | Decimal | None:
        """The size of the change, which the page prints after "up" or "down"."""
        change = self.change
        return None if change is None else -change if change < 0 else change

    @property
    def direction(self) -> str:
        change = self.change
        if change is None:
            return "none"
        return "up" if change > 0 else "down" if change < 0 else "same"


@dataclass(frozen=True)
class Chart:
    id: str
    title: str
    note: str
    figure: Any  # a plotly Figure
    wide: bool = False  # many series (categories, drivers): the full width of the page


@dataclass(frozen=True)
class Axis:
    """The range's months as the charts label them, and the addresses of their records."""

    months: list[datetime.date]
    labels: list[str]  # "Jun 18"
    first: datetime.date
    last: datetime.date
    records_url: Callable[..., str]  # records_url(slug, first, last, **params)

    def links(self, slug: str, **params: Any) -> list[str]:
        """The records behind each month's point: one address per month."""
        from opsreport.lib.months import month_key

        return [self.records_url(slug, self.first, self.last, month=month_key(m), **params) for m in self.months]

    def link(self, slug: str, **params: Any) -> str:
        """The records behind a figure of the whole range (modifications by status)."""
        return self.records_url(slug, self.first, self.last, **params)


def _no_charts(figures: Any, axis: Axis) -> list[Chart]:
    return []


def _no_headlines(figures: Any) -> list[Headline]:
    return []


def _none(figures: Any) -> bool:
    return False


@dataclass(frozen=True)
class Panel:
    figures: Callable[[datetime.date, datetime.date], Any]  # (month before the range, last month)
    charts: Callable[[Any, Axis], list[Chart]] = _no_charts
    headlines: Callable[[Any], list[Headline]] = _no_headlines
    # Whether the range has any figure of this part: a dashboard with none says so instead.
    has_figures: Callable[[Any], bool] = _none
