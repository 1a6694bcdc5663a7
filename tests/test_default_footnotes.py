"""Every party counted "In Default" in the paper's month has its footnote in Table 3 (July 2018
printed "In Default 2" with a footnote for one of the two): the note of the "entered default"
that began its spell, else a standard text naming it."""

import datetime

from opsreport.models import Paper
from opsreport.paper.assembly import assemble
from opsreport.paper.sections import membership
from parties.models import EventKind, MembershipEvent
from parties.reports import parties_in_default
from tests.base import BaseTestCase, SampleTestCase
from tests.factories import make_event, make_paper, make_party

D = datetime.date
JUNE, JULY = D(2018, 6, 1), D(2018, 7, 1)
JUNE_NOTE = (
    "One SEC Party entered Default in both May and June. The SEC Panel is maintaining a watching brief on the Party."
)


def in_default_footnotes(month):
    section = assemble(make_paper(month)).section(membership)
    cell = section.in_default.cells[-1]
    return cell.value, [footnote.text for footnote in cell.footnotes]


class DefaultFootnoteTests(BaseTestCase):
    def setUp(self):
        self.carried = make_party("Carried Over Energy", acceded=D(2016, 1, 4))
        self.new = make_party("New Default Ltd", acceded=D(2016, 1, 4))

    def test_a_party_still_in_default_from_last_month_keeps_its_note(self):
        make_event(self.carried, EventKind.DEFAULT_ENTERED, D(2018, 6, 11), JUNE_NOTE)
        make_event(self.new, EventKind.DEFAULT_ENTERED, D(2018, 7, 9), "A second SEC Party entered Default in July.")
        self.assertEqual(
            in_default_footnotes(JULY),
            (2, ["A second SEC Party entered Default in July.", JUNE_NOTE]),
        )

    def test_a_party_in_default_without_a_note_gets_a_standard_text_naming_it(self):
        make_event(self.carried, EventKind.DEFAULT_ENTERED, D(2018, 5, 14))
        make_event(self.new, EventKind.DEFAULT_ENTERED, D(2018, 7, 2))
        make_event(self.new, EventKind.DEFAULT_LEFT, D(2018, 7, 20))
        self.assertEqual(
            in_default_footnotes(JULY),
            (
                2,
                [
                    "Carried Over Energy entered default on 14/05/2018 and remained in default at the end of July 2018.",
                    "New Default Ltd was in default from 02/07/2018 to 20/07/2018.",
                ],
            ),
        )

    def test_a_party_that_left_default_last_month_is_neither_counted_nor_footnoted(self):
        make_event(self.carried, EventKind.DEFAULT_ENTERED, D(2018, 5, 14), "In default.")
        make_event(self.carried, EventKind.DEFAULT_LEFT, D(2018, 6, 30))
        self.assertEqual(in_default_footnotes(JULY), (0, []))
        self.assertEqual(parties_in_default(JULY), [])

    def test_as_many_footnotes_as_parties_counted_however_the_defaults_run(self):
        parties = [make_party(f"Party {i}", acceded=D(2015, 1, 5)) for i in range(5)]
        make_event(parties[0], EventKind.DEFAULT_ENTERED, D(2017, 1, 3), "Long default.")
        make_event(parties[1], EventKind.DEFAULT_ENTERED, D(2018, 7, 1))
        make_event(parties[1], EventKind.DEFAULT_LEFT, D(2018, 7, 1))  # a one-day default counts
        make_event(parties[2], EventKind.DEFAULT_ENTERED, D(2018, 3, 1), "Twice.")
        make_event(parties[2], EventKind.DEFAULT_LEFT, D(2018, 4, 1))
        make_event(parties[2], EventKind.DEFAULT_ENTERED, D(2018, 7, 15), "Again.")
        make_event(parties[3], EventKind.DEFAULT_LEFT, D(2018, 7, 3))  # closes nothing
        count, texts = in_default_footnotes(JULY)
        self.assertEqual(count, 3)
        self.assertEqual(len(texts), 3)
        self.assertIn("Long default.", texts)
        self.assertIn("Again.", texts)
        self.assertIn("Party 1 was in default from 01/07/2018 to 01/07/2018.", texts)

    def test_the_footnotes_are_printed_under_the_table(self):
        make_event(self.carried, EventKind.DEFAULT_ENTERED, D(2018, 6, 11), JUNE_NOTE)
        make_event(self.new, EventKind.DEFAULT_ENTERED, D(2018, 7, 9), "A second SEC Party entered Default in July.")
        make_paper(JULY)
        self.client.force_login(self.erin)
        page = self.client.get("/papers/2018-07/")
        self.assertContains(page, JUNE_NOTE)
        self.assertContains(page, "A second SEC Party entered Default in July.")


class JuneSampleTests(SampleTestCase):
    def test_june_2018_keeps_its_one_footnote_for_its_one_party_in_default(self):
        section = assemble(Paper.objects.get(month=JUNE)).section(membership)
        cell = section.in_default.cells[-1]
        self.assertEqual((cell.value, [f.text for f in cell.footnotes]), (1, [JUNE_NOTE]))
        # April and May's defaults (no note, over by the end of May) get no footnote of their own.
        self.assertEqual([c.footnotes for c in section.in_default.cells[-3:-1]], [[], []])
        self.assertEqual(MembershipEvent.objects.filter(kind=EventKind.DEFAULT_ENTERED, note="").count(), 2)
