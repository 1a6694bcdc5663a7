import datetime

from django.test import SimpleTestCase

from opsreport.lib import formats
from opsreport.lib.months import since_last_panel
from parties import reports
from parties.models import DCCUserRole, Party, PartyCategory, TestCompletion, TestKind, UEPCompletion, VotingGroup
from tests.base import BaseTestCase

D = datetime.date

# The periods, not the markings, are under test here: every completion may be counted.
EVERY_LEVEL = {TestKind.UEPT: "red", TestKind.SREPT: "red"}


class SinceLastPanelTests(SimpleTestCase):
    def test_it_runs_from_the_day_after_the_last_panel_to_the_issue_date(self):
        self.assertEqual(
            since_last_panel(D(2018, 6, 15), D(2018, 6, 1), D(2018, 7, 6)), (D(2018, 6, 16), D(2018, 7, 6))
        )

    def test_it_starts_where_the_previous_paper_stopped(self):
        # May's paper issued 08/06: June's covers from 09/06, so 07/06-15/06 is never lost.
        self.assertEqual(
            since_last_panel(D(2018, 6, 15), D(2018, 6, 1), D(2018, 7, 6), D(2018, 6, 8)),
            (D(2018, 6, 9), D(2018, 7, 6)),
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


class PeriodEdgeTests(BaseTestCase):
    """Table 2, section 1.3 and the testing appendix take both ends of their period."""

    FIRST, LAST = D(2018, 6, 16), D(2018, 7, 6)
    DAYS = [D(2018, 6, 15), FIRST, LAST, D(2018, 7, 7)]  # the day before, both ends, the day after

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()  # a database without data
        group = VotingGroup.objects.create(name="Alder group", category=PartyCategory.SMALL_SUPPLIER)
        gas, _ = DCCUserRole.objects.update_or_create(name="Gas Supplier", defaults={"abbreviation": "", "position": 2})
        rsa, _ = DCCUserRole.objects.update_or_create(
            name="Registered Supplier Agent", defaults={"abbreviation": "RSA", "position": 1}
        )
        for day in cls.DAYS:
            party = Party.objects.create(name=f"Party {day:%d-%m}", voting_group=group)
            UEPCompletion.objects.create(party=party, completed_on=day).roles.set([gas])
            TestCompletion.objects.create(kind=TestKind.UEPT, party=party, completed_on=day).roles.set([gas, rsa])
            TestCompletion.objects.create(kind=TestKind.SREPT, party=party, completed_on=day).roles.set([rsa])

    def test_uep_completions_on_the_first_and_last_day(self):
        rows = reports.uep_completions(self.FIRST, self.LAST)
        self.assertEqual(
            [(r.party, r.completed_on) for r in rows], [("Party 16-06", self.FIRST), ("Party 06-07", self.LAST)]
        )
        self.assertEqual(rows[0].roles, ["Gas Supplier"])
        self.assertEqual(rows[0].category, "Small Supplier")

    def test_testing_completions_on_the_first_and_last_day_of_their_kind(self):
        rows = reports.testing_completions(TestKind.UEPT, self.FIRST, self.LAST, "red")
        self.assertEqual([r.completed_on for r in rows], [self.FIRST, self.LAST])
        self.assertEqual(rows[0].roles, ["Registered Supplier Agent (RSA)", "Gas Supplier"])
        self.assertEqual(
            [r.completed_on for r in reports.testing_completions(TestKind.SREPT, self.LAST, self.LAST, "red")],
            [self.LAST],
        )

    def test_testing_summary_counts_both_ends(self):
        summary = reports.testing_summary(self.FIRST, self.LAST, EVERY_LEVEL).by_kind
        self.assertEqual((summary[TestKind.UEPT].parties, summary[TestKind.UEPT].roles), (2, 4))
        self.assertEqual((summary[TestKind.SREPT].parties, summary[TestKind.SREPT].roles), (2, 2))
        one_day = reports.testing_summary(self.FIRST, self.FIRST, EVERY_LEVEL).by_kind
        self.assertEqual((one_day[TestKind.UEPT].parties, one_day[TestKind.UEPT].roles), (1, 2))

    def test_an_empty_period_has_nothing(self):
        # since_last_panel gives a last day before the first when a paper is issued on the panel's day.
        self.assertEqual(reports.uep_completions(self.LAST, self.FIRST), [])
        self.assertEqual(
            reports.testing_summary(D(2018, 7, 7), self.LAST, EVERY_LEVEL).by_kind[TestKind.UEPT].parties, 0
        )
