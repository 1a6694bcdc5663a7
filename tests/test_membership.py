"""Parties, voting groups and Table 3 for June 2018, derived from membership events."""

import datetime
import random
from collections import Counter, defaultdict
from dataclasses import asdict

from opsreport.lib.months import add_months, last_day, months_between, window
from parties.models import (
    CATEGORY_PLURALS,
    LEAVING_KINDS,
    EventKind,
    MembershipEvent,
    Party,
    PartyCategory,
)
from parties.reports import TABLE3_ROWS, EventNote, MonthMembership, membership_statistics
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


def replayed_from_the_start(first_month, last_month):
    """membership_statistics as it was before the history was summed up by the database: every
    event up to the range's end read and replayed in Python. The reference the tests hold it to."""
    events = (
        MembershipEvent.objects.filter(party__is_dcc=False, date__lte=last_day(last_month))
        .order_by("date", "pk")
        .values_list(
            "party_id", "party__name", "party__voting_group_id", "party__voting_group__category", "kind", "date", "note"
        )
    )
    row_of_kind = {kind: row for row, kind in TABLE3_ROWS}
    events_by_month = defaultdict(list)
    changes = []
    spells = defaultdict(list)
    for event in events:
        party, _, group, category, kind, date, _ = event
        events_by_month[date.replace(day=1)].append(event)
        if kind == EventKind.ACCESSION:
            changes.append((date, 1, group, category))
        elif kind in LEAVING_KINDS:
            changes.append((date, -1, group, category))
        elif kind == EventKind.DEFAULT_ENTERED:
            spells[party].append([date, None])
        elif kind == EventKind.DEFAULT_LEFT:
            open_spells = [spell for spell in spells[party] if spell[1] is None]
            if open_spells:
                open_spells[-1][1] = date
    changes.sort(key=lambda change: change[0])
    default_spells = [party_spells for party_spells in spells.values() if party_spells]
    members, active_by_category = Counter(), Counter()
    parties = next_change = 0
    result = []
    for month in months_between(first_month, last_month):
        end = last_day(month)
        stats = MonthMembership(month=month, notes={row: [] for row, _ in TABLE3_ROWS})
        for _, name, _, _, kind, date, note in events_by_month.get(month, ()):
            row = row_of_kind.get(kind)
            if row is None:
                continue
            if row != "in_default":
                setattr(stats, row, getattr(stats, row) + 1)
            if note:
                stats.notes[row].append(EventNote(name, kind, date, note))
        while next_change < len(changes) and changes[next_change][0] <= end:
            _, step, group, category = changes[next_change]
            parties += step
            members[group] += step
            if (step == 1 and members[group] == 1) or (step == -1 and members[group] == 0):
                active_by_category[category] += step
            next_change += 1
        stats.parties = parties
        stats.voting_groups = sum(active_by_category.values())
        stats.groups_by_category = {category: active_by_category[category] for category in CATEGORY_PLURALS}
        stats.in_default = sum(
            1 for spells in default_spells if any(s <= end and (e is None or e >= month) for s, e in spells)
        )
        result.append(stats)
    return result


class HistoryBeforeTheWindowTests(BaseTestCase):
    """Years of history before the months asked for, summed up by the database, give exactly
    what replaying every event from the first one gives."""

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

    def assertSameAsReplay(self, first, last):
        with self.subTest(first=first, last=last):
            expected = [asdict(month) for month in replayed_from_the_start(first, last)]
            self.assertEqual([asdict(month) for month in membership_statistics(first, last)], expected)

    def test_every_window_gives_what_replaying_all_history_gives(self):
        for last in months_between(D(2012, 12, 1), D(2020, 1, 1))[::5]:
            for count in (1, 2, 13, 40):
                self.assertSameAsReplay(add_months(last, -(count - 1)), last)

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
        self.assertSameAsReplay(D(2016, 11, 30), D(2017, 1, 15))
