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


# The one rounding rule for every figure the application prints, exports or compares: decimal,
# half up, as a spreadsheet rounds, at the precision the paper prints. Days are kept to four
# decimals and summed at full precision; a figure is rounded once, where it is shown, and a
# change between two months is the difference of the two printed figures (the dashboard).
# Never Python's round() or format(value, ".2f"): they round half to even (98.125 -> 98.12).
DAYS_PLACES = Decimal("0.01")


def printed_days(value: Decimal | int | float | str | None) -> Decimal | None:
    """Days as the paper prints them, as a Decimal: Decimal('98.125') -> Decimal('98.13'); None stays None."""
    if value is None:
        return None
    return Decimal(value if not isinstance(value, float) else str(value)).quantize(DAYS_PLACES, rounding=ROUND_HALF_UP)


def days(value: Decimal | int | float | str | None) -> str:
    """Two decimals, rounded half up as a spreadsheet does: Decimal('500.866') -> '500.87'."""
    return "" if value is None else str(printed_days(value))


def figure(value: Decimal | int | float | None) -> str:
    """A figure as the paper prints it, for the dashboard: a count as '7,120', days as '500.87'."""
    if value is None:
        return ""
    if isinstance(value, int):
        return thousands(value)
    return days(value)


def number_word(n: int) -> str:
    """'three' for the narrative's small counts; digits from ten up."""
    words = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
    return words[n] if 0 <= n < len(words) else str(n)


def plural(n: int, one: str, many: str | None = None) -> str:
    """'1 meeting', '1,234 emails', '2 parties' (with many='parties')."""
    return f"{thousands(n)} {one if n == 1 else (many or one + 's')}"
