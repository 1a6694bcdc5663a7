"""The register's Categories and Monthly figures sheets: figures named `Helpdesk: …`, `Effort: …`
and `Website: …`, each bad row refused with its sheet, row and column and nothing written; a
category new in the file takes figures in the same file."""

import datetime
from decimal import Decimal

import time_machine

from helpdesk.models import EmailTally, EnquiryCategory, HelpdeskMonth
from opsreport.models import EffortEntry, WebsiteMonth
from opsreport.register import plan as register_plan
from opsreport.register.export import register_bytes
from opsreport.workbook.apply import ImportRefused, apply
from opsreport.workbook.plan import CHANGE, CREATE, SAME
from tests.base import SampleTestCase
from tests.register_helpers import append_rows, edited, import_register, sheet_rows

NOW = datetime.datetime(2018, 7, 10, 10, 0)
FIGURES = "Monthly figures"


@time_machine.travel(NOW, tick=False)
class MonthlyFiguresTests(SampleTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.register = register_bytes()
        cls.next_row = len(sheet_rows(cls.register, FIGURES)) + 1  # the first row under the export's

    def errors_with(self, *rows, sheet=FIGURES):
        """The errors of the register with `rows` added to the sheet, as printed."""
        plan = register_plan.build(append_rows(self.register, sheet, list(rows)), "register.xlsx")
        return [str(error) for error in plan.errors]

    def test_the_export_names_every_figure_as_the_sheet_takes_it(self):
        rows = sheet_rows(self.register, FIGURES)
        self.assertEqual(rows[0], ["Month", "Figure", "Value", "Product", "Grade"])
        june = HelpdeskMonth.objects.get(month=datetime.date(2018, 6, 1))
        self.assertIn(["2018-06", "Helpdesk: Telephone enquiries", june.telephone_enquiries, None, None], rows)
        self.assertIn(["2018-06", "Helpdesk: Emails to the SECAS mailbox", june.mailbox_total, None, None], rows)
        self.assertIn(["2018-06", "Website: Page views", 20292, None, None], rows)  # Table 6's, in print
        self.assertTrue(any(row[1].startswith("Effort: ") and row[0] == "2018-06" for row in rows[1:]))

    def test_a_month_that_is_not_a_month(self):
        n = self.next_row
        self.assertEqual(
            self.errors_with(
                ["2018-13", "Helpdesk: Telephone enquiries", 5],
                ["June 2018", "Helpdesk: Telephone enquiries", 5],
                [None, "Helpdesk: Telephone enquiries", 5],
                ["2031-01", "Helpdesk: Telephone enquiries", 5],
            ),
            [
                f"{FIGURES}, row {n}, column A (Month): '2018-13' has no month 13",
                f"{FIGURES}, row {n + 1}, column A (Month): 'June 2018' is not a month written as YYYY-MM",
                f"{FIGURES}, row {n + 2}, column A (Month): Give the month, as YYYY-MM.",
                f"{FIGURES}, row {n + 3}, column A (Month): Enter a month from January 1990 to July 2019.",
            ],
        )

    def test_figures_not_known(self):
        n = self.next_row
        self.assertEqual(
            self.errors_with(
                ["2016-05", "Helpdesk: Faxes", 5],
                ["2016-05", "Telephone enquiries", 5],
                ["2016-05", "Website: Bounce rate", 5],
                ["2016-05", "Effort: Lunch", 5],
                ["2016-05", "Effort: " + EffortEntry.objects.first().driver.name, 5, "Gadgets"],
            ),
            [
                f"{FIGURES}, row {n}, column B (Figure): Unknown enquiry category 'Faxes': give it a row on the "
                "Categories sheet.",
                f"{FIGURES}, row {n + 1}, column B (Figure): Unknown figure 'Telephone enquiries': write Helpdesk: …, "
                "Effort: … or Website: … (the Lists sheet has them).",
                f"{FIGURES}, row {n + 2}, column B (Figure): Unknown website figure 'Bounce rate': write Website: "
                "Visits, Website: Page views, Website: New visitors, Website: Returning visitors.",
                f"{FIGURES}, row {n + 3}, column B (Figure): Unknown effort driver 'Lunch': give it a row on the "
                "Categories sheet.",
                f"{FIGURES}, row {n + 4}, column D (Product): Unknown product 'Gadgets': give it a row on the "
                "Categories sheet.",
            ],
        )

    def test_values_the_month_screens_refuse_in_the_same_words(self):
        n = self.next_row
        self.assertEqual(
            self.errors_with(
                ["2016-05", "Helpdesk: Telephone enquiries", -3],
                ["2016-05", "Helpdesk: Emails to the SECAS mailbox", 2.5],
                ["2016-05", "Website: Visits", "many"],
                ["2016-05", "Effort: " + EffortEntry.objects.first().driver.name, 9000],
            ),
            [
                f"{FIGURES}, row {n}, column C (Value): -3 is negative: a count cannot be.",
                f"{FIGURES}, row {n + 1}, column C (Value): 2.5 is not a whole number.",
                f"{FIGURES}, row {n + 2}, column C (Value): 'many' is not a number.",
                f"{FIGURES}, row {n + 3}, column C (Value): 9000 days is more than 5000 in a month: check the figure.",
            ],
        )

    def test_a_product_on_a_figure_that_is_not_effort(self):
        self.assertEqual(
            self.errors_with(["2016-05", "Helpdesk: Telephone enquiries", 5, "Gadgets"]),
            [
                f"{FIGURES}, row {self.next_row}, column D (Product): Only an effort figure has a product: leave it "
                "empty for Helpdesk: Telephone enquiries."
            ],
        )

    def test_a_figure_twice(self):
        self.assertEqual(
            self.errors_with(
                ["2016-05", "Helpdesk: Telephone enquiries", 5], ["2016-05", "helpdesk:  telephone ENQUIRIES", 6]
            ),
            [
                f"{FIGURES}, row {self.next_row + 1}, column B (Figure): Duplicate row: 2016-05 Helpdesk: Telephone "
                f"enquiries is already on row {self.next_row}."
            ],
        )

    def test_a_new_months_website_figures_need_visits_and_page_views(self):
        self.assertEqual(
            self.errors_with(["2016-05", "Website: Visits", 5000]),
            [
                f"{FIGURES}, row {self.next_row}, column B (Figure): 2016-05 has no Website: Page views row: Visits "
                "and Page views are both needed to enter a month's website figures."
            ],
        )

    def test_a_bad_row_writes_nothing(self):
        data = append_rows(
            self.register,
            FIGURES,
            [["2016-05", "Helpdesk: Telephone enquiries", 40], ["2016-05", "Helpdesk: Faxes", 5]],
        )
        plan = register_plan.preview(data, "register.xlsx")
        self.assertEqual(len(plan.errors), 1)
        with self.assertRaises(ImportRefused):
            apply(plan)
        self.assertFalse(HelpdeskMonth.objects.filter(month=datetime.date(2016, 5, 1)).exists())

    def test_a_category_new_in_the_file_takes_figures_in_the_same_file(self):
        data = append_rows(self.register, "Categories", [["Enquiry category", "Faxes", 20, "No"]])
        data = append_rows(
            data,
            FIGURES,
            [
                ["2016-05", "Helpdesk: Faxes", 7],
                ["2016-05", "Website: Visits", 5000],
                ["2016-05", "Website: Page views", 15000],
                ["2016-05", "Website: New visitors", 900],
            ],
        )
        plan = import_register(data)
        self.assertEqual([r.label for r in plan.rows if r.status == CREATE][0], "Enquiry category: Faxes")
        may = datetime.date(2016, 5, 1)
        self.assertEqual(EmailTally.objects.get(helpdesk_month__month=may, category__name="Faxes").emails, 7)
        self.assertEqual(EnquiryCategory.objects.get(name="Faxes").position, 20)
        website = WebsiteMonth.objects.get(month=may)
        self.assertEqual((website.visits, website.page_views, website.new_visitors), (5000, 15000, 900))
        again = register_plan.preview(data, "register.xlsx")
        self.assertEqual((again.errors, again.count(CREATE), again.count(SAME)), ([], 0, len(again.rows)))

    def test_a_corrected_figure_changes_and_an_empty_value_leaves_it(self):
        june = datetime.date(2018, 6, 1)
        entry = EffortEntry.objects.filter(effort_month__month=june).select_related("driver").first()
        figure = f"Effort: {entry.driver.name}"
        telephone = HelpdeskMonth.objects.get(month=june).telephone_enquiries

        def correct(workbook):
            for cells in workbook[FIGURES].iter_rows(min_row=2):
                if cells[0].value == "2018-06" and cells[1].value == figure:
                    cells[2].value = 12.5
                if cells[0].value == "2018-06" and cells[1].value == "Helpdesk: Telephone enquiries":
                    cells[2].value = None

        plan = register_plan.preview(edited(self.register, correct), "register.xlsx")
        self.assertEqual(plan.errors, [])
        changed = [(r.label, r.changes) for r in plan.rows if r.status == CHANGE]
        label = f"2018-06 {figure}"
        self.assertEqual(changed, [(label, [(label, f"{entry.days.normalize():f}", "12.5")])])
        apply(plan)
        entry.refresh_from_db()
        self.assertEqual(entry.days, Decimal("12.5"))
        self.assertEqual(HelpdeskMonth.objects.get(month=june).telephone_enquiries, telephone)
