"""Form fields for the month's figures, shared by the screens and the workbook.

A count typed on the helpdesk screen and one typed in the workbook's Helpdesk sheet are read
by the same field, so both accept and refuse the same values with the same words (the
workbook adds its sheet, row and column). The limits are plausibility checks: beyond them a
figure is a typing slip (the sample's largest month is 1,727 emails).
"""

import datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

MAX_COUNT = 100_000
MAX_WEBSITE = 50_000_000
MAX_DAYS = Decimal("5000")
FOUR_PLACES = Decimal("0.0001")


def shown(value: Any) -> str:
    """A typed value as a message quotes it: 52.0 from a spreadsheet is 52."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def decimal_of(value: Any) -> Decimal:
    """A typed number as a Decimal ("1,234" and 1234.0 included); ValidationError otherwise."""
    if isinstance(value, bool | datetime.date):
        raise ValidationError(f"{value!r} is not a number.", code="invalid")
    if isinstance(value, int | float):
        value = repr(value)
    try:
        result = Decimal(str(value).strip().replace(",", ""))
    except InvalidOperation:
        raise ValidationError(f"{shown(value)!r} is not a number.", code="invalid") from None
    if not result.is_finite():
        raise ValidationError(f"{shown(value)!r} is not a number.", code="invalid")
    # Refused before any arithmetic: turning 1e1000000 into an int alone takes seconds.
    if result and abs(result.adjusted()) > 15:
        raise ValidationError(f"{shown(value)} is not a plausible figure: check it.", code="implausible")
    return result


class CountField(forms.Field):
    """A whole, non-negative, plausible number (emails, calls, visits); None when left empty."""

    widget = forms.NumberInput

    def __init__(self, *, maximum: int = MAX_COUNT, **kwargs: Any) -> None:
        self.maximum = maximum
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> int | None:
        if empty(value):
            return None
        result = decimal_of(value)
        if result != result.to_integral_value():
            raise ValidationError(f"{shown(value)} is not a whole number.", code="not_whole")
        if result < 0:
            raise ValidationError(f"{shown(value)} is negative: a count cannot be.", code="negative")
        if result > self.maximum:
            raise ValidationError(
                f"{int(result):,} is more than {self.maximum:,}: check the figure.", code="implausible"
            )
        return int(result)

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        return {**super().widget_attrs(widget), "min": 0, "step": 1}


class DaysField(forms.Field):
    """Days of effort in a month, to four decimal places; None when left empty."""

    widget = forms.NumberInput

    def to_python(self, value: Any) -> Decimal | None:
        if empty(value):
            return None
        result = decimal_of(value)
        if result < 0:
            raise ValidationError(f"{shown(value)} is negative: days cannot be.", code="negative")
        if result > MAX_DAYS:
            raise ValidationError(
                f"{shown(value)} days is more than {MAX_DAYS} in a month: check the figure.", code="implausible"
            )
        return result.quantize(FOUR_PLACES, rounding=ROUND_HALF_UP)

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        return {**super().widget_attrs(widget), "min": 0, "step": "any"}
