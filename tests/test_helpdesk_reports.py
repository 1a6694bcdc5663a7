"""Table 5: email enquiries by category over twelve months, with a computed Total row."""

from helpdesk.models import EnquiryCategory
from helpdesk.reports import email_table
from opsreport.lib.months import window
from tests.base import JUNE_2018, SampleTestCase


class HelpdeskTableTests(SampleTestCase):
    def table(self):
        months = window(JUNE_2018, 12)
        return email_table(months[0], months[-1])

    def test_eleven_categories_in_the_paper_order(self):
        names = [name for name, _ in self.table().rows]
        self.assertEqual(len(names), 11)
        self.assertEqual(names[0], "Applications")
        self.assertEqual(names[-1], "Other")

    def test_the_total_row_is_computed(self):
        table = self.table()
        self.assertEqual(table.totals[-1], 1328)
        self.assertEqual(table.totals[1:], table.mailbox_totals[1:])

    def test_july_2017_categories_do_not_add_up_to_the_mailbox(self):
        table = self.table()
        self.assertEqual(table.totals[0], 1459)
        self.assertEqual(table.mailbox_totals[0], 1439)

    def test_telephone_calls_in_june(self):
        self.assertEqual(self.table().telephone[-1], 47)

    def test_a_retired_category_keeps_its_history(self):
        EnquiryCategory.objects.filter(name="Contact Info").update(retired=True, name="Contact Details")
        table = self.table()
        rows = dict(table.rows)
        self.assertEqual(rows["Contact Details"][-1], 75)
        self.assertEqual(table.totals[-1], 1328)

    def test_it_makes_a_fixed_number_of_queries(self):
        with self.assertNumQueries(3):
            self.table()
