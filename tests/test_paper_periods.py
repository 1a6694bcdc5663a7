import datetime

from django.test import SimpleTestCase

from opsreport.lib import formats
from opsreport.lib.months import since_last_panel

D = datetime.date


class SinceLastPanelTests(SimpleTestCase):
    def test_it_runs_from_the_day_after_the_last_panel_to_the_issue_date(self):
        self.assertEqual(since_last_panel(D(2018, 6, 15), D(2018, 6, 1), D(2018, 7, 6)), (D(2018, 6, 16), D(2018, 7, 6)))

    def test_it_starts_where_the_previous_paper_stopped(self):
        # May's paper issued 08/06: June's covers from 09/06, so 07/06-15/06 is never lost.
        self.assertEqual(
            since_last_panel(D(2018, 6, 15), D(2018, 6, 1), D(2018, 7, 6), D(2018, 6, 8)), (D(2018, 6, 9), D(2018, 7, 6))
        )

    def test_it_falls_back_to_the_month_without_an_earlier_panel(self):
        self.assertEqual(since_last_panel(None, D(2018, 2, 1), D(2018, 3, 9)), (D(2018, 2, 1), D(2018, 2, 28)))


class FormatTests(SimpleTestCase):
    def test_the_front_page_date(self):
        self.assertEqual(formats.long_date(D(2018, 7, 6)), "6th July 2018")
        self.assertEqual(formats.long_date(D(2018, 7, 1)), "1st July 2018")
        self.assertEqual(formats.long_date(D(2018, 7, 12)), "12th July 2018")
        self.assertEqual(formats.long_date(D(2018, 7, 22)), "22nd July 2018")

    def test_numbers(self):
        from decimal import Decimal

        self.assertEqual(formats.thousands(20292), "20,292")
        self.assertEqual(formats.days(Decimal("500.866")), "500.87")
        self.assertEqual(formats.days(Decimal("0.3980")), "0.40")
        self.assertEqual(formats.short_date(D(2018, 6, 18)), "18/06/2018")
