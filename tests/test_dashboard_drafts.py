"""The Panel reads what was approved: the dashboard and its exports run to the latest published
paper's month; editors and the approver may switch on the months still in draft, marked so.

In the June 2018 sample the June paper is a draft and the months before it have no paper (they
were issued before the application): the Panel reads June 2017 to May 2018 until June is published.
"""

import datetime
import io

import time_machine
from openpyxl import load_workbook

from helpdesk.models import HelpdeskMonth
from opsreport.models import Paper
from tests.base import JUNE_2018, BaseTestCase, SampleTestCase
from tests.factories import make_helpdesk_month, make_issue, make_paper, make_website_month

JULY_2018 = datetime.date(2018, 7, 1)
# While the July paper is being written: the probe's "a year ahead" is June 2019.
WRITING_JULY = datetime.datetime(2018, 8, 2, 10, 0, tzinfo=datetime.UTC)


def headline(response, label):
    return next(h for h in response.context["data"].headlines if h.label == label)


class PanelReadsPublishedMonthsTests(SampleTestCase):
    def setUp(self):
        self.client.force_login(self.pat)

    def test_the_default_range_ends_at_the_month_before_the_draft(self):
        response = self.client.get("/dashboard/")
        self.assertContains(response, "June 2017 to May 2018")
        self.assertContains(response, "May 2018 at a glance")
        self.assertEqual(headline(response, "Helpdesk emails").value, 1205)  # May's, not June's 1,328
        self.assertNotContains(response, "Jun-18")
        self.assertNotContains(response, "month=2018-06")
        self.assertNotContains(response, "Show the months still in draft")

    def test_asking_for_the_drafts_changes_nothing(self):
        response = self.client.get("/dashboard/?drafts=1")
        self.assertContains(response, "June 2017 to May 2018")
        self.assertNotContains(response, "(draft)")
        self.assertNotContains(response, "drafts=1")

    def test_a_range_past_the_published_months_is_cut_and_says_why(self):
        for query in ["from=2018-01&to=2018-06", "from=2018-01&to=2018-06&drafts=1"]:
            with self.subTest(query=query):
                response = self.client.get(f"/dashboard/?{query}")
                self.assertContains(response, "January 2018 to May 2018")
                self.assertContains(response, "up to May 2018; later months are shown once their paper is published")
                self.assertEqual(response.context["data"].months[-1], datetime.date(2018, 5, 1))

    def test_a_draft_months_records_and_exports_are_refused(self):
        for query in ["", "&drafts=1", "&export=csv", "&export=csv&drafts=1", "&export=xlsx&drafts=1"]:
            with self.subTest(query=query):
                response = self.client.get(f"/dashboard/records/helpdesk/?month=2018-06{query}")
                self.assertEqual(response.status_code, 404)
                self.assertNotIn(b"1,328", response.content)

    def test_a_ranges_export_stops_at_the_published_months(self):
        for fmt in ["csv", "xlsx"]:
            with self.subTest(fmt=fmt):
                response = self.client.get(f"/dashboard/records/website/?from=2018-01&to=2018-06&drafts=1&export={fmt}")
                self.assertEqual(response.status_code, 200)
                self.assertIn("website-2018-01-2018-05.", response["Content-Disposition"])
                if fmt == "csv":
                    text = response.content.decode("utf-8-sig")
                else:
                    sheet = load_workbook(io.BytesIO(response.content)).active
                    text = repr(list(sheet.iter_rows(values_only=True)))
                self.assertIn("May 2018", text)
                self.assertNotIn("June 2018", text)

    def test_once_june_is_published_the_panel_reads_it(self):
        make_issue(Paper.objects.get(month=JUNE_2018))
        response = self.client.get("/dashboard/")
        self.assertContains(response, "July 2017 to June 2018")
        self.assertEqual(headline(response, "Helpdesk emails").value, 1328)
        self.assertNotContains(response, "(draft)")
        self.assertEqual(self.client.get("/dashboard/records/helpdesk/?month=2018-06").status_code, 200)

    def test_a_later_draft_month_waits_for_its_own_paper(self):
        make_issue(Paper.objects.get(month=JUNE_2018))
        make_paper(JULY_2018)
        make_helpdesk_month(JULY_2018, mailbox_total=999)
        response = self.client.get("/dashboard/")
        self.assertContains(response, "July 2017 to June 2018")
        self.assertEqual(self.client.get("/dashboard/records/helpdesk/?month=2018-07").status_code, 404)


@time_machine.travel(WRITING_JULY, tick=False)
class FutureRowsTests(SampleTestCase):
    def setUp(self):
        # One figure typed for a month a year ahead, past every paper.
        make_website_month(datetime.date(2019, 6, 1), visits=5)

    def test_it_moves_nobodys_default_range(self):
        self.client.force_login(self.pat)
        self.assertContains(self.client.get("/dashboard/"), "June 2017 to May 2018")
        self.client.force_login(self.erin)
        self.assertContains(self.client.get("/dashboard/?drafts=1"), "July 2017 to June 2018")

    def test_nor_the_panels_chosen_range(self):
        self.client.force_login(self.pat)
        response = self.client.get("/dashboard/?from=2019-01&to=2019-06")
        self.assertContains(response, "June 2017 to May 2018")
        self.assertEqual(self.client.get("/dashboard/records/website/?month=2019-06").status_code, 404)


class EditorsSwitchOnTheDraftsTests(SampleTestCase):
    def test_the_switch_is_offered_and_off_by_default(self):
        for user in [self.erin, self.alex]:
            with self.subTest(user=user.username):
                self.client.force_login(user)
                response = self.client.get("/dashboard/")
                self.assertContains(response, "June 2017 to May 2018")
                self.assertContains(response, '<a href="/dashboard/?drafts=1">Show the months still in draft</a>')

    def test_the_draft_months_are_marked_in_the_headlines_and_charts(self):
        self.client.force_login(self.alex)
        response = self.client.get("/dashboard/?drafts=1")
        self.assertContains(response, "July 2017 to June 2018")
        self.assertContains(response, 'June 2018 at a glance <span class="draft-mark">(draft)</span>')
        self.assertContains(response, "<strong>Draft:</strong> June 2018 is not published yet")
        self.assertEqual(headline(response, "Helpdesk emails").value, 1328)
        website = next(c for c in response.context["charts"] if c["id"] == "website")
        self.assertEqual(website["table"]["columns"][-2:], ["May-18", "Jun-18 (draft)"])
        self.assertIn('"Jun-18 (draft)"', website["json"])
        june = website["table"]["rows"][0]["cells"][-1]
        self.assertIn("month=2018-06", june["url"])
        self.assertIn("drafts=1", june["url"])
        self.assertContains(response, '<a href="/dashboard/">Show the published months only</a>')
        self.assertContains(response, '<input type="hidden" name="drafts" value="1">')

    def test_the_exports_mark_the_draft_months(self):
        self.client.force_login(self.erin)
        csv = self.client.get("/dashboard/records/website/?from=2018-05&to=2018-06&drafts=1&export=csv")
        self.assertIn("website-2018-05-2018-06-draft.csv", csv["Content-Disposition"])
        rows = csv.content.decode("utf-8-sig").splitlines()
        self.assertTrue(any(row.startswith("June 2018 (draft),") for row in rows), rows)
        self.assertTrue(any(row.startswith("May 2018,") for row in rows), rows)
        xlsx = self.client.get("/dashboard/records/website/?from=2018-05&to=2018-06&drafts=1&export=xlsx")
        sheet = load_workbook(io.BytesIO(xlsx.content)).active
        self.assertTrue(sheet.title.startswith("Draft"))
        self.assertIn("June 2018 (draft)", [row[0] for row in sheet.iter_rows(values_only=True)])

    def test_the_records_page_says_so_and_keeps_the_switch(self):
        self.client.force_login(self.erin)
        response = self.client.get("/dashboard/records/helpdesk/?month=2018-06&drafts=1")
        self.assertContains(response, "<strong>Draft:</strong>")
        self.assertContains(response, "June 2018 (draft)")
        self.assertContains(response, "drafts=1&amp;export=csv")
        self.assertContains(response, "/dashboard/?from=2017-07&amp;to=2018-06&amp;drafts=1")
        # Without the switch an editor reads as the Panel does.
        self.assertEqual(self.client.get("/dashboard/records/helpdesk/?month=2018-06").status_code, 404)

    def test_the_cache_keeps_drafts_and_published_apart(self):
        self.client.force_login(self.erin)
        self.client.get("/dashboard/?from=2018-01&to=2018-06&drafts=1")
        self.client.get("/dashboard/?drafts=1")
        for user in [self.erin, self.pat]:
            with self.subTest(user=user.username):
                self.client.force_login(user)
                for query in ["", "?from=2018-01&to=2018-06"]:
                    response = self.client.get(f"/dashboard/{query}")
                    self.assertNotContains(response, "(draft)")
                    self.assertNotContains(response, "Jun-18")

    def test_the_query_count_is_the_panels(self):
        from tests.test_dashboard import CACHED_DASHBOARD_QUERIES, DASHBOARD_QUERIES

        self.client.force_login(self.erin)
        with self.assertNumQueries(DASHBOARD_QUERIES + 1):  # no issue yet: the months before the first paper
            self.client.get("/dashboard/?drafts=1")
        with self.assertNumQueries(CACHED_DASHBOARD_QUERIES):
            self.client.get("/dashboard/?drafts=1")


class BeforeAnyPaperTests(BaseTestCase):
    def test_with_no_paper_at_all_the_panel_reads_nothing(self):
        """A new install whose editors have typed figures, or a register brought in without its
        past issues: nothing was approved, so the Panel gets no figure, drill-down or download."""
        make_helpdesk_month(datetime.date(2018, 5, 1), mailbox_total=1205)
        make_website_month(datetime.date(2018, 5, 1), visits=4321)
        self.client.force_login(self.pat)
        for query in ["", "?drafts=1", "?from=2018-01&to=2018-05"]:
            with self.subTest(query=query):
                response = self.client.get(f"/dashboard/{query}")
                self.assertContains(response, "No paper has been published yet")
                self.assertNotContains(response, "1,205")
                self.assertNotContains(response, "May 2018")
                self.assertNotContains(response, "Show the months still in draft")
                self.assertNotIn("data", response.context)
        for query in ["", "?month=2018-05", "?month=2018-05&drafts=1", "?export=csv", "?export=xlsx&drafts=1"]:
            with self.subTest(records=query):
                for slug in ["helpdesk", "website"]:
                    response = self.client.get(f"/dashboard/records/{slug}/{query}")
                    self.assertRedirects(response, "/dashboard/", fetch_redirect_response=False)
        self.client.force_login(self.erin)
        response = self.client.get("/dashboard/")
        self.assertContains(response, "No paper has been published yet")
        self.assertContains(response, '<a href="/dashboard/?drafts=1">Show the months still in draft</a>')
        drafts = self.client.get("/dashboard/?drafts=1")
        self.assertContains(drafts, 'May 2018 at a glance <span class="draft-mark">(draft)</span>')
        self.assertEqual(headline(drafts, "Website visits").value, 4321)
        csv = self.client.get("/dashboard/records/helpdesk/?month=2018-05&drafts=1&export=csv")
        self.assertIn("-draft.csv", csv["Content-Disposition"])

    def test_an_imported_past_issue_is_published(self):
        from tests.test_import_issue import import_may

        make_website_month(datetime.date(2018, 5, 1), visits=4321)
        make_website_month(JUNE_2018, visits=5432)
        import_may()
        self.client.force_login(self.pat)
        response = self.client.get("/dashboard/")
        self.assertContains(response, "June 2017 to May 2018")
        self.assertEqual(headline(response, "Website visits").value, 4321)
        self.assertEqual(self.client.get("/dashboard/records/website/?month=2018-05").status_code, 200)
        self.assertEqual(self.client.get("/dashboard/records/website/?month=2018-06").status_code, 404)

    def test_a_first_paper_in_draft_with_nothing_before_it_shows_the_panel_nothing(self):
        make_paper(JUNE_2018)
        make_helpdesk_month(JUNE_2018, mailbox_total=1328)
        self.client.force_login(self.pat)
        response = self.client.get("/dashboard/")
        self.assertContains(response, "No paper has been published yet")
        self.assertNotContains(response, "1,328")
        self.assertEqual(self.client.get("/dashboard/records/helpdesk/").status_code, 302)
        self.client.force_login(self.erin)
        self.assertContains(self.client.get("/dashboard/?drafts=1"), "June 2018 at a glance")
        self.assertTrue(HelpdeskMonth.objects.exists())
