"""Parties, voting groups and Table 3 for June 2018, derived from membership events."""

import datetime
import random
from dataclasses import asdict

from opsreport.lib.months import add_months, months_between, window
from parties.models import (
    CATEGORY_PLURALS,
    LEAVING_KINDS,
    EventKind,
    MembershipEvent,
    Party,
    PartyCategory,
)
from parties.reports import membership_statistics
from tests.base import JUNE_2018, BaseTestCase, SampleTestCase
from tests.factories import make_event, make_party, make_voting_group

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

    def test_it_makes_two_queries_whatever_the_range(self):
        # The history before the range, summed up by the database; the range's own events.
        with self.assertNumQueries(2):
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


class FiguresCountedByHandTests(BaseTestCase):
    """Six parties in four voting groups, and the DCC, from 2016 to May 2018. Every figure below
    is counted by hand from the events set up here, month by month, so a mistake the code makes
    cannot make its own expected figures too.

    Before March 2018: Alpha (large), Charlie (small) and Echo (other) are members; Echo has
    been in default since 20 December 2017.
    March: Delta (gas) accedes on the 15th; Echo leaves default on the 5th.
    April: Charlie, the small group's only party, withdraws on the 1st; Alpha is in default from
    the 10th to the 20th; Bravo joins Alpha's large group on the 30th; the DCC defaults.
    May: Foxtrot joins the emptied small group on the 2nd; Bravo defaults on the 10th; Delta is
    expelled and Echo defaults again, both on the 31st.
    """

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        large = make_voting_group("Large group", PartyCategory.LARGE_SUPPLIER)
        small = make_voting_group("Small group", PartyCategory.SMALL_SUPPLIER)
        alpha = make_party("Alpha", large, acceded=D(2017, 5, 10))
        bravo = make_party("Bravo", large)
        charlie = make_party("Charlie", small, acceded=D(2017, 9, 1))
        delta = make_party("Delta", category=PartyCategory.GAS_NETWORK)
        echo = make_party("Echo", category=PartyCategory.OTHER, acceded=D(2016, 1, 4))
        foxtrot = make_party("Foxtrot", small)
        dcc = Party.objects.create(name="The DCC", is_dcc=True)
        make_event(dcc, EventKind.ACCESSION, D(2016, 1, 4))
        make_event(echo, EventKind.DEFAULT_ENTERED, D(2017, 12, 20), note="Echo's first default")
        make_event(delta, EventKind.ACCESSION, D(2018, 3, 15), note="Delta joins")
        make_event(echo, EventKind.DEFAULT_LEFT, D(2018, 3, 5))
        make_event(charlie, EventKind.WITHDRAWAL, D(2018, 4, 1), note="Charlie withdraws")
        make_event(alpha, EventKind.DEFAULT_ENTERED, D(2018, 4, 10), note="Alpha defaults")
        make_event(alpha, EventKind.DEFAULT_LEFT, D(2018, 4, 20))
        make_event(bravo, EventKind.ACCESSION, D(2018, 4, 30))
        make_event(dcc, EventKind.DEFAULT_ENTERED, D(2018, 4, 16), note="The DCC is never counted")
        make_event(foxtrot, EventKind.ACCESSION, D(2018, 5, 2))
        make_event(bravo, EventKind.DEFAULT_ENTERED, D(2018, 5, 10))
        make_event(delta, EventKind.EXPULSION, D(2018, 5, 31), note="Delta expelled")
        make_event(echo, EventKind.DEFAULT_ENTERED, D(2018, 5, 31), note="Echo defaults again")

    # month: (accessions, in default, withdrawals, expulsions, parties, voting groups)
    TABLE_3 = {
        D(2018, 3, 1): (1, 1, 0, 0, 4, 4),  # Delta joins; Echo in default until the 5th
        D(2018, 4, 1): (1, 1, 1, 0, 4, 3),  # Charlie out, Bravo in; the small group is empty; Alpha
        D(2018, 5, 1): (1, 2, 0, 1, 4, 3),  # Foxtrot in, Delta out; the gas group is empty; Bravo, Echo
    }
    # month: voting groups by category, in Figure 1's order (large, other, small, gas, electricity)
    FIGURE_1 = {
        D(2018, 3, 1): [1, 1, 1, 1, 0],
        D(2018, 4, 1): [1, 1, 0, 1, 0],
        D(2018, 5, 1): [1, 1, 1, 0, 0],
    }
    NOTES = {
        D(2018, 3, 1): [("accessions", "Delta", D(2018, 3, 15), "Delta joins")],
        D(2018, 4, 1): [
            ("in_default", "Alpha", D(2018, 4, 10), "Alpha defaults"),
            ("withdrawals", "Charlie", D(2018, 4, 1), "Charlie withdraws"),
        ],
        D(2018, 5, 1): [
            ("in_default", "Echo", D(2018, 5, 31), "Echo defaults again"),
            ("expulsions", "Delta", D(2018, 5, 31), "Delta expelled"),
        ],
    }

    def assertFigures(self, stats):
        for month in stats:
            with self.subTest(month=month.month):
                self.assertEqual(
                    (
                        month.accessions,
                        month.in_default,
                        month.withdrawals,
                        month.expulsions,
                        month.parties,
                        month.voting_groups,
                    ),
                    self.TABLE_3[month.month],
                )
                self.assertEqual(list(month.groups_by_category), list(CATEGORY_PLURALS))
                self.assertEqual(list(month.groups_by_category.values()), self.FIGURE_1[month.month])
                notes = [
                    (row, note.party, note.date, note.note) for row, notes in month.notes.items() for note in notes
                ]
                self.assertEqual(notes, self.NOTES[month.month])

    def test_march_to_may(self):
        stats = membership_statistics(D(2018, 3, 1), D(2018, 5, 1))
        self.assertEqual([month.month for month in stats], list(self.TABLE_3))
        self.assertFigures(stats)

    def test_each_month_alone_from_the_history_before_it(self):
        for month in self.TABLE_3:
            (stats,) = membership_statistics(month, month)
            self.assertFigures([stats])


class HistoryBeforeTheWindowTests(BaseTestCase):
    """Years of history before the months asked for, summed up by the database, give exactly
    what applying every event from the first one gives: the same months asked for as the end of
    a range that starts before any event, where the database has nothing to sum up. (Whether
    applying the events gives the right figures is FiguresCountedByHandTests' question.)"""

    BEFORE_ANY_EVENT = D(2012, 12, 1)  # the random events below are from 2013 on

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        rng = random.Random(2018)
        categories = PartyCategory.values
        groups = [make_voting_group(category=categories[i % len(categories)]) for i in range(14)]
        day = lambda: D(2013, 1, 1) + datetime.timedelta(days=rng.randint(0, 6 * 365))  # noqa: E731
        for i in range(60):
            party = make_party(voting_group=groups[rng.randrange(len(groups))])
            joined = day()
            make_event(party, EventKind.ACCESSION, joined, note=f"Joined {i}" if i % 7 == 0 else "")
            if rng.random() < 0.3:
                kind = rng.choice(LEAVING_KINDS)
                make_event(party, kind, joined + datetime.timedelta(days=rng.randint(0, 900)), note=f"Left {i}")
            opened = joined
            for _ in range(rng.choice([0, 0, 1, 2, 3])):  # spells, some nested, some still open
                opened += datetime.timedelta(days=rng.randint(1, 200))
                make_event(party, EventKind.DEFAULT_ENTERED, opened, note=f"Default {i} {opened}")
                if rng.random() < 0.6:
                    make_event(party, EventKind.DEFAULT_LEFT, opened + datetime.timedelta(days=rng.randint(0, 120)))
        # Whatever the data allow, if not what the admin would: a leaving before its accession,
        # a leaving without one, a "left default" with no spell open, events of the DCC.
        odd = make_party(voting_group=groups[0])
        make_event(odd, EventKind.WITHDRAWAL, D(2015, 3, 2))
        make_event(odd, EventKind.ACCESSION, D(2016, 5, 9))
        make_event(make_party(voting_group=groups[1]), EventKind.EXPULSION, D(2016, 8, 1))
        make_event(odd, EventKind.DEFAULT_LEFT, D(2016, 6, 1))
        make_event(odd, EventKind.DEFAULT_ENTERED, D(2016, 6, 2))
        dcc = Party.objects.create(name="Test DCC", is_dcc=True)
        make_event(dcc, EventKind.ACCESSION, D(2014, 1, 1))
        make_event(dcc, EventKind.DEFAULT_ENTERED, D(2016, 1, 1))
        # A group whose only party leaves before the window and whose next joins within it.
        emptied = make_voting_group(category=PartyCategory.GAS_NETWORK)
        make_event(make_party(voting_group=emptied, acceded=D(2014, 2, 3)), EventKind.WITHDRAWAL, D(2016, 11, 30))
        make_party(voting_group=emptied, acceded=D(2017, 2, 1))

    def assertSameAsFromTheStart(self, first, last):
        with self.subTest(first=first, last=last):
            asked = membership_statistics(first, last)
            from_the_start = membership_statistics(min(first, self.BEFORE_ANY_EVENT), last)
            expected = [asdict(month) for month in from_the_start[len(from_the_start) - len(asked) :]]
            self.assertEqual(expected[0]["month"], first.replace(day=1))
            self.assertEqual([asdict(month) for month in asked], expected)

    def test_every_window_gives_what_replaying_all_history_gives(self):
        for last in months_between(D(2012, 12, 1), D(2020, 1, 1))[::5]:
            for count in (1, 2, 13, 40):
                self.assertSameAsFromTheStart(add_months(last, -(count - 1)), last)

    def test_the_history_before_the_window_counts(self):
        stats = membership_statistics(D(2017, 1, 1), D(2017, 2, 1))
        self.assertGreater(stats[0].parties, 0)
        self.assertGreater(stats[0].in_default, 0)  # spells opened before 2017 and still open
        self.assertEqual(
            stats[1].groups_by_category[PartyCategory.GAS_NETWORK]
            - stats[0].groups_by_category[PartyCategory.GAS_NETWORK],
            1,
        )  # the emptied group counts again from its new party's accession

    def test_a_day_or_a_mid_month_date_picks_its_month(self):
        self.assertSameAsFromTheStart(D(2016, 11, 30), D(2017, 1, 15))
