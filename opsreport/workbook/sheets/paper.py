"""The Paper sheet: the front page's dates and the four highlights, one Field and Value a row.

The paper has no screen form of its own (the admin edits it), so the Paper model's own
validation checks the values together, as the admin's form would: a copy of the paper with
the sheet's values is full_clean()ed, and each error lands on the row of its field. Every
changed field is written by one call of opsreport.actions.set_paper_fields, so two dates moved
together are checked together.
"""

import copy as copying
import datetime
from typing import Any

from django.core.exceptions import ValidationError

from opsreport.actions import set_paper_fields, start_month
from opsreport.lib.months import add_months, month_label
from opsreport.models import Paper
from opsreport.month.start import carried_over
from opsreport.workbook.cells import blank, required_date, show, text
from opsreport.workbook.plan import CHANGE, CREATE, EMPTY, SAME, Planner, SheetReader, ref
from opsreport.workbook.reading import Problem
from opsreport.workbook.sheets import PAPER, PAPER_DATES, PAPER_FIELDS

FIELDS = {name.lower(): attr for name, attr in PAPER_FIELDS}
HEADINGS = {attr: name for name, attr in PAPER_FIELDS}


def value_of(attr: str, cell: Any) -> Any:
    """The cell as the Paper field `attr` holds it; None for an empty cell (left as it is)."""
    if blank(cell):
        return None
    if attr in PAPER_DATES:
        return required_date(cell)
    # One line ending, so the paragraphs split as the screen's (CR LF from a textarea) do.
    return text(cell).replace("\r\n", "\n")


class PaperSheet:
    def __init__(self, planner: Planner, reader: SheetReader) -> None:
        self.planner, self.reader = planner, reader
        self.paper = Paper.objects.filter(month=planner.month).first()
        self.values: dict[str, Any] = {}  # {Paper field: new value}
        self.rows: dict[str, int] = {}  # {Paper field: its row}
        self.seen: dict[Any, int] = {}

    def read_row(self, number: int, values: list[Any]) -> None:
        cells = self.reader.cells(values)
        name = text(cells["field"])
        attr = FIELDS.get(name.lower())
        if attr is None:
            if name or not blank(cells["value"]):
                expected = ", ".join(heading for heading, _ in PAPER_FIELDS)
                what = f"Unknown field {name!r}" if name else "Name the field"
                self.reader.problem(number, "field", f"{what}: expected {expected}.")
            return
        if self.planner.duplicate(self.reader, self.seen, attr, number, "field", HEADINGS[attr]):
            return
        self.rows[attr] = number
        value, good = self.reader.parse(number, cells, "value", value_of, attr)
        if good and value is not None:
            self.values[attr] = value

    def plan(self) -> None:
        if not self.values:
            for attr, number in self.rows.items():
                self.planner.row(PAPER, number, HEADINGS[attr], SAME if self.paper else EMPTY)
            return
        first = min(self.rows[attr] for attr in self.values)
        starting = self.paper is None
        if starting and not self.plan_start(first):
            return
        # A paper the import starts shows every value it is given, even one it would carry over.
        changed = {attr: v for attr, v in self.values.items() if starting or v != getattr(self.paper, attr)}
        if not self.valid(changed):
            return
        for attr, number in self.rows.items():
            if attr not in changed:
                self.planner.row(PAPER, number, HEADINGS[attr], SAME)
        if changed:
            self.plan_change(changed)

    def plan_start(self, number: int) -> bool:
        """The month's paper is not started: the import starts it, with what Start next month
        carries over from the month before's (opsreport.actions.start_month). False if it cannot."""
        month = self.planner.month
        previous = Paper.objects.filter(month=add_months(month, -1)).first()
        if previous is None:
            self.reader.problem(
                number,
                None,
                f"The paper for {month_label(month)} is not started and the month before has none to carry over "
                "from: create it in the admin, then import the workbook again.",
            )
            return False
        fields, _ = carried_over(previous)
        self.paper = Paper(**fields)
        said = (
            f"The paper for {month_label(month)} is not started: this import starts it, with what Start next "
            f"month carries over from {month_label(previous.month)}'s (SEC Panel meeting "
            f"{self.paper.panel_meeting_number}, paper {self.paper.paper_number})."
        )
        self.planner.plan.warnings.append(Problem(PAPER, number, None, said))
        changes = [("paper", "—", f"{month_label(month)}, carried over from {month_label(previous.month)}")]
        arguments = {"month": month}
        self.planner.row(PAPER, number, f"{month_label(month)}'s paper", CREATE, changes, start_month, arguments)
        return True

    def valid(self, changed: dict[str, Any]) -> bool:
        """The paper's own validation of the new values together; errors on their fields' rows."""
        assert self.paper is not None
        copy = copying.copy(self.paper)
        for attr, value in changed.items():
            setattr(copy, attr, value)
        try:
            copy.full_clean(validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            for attr, messages in error.message_dict.items():
                number = self.rows.get(attr) or min(self.rows[a] for a in changed)
                self.reader.problem(number, "value" if attr in self.rows else None, " ".join(messages))
            return False
        return True

    def plan_change(self, changed: dict[str, Any]) -> None:
        paper = self.paper
        assert paper is not None
        started = paper.pk is not None  # else the import starts it: nothing was there before
        changes = [
            (HEADINGS[attr], show(getattr(paper, attr) if started else None), show(value))
            for attr, value in changed.items()
        ]
        number = min(self.rows[attr] for attr in changed)
        label = ", ".join(HEADINGS[attr] for attr in changed)
        arguments = {"paper": ref(Paper, month=self.planner.month), **changed}
        # After the start, if the import starts the paper.
        self.planner.row(PAPER, number, label, CHANGE, changes, set_paper_fields, arguments, phase=1)


def plan(planner: Planner, reader: SheetReader, table: Any) -> None:
    sheet = PaperSheet(planner, reader)
    for number, values in table.rows:
        sheet.read_row(number, values)
    sheet.plan()


def export_rows(month: datetime.date) -> list[list[Any]]:
    """The sheet's rows, pre-filled with what the paper holds (values empty if not started)."""
    paper = Paper.objects.filter(month=month).first()
    return [[name, getattr(paper, attr) if paper else None] for name, attr in PAPER_FIELDS]
