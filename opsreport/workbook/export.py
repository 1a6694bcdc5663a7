"""The month's workbook, pre-filled with the month's rows and their current values.

Every sheet lists what the month needs even when nothing is entered yet: the helpdesk's two
totals and each active enquiry category, each active effort driver, the website's row; the
meetings, membership events and completions already recorded for the month. Names typed in
the import are checked against the database; the drop-downs, fed by the Lists sheet, only
help to type them right.
"""

import datetime
import io
from typing import Any

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from helpdesk.models import EnquiryCategory, HelpdeskMonth
from meetings.models import Meeting
from opsreport.lib.months import last_day, month_key, month_label
from opsreport.models import EffortDriver, EffortEntry, WebsiteMonth
from opsreport.workbook.sheets import (
    APPLICANTS,
    COMPLETIONS,
    EFFORT,
    HELPDESK,
    LISTS,
    MAILBOX,
    MEETINGS,
    MEMBERSHIP,
    PAPER,
    README,
    SHEETS,
    SREPT,
    TELEPHONE,
    UEP,
    UEPT,
    WEBSITE,
    Sheet,
    applicants,
    paper,
    parts_carried_by,
    reference_lists,
)
from opsreport.workbook.sheets.meetings import meeting_cells
from parties.models import MembershipEvent, TestCompletion, TestKind, UEPCompletion

SPARE_ROWS = 60  # rows below the data that still offer the drop-downs
HEADER_FILL = PatternFill("solid", fgColor="DDE3EA")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def filename(month: datetime.date) -> str:
    return f"operations-report-{month_key(month)}.xlsx"


def workbook_bytes(month: datetime.date) -> bytes:
    """The month's workbook as XLSX bytes."""
    workbook = Workbook()
    readme = workbook.active
    assert isinstance(readme, Worksheet)  # a new workbook has one sheet, a worksheet
    write_readme(readme, month)
    lists = reference_lists()
    ranges = write_lists(workbook.create_sheet(LISTS), lists)
    rows = month_rows(month)
    for spec in SHEETS:
        write_sheet(workbook.create_sheet(spec.name, index=len(workbook.sheetnames) - 1), spec, rows[spec.name], ranges)
    workbook.active = 1
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def month_rows(month: datetime.date) -> dict[str, list[list[Any]]]:
    """{sheet name: [row values in the sheet's column order]} for the month, as it stands."""
    key = month_key(month)
    first, last = month, last_day(month)
    return {
        PAPER: paper.export_rows(month),
        APPLICANTS: applicants.export_rows(first, last),
        HELPDESK: helpdesk_rows(month, key),
        EFFORT: effort_rows(month, key),
        WEBSITE: website_rows(month, key),
        MEETINGS: meeting_rows(first, last),
        MEMBERSHIP: [
            [e.party.name, e.get_kind_display(), e.date, e.note, None]
            for e in MembershipEvent.objects.filter(date__range=(first, last)).select_related("party")
        ],
        COMPLETIONS: completion_rows(first, last),
    }


def helpdesk_rows(month: datetime.date, key: str) -> list[list[Any]]:
    helpdesk_month = HelpdeskMonth.objects.filter(month=month).first()
    tallies: dict[int, int] = {}
    if helpdesk_month:
        tallies = {t.category_id: t.emails for t in helpdesk_month.tallies.all()}
    rows: list[list[Any]] = [
        [key, TELEPHONE, helpdesk_month.telephone_enquiries if helpdesk_month else None],
        [key, MAILBOX, helpdesk_month.mailbox_total if helpdesk_month else None],
    ]
    for category in EnquiryCategory.objects.all():
        if not category.retired or category.pk in tallies:
            rows.append([key, category.name, tallies.get(category.pk)])
    return rows


def effort_rows(month: datetime.date, key: str) -> list[list[Any]]:
    entries = EffortEntry.objects.filter(effort_month__month=month).select_related("driver", "product", "grade")
    by_driver: dict[int, list[EffortEntry]] = {}
    for entry in entries:
        by_driver.setdefault(entry.driver_id, []).append(entry)
    rows: list[list[Any]] = []
    for driver in EffortDriver.objects.all():
        for entry in by_driver.get(driver.pk, []):
            rows.append(
                [
                    key,
                    driver.name,
                    entry.product and entry.product.name,
                    entry.grade and entry.grade.name,
                    float(entry.days),
                ]
            )
        if driver.pk not in by_driver and not driver.retired:
            rows.append([key, driver.name, None, None, None])
    return rows


def website_rows(month: datetime.date, key: str) -> list[list[Any]]:
    website = WebsiteMonth.objects.filter(month=month).first()
    figures = [f.attname for f in WebsiteMonth.figure_fields()]
    return [[key, *(getattr(website, name) if website else None for name in figures)]]


def meeting_rows(first: datetime.date, last: datetime.date) -> list[list[Any]]:
    meetings = (
        Meeting.objects.filter(dates__date__range=(first, last))
        .distinct()
        .select_related("committee")
        .prefetch_related("dates", "links", "decisions__modification")
        .order_by("committee__position", "pk")
    )
    return [meeting_cells(m) for m in meetings]


def completion_rows(first: datetime.date, last: datetime.date) -> list[list[Any]]:
    rows: list[list[Any]] = []
    for c in (
        UEPCompletion.objects.filter(completed_on__range=(first, last))
        .select_related("party")
        .prefetch_related("roles")
    ):
        rows.append([UEP, c.party.name, c.completed_on, ", ".join(r.name for r in c.roles.all()), None])
    tests = (
        TestCompletion.objects.filter(completed_on__range=(first, last))
        .select_related("party")
        .prefetch_related("roles")
    )
    for test in tests:
        kind = UEPT if test.kind == TestKind.UEPT else SREPT
        rows.append(
            [
                kind,
                test.party.name,
                test.completed_on,
                ", ".join(r.name for r in test.roles.all()),
                test.get_classification_display(),
            ]
        )
    return rows


def write_readme(sheet: Worksheet, month: datetime.date) -> None:
    sheet.title = README
    sheet.column_dimensions["A"].width = 24
    sheet.column_dimensions["B"].width = 100
    lines = [
        (f"SECAS Operations Report: the workbook for {month_label(month)}", None),
        ("Month", month_key(month)),
        ("Exported", timezone.localtime().strftime("%d/%m/%Y %H:%M")),
        (None, None),
        (
            "How to use it",
            "Fill in or correct the figures on each sheet, save as .xlsx (no macros, no formulas), and "
            "upload it on the month's page (Import the workbook). A preview shows each row that will be created, "
            "changed or left alone, and every error with its sheet, row and column; nothing is written until you confirm, "
            "and then all of it is written or none of it.",
        ),
        (
            "Empty cells",
            "An empty cell leaves the figure as it is. Removing a row does not delete anything: delete in the admin.",
        ),
        (
            "Names",
            "Categories, drivers, parties, committees and roles must be typed as the Lists sheet spells them "
            "(the drop-downs offer them).",
        ),
        ("Dates", "DD/MM/YYYY, within the month. Keep the Month column as it is."),
        (None, None),
    ]
    for spec in SHEETS:
        carried = "; ".join(part.heading for part in parts_carried_by(spec.name))
        lines.append((spec.name, f"{spec.about} In the paper: {carried}." if carried else spec.about))
        for column in spec.columns:
            if column.note:
                lines.append((f"  {column.header}", column.note))
    for number, row in enumerate(lines, start=1):
        for index, value in enumerate(row, start=1):
            if value is not None:
                put(sheet, number, index, value)
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["B2"].number_format = "@"
    for cells in sheet.iter_rows(min_row=5):
        cells[1].alignment = Alignment(wrap_text=True, vertical="top")
        if cells[0].value and not str(cells[0].value).startswith(" "):
            cells[0].font = Font(bold=True)


def put(sheet: Worksheet, row: int, column: int, value: Any) -> Cell:
    """The one way a value goes into a cell of ours: text is always a text cell, never a
    formula, whatever it starts with (openpyxl writes a string beginning with "=" as a live
    formula), so a name like =HYPERLINK(…) comes back from the workbook as typed."""
    cell = sheet.cell(row=row, column=column, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
    return cell


def write_lists(sheet: Worksheet, lists: dict[str, list[str]]) -> dict[str, str]:
    """One column per reference list; returns {list name: absolute range} for the drop-downs."""
    ranges: dict[str, str] = {}
    for index, (name, values) in enumerate(lists.items(), start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = max([len(name), *(len(v) for v in values)] + [10]) + 2
        cell = put(sheet, 1, index, name)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        for row, value in enumerate(values, start=2):
            put(sheet, row, index, value)
        if values:
            ranges[name] = f"{quote_sheetname(LISTS)}!${letter}$2:${letter}${len(values) + 1}"
    sheet.freeze_panes = "A2"
    return ranges


def write_sheet(sheet: Worksheet, spec: Sheet, rows: list[list[Any]], ranges: dict[str, str]) -> None:
    for index, column in enumerate(spec.columns, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = column.width
        header = put(sheet, 1, index, column.header)
        header.font = Font(bold=True)
        header.fill = HEADER_FILL
    for number, values in enumerate(rows, start=2):
        for index, value in enumerate(values, start=1):
            put(sheet, number, index, value)
    last_row = len(rows) + 1 + SPARE_ROWS
    for index, column in enumerate(spec.columns, start=1):
        letter = get_column_letter(index)
        for (cell,) in sheet.iter_rows(min_row=2, max_row=len(rows) + 1, min_col=index, max_col=index):
            if column.key in ("month", "name", "roles", "summary", "note", "dates", "links", "modifications"):
                cell.number_format = "@"  # text, so a spreadsheet does not turn 2018-07 into a date
            elif column.key == "date" or isinstance(cell.value, datetime.date):
                cell.number_format = "DD/MM/YYYY"
            elif column.key == "days":
                cell.number_format = "0.0000"
            if column.key in ("summary", "note", "value", "links"):
                cell.alignment = Alignment(wrap_text=True, vertical="top")
        if column.choices in ranges:
            validation = DataValidation(type="list", formula1=ranges[column.choices], allow_blank=True)
            # A warning, not a stop: a party acceding in the Membership sheet of the same file is
            # not on the Lists sheet yet, and the import checks every name against the database.
            validation.error = (
                f"Not a {column.header.lower()} on the Lists sheet: keep it only if this workbook "
                "creates it (a party acceding in the Membership sheet); the import checks it."
            )
            validation.errorTitle = column.header
            validation.errorStyle = "warning"
            validation.showErrorMessage = True
            sheet.add_data_validation(validation)
            validation.add(f"{letter}2:{letter}{last_row}")
    sheet.freeze_panes = "A2"
