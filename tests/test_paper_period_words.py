"""Words that say what the dates are: every sentence about the paper's period names what it
runs from. July 2018's period starts the day after June's paper was issued (07/07/2018), not
after the Panel of 13/07/2018, so it must not say "since the last SEC Panel meeting"."""

import datetime

from meetings.models import Committee, CommitteeCategory, Meeting
from opsreport.models import Paper
from opsreport.paper import pdf
from opsreport.paper.assembly import assemble, assemble_appendix, since_words
from tests.base import JUNE_2018, SampleTestCase
from tests.test_pdf_layout import JULY_2018, make_july_paper

D = datetime.date


def flat(html):
    return " ".join(html.split())


class SinceWordsTests(SampleTestCase):
    def test_the_words_name_what_the_period_runs_from(self):
        self.assertEqual(
            since_words(D(2018, 7, 13), JULY_2018, D(2018, 7, 6)),
            "since the last Operations Report (issued 06/07/2018)",
        )
        self.assertEqual(since_words(D(2018, 6, 15), JUNE_2018, None), "since the last SEC Panel meeting (15/06/2018)")
        self.assertEqual(since_words(None, JUNE_2018, None), "in June 2018")


class JulyPeriodWordsTests(SampleTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        make_july_paper()
        # The Panel that June's paper went to, on 13/07/2018, is on record.
        panel = Committee.objects.get(category=CommitteeCategory.SEC_PANEL)
        Meeting.objects.create(committee=panel, summary="The Panel met.").dates.create(date=D(2018, 7, 13))

    def html(self, month):
        with self.assertLogs("opsreport.paper.charts"):  # charts are off in tests: tables instead
            return flat(pdf.render_html(assemble(self.paper(month)), mode="pdf"))

    def paper(self, month=JULY_2018):
        return Paper.objects.prefetch_related("appendices").get(month=month)

    def test_every_sentence_of_the_july_paper_says_what_its_period_runs_from(self):
        html = self.html(JULY_2018)
        period = "since the last Operations Report (issued 06/07/2018), from 07/07/2018 to 06/08/2018"
        self.assertIn(f"No SEC Parties have completed the UEP {period}.", html)
        self.assertIn(f"There have been no notifications of SREPT completion {period}.", html)
        self.assertIn(f"There have been no notifications of UEPT completion {period}.", html)
        self.assertIn("Table 2: Parties that completed UEP since the last Operations Report (issued 06/07/2018)", html)
        self.assertNotIn("since the last SEC Panel meeting", html)

    def test_the_july_appendix_says_so_too(self):
        paper = self.paper()
        doc = assemble_appendix(paper, paper.appendices.get())
        html = flat(pdf.render_appendix_html(doc))
        self.assertIn(
            "There have been no notifications of User Entry Process Testing (UEPT) completion since the last "
            "Operations Report (issued 06/07/2018), from 07/07/2018 to 06/08/2018.",
            html,
        )
        self.assertNotIn("since the last SEC Panel meeting", html)

    def test_june_keeps_its_facts_and_names_the_panel_meeting_its_period_follows(self):
        # June has no earlier paper on record: its period follows the Panel of 15/06/2018.
        html = self.html(JUNE_2018)
        period = "since the last SEC Panel meeting (15/06/2018), from 16/06/2018 to 06/07/2018"
        self.assertIn(f"{period[0].upper()}{period[1:]}, the following SEC Parties have completed the UEP:", html)
        self.assertIn(f"There have been no notifications of SREPT completion {period}.", html)
        self.assertIn(
            f"{period[0].upper()}{period[1:]}, three SEC Parties have successfully completed UEPT for a total of five "
            "User Roles. The details are provided in Appendix A.",
            html,
        )
        paper = self.paper(JUNE_2018)
        appendix = flat(pdf.render_appendix_html(assemble_appendix(paper, paper.appendices.get())))
        self.assertIn(
            f"User Entry Process Testing (UEPT) completed {period}: three completions for a total of five User Roles.",
            appendix,
        )
