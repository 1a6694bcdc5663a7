"""The Applicants sheet: applications received in the month, for Table 1.

The applicant has no screen form of its own (the admin adds one), so the Applicant model's
validation checks each row, as the admin's form would; opsreport.actions.record_application
writes it. An applicant planned here can accede in the Membership sheet of the same file: it
is noted in the plan (`Plan.new_applicants`) for that sheet to find.
"""

import datetime
from typing import Any

from opsreport.actions import record_application
from opsreport.workbook.cells import text
from opsreport.workbook.plan import CREATE, SAME, Planner, SheetReader
from opsreport.workbook.sheets import APPLICANTS
from opsreport.workbook.sheets.membership import choices, model_errors
from parties.models import Applicant, PartyCategory

COLUMNS = {"name": "name", "category": "category", "applied_on": "date"}


class ApplicantsSheet:
    def __init__(self, planner: Planner, reader: SheetReader) -> None:
        self.planner, self.reader = planner, reader
        self.categories = choices(PartyCategory)
        applicants = Applicant.objects.filter(applied_on__range=(planner.month, planner.last))
        self.existing = {(a.name.strip().lower(), a.applied_on): a for a in applicants}
        self.seen: dict[Any, int] = {}

    def read(self, number: int, cells: dict[str, Any]) -> Applicant | None:
        """The row as an unsaved Applicant, or None with its problems recorded."""
        reader, ok = self.reader, True
        name = text(cells["name"])
        if not name:
            reader.problem(number, "name", "Name the applicant.")
            ok = False
        category_name = text(cells["category"])
        category = self.categories.get(category_name.lower())
        if category is None:
            reader.problem(
                number,
                "category",
                f"Unknown party category {category_name!r}: choose one from the Lists sheet."
                if category_name
                else "Give the applicant's party category.",
            )
            ok = False
        date, good = self.planner.date_in_month(reader, number, cells)
        if not ok or not good or category is None or date is None:
            return None
        return Applicant(name=name, category=category, applied_on=date)

    def plan_row(self, number: int, values: list[Any]) -> None:
        applicant = self.read(number, self.reader.cells(values))
        if applicant is None:
            return
        key = (applicant.name.lower(), applicant.applied_on)
        if self.planner.duplicate(self.reader, self.seen, key, number, "name", applicant.name):
            return
        existing = self.existing.get(key)
        if existing is not None:
            self.plan_existing(number, applicant, existing)
            return
        errors = model_errors(applicant)
        if errors:
            self.reader.form_errors(number, errors, COLUMNS)
            return
        self.planner.plan.new_applicants[applicant.name.lower()] = applicant
        changes = [
            ("category", "—", applicant.get_category_display()),
            ("applied on", "—", f"{applicant.applied_on:%d/%m/%Y}"),
        ]
        arguments = {"name": applicant.name, "category": applicant.category, "applied_on": applicant.applied_on}
        self.planner.row(APPLICANTS, number, applicant.name, CREATE, changes, record_application, arguments)

    def plan_existing(self, number: int, applicant: Applicant, existing: Applicant) -> None:
        """An applicant already recorded for that date: unchanged, or a category to correct in the admin."""
        if applicant.category != existing.category:
            self.reader.problem(
                number,
                "category",
                f"{existing.name} is recorded as {existing.get_category_display()}: correct the applicant "
                "in the admin, or leave the category as it is.",
            )
            return
        self.planner.row(APPLICANTS, number, existing.name, SAME)


def plan(planner: Planner, reader: SheetReader, table: Any) -> None:
    sheet = ApplicantsSheet(planner, reader)
    for number, values in table.rows:
        sheet.plan_row(number, values)


def export_rows(month: datetime.date, last: datetime.date) -> list[list[Any]]:
    """The applications received in the month, as recorded."""
    applicants = Applicant.objects.filter(applied_on__range=(month, last))
    return [[a.name, a.get_category_display(), a.applied_on] for a in applicants]
