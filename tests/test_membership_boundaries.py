"""Table 3 at the edges of a month, on a handful of hand-built parties.

A party's accession, withdrawal or expulsion counts in the month of its date and changes the
month-end figures from that month on, whether it falls on the month's first or last day; a
party in default on any day of a month counts in that month's "In Default", and the note of
its entry into default is a footnote of the month it entered. Applicants awaiting accession
and the events the paper cannot footnote have month boundaries too.
"""

import datetime
from contextlib import contextmanager

from django.db import transaction

from opsreport.lib.months import last_day
from parties.models import CATEGORY_PLURALS, Applicant, EventKind, MembershipEvent, Party, PartyCategory, VotingGroup
from parties.reports import (
    EventNote,
    applicants_awaiting,
    events_without_note,
    membership_statistics,
)
from tests.base import BaseTestCase

D = datetime.date
MAY, JUNE, JULY, AUGUST = D(2018, 5, 1), D(2018, 6, 1), D(2018, 7, 1), D(2018, 8, 1)
LONG_AGO = D(2018, 1, 15)
LEAVING = [EventKind.WITHDRAWAL, EventKind.EXPULSION]
ROW_OF = {EventKind.ACCESSION: "accessions", EventKind.WITHDRAWAL: "withdrawals", EventKind.EXPULSION: "expulsions"}


class MembershipTestCase(BaseTestCase):
    """A database without data (BaseTestCase), and two voting groups."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.small = VotingGroup.objects.create(name="Alder group", category=PartyCategory.SMALL_SUPPLIER)
        cls.large = VotingGroup.objects.create(name="Birch group", category=PartyCategory.LARGE_SUPPLIER)

    def party(self, name, group=None, acceded=LONG_AGO):
        party = Party.objects.create(name=name, voting_group=group or self.small)
        if acceded is not None:
            self.event(party, EventKind.ACCESSION, acceded)
        return party

    @staticmethod
    def event(party, kind, date, note=""):
        return MembershipEvent.objects.create(party=party, kind=kind, date=date, note=note)

    @staticmethod
    def stats(first=MAY, last=JULY):
        return {s.month: s for s in membership_statistics(first, last)}

    @staticmethod
    @contextmanager
    def undone():
        """What a subTest adds to the database is gone before the next one."""
        with transaction.atomic():
            yield
            transaction.set_rollback(True)

    def assertMonths(self, stats, attribute, expected):
        self.assertEqual({month: getattr(stats[month], attribute) for month in expected}, expected)


class MembershipChangeBoundaryTests(MembershipTestCase):
    """A change on a month's first or last day belongs to that month; the next day, to the next."""

    def test_an_accession_on_the_first_or_last_day_counts_in_that_month(self):
        for day in [D(2018, 6, 1), D(2018, 6, 30)]:
            with self.subTest(day=day), self.undone():
                self.party("Acorn Energy Ltd", acceded=day)
                stats = self.stats()
                self.assertMonths(stats, "accessions", {MAY: 0, JUNE: 1, JULY: 0})
                self.assertMonths(stats, "parties", {MAY: 0, JUNE: 1, JULY: 1})
                self.assertMonths(stats, "voting_groups", {MAY: 0, JUNE: 1, JULY: 1})

    def test_an_accession_on_the_next_months_first_day_counts_in_the_next_month(self):
        self.party("Acorn Energy Ltd", acceded=D(2018, 7, 1))
        stats = self.stats()
        self.assertMonths(stats, "accessions", {MAY: 0, JUNE: 0, JULY: 1})
        self.assertMonths(stats, "parties", {MAY: 0, JUNE: 0, JULY: 1})
        self.assertMonths(stats, "voting_groups", {MAY: 0, JUNE: 0, JULY: 1})

    def test_a_party_leaving_on_the_first_or_last_day_is_gone_at_that_months_end(self):
        for kind in LEAVING:
            for day in [D(2018, 6, 1), D(2018, 6, 30)]:
                with self.subTest(kind=kind, day=day), self.undone():
                    party = self.party("Acorn Energy Ltd")
                    self.event(party, kind, day)
                    stats = self.stats()
                    self.assertMonths(stats, ROW_OF[kind], {MAY: 0, JUNE: 1, JULY: 0})
                    self.assertMonths(stats, "parties", {MAY: 1, JUNE: 0, JULY: 0})
                    self.assertMonths(stats, "voting_groups", {MAY: 1, JUNE: 0, JULY: 0})

    def test_a_party_leaving_on_the_next_months_first_day_is_counted_at_this_months_end(self):
        for kind in LEAVING:
            with self.subTest(kind=kind), self.undone():
                party = self.party("Acorn Energy Ltd")
                self.event(party, kind, D(2018, 7, 1))
                stats = self.stats()
                self.assertMonths(stats, ROW_OF[kind], {MAY: 0, JUNE: 0, JULY: 1})
                self.assertMonths(stats, "parties", {MAY: 1, JUNE: 1, JULY: 0})
                self.assertMonths(stats, "voting_groups", {MAY: 1, JUNE: 1, JULY: 0})

    def test_a_change_on_the_last_day_of_the_last_month_is_in_the_table(self):
        for kind in [EventKind.ACCESSION, *LEAVING]:
            with self.subTest(kind=kind), self.undone():
                party = self.party(
                    "Acorn Energy Ltd", acceded=D(2018, 6, 30) if kind == EventKind.ACCESSION else LONG_AGO
                )
                if kind != EventKind.ACCESSION:
                    self.event(party, kind, D(2018, 6, 30))
                [june] = membership_statistics(JUNE, JUNE)
                self.assertEqual(getattr(june, ROW_OF[kind]), 1)
                self.assertEqual(june.parties, 1 if kind == EventKind.ACCESSION else 0)

    def test_a_change_on_the_first_day_after_the_last_month_is_not(self):
        party = self.party("Acorn Energy Ltd")
        self.party("Beech Power Ltd", acceded=D(2018, 7, 1))
        self.event(party, EventKind.EXPULSION, D(2018, 7, 1), note="Expelled on 1 July.")
        [june] = membership_statistics(JUNE, JUNE)
        self.assertEqual((june.accessions, june.expulsions, june.parties, june.voting_groups), (0, 0, 1, 1))
        self.assertEqual(june.notes["expulsions"], [])

    def test_changes_before_the_first_month_count_in_its_month_end_figures_only(self):
        party = self.party("Acorn Energy Ltd", acceded=D(2018, 5, 31))
        self.party("Beech Power Ltd", acceded=D(2018, 6, 1))
        self.event(party, EventKind.WITHDRAWAL, D(2018, 5, 31), note="Withdrew the day it acceded.")
        self.party("Cedar Supply Ltd", acceded=D(2018, 5, 31))
        stats = self.stats(JUNE, JULY)
        self.assertEqual(list(stats), [JUNE, JULY])
        self.assertMonths(stats, "accessions", {JUNE: 1, JULY: 0})
        self.assertMonths(stats, "withdrawals", {JUNE: 0, JULY: 0})
        self.assertMonths(stats, "parties", {JUNE: 2, JULY: 2})
        self.assertEqual(stats[JUNE].notes["withdrawals"], [])

    def test_leaving_notes_are_footnotes_of_the_month_of_the_date(self):
        first = self.party("Acorn Energy Ltd")
        last = self.party("Beech Power Ltd")
        next_month = self.party("Cedar Supply Ltd")
        self.event(first, EventKind.WITHDRAWAL, D(2018, 6, 1), note="Acorn withdrew.")
        self.event(last, EventKind.EXPULSION, D(2018, 6, 30), note="Beech was expelled.")
        self.event(next_month, EventKind.WITHDRAWAL, D(2018, 7, 1), note="Cedar withdrew.")
        stats = self.stats()
        self.assertEqual(stats[MAY].notes, {"accessions": [], "in_default": [], "withdrawals": [], "expulsions": []})
        self.assertEqual(
            stats[JUNE].notes["withdrawals"],
            [EventNote("Acorn Energy Ltd", EventKind.WITHDRAWAL, D(2018, 6, 1), "Acorn withdrew.")],
        )
        self.assertEqual(
            stats[JUNE].notes["expulsions"],
            [EventNote("Beech Power Ltd", EventKind.EXPULSION, D(2018, 6, 30), "Beech was expelled.")],
        )
        self.assertEqual([n.note for n in stats[JULY].notes["withdrawals"]], ["Cedar withdrew."])
        self.assertEqual(stats[JULY].notes["expulsions"], [])
        self.assertMonths(stats, "withdrawals", {MAY: 0, JUNE: 1, JULY: 1})
        self.assertMonths(stats, "expulsions", {MAY: 0, JUNE: 1, JULY: 0})
        self.assertMonths(stats, "parties", {MAY: 3, JUNE: 1, JULY: 0})

    def test_several_changes_in_a_month_all_count(self):
        for day in [D(2018, 6, 1), D(2018, 6, 15), D(2018, 6, 30)]:
            self.party(f"Party joining {day:%d}", acceded=day)
        stats = self.stats()
        self.assertMonths(stats, "accessions", {MAY: 0, JUNE: 3, JULY: 0})
        self.assertMonths(stats, "parties", {MAY: 0, JUNE: 3, JULY: 3})

    def test_the_dashboards_queryset_draws_the_same_month_end_line(self):
        # Party.objects.in_membership_on(day) is documented as the same rule, for the dashboard.
        self.party("Joined June 1", acceded=D(2018, 6, 1))
        self.party("Joined June 30", acceded=D(2018, 6, 30))
        self.party("Joined July 1", acceded=D(2018, 7, 1))
        for name, kind, day in [
            ("Withdrew June 1", EventKind.WITHDRAWAL, D(2018, 6, 1)),
            ("Expelled June 30", EventKind.EXPULSION, D(2018, 6, 30)),
            ("Withdrew July 1", EventKind.WITHDRAWAL, D(2018, 7, 1)),
        ]:
            self.event(self.party(name), kind, day)
        stats = self.stats()
        for month, members in [
            (MAY, ["Expelled June 30", "Withdrew July 1", "Withdrew June 1"]),
            (JUNE, ["Joined June 1", "Joined June 30", "Withdrew July 1"]),
            (JULY, ["Joined July 1", "Joined June 1", "Joined June 30"]),
        ]:
            with self.subTest(month=month):
                on_last_day = Party.objects.in_membership_on(last_day(month))
                self.assertEqual(sorted(on_last_day.values_list("name", flat=True)), members)
                self.assertEqual(stats[month].parties, len(members))

    def test_the_dcc_is_never_counted(self):
        dcc = Party.objects.create(name="Smart DCC Ltd", is_dcc=True)
        self.event(dcc, EventKind.ACCESSION, D(2018, 6, 1))
        self.event(dcc, EventKind.DEFAULT_ENTERED, D(2018, 6, 2), note="Not a footnote.")
        stats = self.stats()
        for month in [MAY, JUNE, JULY]:
            with self.subTest(month=month):
                s = stats[month]
                self.assertEqual((s.accessions, s.in_default, s.parties, s.voting_groups), (0, 0, 0, 0))
                self.assertEqual(s.notes["in_default"], [])

    def test_it_makes_two_queries(self):
        # The history before the window, summed by the database, and the window's own events.
        self.party("Acorn Energy Ltd")
        with self.assertNumQueries(2):
            membership_statistics(MAY, JULY)


class VotingGroupBoundaryTests(MembershipTestCase):
    """A group counts from the day its first party accedes to the day its last party leaves."""

    def test_a_group_counts_while_any_of_its_parties_is_a_member(self):
        first = self.party("Acorn Energy Ltd", self.small)  # acceded in January
        second = self.party("Acorn Energy Two Ltd", self.small, acceded=D(2018, 6, 1))
        other = self.party("Birch Power Ltd", self.large, acceded=D(2018, 6, 1))
        self.event(first, EventKind.WITHDRAWAL, D(2018, 6, 30))  # its group keeps the second party
        self.event(second, EventKind.EXPULSION, D(2018, 7, 1))  # the group's last party
        stats = self.stats(MAY, AUGUST)
        self.assertMonths(stats, "parties", {MAY: 1, JUNE: 2, JULY: 1, AUGUST: 1})
        self.assertMonths(stats, "voting_groups", {MAY: 1, JUNE: 2, JULY: 1, AUGUST: 1})
        small, large = PartyCategory.SMALL_SUPPLIER, PartyCategory.LARGE_SUPPLIER
        self.assertEqual(
            {m: (s.groups_by_category[small], s.groups_by_category[large]) for m, s in stats.items()},
            {MAY: (1, 0), JUNE: (1, 1), JULY: (0, 1), AUGUST: (0, 1)},
        )
        self.assertEqual(list(stats[MAY].groups_by_category), list(CATEGORY_PLURALS))  # Figure 1's order
        self.event(other, EventKind.WITHDRAWAL, D(2018, 8, 31))
        self.assertEqual(membership_statistics(AUGUST, AUGUST)[0].voting_groups, 0)

    def test_a_group_whose_parties_all_join_the_same_day_counts_once(self):
        for name in ["Cedar One Ltd", "Cedar Two Ltd", "Cedar Three Ltd"]:
            self.party(name, self.small, acceded=D(2018, 6, 30))
        stats = self.stats()
        self.assertMonths(stats, "parties", {MAY: 0, JUNE: 3, JULY: 3})
        self.assertMonths(stats, "voting_groups", {MAY: 0, JUNE: 1, JULY: 1})

    def test_voting_groups_by_category_at_a_months_end(self):
        self.party("Acorn Energy Ltd", self.small, acceded=D(2018, 6, 30))
        self.party("Birch Power Ltd", self.large, acceded=D(2018, 7, 1))
        by_month = {m.month: m.groups_by_category for m in membership_statistics(JUNE, JULY)}
        self.assertEqual(
            by_month[JUNE],
            {"large_supplier": 0, "other": 0, "small_supplier": 1, "gas_network": 0, "electricity_network": 0},
        )
        self.assertEqual(by_month[JULY]["large_supplier"], 1)


class DefaultBoundaryTests(MembershipTestCase):
    """In Default: a party in default on any day of the month, from its first day to its last."""

    def setUp(self):
        self.acorn = self.party("Acorn Energy Ltd")

    def in_default(self, first=MAY, last=AUGUST):
        return {m: s.in_default for m, s in self.stats(first, last).items()}

    def default(self, entered, left=None, party=None, note="", left_note=""):
        party = party or self.acorn
        self.event(party, EventKind.DEFAULT_ENTERED, entered, note=note)
        if left is not None:
            self.event(party, EventKind.DEFAULT_LEFT, left, note=left_note)

    def test_a_default_starting_on_a_months_last_day_counts_in_that_month(self):
        for entered in [D(2018, 6, 29), D(2018, 6, 30)]:
            with self.subTest(entered=entered), self.undone():
                self.default(entered)
                self.assertEqual(self.in_default(), {MAY: 0, JUNE: 1, JULY: 1, AUGUST: 1})

    def test_a_default_starting_on_the_next_months_first_day_does_not(self):
        self.default(D(2018, 7, 1))
        self.assertEqual(self.in_default(), {MAY: 0, JUNE: 0, JULY: 1, AUGUST: 1})

    def test_a_default_ending_on_a_months_first_day_counts_in_that_month(self):
        for left in [D(2018, 7, 1), D(2018, 7, 2)]:
            with self.subTest(left=left), self.undone():
                self.default(D(2018, 5, 10), left)
                self.assertEqual(self.in_default(), {MAY: 1, JUNE: 1, JULY: 1, AUGUST: 0})

    def test_a_default_ending_on_the_previous_months_last_day_does_not(self):
        self.default(D(2018, 5, 10), D(2018, 6, 30))
        self.assertEqual(self.in_default(), {MAY: 1, JUNE: 1, JULY: 0, AUGUST: 0})

    def test_a_one_day_default_on_a_months_first_or_last_day(self):
        for day in [D(2018, 6, 1), D(2018, 6, 30)]:
            with self.subTest(day=day), self.undone():
                self.default(day, day)
                self.assertEqual(self.in_default(), {MAY: 0, JUNE: 1, JULY: 0, AUGUST: 0})

    def test_a_one_day_default_typed_in_leaving_first(self):
        # Events of one day come in the order they were typed in; a one-day default still ends.
        for day in [D(2018, 6, 1), D(2018, 6, 30)]:
            with self.subTest(day=day), self.undone():
                self.event(self.acorn, EventKind.DEFAULT_LEFT, day)
                self.event(self.acorn, EventKind.DEFAULT_ENTERED, day, note="A day in default.")
                stats = self.stats(MAY, AUGUST)
                self.assertEqual({m: s.in_default for m, s in stats.items()}, {MAY: 0, JUNE: 1, JULY: 0, AUGUST: 0})
                self.assertEqual([n.note for n in stats[JUNE].notes["in_default"]], ["A day in default."])

    def test_leaving_and_entering_default_again_on_a_months_last_day(self):
        # Either order of typing: the party is in default throughout.
        for left_first in [True, False]:
            with self.subTest(left_first=left_first), self.undone():
                self.default(D(2018, 5, 10))
                kinds = [EventKind.DEFAULT_LEFT, EventKind.DEFAULT_ENTERED]
                for kind in kinds if left_first else reversed(kinds):
                    self.event(self.acorn, kind, D(2018, 6, 30))
                self.event(self.acorn, EventKind.DEFAULT_LEFT, D(2018, 7, 31))
                self.assertEqual(self.in_default(), {MAY: 1, JUNE: 1, JULY: 1, AUGUST: 0})

    def test_a_default_over_before_the_first_month_is_not_counted(self):
        self.default(D(2018, 3, 1), D(2018, 4, 30))
        self.assertEqual(self.in_default(), {MAY: 0, JUNE: 0, JULY: 0, AUGUST: 0})

    def test_a_default_from_before_the_first_month_still_counts(self):
        self.default(D(2018, 4, 30), D(2018, 5, 1))
        self.assertEqual(self.in_default(), {MAY: 1, JUNE: 0, JULY: 0, AUGUST: 0})

    def test_a_default_left_after_the_last_month_counts_up_to_it(self):
        self.default(D(2018, 6, 30), D(2018, 9, 1))
        self.assertEqual(self.in_default(MAY, JULY), {MAY: 0, JUNE: 1, JULY: 1})

    def test_defaulting_twice_in_a_month_counts_once(self):
        self.default(D(2018, 6, 1), D(2018, 6, 2))
        self.default(D(2018, 6, 29), D(2018, 6, 30))
        self.assertEqual(self.in_default(), {MAY: 0, JUNE: 1, JULY: 0, AUGUST: 0})

    def test_a_second_default_after_leaving_the_first(self):
        self.default(D(2018, 5, 10), D(2018, 5, 31))
        self.default(D(2018, 7, 1), D(2018, 7, 31))
        self.assertEqual(self.in_default(), {MAY: 1, JUNE: 0, JULY: 1, AUGUST: 0})

    def test_two_parties_in_default_count_two(self):
        birch = self.party("Birch Power Ltd", self.large)
        self.default(D(2018, 6, 30), D(2018, 7, 1))
        self.default(D(2018, 6, 1), D(2018, 7, 31), party=birch)
        self.assertEqual(self.in_default(), {MAY: 0, JUNE: 2, JULY: 2, AUGUST: 0})

    def test_leaving_default_only_ends_that_partys_default(self):
        birch = self.party("Birch Power Ltd", self.large)
        self.default(D(2018, 5, 10))
        self.default(D(2018, 5, 20), D(2018, 5, 31), party=birch)
        self.assertEqual(self.in_default(), {MAY: 2, JUNE: 1, JULY: 1, AUGUST: 1})

    def test_an_unmatched_leaving_of_default_is_ignored(self):
        self.event(self.acorn, EventKind.DEFAULT_LEFT, D(2018, 6, 1))
        self.default(D(2018, 6, 30))
        self.assertEqual(self.in_default(), {MAY: 0, JUNE: 1, JULY: 1, AUGUST: 1})

    def test_in_default_is_not_a_count_of_events(self):
        self.default(D(2018, 6, 1), D(2018, 6, 5), note="First.")
        self.default(D(2018, 6, 10), D(2018, 6, 15))
        self.default(D(2018, 6, 20))
        stats = self.stats()
        self.assertEqual(stats[JUNE].in_default, 1)
        self.assertEqual((stats[JUNE].accessions, stats[JUNE].withdrawals, stats[JUNE].expulsions), (0, 0, 0))

    def test_the_note_is_a_footnote_of_the_month_the_party_entered_default(self):
        for entered, month in [(D(2018, 6, 30), JUNE), (D(2018, 7, 1), JULY)]:
            with self.subTest(entered=entered), self.undone():
                self.default(entered, D(2018, 8, 1), note="Acorn entered default.", left_note="Acorn paid.")
                stats = self.stats(MAY, AUGUST)
                for m, s in stats.items():
                    with self.subTest(month=m):
                        expected = [
                            EventNote("Acorn Energy Ltd", EventKind.DEFAULT_ENTERED, entered, "Acorn entered default.")
                        ]
                        self.assertEqual(s.notes["in_default"], expected if m == month else [])
                        # Leaving default is not a footnote, in any row.
                        self.assertEqual(sum(len(notes) for notes in s.notes.values()), len(s.notes["in_default"]))
                self.assertEqual(
                    {m: s.in_default for m, s in stats.items()}, {MAY: 0, JUNE: int(month == JUNE), JULY: 1, AUGUST: 1}
                )

    def test_a_default_without_a_note_counts_but_has_no_footnote(self):
        self.default(D(2018, 6, 30))
        june = self.stats()[JUNE]
        self.assertEqual((june.in_default, june.notes["in_default"]), (1, []))


class ApplicantBoundaryTests(BaseTestCase):
    """Table 1: accepted by the month's last day, and not acceded by then."""

    def test_applicants_at_the_edges_of_the_month(self):
        def applicant(name, applied_on, acceded_on=None):
            Applicant.objects.create(
                name=name, category=PartyCategory.OTHER, applied_on=applied_on, acceded_on=acceded_on
            )

        applicant("Applied on the last day", D(2018, 6, 30))
        applicant("Applied on the first day", D(2018, 6, 1))
        applicant("Applied the next month", D(2018, 7, 1))
        applicant("Acceded on the last day", D(2018, 5, 1), D(2018, 6, 30))
        applicant("Acceded on the first day", D(2018, 5, 1), D(2018, 6, 1))
        applicant("Acceded the next month", D(2018, 5, 1), D(2018, 7, 1))
        applicant("Applied and acceded on the last day", D(2018, 6, 30), D(2018, 6, 30))
        rows = applicants_awaiting(JUNE)
        self.assertEqual(
            sorted(row.name for row in rows),
            ["Acceded the next month", "Applied on the first day", "Applied on the last day"],
        )
        self.assertEqual({row.category for row in rows}, {"Other SEC Party"})
        self.assertEqual(
            [row.name for row in applicants_awaiting(MAY)],
            ["Acceded on the first day", "Acceded on the last day", "Acceded the next month"],
        )


class EventsWithoutNoteBoundaryTests(MembershipTestCase):
    """The consistency check lists the un-footnoted events dated in the months of the range."""

    def test_events_on_the_first_and_last_day_of_the_range_only(self):
        parties = {day: self.party(f"Party {day}") for day in ["05-31", "06-01", "07-31", "08-01"]}
        for day, party in parties.items():
            self.event(party, EventKind.DEFAULT_ENTERED, D(2018, int(day[:2]), int(day[3:])))
        noted = self.party("Noted Party")
        self.event(noted, EventKind.WITHDRAWAL, D(2018, 6, 15), note="Footnoted.")
        quiet = self.party("Accession Only", acceded=D(2018, 6, 15))
        self.event(quiet, EventKind.DEFAULT_LEFT, D(2018, 6, 20))
        expelled = self.party("Expelled Party")
        self.event(expelled, EventKind.EXPULSION, D(2018, 7, 31))
        listed = [(event.party.name, event.date) for event in events_without_note(JUNE, JULY)]
        self.assertEqual(
            listed,
            [("Party 06-01", D(2018, 6, 1)), ("Party 07-31", D(2018, 7, 31)), ("Expelled Party", D(2018, 7, 31))],
        )
