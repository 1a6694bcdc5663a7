"""The Categories sheet: the rows of Table 5 and of the effort figures (enquiry categories,
effort drivers, products, grades), each with its position and whether it is retired. An empty
database knows no figure's name until they are in: the Monthly figures sheet names them.
Checked by their screen's form (the admin's, on the name, position and retired fields), written
by opsreport.actions.set_row_label.
"""

from typing import Any

from django import forms
from django.db import models
from django.forms import modelform_factory

from helpdesk.models import EnquiryCategory
from opsreport.actions import set_row_label
from opsreport.models import EffortDriver, EffortProduct, Grade
from opsreport.register.plan import RegisterPlanner
from opsreport.register.sheets.records import NATURAL_KEYS, RecordSheet
from opsreport.workbook.cells import text, yes_no
from opsreport.workbook.plan import SheetReader
from opsreport.workbook.reading import CellValue
from opsreport.workbook.sheets import Column, Sheet

CATEGORIES = "Categories"
# A row label's model: the rows of Table 5 and of the effort figures.
LabelModel = type[EnquiryCategory | EffortDriver | EffortProduct | Grade]
# The sheet's kinds: {as the sheet names it: model}.
KINDS: dict[str, LabelModel] = {
    "Enquiry category": EnquiryCategory,
    "Effort driver": EffortDriver,
    "Product": EffortProduct,
    "Grade": Grade,
}
for _model in KINDS.values():
    NATURAL_KEYS[_model] = "name"

SHEET = Sheet(
    CATEGORIES,
    (
        Column("Kind", "kind", 18, "Category kind", "Enquiry category, Effort driver, Product or Grade."),
        Column("Name", "name", 44),
        Column("Position", "position", 10, note="Its place in its table: 1 first."),
        Column("Retired", "retired", 10, "Yes/No", "Yes for a row that takes no new figures but keeps its history."),
    ),
    "The rows of Table 5 (enquiry categories) and of the effort figures (drivers, products, grades).",
)


def rows() -> list[list[Any]]:
    return [
        [kind, row.name, row.position, "Yes" if row.retired else "No"]
        for kind, model in KINDS.items()
        for row in model._default_manager.order_by("position", "name")
    ]


def lists() -> dict[str, list[str]]:
    return {"Category kind": list(KINDS)}


class CategoriesSheet(RecordSheet):
    sheet = CATEGORIES
    model = EnquiryCategory
    key = "name"
    fields = ("position", "retired")
    what = "category"
    action = set_row_label

    def __init__(self, planner: RegisterPlanner, reader: SheetReader) -> None:
        super().__init__(planner, reader)
        self.by_kind: dict[type[models.Model], dict[str, Any]] = {m: self.on_record(m) for m in KINDS.values()}
        self.kinds = {kind.lower(): model for kind, model in KINDS.items()}

    def row_model(self, number: int, cells: dict[str, CellValue]) -> type[models.Model] | None:
        kind = text(cells["kind"])
        model = self.kinds.get(kind.lower())
        if model is None:
            choices = ", ".join(KINDS)
            self.reader.problem(
                number, "kind", f"Unknown kind {kind!r}: choose {choices}." if kind else f"Give the kind: {choices}."
            )
        return model

    def existing_of(self, model: type[models.Model]) -> dict[str, Any]:
        return self.by_kind[model]

    def form_for(self, model: type[models.Model]) -> type[forms.ModelForm]:
        return modelform_factory(model, fields=["name", "position", "retired"])

    def read(self, key: str, value: CellValue) -> Any:
        return yes_no(value) if key == "retired" else value

    def label(self, model: type[models.Model], name: str) -> str:
        kind = next(kind for kind, m in KINDS.items() if m is model)
        return f"{kind}: {name}"

    def write(
        self,
        number: int,
        model: type[models.Model],
        label: str,
        status: str,
        changes: list[tuple[str, str, str]],
        name: str,
        arguments: dict[str, Any],
    ) -> None:
        self.planner.row(
            self.sheet, number, label, status, changes, set_row_label, {"model": model, "name": name, **arguments}
        )


plan = CategoriesSheet.plan
