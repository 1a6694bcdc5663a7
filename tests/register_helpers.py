"""Helpers for the register's tests (tests/test_register_*.py): the register's bytes edited as
a person would in a spreadsheet, its sheets' values, and an import that must be clean."""

import datetime
import io
from collections.abc import Callable
from typing import Any

from openpyxl import Workbook, load_workbook

from opsreport.models import Appendix, Paper
from opsreport.register import plan as register_plan
from opsreport.register.sheets.papers import HEADERS
from opsreport.workbook.apply import apply
from opsreport.workbook.plan import Plan
from parties.models import Applicant, MembershipEvent, Party, TestCompletion, UEPCompletion, VotingGroup
from parties.reports import membership_statistics
from tests.base import JUNE_2018


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


FIRST_MONTH = datetime.date(2013, 11, 1)


def figures() -> list:
    """Table 3's and Figure 1's figures for every month from the first accession to June 2018."""
    return [
        (
            m.month,
            m.accessions,
            m.in_default,
            m.withdrawals,
            m.expulsions,
            m.parties,
            m.voting_groups,
            m.groups_by_category,
        )
        for m in membership_statistics(FIRST_MONTH, JUNE_2018)
    ]


def records() -> dict[str, list]:
    """What the register carries, as values (no ids): equal before an export and after its import."""
    paper_fields = ["month", *HEADERS]
    return {
        "parties": sorted(Party.objects.values_list("name", "voting_group__name", "voting_group__category", "is_dcc")),
        "groups": sorted(VotingGroup.objects.values_list("name", "category")),
        "events": sorted(MembershipEvent.objects.values_list("party__name", "kind", "date", "note")),
        "applicants": sorted(
            Applicant.objects.values_list("name", "category", "applied_on", "acceded_on", "party__name")
        ),
        "uep": sorted(
            (c.party.name, c.completed_on, sorted(r.name for r in c.roles.all())) for c in UEPCompletion.objects.all()
        ),
        "tests": sorted(
            (c.kind, c.party.name, c.completed_on, c.classification, sorted(r.name for r in c.roles.all()))
            for c in TestCompletion.objects.all()
        ),
        "papers": list(Paper.objects.order_by("month").values_list(*paper_fields)),
        "appendices": sorted(
            Appendix.objects.values_list("paper__month", "letter", "title", "classification", "content")
        ),
    }
