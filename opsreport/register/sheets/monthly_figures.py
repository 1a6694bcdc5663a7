"""The Monthly figures sheet: one figure of one month a row, `2018-06 | Helpdesk: Telephone enquiries | 123`.
A figure is named by its part and its name:

- `Helpdesk: Telephone enquiries`, `Helpdesk: Emails to the SECAS mailbox`, and
  `Helpdesk: <enquiry category>` for that category's emails;
- `Effort: <driver>` for the driver's days, with the Product and Grade columns where the days
  are by product or grade;
- `Website: <figure>` for each of the website's figures (WebsiteMonth.figure_fields(): Visits,
  Page views, New visitors, Returning visitors).

Each value is read by the field of the month screen's form that reads it there (helpdesk/forms.py,
opsreport/forms.py) and written by the action the month's workbook uses (set_helpdesk_figures
through set_email_tally, set_effort_entries through set_effort_days, set_website_figures). A
retired category's history is taken: the register is history.
"""

import datetime
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import capfirst

from helpdesk.forms import EmailTallyForm, HelpdeskMonthForm
from helpdesk.models import EnquiryCategory, HelpdeskMonth
from opsreport.actions import set_effort_days, set_email_tally, set_helpdesk_figures, set_website_figures
from opsreport.forms import EffortEntryForm, WebsiteMonthForm
from opsreport.lib.fields import validate_month_in_range
from opsreport.lib.months import month_key, parse_month_key
from opsreport.models import EffortDriver, EffortEntry, EffortProduct, Grade, WebsiteMonth
from opsreport.register.plan import RegisterPlanner
from opsreport.register.sheets.categories import KINDS, LabelModel
from opsreport.register.sheets.records import as_argument, known
from opsreport.workbook.cells import CellError, blank, by_name, figure, text
from opsreport.workbook.plan import EMPTY, PlannedRow, SheetReader
from opsreport.workbook.reading import CellValue, Problem, Table
from opsreport.workbook.sheets import MAILBOX, TELEPHONE, Column, Sheet

MONTHLY_FIGURES = "Monthly figures"
HELPDESK, EFFORT, WEBSITE = "Helpdesk", "Effort", "Website"
# The helpdesk's figures that are not categories: {lower name: (HelpdeskMonth field, name)}.
HELPDESK_FIXED = {TELEPHONE.lower(): ("telephone_enquiries", TELEPHONE), MAILBOX.lower(): ("mailbox_total", MAILBOX)}
# The website's figures: {lower name: (WebsiteMonth field, name)}, the model's, in its order.
WEBSITE_FIGURES = {
    str(capfirst(f.verbose_name)).lower(): (f.name, str(capfirst(f.verbose_name))) for f in WebsiteMonth.figure_fields()
}
WEBSITE_REQUIRED = [f.name for f in WebsiteMonth.figure_fields() if not f.null]
# The month screens' form fields that read each value.
WEBSITE_FIELDS = cast("type[forms.ModelForm[WebsiteMonth]]", WebsiteMonthForm).base_fields

SHEET = Sheet(
    MONTHLY_FIGURES,
    (
        Column("Month", "month", 10, note="YYYY-MM."),
        Column(
            "Figure",
            "figure",
            50,
            "Monthly figure",
            f"{HELPDESK}: {TELEPHONE}, {HELPDESK}: {MAILBOX}, {HELPDESK}: an enquiry category (its emails), "
            f"{EFFORT}: a driver (its days), or {WEBSITE}: "
            + ", ".join(str(capfirst(f.verbose_name)) for f in WebsiteMonth.figure_fields())
            + ".",
        ),
        Column("Value", "value", 12, note="A whole number; effort in days, up to four decimals."),
        Column("Product", "product", 24, "Product", "Effort only; optional."),
        Column("Grade", "grade", 16, "Grade", "Effort only; optional."),
    ),
    "Every month's helpdesk, effort and website figures, one figure a row.",
)


def figure_names() -> list[str]:
    """Every figure name the Monthly figures sheet takes, for its drop-down."""
    return [
        *(f"{HELPDESK}: {name}" for name in (TELEPHONE, MAILBOX)),
        *(f"{HELPDESK}: {name}" for name in EnquiryCategory.objects.values_list("name", flat=True)),
        *(f"{EFFORT}: {name}" for name in EffortDriver.objects.values_list("name", flat=True)),
        *(f"{WEBSITE}: {name}" for _, name in WEBSITE_FIGURES.values()),
    ]


def rows() -> list[list[Any]]:
    """Every month's figures, month by month: the helpdesk's, the effort's, the website's."""
    rows: dict[datetime.date, list[list[Any]]] = {}
    for helpdesk in HelpdeskMonth.objects.prefetch_related("tallies__category").order_by("month"):
        key, out = month_key(helpdesk.month), rows.setdefault(helpdesk.month, [])
        for name, value in ((TELEPHONE, helpdesk.telephone_enquiries), (MAILBOX, helpdesk.mailbox_total)):
            if value is not None:
                out.append([key, f"{HELPDESK}: {name}", value, None, None])
        out += [[key, f"{HELPDESK}: {t.category.name}", t.emails, None, None] for t in helpdesk.tallies.all()]
    entries = EffortEntry.objects.select_related("effort_month", "driver", "product", "grade").order_by(
        "effort_month__month", "driver__position", "driver__name", "product__position", "grade__position", "pk"
    )
    for entry in entries:
        rows.setdefault(entry.effort_month.month, []).append(
            [
                month_key(entry.effort_month.month),
                f"{EFFORT}: {entry.driver.name}",
                float(entry.days),
                entry.product.name if entry.product else None,
                entry.grade.name if entry.grade else None,
            ]
        )
    for website in WebsiteMonth.objects.order_by("month"):
        for attr, name in WEBSITE_FIGURES.values():
            value = getattr(website, attr)
            if value is not None:
                rows.setdefault(website.month, []).append(
                    [month_key(website.month), f"{WEBSITE}: {name}", value, None, None]
                )
    return [row for month in sorted(rows) for row in rows[month]]


def lists() -> dict[str, list[str]]:
    return {
        "Monthly figure": figure_names(),
        "Product": list(EffortProduct.objects.values_list("name", flat=True)),
        "Grade": list(Grade.objects.values_list("name", flat=True)),
    }


def read_month(value: CellValue) -> datetime.date:
    """A Month cell: YYYY-MM (or a date a spreadsheet made of it), in the months that take figures."""
    if blank(value):
        raise CellError("Give the month, as YYYY-MM.")
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        month = value.replace(day=1)  # a spreadsheet that turned 2018-06 into a date
    else:
        month = parse_month_key(text(value))  # ValueError: its message names what is wrong
    try:
        validate_month_in_range(month)
    except ValidationError as error:
        raise CellError(" ".join(error.messages)) from None
    return month


class MonthlyFiguresSheet:
    def __init__(self, planner: RegisterPlanner, reader: SheetReader) -> None:
        self.planner, self.reader = planner, reader
        self.helpdesk = {h.month: h for h in HelpdeskMonth.objects.prefetch_related("tallies")}
        self.tallies = {(h.month, t.category_id): t.emails for h in self.helpdesk.values() for t in h.tallies.all()}
        self.effort = {
            (e.effort_month.month, e.driver_id, e.product_id, e.grade_id): e.days
            for e in EffortEntry.objects.select_related("effort_month")
        }
        self.website = {w.month: w for w in WebsiteMonth.objects.all()}
        self.labels = {model: by_name(model._default_manager.all()) for model in KINDS.values()}
        # The website rows of months not on record: {month: [(row, field, value, planned row)]}.
        self.new_website: dict[datetime.date, list[tuple[int, str, int | None, PlannedRow]]] = {}
        self.seen: dict[Any, int] = {}

    def label_of(self, model: LabelModel, name: str) -> Any:
        return known(self.planner, model, self.labels[model], name)

    def plan_row(self, number: int, values: list[CellValue]) -> None:
        cells = self.reader.cells(values)
        month, good = self.reader.parse(number, cells, "month", read_month)
        part, name = self.figure(number, cells)
        if part is None:
            return
        if part != EFFORT:
            for key in ("product", "grade"):
                if not blank(cells[key]):
                    message = f"Only an effort figure has a {key}: leave it empty for {part}: {name}."
                    self.reader.problem(number, key, message)
                    good = False
        if not good or month is None:
            return
        planners = {HELPDESK: self.plan_helpdesk, EFFORT: self.plan_effort, WEBSITE: self.plan_website}
        planners[part](number, month, name, cells)

    def figure(self, number: int, cells: dict[str, CellValue]) -> tuple[str | None, str]:
        """The Figure cell as (its part: Helpdesk, Effort or Website, the name after it), or
        (None, "") with the problem recorded."""
        typed = text(cells["figure"])
        part, _, name = typed.partition(":")
        parts = {p.lower(): p for p in (HELPDESK, EFFORT, WEBSITE)}
        found = parts.get(part.strip().lower())
        if found is None or not name.strip():
            self.reader.problem(
                number,
                "figure",
                f"Unknown figure {typed!r}: write {HELPDESK}: …, {EFFORT}: … or {WEBSITE}: … (the Lists sheet has them)."
                if typed
                else "Name the figure, e.g. Helpdesk: Telephone enquiries.",
            )
            return None, ""
        return found, " ".join(name.split())

    def value(self, number: int, cells: dict[str, CellValue], field: forms.Field) -> tuple[Any, bool]:
        return self.reader.parse(number, cells, "value", figure, field)

    def plan_helpdesk(self, number: int, month: datetime.date, name: str, cells: dict[str, CellValue]) -> None:
        fixed = HELPDESK_FIXED.get(name.lower())
        if fixed is not None:
            self.plan_helpdesk_total(number, month, *fixed, cells)
            return
        category = self.label_of(EnquiryCategory, name)
        if category is None:
            self.reader.problem(
                number, "figure", f"Unknown enquiry category {name!r}: give it a row on the Categories sheet."
            )
            return
        value, good = self.value(number, cells, EmailTallyForm.base_fields["emails"])
        label = f"{month_key(month)} {HELPDESK}: {category.name}"
        key = (month, HELPDESK, category.name.lower())
        if not good or self.planner.duplicate(self.reader, self.seen, key, number, "figure", label):
            return
        old = self.tallies.get((month, category.pk)) if category.pk else None
        arguments = {"month": month, "category": as_argument(category), "emails": value}
        self.planner.compare(MONTHLY_FIGURES, number, label, old is not None, old, value, set_email_tally, arguments)

    def plan_helpdesk_total(
        self, number: int, month: datetime.date, attr: str, name: str, cells: dict[str, CellValue]
    ) -> None:
        """Telephone enquiries or the mailbox's total."""
        value, good = self.value(number, cells, HelpdeskMonthForm.base_fields[attr])
        label = f"{month_key(month)} {HELPDESK}: {name}"
        if not good or self.planner.duplicate(self.reader, self.seen, (month, HELPDESK, attr), number, "figure", label):
            return
        helpdesk = self.helpdesk.get(month)
        old = getattr(helpdesk, attr) if helpdesk else None
        arguments = {"month": month, "figures": {attr: value}}
        self.planner.compare(
            MONTHLY_FIGURES, number, label, helpdesk is not None, old, value, set_helpdesk_figures, arguments
        )

    def plan_effort(self, number: int, month: datetime.date, name: str, cells: dict[str, CellValue]) -> None:
        driver = self.label_of(EffortDriver, name)
        if driver is None:
            self.reader.problem(
                number, "figure", f"Unknown effort driver {name!r}: give it a row on the Categories sheet."
            )
        product, good_product = self.reader.parse(
            number, cells, "product", self.optional_label, EffortProduct, "product"
        )
        grade, good_grade = self.reader.parse(number, cells, "grade", self.optional_label, Grade, "grade")
        value, good = self.value(number, cells, EffortEntryForm.base_fields["days"])
        if driver is None or not (good_product and good_grade and good):
            return
        labels = (driver, product, grade)
        label = f"{month_key(month)} {EFFORT}: " + " · ".join(x.name for x in labels if x)
        names = tuple(x.name.lower() if x else None for x in labels)
        if self.planner.duplicate(self.reader, self.seen, (month, EFFORT, names), number, "figure", label):
            return
        old = None
        if all(x is None or x.pk for x in labels):  # all on record: the entry may be
            old = self.effort.get((month, driver.pk, product.pk if product else None, grade.pk if grade else None))
        arguments = {
            "month": month,
            "driver": as_argument(driver),
            "product": as_argument(product),
            "grade": as_argument(grade),
            "days": value,
        }
        self.planner.compare(MONTHLY_FIGURES, number, label, old is not None, old, value, set_effort_days, arguments)

    def optional_label(self, model: LabelModel, what: str, value: CellValue) -> Any:
        """A product or grade by name, None for an empty cell; CellError for one not known."""
        if blank(value):
            return None
        found = self.label_of(model, text(value))
        if found is None:
            raise CellError(f"Unknown {what} {text(value)!r}: give it a row on the Categories sheet.")
        return found

    def plan_website(self, number: int, month: datetime.date, name: str, cells: dict[str, CellValue]) -> None:
        known_figure = WEBSITE_FIGURES.get(name.lower())
        if known_figure is None:
            names = ", ".join(f"{WEBSITE}: {n}" for _, n in WEBSITE_FIGURES.values())
            self.reader.problem(number, "figure", f"Unknown website figure {name!r}: write {names}.")
            return
        attr, shown_name = known_figure
        value, good = self.value(number, cells, WEBSITE_FIELDS[attr])
        label = f"{month_key(month)} {WEBSITE}: {shown_name}"
        if not good or self.planner.duplicate(self.reader, self.seen, (month, WEBSITE, attr), number, "figure", label):
            return
        website = self.website.get(month)
        old = getattr(website, attr) if website else None
        arguments = {"month": month, attr: value}
        row = self.planner.compare(
            MONTHLY_FIGURES, number, label, website is not None, old, value, set_website_figures, arguments
        )
        if website is None:
            self.new_website.setdefault(month, []).append((number, attr, value, row))

    def finish_new_websites(self) -> None:
        """A month's website figures not on record are entered together, by its first row: the
        figures the model requires (visits and page views) must all be there."""
        for month, rows in self.new_website.items():
            given = {attr: value for _, attr, value, _ in rows if value is not None}
            missing = [attr for attr in WEBSITE_REQUIRED if attr not in given]
            if not given:
                continue
            if missing:
                names = " and ".join(n for a, n in WEBSITE_FIGURES.values() if a in WEBSITE_REQUIRED)
                absent = ", ".join(f"{WEBSITE}: {n}" for a, n in WEBSITE_FIGURES.values() if a in missing)
                self.planner.plan.errors.append(
                    Problem(
                        MONTHLY_FIGURES,
                        rows[0][0],
                        self.reader.column_name("figure"),
                        f"{month_key(month)} has no {absent} row: {names} are both needed to enter a month's "
                        "website figures.",
                    )
                )
                continue
            first = next(row for _, _, value, row in rows if value is not None and row.status != EMPTY)
            first.arguments = {"month": month, **given}


def plan(planner: RegisterPlanner, reader: SheetReader, table: Table) -> None:
    sheet = MonthlyFiguresSheet(planner, reader)
    for number, values in table.rows:
        sheet.plan_row(number, values)
    sheet.finish_new_websites()
