"""The Completions sheet: every UEP and testing (UEPT, SREPT) completion on record, with its
DCC user roles and (testing only) classification.

The month's workbook has the same sheet, bound to its month; the register plans it with the
same code (opsreport/workbook/sheets/completions.py: the completion screens' forms check each
row, opsreport.actions.record_completion and update_completion write it), over every date.
"""

import datetime
from typing import Any

from opsreport.register.plan import RegisterPlanner
from opsreport.workbook.export import completion_rows
from opsreport.workbook.plan import SheetReader
from opsreport.workbook.reading import Table
from opsreport.workbook.sheets import COMPLETIONS, SHEETS, Column, Sheet
from opsreport.workbook.sheets import completions as month_sheet

_MONTH = next(sheet for sheet in SHEETS if sheet.name == COMPLETIONS)
SHEET = Sheet(
    COMPLETIONS,
    tuple(
        Column(c.header, c.key, c.width, c.choices, "DD/MM/YYYY." if c.key == "date" else c.note)
        for c in _MONTH.columns
    ),
    "Every User Entry Process and entry-process testing completion, with its DCC user roles.",
)


def plan(planner: RegisterPlanner, reader: SheetReader, table: Table) -> None:
    month_sheet.plan(planner, reader, table)


def rows() -> list[list[Any]]:
    return completion_rows(datetime.date.min, datetime.date.max)
