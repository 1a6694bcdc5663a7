"""The Website sheet: the month's one row of website figures, read with the website screen's
form (opsreport/forms.py) and written by opsreport.actions.set_website_figures."""

from typing import cast

from django import forms
from django.utils.text import capfirst

from opsreport.actions import set_website_figures
from opsreport.forms import WebsiteMonthForm
from opsreport.lib.months import month_label
from opsreport.models import WebsiteMonth
from opsreport.workbook.cells import figure, show
from opsreport.workbook.plan import CHANGE, CREATE, EMPTY, SAME, Planner, SheetReader
from opsreport.workbook.reading import CellValue, Table
from opsreport.workbook.sheets import WEBSITE

# (field, its header) for each of the month's figures: the model's, in its order.
FIELDS = [(f.name, capfirst(f.verbose_name)) for f in WebsiteMonth.figure_fields()]
REQUIRED = [f.name for f in WebsiteMonth.figure_fields() if not f.null]
# The screen's form fields: opsreport/forms.py makes the form with type() (a field per figure),
# which mypy reads as a plain class.
FORM_FIELDS = cast("type[forms.ModelForm[WebsiteMonth]]", WebsiteMonthForm).base_fields


def read_figures(reader: SheetReader, number: int, cells: dict[str, CellValue]) -> dict[str, int] | None:
    """{field: figure} for the cells filled in, or None if one is refused."""
    given, ok = {}, True
    for attr, _ in FIELDS:
        value, good = reader.parse(number, cells, attr, figure, FORM_FIELDS[attr])
        ok = ok and good
        if value is not None:
            given[attr] = value
    return given if ok else None


def plan_row(
    planner: Planner, reader: SheetReader, website: WebsiteMonth | None, number: int, cells: dict[str, CellValue]
) -> None:
    label = month_label(planner.month)
    given = read_figures(reader, number, cells)
    if given is None:
        return
    if not given:
        planner.row(WEBSITE, number, label, SAME if website else EMPTY)
        return
    if website is None:
        missing = [attr for attr in REQUIRED if attr not in given]
        needed = " and ".join(name for attr, name in FIELDS if attr in REQUIRED).capitalize()
        for attr in missing:
            reader.problem(number, attr, f"{needed} are both needed to enter the month's website figures.")
        if missing:
            return
    changes = [
        (name, show(getattr(website, attr, None)), show(given[attr]))
        for attr, name in FIELDS
        if attr in given and getattr(website, attr, None) != given[attr]
    ]
    if not changes:
        planner.row(WEBSITE, number, label, SAME)
        return
    status = CHANGE if website else CREATE
    planner.row(WEBSITE, number, label, status, changes, set_website_figures, {"month": planner.month, **given})


def plan(planner: Planner, reader: SheetReader, table: Table) -> None:
    website = WebsiteMonth.objects.filter(month=planner.month).first()
    first = None
    for number, values in table.rows:
        cells = reader.cells(values)
        if not planner.check_month(reader, number, cells["month"]):
            continue
        if first is not None:
            reader.problem(number, "month", f"Duplicate row: the month's website figures are already on row {first}.")
            continue
        first = number
        plan_row(planner, reader, website, number, cells)
