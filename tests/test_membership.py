"""Parties, voting groups and Table 3 for June 2018, derived from membership events."""

import datetime

from opsreport.lib.months import window
from parties.models import CATEGORY_PLURALS, EventKind, MembershipEvent, Party, PartyCategory
from parties.reports import membership_statistics
from tests.base import JUNE_2018, BaseTestCase, SampleTestCase
from tests.factories import make_event, make_party

D = datetime.date


class June2018MembershipTests(SampleTestCase):
    def stats(self):
        months = window(JUNE_2018, 13)
        return membership_statistics(months[0], months[-1])

    def test_it_counts_parties_and_voting_groups_at_month_end(self):
        june = self.stats()[-1]
        self.assertEqual(june.parties, 309)
        self.assertEqual(june.voting_groups, 242)

    def test_the_dcc_is_a_party_apart(self):
        self.assertTrue(Party.objects.filter(is_dcc=True).exists())
        self.assertEqual(Party.objects.sec_parties().count(), 309 + 4)  # four left in the window

    def test_voting_groups_by_category_match_figure_1(self):
        june = self.stats()[-1]
        self.assertEqual(
            [(CATEGORY_PLURALS[PartyCategory(category)], n) for category, n in june.groups_by_category.items()],
            [
                ("Large Suppliers", 12),
                ("Other SEC Parties", 86),
                ("Small Suppliers", 114),
                ("Gas Networks", 13),
                ("Electricity Networks", 17),
            ],
        )
        self.assertEqual(sum(june.groups_by_category.values()), june.voting_groups)
        # One month on its own counts the same groups as the last of thirteen.
        self.assertEqual(membership_statistics(JUNE_2018, JUNE_2018)[0].groups_by_category, june.groups_by_category)

    def test_table_3_rows_over_thirteen_months(self):
        stats = self.stats()
        self.assertEqual(stats[0].month, D(2017, 6, 1))
        self.assertEqual([s.accessions for s in stats], [9, 3, 7, 8, 6, 3, 3, 1, 3, 0, 15, 2, 6])
        self.assertEqual([s.in_default for s in stats], [0] * 10 + [1, 1, 1])
        self.assertEqual([s.withdrawals for s in stats], [0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0])
        self.assertEqual([s.expulsions for s in stats], [1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0])

    def test_the_five_footnoted_events_carry_their_notes(self):
        notes = [
            (s.month, row, note.note)
            for s in self.stats()
            for row in ["accessions", "in_default", "withdrawals", "expulsions"]
            for note in s.notes[row]
        ]
        self.assertEqual(len(notes), 5)
        self.assertIn((D(2018, 6, 1), "in_default"), [(m, r) for m, r, _ in notes])
        texts = " ".join(n for _, _, n in notes)
        for name in ["CNG (Group) Limited", "Wingas UK Limited", "Enterprise Gas Ltd", "Future Energy (Supply) Ltd"]:
            self.assertIn(name, texts)

    def test_month_end_counts_follow_the_events(self):
        stats = self.stats()
        for previous, current in zip(stats, stats[1:]):
            self.assertEqual(
                current.parties,
                previous.parties + current.accessions - current.withdrawals - current.expulsions,
            )

    def test_a_new_withdrawal_changes_the_next_figures_only(self):
        party = Party.objects.get(name="IMServ Europe Limited")
        MembershipEvent.objects.create(party=party, kind=EventKind.WITHDRAWAL, date=D(2018, 7, 3))
        self.assertEqual(membership_statistics(JUNE_2018, JUNE_2018)[0].parties, 309)
        july = membership_statistics(D(2018, 7, 1), D(2018, 7, 1))[0]
        self.assertEqual((july.parties, july.voting_groups, july.withdrawals), (308, 241, 1))

    def test_it_makes_one_query_whatever_the_range(self):
        with self.assertNumQueries(1):
            membership_statistics(D(2014, 1, 1), D(2018, 6, 1))


class InDefaultTests(BaseTestCase):
    """In default at a month's end or during it: one party, its own events, nothing else."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.party = make_party("Defaulting Supplier Limited", acceded=D(2016, 3, 1))

    def test_a_party_defaulting_twice_in_a_month_counts_once(self):
        make_event(self.party, EventKind.DEFAULT_ENTERED, D(2018, 4, 9))
        make_event(self.party, EventKind.DEFAULT_LEFT, D(2018, 4, 26))
        make_event(self.party, EventKind.DEFAULT_ENTERED, D(2018, 4, 28))
        make_event(self.party, EventKind.DEFAULT_LEFT, D(2018, 4, 29))
        april = membership_statistics(D(2018, 4, 1), D(2018, 4, 1))[0]
        self.assertEqual(april.in_default, 1)

    def test_a_party_still_in_default_counts_in_later_months(self):
        make_event(self.party, EventKind.DEFAULT_ENTERED, D(2018, 6, 11))
        july = membership_statistics(D(2018, 7, 1), D(2018, 7, 1))[0]
        self.assertEqual(july.in_default, 1)
