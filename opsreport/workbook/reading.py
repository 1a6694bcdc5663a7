"""An uploaded workbook as plain tables, after checking it is safe to open at all.

Everything a hostile or mistaken file could do to the server is bounded here, BEFORE any
parser sees it: the upload's size; for an XLSX, that it is a zip at all, how many members it
has and how big each one says it unpacks to (zipfile stops inflating a member at its declared
size, so a member that lies about it is cut short, not unpacked without end); macros
(vbaProject.bin, a macro-enabled content type or an .xlsm name) are refused outright. Only
then does openpyxl open it, read-only, and formula cells are refused: a formula's value is
whatever the spreadsheet last computed, which openpyxl cannot check, and the import takes only
what was typed. A CSV holds one sheet, named by the caller or by the file's name.
"""

import codecs
import csv
import datetime
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePath

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._read_only import ReadOnlyWorksheet  # what a workbook opened read-only holds

from opsreport.workbook.sheets import README, SHEETS

MAX_UPLOAD_BYTES = 2 * 1024 * 1024  # a full month's workbook is about 30 kB
MAX_ZIP_MEMBERS = 60  # an XLSX of ours has about 15
MAX_MEMBER_BYTES = 16 * 1024 * 1024  # unpacked, each
MAX_UNPACKED_BYTES = 32 * 1024 * 1024  # unpacked, all together
MAX_ROWS = 3000  # per sheet, header included
MAX_COLUMNS = 30


@dataclass(frozen=True)
class Limits:
    """How much of a file the reader takes, checked before anything is parsed: the month's
    workbook's (MONTH) or the register's (opsreport/register), which holds years of rows."""

    upload_bytes: int = MAX_UPLOAD_BYTES
    zip_members: int = MAX_ZIP_MEMBERS
    member_bytes: int = MAX_MEMBER_BYTES
    unpacked_bytes: int = MAX_UNPACKED_BYTES
    rows: int = MAX_ROWS
    columns: int = MAX_COLUMNS
    what: str = "a workbook"  # as the refusals name the file


MONTH = Limits()

# A cell's value as typed: what openpyxl reads (text, a number, a date and time, a yes/no) or a
# CSV's text; None for an empty cell.
CellValue = str | int | float | bool | datetime.datetime | datetime.date | datetime.time | None
# One row of a sheet: its row number and its cells' values, left to right.
Row = tuple[int, list[CellValue]]


@dataclass(frozen=True)
class Problem:
    """An error the editor can find: the sheet, the row and the column it is in, and why."""

    sheet: str | None
    row: int | None
    column: str | None  # "C (Count)"
    message: str

    def __str__(self) -> str:
        where = ", ".join(
            part
            for part in (
                self.sheet or "",
                f"row {self.row}" if self.row else "",
                f"column {self.column}" if self.column else "",
            )
            if part
        )
        return f"{where}: {self.message}" if where else self.message


class Unreadable(Exception):
    """The file cannot be read as a workbook at all; nothing in it was looked at."""

    def __init__(
        self, message: str, sheet: str | None = None, row: int | None = None, column: str | None = None
    ) -> None:
        super().__init__(message)
        self.problem = Problem(sheet, row, column, message)


@dataclass
class Table:
    """One sheet: its header row and its rows, as (row number, [cell values]). Cell values are
    what was typed: str, int, float, datetime, bool or None."""

    name: str
    header: list[str]
    rows: list[Row] = field(default_factory=list)
    readme_month: CellValue = None  # README's month cell, for the README sheet only


def read(
    data: bytes, filename: str, sheet: str | None = None, limits: Limits = MONTH
) -> tuple[dict[str, Table], list[Problem]]:
    """({sheet name: Table}, [Problem]) for an uploaded file's bytes.

    Raises Unreadable when the file as a whole is refused (too big, not a workbook, macros,
    a zip bomb); problems in single cells (formulas) come back with the tables.
    """
    if len(data) > limits.upload_bytes:
        raise Unreadable(
            f"The file is {len(data) // 1024} kB; {limits.what} may be at most {limits.upload_bytes // 1024} kB."
        )
    suffix = PurePath(filename or "").suffix.lower()
    if suffix == ".csv":
        return read_csv(data, sheet or sheet_from_filename(filename), limits)
    if suffix in {".xlsm", ".xltm", ".xlsb", ".xls"}:
        raise Unreadable(f"A {suffix} file is refused: upload the month's workbook as .xlsx, without macros.")
    check_zip(data, limits)
    return read_xlsx(data, limits)


def sheet_from_filename(filename: str) -> str:
    """The sheet a CSV file's name stands for: "helpdesk.csv", "July helpdesk.csv" or
    "2018-07-helpdesk.csv" are the Helpdesk sheet (its last word, any case)."""
    stem = PurePath(filename or "").stem.lower()
    for sheet in SHEETS:
        name = sheet.name.lower()
        if stem == name or stem.endswith((f"-{name}", f"_{name}", f" {name}")):
            return sheet.name
    names = ", ".join(sheet.name for sheet in SHEETS)
    raise Unreadable(f"Cannot tell which sheet {filename!r} holds: name the file after one of {names}.")


def check_zip(data: bytes, limits: Limits = MONTH) -> None:
    """Refuse what is not a plain XLSX before anything unpacks it (see the module's docstring)."""
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise Unreadable(
            "This is not an XLSX workbook (an XLSX file is a zip archive). Save it as .xlsx and try again."
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as error:
        raise Unreadable(f"The workbook is damaged: {error}.") from error
    if len(members) > limits.zip_members:
        raise Unreadable(f"The workbook holds {len(members)} files; an XLSX of this report holds far fewer.")
    total = 0
    for member in members:
        name = member.filename.lower()
        if name.endswith("vbaproject.bin") or name.endswith(".bin") and "vba" in name:
            raise Unreadable("The workbook contains macros: save it as a plain .xlsx workbook without macros.")
        if member.file_size > limits.member_bytes:
            raise Unreadable(f"The workbook's part {member.filename} unpacks to {member.file_size:,} bytes: refused.")
        total += member.file_size
    if total > limits.unpacked_bytes:
        raise Unreadable(f"The workbook unpacks to {total:,} bytes: refused.")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        try:
            types = archive.read("[Content_Types].xml")
        except KeyError:
            raise Unreadable("This zip archive is not an XLSX workbook (it has no [Content_Types].xml).") from None
    if b"macroEnabled" in types or b"vbaProject" in types:
        raise Unreadable("The workbook contains macros: save it as a plain .xlsx workbook without macros.")


def read_xlsx(data: bytes, limits: Limits = MONTH) -> tuple[dict[str, Table], list[Problem]]:
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False, keep_links=False)
    except Exception as error:
        raise Unreadable(f"The workbook cannot be opened: {error}.") from error
    tables: dict[str, Table] = {}
    problems: list[Problem] = []
    try:
        for worksheet in workbook.worksheets:
            tables[worksheet.title] = _read_sheet(worksheet, problems, limits)
    except Exception as error:  # read-only sheets are parsed only now: damaged XML, a bad cell type
        raise Unreadable(f"The workbook cannot be read: {error}.") from error
    finally:
        workbook.close()
    return tables, problems


def _read_sheet(worksheet: ReadOnlyWorksheet, problems: list[Problem], limits: Limits) -> Table:
    name = worksheet.title
    rows: list[Row] = []
    # Bounded: a stray cell at row 1,000,000 or column XFD is not padded out to meet.
    # (openpyxl's stubs copy Worksheet.iter_rows onto ReadOnlyWorksheet still bound to Worksheet.)
    bounded = worksheet.iter_rows(max_row=limits.rows + 1, max_col=limits.columns)  # type: ignore[misc]
    for number, cells in enumerate(bounded, start=1):
        if number > limits.rows:
            problems.append(Problem(name, number, None, f"A sheet may have at most {limits.rows - 1} rows."))
            break
        values: list[CellValue] = []
        for index, cell in enumerate(cells[: limits.columns]):
            value = getattr(cell, "value", None)
            if getattr(cell, "data_type", None) == "f":
                letter = get_column_letter(index + 1)
                problems.append(
                    Problem(name, number, letter, "This cell holds a formula: type the figure itself, not a formula.")
                )
                value = None
            values.append(value)
        while values and values[-1] in (None, ""):
            values.pop()
        rows.append((number, values))
    table = Table(name, [])
    if name == README:
        table.rows = rows
        table.readme_month = next((r[1][1] for r in rows if len(r[1]) > 1 and str(r[1][0]).strip() == "Month"), None)
        return table
    body = [(number, values) for number, values in rows if any(v not in (None, "") for v in values)]
    if body:
        table.header = [str(v).strip() if v is not None else "" for v in body[0][1]]
        table.rows = [(number, values) for number, values in body[1:]]
    return table


def read_csv(data: bytes, sheet: str, limits: Limits = MONTH) -> tuple[dict[str, Table], list[Problem]]:
    """One sheet from a CSV file (UTF-8, with or without its byte-order mark, Windows-1252, or
    UTF-16 with its byte-order mark)."""
    delimiter = ","
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        # Excel's "Unicode text": UTF-16 with its byte-order mark, and tabs between the cells.
        text = data.decode("utf-16", errors="replace")
        if "\t" in text.partition("\n")[0]:
            delimiter = "\t"
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("cp1252", errors="replace")  # what Excel writes for "CSV" on Windows
    if "\x00" in text:
        raise Unreadable("This is not a CSV file: it holds binary data.")
    tables_problems: list[Problem] = []
    rows: list[Row] = []
    try:
        for number, line in enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), start=1):
            if number > limits.rows:
                tables_problems.append(
                    Problem(sheet, number, None, f"A sheet may have at most {limits.rows - 1} rows.")
                )
                break
            values: list[str | None] = [v if v.strip() else None for v in line[: limits.columns]]
            for index, value in enumerate(values):
                if value is not None and value.lstrip().startswith("="):
                    letter = get_column_letter(index + 1)
                    tables_problems.append(
                        Problem(
                            sheet, number, letter, "This cell holds a formula: type the figure itself, not a formula."
                        )
                    )
                    values[index] = None
            if any(v is not None for v in values):
                rows.append((number, [*values]))
    except csv.Error as error:
        raise Unreadable(f"The CSV file cannot be read: {error}.", sheet=sheet) from error
    table = Table(sheet, [])
    if rows:
        table.header = [str(v).strip() if v is not None else "" for v in rows[0][1]]
        table.rows = rows[1:]
    return {sheet: table}, tables_problems


def as_date(value: CellValue) -> datetime.date:
    """A date typed in a cell: a spreadsheet date, DD/MM/YYYY or YYYY-MM-DD. ValueError otherwise."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = str(value).strip()
    for pattern in ("%d/%m/%Y", "%Y-%m-%d", "%d/%m/%y"):
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(f"{text!r} is not a date written as DD/MM/YYYY")
