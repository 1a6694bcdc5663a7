"""The register's import: the file read by the month workbook's bounded reader, each sheet
planned by its module (opsreport/register/sheets/), and the plan rehearsed and written by the
month workbook's machinery (opsreport/workbook/plan.py, apply.py): one reader, one planner, one
transaction, the same preview.

An optional "Published figures" sheet holds figures as the papers already issued printed them:
the dry run compares them with what the data, as the import would leave them, give
(opsreport/register/reconcile.py), and lists each difference. A difference is not an error; a
row of that sheet that cannot be read is.

Rows are dated in their own terms (an accession in 2013, a paper of 2017): no row is bound to
a month. As in the month's workbook, an empty cell leaves what is on record as it is, and a
record the file leaves out is never deleted.
"""

import datetime
from typing import Any

from django.db import models

from opsreport.register import reconcile
from opsreport.register.sheets import module_for, sheets
from opsreport.workbook import reading
from opsreport.workbook.apply import rehearse
from opsreport.workbook.plan import Plan, SheetReader, SheetsPlanner
from opsreport.workbook.reading import Limits, Problem, Table
from opsreport.workbook.sheets import Sheet

# A register holds years of rows: ten times the June 2018 sample's (about 3,000 parties, ten
# years of monthly figures) fits well inside these. Still checked before anything is parsed.
LIMITS = Limits(
    upload_bytes=16 * 1024 * 1024,
    zip_members=80,
    member_bytes=160 * 1024 * 1024,
    unpacked_bytes=320 * 1024 * 1024,
    rows=60_000,
    columns=40,
    what="a register",
)


class RegisterPlanner(SheetsPlanner):
    """Plans a register: each sheet by its module's plan(planner, reader, table).

    Besides what every planner keeps (the plan, parties and roles by name), sheets share
    what the file itself records, for the sheets after them: `plan.new_parties` (parties the
    Parties sheet creates, {lower name: (name, category)}), `voting_groups` ({lower group
    name: (category, first row, name as first spelled)}) and `accessions` ({lower party name: date}) as the Parties sheet
    gives them."""

    period_name = "the register's dates"

    def __init__(self, source_name: str = "") -> None:
        self.sheets = sheets()
        super().__init__(Plan(None, source_name, heading=f"Register {source_name}".strip(), list_only_writes=True))
        self.voting_groups: dict[str, tuple[str, int, str]] = {}
        self.accessions: dict[str, datetime.date] = {}  # {lower party name: acceded on}, as the Parties sheet gives it
        # The records of other sheets as the file leaves them (a release a modification
        # targets, a committee a meeting is of): {Model: {lower key: record, saved or not}}
        # (opsreport/register/sheets/records.py).
        self.records: dict[type[models.Model], dict[str, Any]] = {}

    def plan_sheet(self, spec: Sheet, reader: SheetReader, table: Table) -> None:
        module_for(spec.name).plan(self, reader, table)


def refused(source_name: str, message: str) -> Plan:
    plan = Plan(None, source_name, heading=f"Register {source_name}".strip(), list_only_writes=True)
    plan.sheet_names = [sheet.name for sheet in sheets()]
    plan.errors.append(Problem(None, None, None, message))
    return plan


def build(data: bytes, source_name: str) -> Plan:
    """The plan for a register file's bytes, not yet rehearsed: read (bounded) and checked."""
    return read(data, source_name)[0]


def read(data: bytes, source_name: str) -> tuple[Plan, list[reconcile.PrintedFigure]]:
    """(the plan, the figures of its Published figures sheet, if it has one)."""
    if not source_name.lower().endswith(".xlsx"):
        return refused(source_name, "The register is an .xlsx workbook: upload the file as .xlsx."), []
    try:
        tables, problems = reading.read(data, source_name, limits=LIMITS)
    except reading.Unreadable as refusal:
        return refused(source_name, refusal.problem.message), []
    printed_sheet = tables.pop(reconcile.SHEET, None)
    plan = RegisterPlanner(source_name).build(tables, problems)
    printed: list[reconcile.PrintedFigure] = []
    if printed_sheet is not None:
        printed, unreadable = reconcile.read_sheet(printed_sheet)
        plan.errors.extend(unreadable)
    return plan, printed


def reconciled(plan: Plan, printed: list[reconcile.PrintedFigure]) -> None:
    """The differences between the figures printed and the data as they stand (inside the
    rehearsal's transaction: as the import would leave them)."""
    plan.compared, plan.differences = len(printed), reconcile.compare(printed)


def preview(data: bytes, source_name: str) -> Plan:
    """The dry-run plan of a register file: read, checked and rehearsed in a rolled-back
    transaction, so it also shows what the models refuse only as rows are written, and, with a
    Published figures sheet, where the data as imported differ from what the papers printed."""
    plan, printed = read(data, source_name)
    return rehearse(plan, then=(lambda: reconciled(plan, printed)) if printed else None)
