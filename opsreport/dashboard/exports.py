"""Tables as CSV and XLSX downloads; text a spreadsheet could run as a formula is never one.

In a CSV every cell is typed by the spreadsheet that opens it, so text starting with a formula
trigger gets OWASP's leading apostrophe. An XLSX cell says its own type: text is written as a
text cell, which no spreadsheet evaluates, and keeps its exact characters (no apostrophe)."""

import csv
import datetime
import io
from decimal import Decimal

from django.http import HttpResponse
from django.utils.http import content_disposition_header
from openpyxl import Workbook
from openpyxl.styles import Font

# A cell starting with one of these is read as a formula (or DDE) by Excel, LibreOffice, Sheets.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def escape_cell(value):
    """Text starting with a formula trigger gets a leading apostrophe; numbers and dates pass."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def _plain(value):
    if value is None:
        return ""
    if isinstance(value, (int, float, Decimal, datetime.date)):
        return value
    return str(value)


def rows_of(table):
    """The header and every row of a django-tables2 table (all pages), as plain cell values:
    numbers, dates and text as typed (each format escapes text its own way)."""
    return [[_plain(cell) for cell in row] for row in table.as_values()]


def csv_bytes(rows):
    out = io.StringIO()
    writer = csv.writer(out)
    for row in rows:
        writer.writerow([cell.isoformat() if isinstance(cell, datetime.date) else escape_cell(cell) for cell in row])
    # A BOM so Excel reads the file as UTF-8 (party names have accents).
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def xlsx_bytes(rows, title):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    for row in rows:
        # Decimal is written as a number; anything else that is not a number stays text.
        sheet.append([float(c) if isinstance(c, Decimal) else c for c in row])
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str):
                # openpyxl takes text starting with "=" for a formula: it is a text cell.
                cell.data_type = "s"
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def download(rows, filename, fmt, title):
    if fmt == "xlsx":
        response = HttpResponse(xlsx_bytes(rows, title), content_type=XLSX_TYPE)
        filename += ".xlsx"
    else:
        response = HttpResponse(csv_bytes(rows), content_type="text/csv; charset=utf-8")
        filename += ".csv"
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
