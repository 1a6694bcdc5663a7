"""The Helpdesk sheet: the month's telephone enquiries, mailbox total and emails by category,
read with the helpdesk screen's forms (helpdesk/forms.py) and written by
opsreport.actions.set_helpdesk_figures."""

from helpdesk.forms import EmailTallyForm, HelpdeskMonthForm
from helpdesk.models import EnquiryCategory, HelpdeskMonth
from opsreport.actions import set_helpdesk_figures
from opsreport.workbook.cells import by_name, figure, text
from opsreport.workbook.plan import Planner, SheetReader
from opsreport.workbook.reading import CellValue, Problem, Table
from opsreport.workbook.sheets import HELPDESK, MAILBOX, TELEPHONE

# The sheet's two figures that are not categories: {lower name: (field, label)}.
FIXED = {TELEPHONE.lower(): ("telephone_enquiries", TELEPHONE), MAILBOX.lower(): ("mailbox_total", MAILBOX)}


class HelpdeskSheet:
    def __init__(self, planner: Planner, reader: SheetReader) -> None:
        self.planner, self.reader = planner, reader
        self.month = HelpdeskMonth.objects.filter(month=planner.month).prefetch_related("tallies").first()
        self.tallies = {t.category_id: t for t in self.month.tallies.all()} if self.month else {}
        self.categories = by_name(EnquiryCategory.objects.all())
        self.seen: dict[str, int] = {}
        # The month's figures as they will stand, for the check of the mailbox against its categories.
        self.emails = {pk: t.emails for pk, t in self.tallies.items()}
        # (the mailbox total, the row that gives it)
        self.mailbox: tuple[int | None, int | None] = (self.month.mailbox_total if self.month else None, None)

    def plan_row(self, number: int, values: list[CellValue]) -> None:
        reader = self.reader
        cells = reader.cells(values)
        if not self.planner.check_month(reader, number, cells["month"]):
            return
        name = text(cells["figure"])
        fixed = FIXED.get(name.lower())
        field = HelpdeskMonthForm.base_fields[fixed[0]] if fixed else EmailTallyForm.base_fields["emails"]
        value, ok = reader.parse(number, cells, "count", figure, field)
        if not name:
            reader.problem(number, "figure", "Name the figure: a category, or one of the two totals.")
            return
        if self.planner.duplicate(reader, self.seen, name.lower(), number, "figure", name) or not ok:
            return
        if fixed:
            self.plan_fixed(number, *fixed, value)
        else:
            self.plan_tally(number, name, value)

    def plan_fixed(self, number: int, attr: str, label: str, value: int | None) -> None:
        old = getattr(self.month, attr) if self.month else None
        if attr == "mailbox_total":
            self.mailbox = (old if value is None else value, number)
        arguments = {"month": self.planner.month, "figures": {attr: value}}
        self.planner.compare(
            HELPDESK, number, label, self.month is not None, old, value, set_helpdesk_figures, arguments
        )

    def plan_tally(self, number: int, name: str, value: int | None) -> None:
        category = self.categories.get(name.lower())
        if category is None:
            self.reader.problem(
                number, "figure", f"Unknown enquiry category {name!r}: choose one from the Lists sheet."
            )
            return
        tally = self.tallies.get(category.pk)
        if category.retired and tally is None and value is not None:
            self.reader.problem(number, "figure", f"{category.name} is retired and takes no new tallies.")
            return
        if value is not None:
            self.emails[category.pk] = value
        arguments = {"month": self.planner.month, "tallies": {category.pk: value}}
        old = tally.emails if tally else None
        self.planner.compare(
            HELPDESK, number, category.name, tally is not None, old, value, set_helpdesk_figures, arguments
        )

    def warn_if_apart(self) -> None:
        """The categories should add up to the mailbox total: a warning, as on the screen."""
        total, row = self.mailbox
        if total is None or not self.emails or sum(self.emails.values()) == total:
            return
        self.planner.plan.warnings.append(
            Problem(
                HELPDESK,
                row,
                self.reader.column_name("count") if row else None,
                f"The categories add up to {sum(self.emails.values()):,} emails; the mailbox total is {total:,}. "
                "The import goes ahead; the paper lists the difference as a finding until it is corrected.",
            )
        )


def plan(planner: Planner, reader: SheetReader, table: Table) -> None:
    sheet = HelpdeskSheet(planner, reader)
    for number, values in table.rows:
        sheet.plan_row(number, values)
    sheet.warn_if_apart()
