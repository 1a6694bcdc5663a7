"""Month arithmetic. A month is the date of its first day; nothing here touches the database."""

import calendar
import datetime
import re

# ASCII digits only: \d would also match Arabic-Indic or full-width digits.
MONTH_KEY_PATTERN = r"[0-9]{4}-[0-9]{2}"
_MONTH_KEY = re.compile(r"([0-9]{4})-([0-9]{2})")
FIRST_YEAR, LAST_YEAR = 1990, 2999
EARLIEST_MONTH = datetime.date(FIRST_YEAR, 1, 1)


def first_of_month(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def add_months(month: datetime.date, n: int) -> datetime.date:
    """The month n months after (or before, for negative n) the given month."""
    index = month.year * 12 + (month.month - 1) + n
    return datetime.date(index // 12, index % 12 + 1, 1)


def last_day(month: datetime.date) -> datetime.date:
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


def months_between(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    """Every month from first to last, both included, oldest first."""
    months = []
    month = first_of_month(first)
    while month <= last:
        months.append(month)
        month = add_months(month, 1)
    return months


def window(last_month: datetime.date, count: int) -> list[datetime.date]:
    """The `count` months ending with last_month, oldest first (a 12- or 13-month table)."""
    return months_between(add_months(last_month, -(count - 1)), last_month)


def parse_month_key(key: str | None) -> datetime.date:
    """'2018-06' -> date(2018, 6, 1); ValueError for anything else."""
    match = _MONTH_KEY.fullmatch(key or "")  # fullmatch: no trailing newline slips through
    if not match:
        raise ValueError(f"{key!r} is not a month written as YYYY-MM")
    year, month = int(match.group(1)), int(match.group(2))
    if not 1 <= month <= 12:
        raise ValueError(f"{key!r} has no month {month}")
    if not FIRST_YEAR <= year <= LAST_YEAR:
        # Far-off years would overflow the month arithmetic of the windows around them.
        raise ValueError(f"{key!r} is outside {FIRST_YEAR} to {LAST_YEAR}")
    return datetime.date(year, month, 1)


def latest_month_allowed(today: datetime.date) -> datetime.date:
    """The last month a figure may be entered for: a year after this one (papers are planned
    ahead; a year like 9999 is a typing slip that would break every window around it)."""
    return add_months(first_of_month(today), 12)


def month_key(month: datetime.date) -> str:
    return month.strftime("%Y-%m")


def month_label(month: datetime.date) -> str:
    """'June 2018', as the paper names a month."""
    return month.strftime("%B %Y")


def short_label(month: datetime.date) -> str:
    """'Jun-18', as the paper heads a table column."""
    return month.strftime("%b-%y")


def since_last_panel(
    last_panel_date: datetime.date | None,
    month: datetime.date,
    issue_date: datetime.date,
    previous_issue_date: datetime.date | None = None,
) -> tuple[datetime.date, datetime.date]:
    """The period "since the last SEC Panel meeting", as (first day, last day), both included.

    It runs up to the paper's date of issue. It starts the day after the previous paper was
    issued, so that consecutive papers leave no days unreported between one paper's issue
    and the next Panel meeting; with no previous paper on record, the day after the last
    Panel meeting before the paper's own (June 2018: 16/06/2018 to 06/07/2018); with neither,
    the paper's month stands in. The words that say which of these it is are
    opsreport.paper.assembly.since_words: the paper prints them with the dates.
    """
    if previous_issue_date is not None:
        return previous_issue_date + datetime.timedelta(days=1), max(issue_date, previous_issue_date)
    if last_panel_date is None:
        return month, last_day(month)
    return last_panel_date + datetime.timedelta(days=1), max(issue_date, last_panel_date)


class MonthConverter:
    """The `<month:month>` URL part: exactly YYYY-MM in ASCII digits, given to views as a date.

    A month outside the limits of parse_month_key does not match, so the URL answers 404.
    """

    regex = MONTH_KEY_PATTERN

    def to_python(self, value: str) -> datetime.date:
        return parse_month_key(value)  # ValueError: Django treats the URL as not matching

    def to_url(self, value: datetime.date | str) -> str:
        return value if isinstance(value, str) else month_key(value)
