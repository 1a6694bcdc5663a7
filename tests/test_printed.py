"""Where a record is printed (opsreport/paper/printed.py): its months, its tables, and the
published issues whose tables printed it."""

import datetime
import re

from helpdesk.models import EmailTally, HelpdeskMonth
from meetings.models import MeetingDate
from opsreport.models import Paper, PaperStatus
from opsreport.paper import printed
from opsreport.paper.assembly import assemble
from parties.models import Applicant, EventKind, UEPCompletion
from tests.base import JUNE_2018, BaseTestCase, SampleTestCase
from tests.factories import (
    make_enquiry_category,
    make_event,
    make_helpdesk_month,
    make_meeting,
    make_paper,
    make_party,
    make_website_month,
)

MAY_2018 = datetime.date(2018, 5, 1)
JULY_2017 = datetime.date(2017, 7, 1)

# Where the editor is told a published paper printed a record: worked out from the parts'
# declarations (opsreport/paper/part.py), numbered as the paper numbers its tables.
TABLE_2 = "Table 2 (Parties that completed UEP)"
TABLE_3 = "Table 3 (SEC Party Statistics)"
TABLE_5 = "Table 5 (SECAS Helpdesk Emails)"
TOTALS = "1.4 Membership: Parties and Voting Groups totals, Figure 1 (Breakdown of SEC Party Voting Groups)"
HELPDESK_TEXT = "4. Helpdesk Activities (telephone and email enquiries)"


class LabelsMatchThePaperTest(SampleTestCase):
    def test_every_table_label_names_a_caption_the_paper_prints(self):
        assembled = assemble(Paper.objects.get(month=JUNE_2018))
        captions = assembled.tables + [figure.caption for figure in assembled.figures]
        printed_captions = {f"{c.kind} {c.number} ({c.text})" for c in captions}
        labels = {p.label for rules in printed.rules().values() for p in rules}
        named = [m for label in labels for m in re.findall(r"(?:Table|Figure) \d+ \((?:[^()]|\([^()]*\))*\)", label)]
        self.assertEqual(len(set(named)), 8, sorted(set(named)))  # Tables 1 to 6, Figures 1 and 2
        for caption in named:
            # A label is the caption, or its start for a caption that goes on to name the period.
            self.assertTrue(any(c == caption or c.startswith(caption[:-1] + " ") for c in printed_captions), caption)
        self.assertIn(TOTALS, labels)
        self.assertIn(HELPDESK_TEXT, labels)


class MonthsOfTest(BaseTestCase):
    def test_a_monthly_record_belongs_to_its_month(self):
        helpdesk = make_helpdesk_month(JUNE_2018)
        self.assertEqual(printed.months_of(helpdesk), {JUNE_2018})
        self.assertEqual(printed.months_of(make_website_month(MAY_2018)), {MAY_2018})
        self.assertIn("Table 5 (SECAS Helpdesk Emails)", printed.printed_in(helpdesk))

    def test_a_tally_belongs_to_its_parents_month_read_by_id(self):
        category = make_enquiry_category()
        helpdesk = make_helpdesk_month(JUNE_2018, tallies={category: 5})
        # As a historical record would be: field values, no parent loaded.
        tally = EmailTally(helpdesk_month_id=helpdesk.pk, category_id=category.pk, emails=5)
        with self.assertNumQueries(1):
            self.assertEqual(printed.months_of(tally), {JUNE_2018})
        self.assertEqual(printed.months_of(category), {JUNE_2018})

    def test_an_event_and_a_meeting_belong_to_their_dates_months(self):
        party = make_party(acceded=datetime.date(2018, 6, 18))
        event = party.events.get()
        self.assertEqual(printed.months_of(event), {JUNE_2018})
        self.assertEqual(printed.months_of(party), {JUNE_2018})
        meeting = make_meeting(dates=[datetime.date(2018, 5, 30), datetime.date(2018, 6, 2)])
        self.assertEqual(printed.months_of(meeting), {MAY_2018, JUNE_2018})
        self.assertEqual(printed.months_of(MeetingDate.objects.filter(meeting=meeting).last()), {JUNE_2018})

    def test_an_awaited_applicant_prints_until_it_accedes(self):
        applicant = Applicant(name="Leep", category="other", applied_on=datetime.date(2018, 4, 20))
        applicant.acceded_on = datetime.date(2018, 6, 2)
        self.assertEqual(printed.months_of(applicant), {datetime.date(2018, 4, 1), MAY_2018})

    def test_a_historical_record_is_read_through_its_instance_type(self):
        class HistoricalHelpdeskMonth:  # what django-simple-history makes: same fields
            instance_type = HelpdeskMonth
            month = JUNE_2018

        self.assertEqual(printed.months_of(HistoricalHelpdeskMonth()), {JUNE_2018})

    def test_a_historical_records_own_id_is_read_not_its_history_id(self):
        category = make_enquiry_category()
        make_helpdesk_month(JUNE_2018, tallies={category: 5})

        class HistoricalEnquiryCategory:
            instance_type = type(category)
            id = category.pk
            pk = category.pk + 1000  # the history row's id

        self.assertEqual(printed.months_of(HistoricalEnquiryCategory()), {JUNE_2018})

    def test_a_record_nothing_prints_has_no_months(self):
        from meetings.models import Release

        self.assertEqual(printed.months_of(Release(name="November 2018 SEC Release")), set())
        self.assertEqual(printed.printed_in(Release(name="x")), [])


class PublishedPrintingTest(BaseTestCase):
    def test_a_month_is_printed_by_every_published_paper_whose_table_covers_it(self):
        may = make_paper(MAY_2018, status=PaperStatus.PUBLISHED)
        june = make_paper(JUNE_2018, status=PaperStatus.PUBLISHED)
        make_paper(datetime.date(2018, 7, 1))  # a draft prints nothing published
        helpdesk = make_helpdesk_month(MAY_2018)
        with self.assertNumQueries(1):
            found = printed.published_printing(helpdesk)
        self.assertEqual(
            [(issue.paper, label) for issue, label in found],
            [
                (june, TABLE_5),  # June's Table 5 prints May as one of its 12 months
                (may, HELPDESK_TEXT),
                (may, TABLE_5),
            ],
        )

    def test_the_thirteenth_month_back_is_in_table_3_but_not_in_table_5(self):
        make_paper(JUNE_2018, status=PaperStatus.PUBLISHED)
        june_2017 = datetime.date(2017, 6, 1)
        party = make_party(acceded=datetime.date(2017, 6, 10))
        event = party.events.get()
        labels = [label for _, label in printed.published_printing(event)]
        self.assertEqual(labels, [TABLE_3, TOTALS])
        self.assertEqual(printed.published_printing(make_helpdesk_month(june_2017)), [])
        self.assertEqual(len(printed.published_printing(make_helpdesk_month(JULY_2017))), 1)

    def test_running_totals_print_an_old_event_in_every_later_paper(self):
        make_paper(JUNE_2018, status=PaperStatus.PUBLISHED)
        party = make_party(acceded=datetime.date(2015, 1, 5))
        withdrawal = make_event(party, EventKind.WITHDRAWAL, datetime.date(2016, 3, 1), note="Left")
        self.assertEqual([label for _, label in printed.published_printing(withdrawal)], [TOTALS])

    def test_a_completion_before_the_issue_date_is_printed_by_the_previous_months_paper(self):
        make_paper(JUNE_2018, status=PaperStatus.PUBLISHED)  # issued 6 July 2018
        party = make_party(acceded=datetime.date(2018, 1, 1))
        early = UEPCompletion.objects.create(party=party, completed_on=datetime.date(2018, 7, 3))
        late = UEPCompletion.objects.create(party=party, completed_on=datetime.date(2018, 7, 20))
        self.assertEqual([label for _, label in printed.published_printing(early)], [TABLE_2])
        self.assertEqual(printed.published_printing(late), [])

    def test_nothing_published_nothing_printed(self):
        make_paper(JUNE_2018)
        self.assertEqual(printed.published_printing(make_helpdesk_month(JUNE_2018)), [])
