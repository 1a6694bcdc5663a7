"""Reading one cell: text, dates, yes/no, and how the preview shows a value.

Figures (counts, days) are read by the screens' own form fields (opsreport/lib/forms.py,
through each sheet's form), so a cell and a screen refuse the same values in the same words.
"""

import datetime
from collections.abc import Iterable
from decimal import Decimal
from typing import Any, TypeVar

from django import forms
from django.core.exceptions import ValidationError
from django.db import models

from opsreport.lib.forms import empty
from opsreport.workbook import reading
from opsreport.workbook.reading import CellValue

M = TypeVar("M", bound=models.Model)


class CellError(ValueError):
    pass


def blank(value: Any) -> bool:
    return empty(value)


def text(value: CellValue) -> str:
    if blank(value):
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def figure(field: forms.Field, value: CellValue) -> Any:
    """A figure read by a screen's form field, or None for an empty cell (which leaves the
    figure as it is); CellError with the field's own message."""
    if blank(value):
        return None
    try:
        return field.clean(value)
    except ValidationError as error:
        raise CellError(" ".join(error.messages)) from None


def show(value: Any) -> str:
    """A value as the preview prints it."""
    if value is None or value == "":
        return "—"
    if isinstance(value, datetime.date):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def by_name(objects: Iterable[M], *attrs: str) -> dict[str, M]:
    """{lower-case name: record} over one or more name attributes."""
    index: dict[str, M] = {}
    for obj in objects:
        for attr in attrs or ("name",):
            name = getattr(obj, attr, "")
            if name:
                index.setdefault(str(name).strip().lower(), obj)
    return index


def required_date(value: CellValue) -> datetime.date:
    if blank(value):
        raise CellError("Give the date, as DD/MM/YYYY.")
    return reading.as_date(value)


def parse_dates(value: CellValue) -> list[datetime.date]:
    if blank(value):
        raise CellError("Give the meeting's date, as DD/MM/YYYY (several separated by commas).")
    if isinstance(value, datetime.date):
        return [reading.as_date(value)]
    parts = [p.strip() for p in str(value).replace(";", ",").replace("\n", ",").split(",") if p.strip()]
    return sorted({reading.as_date(p) for p in parts})


def yes_no(value: CellValue) -> bool:
    if blank(value):
        return False
    if isinstance(value, bool):
        return value
    answer = text(value).lower()
    if answer in ("yes", "y", "true", "1"):
        return True
    if answer in ("no", "n", "false", "0"):
        return False
    raise CellError(f"{text(value)!r}: answer Yes or No.")


def optional_date(value: CellValue) -> datetime.date | None:
    """A date, or None for an empty cell."""
    if blank(value):
        return None
    return reading.as_date(value)


def optional_text(value: CellValue) -> str | None:
    """Text, or None for an empty cell (which leaves what is on record as it is)."""
    return None if blank(value) else text(value).replace("\r\n", "\n")


def choice(value: CellValue, options: list[tuple[str, str]], what: str, required: bool = True) -> str | None:
    """The value of a choice typed as its label or its value (`options`: [(value, label)], as a
    TextChoices' .choices); None for an empty cell that may be empty; CellError naming the
    choices otherwise."""
    typed = text(value)
    if not typed:
        if required:
            raise CellError(f"Give the {what}.")
        return None
    for option, label in options:
        if typed.lower() in (str(option).lower(), str(label).lower()):
            return option
    labels = ", ".join(str(label) for _, label in options)
    raise CellError(f"Unknown {what} {typed!r}: choose {labels}.")
