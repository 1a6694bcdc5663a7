"""The register as an XLSX workbook: a README, one sheet per kind of record with every record
the database holds (or none, for the empty template), the optional Published figures sheet with
its headings only (figures as the old papers printed them, for the team to fill in:
opsreport/register/reconcile.py), and the Lists sheet that feeds the drop-downs. Written with the month workbook's writers (opsreport/workbook/export.py), so a text
cell is always text, whatever it starts with.
"""

import io

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

from opsreport.register import reconcile
from opsreport.register.sheets import modules, reference_lists
from opsreport.workbook.export import put, write_lists, write_sheet
from opsreport.workbook.sheets import LISTS, README

FILENAME = "register.xlsx"
TEMPLATE_FILENAME = "register-template.xlsx"


def register_bytes(template: bool = False) -> bytes:
    """The register as XLSX bytes: every record on record, or (`template`) the headings, the
    lists and the README only."""
    workbook = Workbook()
    readme = workbook.active
    assert isinstance(readme, Worksheet)  # a new workbook has one sheet, a worksheet
    write_readme(readme, template)
    ranges = write_lists(workbook.create_sheet(LISTS), reference_lists())
    for module in modules():
        sheet = workbook.create_sheet(module.SHEET.name, index=len(workbook.sheetnames) - 1)
        write_sheet(sheet, module.SHEET, [] if template else module.rows(), ranges)
    printed = workbook.create_sheet(reconcile.SHEET, index=len(workbook.sheetnames) - 1)
    write_sheet(printed, reconcile.COLUMNS, [], ranges)  # the team's to fill in: never exported
    workbook.active = 1
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def write_readme(sheet: Worksheet, template: bool) -> None:
    sheet.title = README
    sheet.column_dimensions["A"].width = 24
    sheet.column_dimensions["B"].width = 100
    what = "the empty template" if template else "everything on record"
    lines: list[tuple[str | None, str | None]] = [
        (f"SECAS Operations Report: the register ({what})", None),
        ("Exported", timezone.localtime().strftime("%d/%m/%Y %H:%M")),
        (None, None),
        (
            "What it is",
            "Everything the paper and the dashboard read, one sheet per kind of record, each row dated in its "
            "own terms (not a month's). Fill it in, save it as .xlsx (no macros, no formulas) and import it: "
            "python manage.py import_register register.xlsx --dry-run, or the approver's Register page.",
        ),
        (
            "Import",
            "A preview shows each row that will be created, changed or left alone, and every error with its "
            "sheet, row and column; nothing is written until you confirm, and then all of it or none of it. "
            "Importing the same file twice changes nothing.",
        ),
        (
            "Empty cells",
            "An empty cell leaves what is on record as it is. A record the file leaves out is never deleted: "
            "delete in the admin.",
        ),
        ("Names", "Categories, parties and roles as the Lists sheet spells them (the drop-downs offer them)."),
        ("Dates", "DD/MM/YYYY; months as YYYY-MM."),
        (None, None),
    ]
    for module in modules():
        lines.append((module.SHEET.name, module.SHEET.about))
        lines += [(f"  {column.header}", column.note) for column in module.SHEET.columns if column.note]
    printed = reconcile.COLUMNS
    lines.append(
        (
            f"{printed.name} (optional)",
            f"{printed.about} Each difference is listed by the import's preview; "
            "it is not an error. The approver accepts each with a note on the Published figures page.",
        )
    )
    lines += [(f"  {column.header}", column.note) for column in printed.columns if column.note]
    for number, row in enumerate(lines, start=1):
        for index, value in enumerate(row, start=1):
            if value is not None:
                put(sheet, number, index, value)
    sheet["A1"].font = Font(bold=True, size=14)
    for cells in sheet.iter_rows(min_row=4):
        cells[1].alignment = Alignment(wrap_text=True, vertical="top")
        if cells[0].value and not str(cells[0].value).startswith(" "):
            cells[0].font = Font(bold=True)
