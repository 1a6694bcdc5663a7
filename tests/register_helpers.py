"""Helpers for the register's tests (tests/test_register_*.py): the register's bytes edited as
a person would in a spreadsheet, its sheets' values, and an import that must be clean."""

import io
from collections.abc import Callable
from typing import Any

from openpyxl import Workbook, load_workbook

from opsreport.register import plan as register_plan
from opsreport.workbook.apply import apply
from opsreport.workbook.plan import Plan


def edited(data: bytes, edit: Callable[[Workbook], Any]) -> bytes:
    """The workbook bytes after edit(openpyxl workbook)."""
    workbook = load_workbook(io.BytesIO(data))
    edit(workbook)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def sheet_rows(data: bytes, name: str) -> list[list[Any]]:
    """A sheet's rows as lists of cell values, the header first."""
    workbook = load_workbook(io.BytesIO(data))
    return [list(row) for row in workbook[name].iter_rows(values_only=True)]


def set_cells(data: bytes, sheet: str, cells: dict[str, Any]) -> bytes:
    """The workbook with cells of one sheet set: {"B2": "Big Supplier"}."""

    def edit(workbook: Workbook) -> None:
        for cell, value in cells.items():
            workbook[sheet][cell] = value

    return edited(data, edit)


def append_rows(data: bytes, sheet: str, rows: list[list[Any]]) -> bytes:
    """The workbook with rows added under a sheet's last filled row."""

    def edit(workbook: Workbook) -> None:
        worksheet = workbook[sheet]
        last = max(
            (cell.row for row in worksheet.iter_rows() for cell in row if cell.value not in (None, "")), default=1
        )
        for offset, values in enumerate(rows, start=1):
            for column, value in enumerate(values, start=1):
                worksheet.cell(row=last + offset, column=column, value=value)

    return edited(data, edit)


def import_register(data: bytes, name: str = "register.xlsx") -> Plan:
    """Preview and write a register that must be clean: fails the test with its errors otherwise."""
    plan = register_plan.preview(data, name)
    assert not plan.errors, "\n".join(str(e) for e in plan.errors)
    apply(plan, None, name)
    return plan
