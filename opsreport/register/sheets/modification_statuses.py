"""The Modification statuses sheet: each status a modification held from a date, its history as
typed, checked by the status screen's form (meetings/forms.py: the modification's status
history) and written by opsreport.actions.record_status.

A status that a meeting's decision set is not a row here: the Meetings sheet's decision sets it
again. This sheet is written after the Meetings sheet, so on a day with such a decision a status
typed here is recorded after it and is the one that counts that day (meetings.models.
StatusChange), as a status typed the same day after the meeting would.
"""

from typing import Any

from meetings.forms import StatusChangeForm
from meetings.models import Modification, ModificationStatus, StatusChange
from opsreport.actions import record_status
from opsreport.register.plan import RegisterPlanner
from opsreport.register.sheets.records import as_argument, choice_of, known
from opsreport.workbook.cells import by_name, required_date, show, text
from opsreport.workbook.plan import CREATE, SAME, SheetReader
from opsreport.workbook.reading import CellValue, Table
from opsreport.workbook.sheets import Column, Sheet

STATUSES = "Modification statuses"
read_status = choice_of(ModificationStatus, "status")

SHEET = Sheet(
    STATUSES,
    (
        Column("Reference", "reference", 12, "Modification"),
        Column("Status", "status", 22, "Modification status"),
        Column("From", "date", 12, note="DD/MM/YYYY: the status holds from this day on."),
    ),
    "Each modification's status history as typed (a meeting's decision on the Meetings sheet sets its own); "
    "on a day with a decision, a status typed here counts after it.",
)


def rows() -> list[list[Any]]:
    """The statuses typed into each modification's history, in the order they were recorded."""
    changes = (
        StatusChange.objects.filter(decision__isnull=True)
        .select_related("modification")
        .order_by("modification__reference", "date", "pk")
    )
    return [[c.modification.reference, c.get_status_display(), c.date] for c in changes]


def lists() -> dict[str, list[str]]:
    return {"Modification status": [str(label) for label in ModificationStatus.labels]}


class StatusesSheet:
    def __init__(self, planner: RegisterPlanner, reader: SheetReader) -> None:
        self.planner, self.reader = planner, reader
        self.modifications = by_name(Modification.objects.all(), "reference")
        typed = StatusChange.objects.filter(decision__isnull=True).values_list("modification_id", "status", "date")
        self.existing = set(typed)
        self.seen: dict[Any, int] = {}

    def plan_row(self, number: int, values: list[CellValue]) -> None:
        reader = self.reader
        cells = reader.cells(values)
        reference = text(cells["reference"]).upper()
        modification = known(self.planner, Modification, self.modifications, reference) if reference else None
        if modification is None:
            unknown = f"Unknown modification {reference!r}: give it a row on the Modifications sheet."
            reader.problem(number, "reference", unknown if reference else "Give the modification's reference.")
        status, good_status = reader.parse(number, cells, "status", read_status)
        date, good_date = reader.parse(number, cells, "date", required_date)
        if modification is None or not good_status or not good_date:
            return
        form = StatusChangeForm({"status": status, "date": date})
        if not form.is_valid():
            reader.form_errors(number, form.errors, {"status": "status", "date": "date"})
            return
        label = f"{modification.reference}: {ModificationStatus(status).label} from {show(date)}"
        key = (modification.reference, status, date)
        if self.planner.duplicate(reader, self.seen, key, number, "reference", label):
            return
        if modification.pk is not None and (modification.pk, status, date) in self.existing:
            self.planner.row(STATUSES, number, label, SAME)
            return
        arguments = {"modification": as_argument(modification), "status": status, "date": date}
        changes = [("status", "—", str(ModificationStatus(status).label)), ("from", "—", show(date))]
        self.planner.row(STATUSES, number, label, CREATE, changes, record_status, arguments)


def plan(planner: RegisterPlanner, reader: SheetReader, table: Table) -> None:
    sheet = StatusesSheet(planner, reader)
    for number, values in table.rows:
        sheet.plan_row(number, values)
