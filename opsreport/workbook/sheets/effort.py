"""The Effort sheet: the month's days by driver, product and grade, read with the effort
screen's form (opsreport/forms.py) and written by opsreport.actions.set_effort_entries."""

from typing import Any

from opsreport.actions import set_effort_entries
from opsreport.forms import EffortEntryForm
from opsreport.models import EffortDriver, EffortMonth, EffortProduct, Grade
from opsreport.workbook.cells import by_name, figure, text
from opsreport.workbook.plan import Planner, SheetReader
from opsreport.workbook.reading import CellValue, Table
from opsreport.workbook.sheets import EFFORT

LABELS = (("driver", EffortDriver, "effort driver"), ("product", EffortProduct, "product"), ("grade", Grade, "grade"))


class EffortSheet:
    def __init__(self, planner: Planner, reader: SheetReader) -> None:
        self.planner, self.reader = planner, reader
        effort_month = EffortMonth.objects.filter(month=planner.month).first()
        self.entries = {}
        if effort_month:
            for entry in effort_month.entries.all():
                self.entries[(entry.driver_id, entry.product_id, entry.grade_id)] = entry
        self.names = {key: by_name(model.objects.all()) for key, model, _ in LABELS}
        self.seen: dict[Any, int] = {}

    def labels(self, number: int, cells: dict[str, CellValue]) -> tuple[dict[str, Any], bool]:
        """The row's driver, product and grade, each known by name: ({key: object or None}, ok)."""
        found, ok = {}, True
        for key, _, what in LABELS:
            name = text(cells[key])
            found[key] = self.names[key].get(name.lower()) if name else None
            if name and found[key] is None:
                self.reader.problem(number, key, f"Unknown {what} {name!r}: choose one from the Lists sheet.")
                ok = False
        return found, ok

    def plan_row(self, number: int, values: list[CellValue]) -> None:
        reader = self.reader
        cells = reader.cells(values)
        if not self.planner.check_month(reader, number, cells["month"]):
            return
        value, ok = reader.parse(number, cells, "days", figure, EffortEntryForm.base_fields["days"])
        found, known = self.labels(number, cells)
        if not text(cells["driver"]):
            reader.problem(number, "driver", "Name the effort driver.")
            return
        if not ok or not known:
            return
        driver, product, grade = found["driver"], found["product"], found["grade"]
        key = (driver.pk, product.pk if product else None, grade.pk if grade else None)
        label = " · ".join(str(x) for x in (driver, product, grade) if x)
        if self.planner.duplicate(reader, self.seen, key, number, "driver", label):
            return
        entry = self.entries.get(key)
        retired = [x for x in (driver, product, grade) if x and x.retired]
        if retired and entry is None and value is not None:
            reader.problem(number, "driver", f"{retired[0]} is retired and takes no new days.")
            return
        arguments = {"month": self.planner.month, "entries": {key: value}}
        old = entry.days if entry else None
        self.planner.compare(EFFORT, number, label, entry is not None, old, value, set_effort_entries, arguments)


def plan(planner: Planner, reader: SheetReader, table: Table) -> None:
    sheet = EffortSheet(planner, reader)
    for number, values in table.rows:
        sheet.plan_row(number, values)
