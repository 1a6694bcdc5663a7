"""Numbers and dates as the paper prints them. Pure functions, shared by templates and tests."""

import datetime
from decimal import ROUND_HALF_UP, Decimal


def ordinal(n: int) -> str:
    if 10 <= n % 100 <= 20:
        return f"{n}th"
    return f"{n}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th') }"


def long_date(day: datetime.date) -> str:
    """'6th July 2018', as the front page dates the paper."""
    return f"{ordinal(day.day)} {day:%B %Y}"


def short_date(day: datetime.date) -> str:
    """'18/06/2018', as the tables date things."""
    return f"{day:%d/%m/%Y}"


def thousands(value: int | None) -> str:
    """'2,118'; an empty cell for a missing figure."""
    return "" if value is None else f"{value:,}"


def days(value: Decimal | int | str | None) -> str:
    """Two decimals, rounded half up as a spreadsheet does: Decimal('500.866') -> '500.87'."""
    if value is None:
        return ""
    return str(Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def figure(value: Decimal | int | float | None) -> str:
    """A figure as the paper prints it, for the dashboard: a count as '7,120', days as '500.87'."""
    if value is None:
        return ""
    if isinstance(value, int):
        return thousands(value)
    return days(Decimal(str(value)))


def number_word(n: int) -> str:
    """'three' for the narrative's small counts; digits from ten up."""
    words = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
    return words[n] if 0 <= n < len(words) else str(n)


def plural(n: int, one: str, many: str | None = None) -> str:
    """'1 meeting', '1,234 emails', '2 parties' (with many='parties')."""
    return f"{thousands(n)} {one if n == 1 else (many or one + 's')}"
