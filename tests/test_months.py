import datetime

from django.test import SimpleTestCase

from opsreport.lib import months

D = datetime.date


class MonthArithmeticTests(SimpleTestCase):
    def test_it_adds_months_across_years(self):
        self.assertEqual(months.add_months(D(2018, 6, 1), -12), D(2017, 6, 1))
        self.assertEqual(months.add_months(D(2018, 12, 1), 1), D(2019, 1, 1))
        self.assertEqual(months.add_months(D(2018, 1, 1), -1), D(2017, 12, 1))

    def test_the_13_month_window_ends_with_the_paper_month(self):
        window = months.window(D(2018, 6, 1), 13)
        self.assertEqual(len(window), 13)
        self.assertEqual(window[0], D(2017, 6, 1))
        self.assertEqual(window[-1], D(2018, 6, 1))

    def test_the_12_month_window_starts_in_july(self):
        self.assertEqual(months.window(D(2018, 6, 1), 12)[0], D(2017, 7, 1))

    def test_last_day_knows_leap_years(self):
        self.assertEqual(months.last_day(D(2016, 2, 1)), D(2016, 2, 29))
        self.assertEqual(months.last_day(D(2018, 2, 1)), D(2018, 2, 28))

    def test_it_parses_month_keys(self):
        self.assertEqual(months.parse_month_key("2018-06"), D(2018, 6, 1))
        for bad in ["2018-13", "2018-6", "June 2018", "", None, "0001-01", "9999-12"]:
            with self.assertRaises(ValueError):
                months.parse_month_key(bad)

    def test_labels(self):
        self.assertEqual(months.month_label(D(2018, 6, 1)), "June 2018")
        self.assertEqual(months.short_label(D(2017, 10, 1)), "Oct-17")
        self.assertEqual(months.month_key(D(2018, 6, 1)), "2018-06")
