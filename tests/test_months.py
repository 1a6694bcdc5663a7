import datetime
import re

from django.test import SimpleTestCase
from django.urls import Resolver404, resolve, reverse

from opsreport.lib import months
from opsreport.lib.months import since_last_panel

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


class MonthEdgeTests(SimpleTestCase):
    """The first and last month of every range, and the months either side of a year end."""

    def test_first_of_month_keeps_the_month(self):
        self.assertEqual(months.first_of_month(D(2018, 6, 30)), D(2018, 6, 1))
        self.assertEqual(months.first_of_month(D(2018, 6, 1)), D(2018, 6, 1))
        self.assertEqual(months.first_of_month(D(2018, 12, 31)), D(2018, 12, 1))

    def test_add_months_reaches_december_and_january(self):
        # index % 12 + 1: month 12 and month 1 are where an off-by-one shows.
        cases = [
            (D(2018, 11, 1), 1, D(2018, 12, 1)),
            (D(2018, 12, 1), 0, D(2018, 12, 1)),
            (D(2018, 1, 1), 0, D(2018, 1, 1)),
            (D(2018, 12, 1), 1, D(2019, 1, 1)),
            (D(2019, 1, 1), -1, D(2018, 12, 1)),
            (D(2018, 2, 1), -1, D(2018, 1, 1)),
            (D(2018, 1, 1), 11, D(2018, 12, 1)),
            (D(2018, 1, 1), 12, D(2019, 1, 1)),
            (D(2018, 12, 1), -12, D(2017, 12, 1)),
            (D(2018, 12, 1), -11, D(2018, 1, 1)),
            (D(2018, 6, 1), 25, D(2020, 7, 1)),
            (D(2018, 6, 1), -30, D(2015, 12, 1)),
        ]
        for month, n, expected in cases:
            with self.subTest(month=month, n=n):
                self.assertEqual(months.add_months(month, n), expected)

    def test_add_months_at_the_limits_of_a_month_key(self):
        self.assertEqual(months.add_months(D(1990, 1, 1), -1), D(1989, 12, 1))
        self.assertEqual(months.add_months(D(2999, 12, 1), 1), D(3000, 1, 1))

    def test_last_day_of_each_kind_of_month(self):
        cases = [
            (D(2016, 2, 1), D(2016, 2, 29)),  # leap year
            (D(2018, 2, 1), D(2018, 2, 28)),
            (D(2000, 2, 1), D(2000, 2, 29)),  # divisible by 400: leap
            (D(2100, 2, 1), D(2100, 2, 28)),  # divisible by 100 only: not leap
            (D(2018, 1, 1), D(2018, 1, 31)),
            (D(2018, 4, 1), D(2018, 4, 30)),
            (D(2018, 12, 1), D(2018, 12, 31)),
            (D(2018, 6, 17), D(2018, 6, 30)),  # any day of the month gives its last day
        ]
        for month, expected in cases:
            with self.subTest(month=month):
                self.assertEqual(months.last_day(month), expected)

    def test_months_between_includes_both_ends(self):
        self.assertEqual(
            months.months_between(D(2017, 11, 1), D(2018, 2, 1)),
            [D(2017, 11, 1), D(2017, 12, 1), D(2018, 1, 1), D(2018, 2, 1)],
        )

    def test_months_between_one_month_is_that_month(self):
        self.assertEqual(months.months_between(D(2018, 6, 1), D(2018, 6, 1)), [D(2018, 6, 1)])

    def test_months_between_the_wrong_way_round_is_empty(self):
        self.assertEqual(months.months_between(D(2018, 7, 1), D(2018, 6, 1)), [])
        self.assertEqual(months.months_between(D(2018, 6, 1), D(2018, 5, 31)), [])

    def test_months_between_starts_at_the_first_of_a_mid_month_day(self):
        self.assertEqual(months.months_between(D(2018, 5, 31), D(2018, 6, 1)), [D(2018, 5, 1), D(2018, 6, 1)])
        # The last month counts from its first day: a date later in it keeps it in.
        self.assertEqual(months.months_between(D(2018, 5, 1), D(2018, 6, 30)), [D(2018, 5, 1), D(2018, 6, 1)])

    def test_window_ends_with_its_month_and_has_count_months(self):
        for last, count, first in [
            (D(2018, 6, 1), 1, D(2018, 6, 1)),
            (D(2018, 6, 1), 2, D(2018, 5, 1)),
            (D(2019, 1, 1), 2, D(2018, 12, 1)),
            (D(2018, 12, 1), 12, D(2018, 1, 1)),
            (D(2018, 12, 1), 13, D(2017, 12, 1)),
            (D(2019, 1, 1), 13, D(2018, 1, 1)),
        ]:
            with self.subTest(last=last, count=count):
                window = months.window(last, count)
                self.assertEqual(len(window), count)
                self.assertEqual((window[0], window[-1]), (first, last))
                self.assertEqual(window, months.months_between(first, last))


class SinceLastPanelEdgeTests(SimpleTestCase):
    def test_a_panel_on_a_months_last_day_starts_the_period_on_the_next_months_first(self):
        self.assertEqual(since_last_panel(D(2018, 6, 30), D(2018, 6, 1), D(2018, 7, 6)), (D(2018, 7, 1), D(2018, 7, 6)))
        self.assertEqual(
            since_last_panel(D(2018, 12, 31), D(2018, 12, 1), D(2019, 1, 4)), (D(2019, 1, 1), D(2019, 1, 4))
        )

    def test_a_previous_paper_issued_on_a_years_last_day(self):
        self.assertEqual(
            since_last_panel(D(2018, 12, 13), D(2018, 12, 1), D(2019, 1, 7), D(2018, 12, 31)),
            (D(2019, 1, 1), D(2019, 1, 7)),
        )

    def test_the_previous_paper_wins_over_the_last_panel(self):
        self.assertEqual(
            since_last_panel(D(2018, 6, 15), D(2018, 6, 1), D(2018, 7, 6), D(2018, 6, 15)),
            (D(2018, 6, 16), D(2018, 7, 6)),
        )
        self.assertEqual(
            since_last_panel(None, D(2018, 6, 1), D(2018, 7, 6), D(2018, 6, 8)), (D(2018, 6, 9), D(2018, 7, 6))
        )

    def test_an_issue_on_the_panels_day_gives_a_period_that_ends_before_it_starts(self):
        # max(): never a last day before the panel meeting or previous issue; the period is empty.
        self.assertEqual(
            since_last_panel(D(2018, 6, 15), D(2018, 6, 1), D(2018, 6, 14)), (D(2018, 6, 16), D(2018, 6, 15))
        )
        self.assertEqual(
            since_last_panel(D(2018, 6, 1), D(2018, 6, 1), D(2018, 6, 7), D(2018, 6, 8)), (D(2018, 6, 9), D(2018, 6, 8))
        )

    def test_without_a_panel_or_paper_the_whole_month_in_february(self):
        self.assertEqual(since_last_panel(None, D(2016, 2, 1), D(2016, 3, 9)), (D(2016, 2, 1), D(2016, 2, 29)))
        self.assertEqual(since_last_panel(None, D(2018, 12, 1), D(2019, 1, 9)), (D(2018, 12, 1), D(2018, 12, 31)))


class MonthKeyLimitTests(SimpleTestCase):
    ACCEPTED = {
        "1990-01": D(1990, 1, 1),
        "1990-12": D(1990, 12, 1),
        "2018-01": D(2018, 1, 1),
        "2018-06": D(2018, 6, 1),
        "2018-12": D(2018, 12, 1),
        "2999-01": D(2999, 1, 1),
        "2999-12": D(2999, 12, 1),
    }
    REFUSED = [
        "1989-12",  # the year before the first
        "1989-01",
        "3000-01",  # the year after the last
        "2018-00",
        "2018-13",
        "1990-00",
        "2999-13",
        "\u0662\u0660\u0661\u0668-\u0660\u0666",  # Arabic-Indic digits
        "\uff12\uff10\uff11\uff18-\uff10\uff16",  # full-width digits
        "2018-0\uff16",  # one full-width digit
        "\u0968\u0966\u0967\u096e-\u0966\u096c",  # Devanagari digits
        "2018-06\n",
        "\n2018-06",
        "2018-06\r\n",
        " 2018-06",
        "2018-06 ",
        "2018 -06",
        "\t2018-06",
        "2018-06\u00a0",
        "2018-06-01",
        "2018-06x",
        "x2018-06",
        "02018-06",
        "2018-006",
        "2018-6",
        "218-06",
        "2018/06",
        "2018_06",
        "201806",
        "-2018-06",
        "+2018-06",
        "",
        None,
    ]

    def test_the_first_and_last_months_are_accepted(self):
        for key, month in self.ACCEPTED.items():
            with self.subTest(key=key):
                self.assertEqual(months.parse_month_key(key), month)

    def test_anything_else_is_refused_with_value_error(self):
        for key in self.REFUSED:
            with self.subTest(key=key):
                with self.assertRaises(ValueError):
                    months.parse_month_key(key)

    def test_the_refusal_names_the_key(self):
        # build_paper prints it: "No paper for 2018-13: '2018-13' has no month 13", not
        # datetime's "month must be in 1..12", so the month check is ours, not date()'s.
        for key in self.REFUSED:
            with self.subTest(key=key):
                with self.assertRaisesRegex(ValueError, re.escape(repr(key))):
                    months.parse_month_key(key)
        for key, message in [
            ("2018-00", "has no month 0"),
            ("2018-13", "has no month 13"),
            ("1989-12", "outside 1990 to 2999"),
            ("3000-01", "outside 1990 to 2999"),
        ]:
            with self.subTest(key=key):
                with self.assertRaisesRegex(ValueError, message):
                    months.parse_month_key(key)

    def test_the_limits_are_the_documented_years(self):
        self.assertEqual((months.FIRST_YEAR, months.LAST_YEAR), (1990, 2999))

    def test_a_month_key_round_trips(self):
        for key, month in self.ACCEPTED.items():
            with self.subTest(key=key):
                self.assertEqual(months.month_key(month), key)


class MonthConverterTests(SimpleTestCase):
    """`<month:month>` in a URL: the same limits as parse_month_key, both ways."""

    def test_the_converter_accepts_the_limits(self):
        converter = months.MonthConverter()
        for key, month in MonthKeyLimitTests.ACCEPTED.items():
            with self.subTest(key=key):
                self.assertTrue(re.fullmatch(converter.regex, key))
                self.assertEqual(converter.to_python(key), month)
                self.assertEqual(converter.to_url(month), key)
                self.assertEqual(converter.to_url(key), key)

    def test_the_converter_refuses_what_parse_month_key_refuses(self):
        converter = months.MonthConverter()
        for key in MonthKeyLimitTests.REFUSED:
            if key is None:
                continue
            with self.subTest(key=key):
                # Either the regex does not match, or to_python says no (Django then tries no view).
                if re.fullmatch(converter.regex, key):
                    with self.assertRaises(ValueError):
                        converter.to_python(key)

    def test_paper_urls_resolve_at_the_limits_only(self):
        for key, month in MonthKeyLimitTests.ACCEPTED.items():
            with self.subTest(key=key):
                match = resolve(f"/papers/{key}/")
                self.assertEqual((match.url_name, match.kwargs), ("paper", {"month": month}))
                self.assertEqual(resolve(f"/papers/{key}/pdf/").kwargs, {"month": month})
        for key in MonthKeyLimitTests.REFUSED:
            if not key or "/" in key:
                continue
            with self.subTest(key=key):
                with self.assertRaises(Resolver404):
                    resolve(f"/papers/{key}/")

    def test_paper_urls_reverse_at_the_limits(self):
        for key, month in MonthKeyLimitTests.ACCEPTED.items():
            with self.subTest(key=key):
                self.assertEqual(reverse("paper", kwargs={"month": month}), f"/papers/{key}/")
                self.assertEqual(reverse("paper", kwargs={"month": key}), f"/papers/{key}/")
