"""The Panel dashboard: headline figures, charts over a range, drill-downs, and fixed query counts."""

import io
from decimal import Decimal

from openpyxl import load_workbook

from helpdesk.models import EmailTally, EnquiryCategory
from opsreport.dashboard import figures
from opsreport.lib.months import add_months
from parties.models import Party
from tests.base import JUNE_2018, BaseTestCase, PublishedSampleTestCase, SampleTestCase
from tests.helpers import grow

# Session, user, user and group permissions, the data revision; the months' ends (the latest
# month, the papers' first and latest published months); 9 for the figures (8 until
# membership_statistics summed up the history before its range in a query of its own).
DASHBOARD_QUERIES = 16
# Served from the cache while the data revision stands: the figures cost no query.
CACHED_DASHBOARD_QUERIES = 5


class HeadlineTests(SampleTestCase):
    def test_june_2018_headlines_match_the_paper(self):
        data = figures.dashboard(add_months(JUNE_2018, -11), JUNE_2018)
        headlines = {h.label: h for h in data.headlines}
        self.assertEqual((headlines["SEC Parties"].value, headlines["Voting groups"].value), (309, 242))
        self.assertEqual((headlines["Accessions"].value, headlines["Accessions"].previous), (6, 2))
        self.assertEqual(headlines["Accessions"].change, 4)
        self.assertEqual((headlines["Helpdesk emails"].value, headlines["Helpdesk emails"].previous), (1328, 1205))
        self.assertEqual(headlines["Helpdesk calls"].value, 47)
        self.assertIsNone(headlines["Helpdesk calls"].change)  # May has no figure
        self.assertEqual((headlines["Website visits"].value, headlines["Website visits"].previous), (6825, 6803))
        self.assertEqual(headlines["Effort"].value, Decimal("500.87"))

    def test_the_latest_month_is_june_2018(self):
        self.assertEqual(figures.latest_month(), JUNE_2018)


class DashboardPageTests(PublishedSampleTestCase):
    def setUp(self):
        self.client.force_login(self.pat)

    def test_it_shows_the_last_12_months_by_default(self):
        response = self.client.get("/dashboard/")
        self.assertContains(response, "July 2017 to June 2018")
        self.assertEqual(len(response.context["data"].months), 12)
        ids = [chart["id"] for chart in response.context["charts"]]
        # Each part's charts, in the paper's order (1.4 Membership, 3. Effort, 4. Helpdesk, 5. Website, 6. Meetings).
        self.assertEqual(
            ids, ["membership", "parties", "categories", "effort-driver", "helpdesk", "website", "modifications"]
        )
        self.assertContains(response, 'data-plotly="/static/plotly/plotly-basic.min.js" defer')
        self.assertContains(response, "Classification: Green")

    def test_a_chosen_range(self):
        response = self.client.get("/dashboard/?from=2018-01&to=2018-06")
        self.assertContains(response, "January 2018 to June 2018")
        self.assertEqual(len(response.context["data"].months), 6)

    def test_a_malformed_month_falls_back_and_says_so(self):
        response = self.client.get("/dashboard/?from=June&to=2018-06")
        self.assertContains(response, "Months are written as YYYY-MM")
        self.assertEqual(len(response.context["data"].months), 12)

    def test_far_off_years_fall_back_too(self):
        for query in ["from=0001-01", "to=9999-12", "from=0001-01&to=9999-12"]:
            with self.subTest(query=query):
                response = self.client.get(f"/dashboard/?{query}")
                self.assertContains(response, "Months are written as YYYY-MM")

    def test_every_point_links_to_its_records(self):
        response = self.client.get("/dashboard/")
        helpdesk = next(c for c in response.context["charts"] if c["id"] == "helpdesk")
        june = helpdesk["table"]["rows"][0]["cells"][-1]
        category = EnquiryCategory.objects.get(name="Applications")
        self.assertEqual(june["value"], 43)
        self.assertIn(
            f"/dashboard/records/helpdesk/?from=2017-07&to=2018-06&month=2018-06&category={category.pk}", june["url"]
        )

    def test_text_in_figures_cannot_close_the_script(self):
        EnquiryCategory.objects.filter(name="Other").update(name="</script><b>x</b>")
        response = self.client.get("/dashboard/")
        self.assertNotContains(response, "</script><b>")


class EmptyDashboardTests(BaseTestCase):
    def test_it_says_what_to_enter(self):
        self.client.force_login(self.erin)
        response = self.client.get("/dashboard/")
        self.assertContains(response, "No figures have been entered yet")
        self.assertContains(response, "/admin/helpdesk/helpdeskmonth/add/")


class QueryCountTests(PublishedSampleTestCase):
    def test_the_dashboard_query_count_does_not_grow_with_the_data(self):
        self.client.force_login(self.pat)
        with self.assertNumQueries(DASHBOARD_QUERIES):
            self.client.get("/dashboard/")
        grow(JUNE_2018, parties=600, months=24)
        self.assertGreater(Party.objects.count(), 900)
        with self.assertNumQueries(DASHBOARD_QUERIES):
            self.client.get("/dashboard/")
        with self.assertNumQueries(DASHBOARD_QUERIES - 2):  # the months' ends are known for this revision
            self.client.get("/dashboard/?from=2014-01&to=2018-06")

    def test_the_charts_html_is_drawn_once_per_data_revision_and_range(self):
        self.client.force_login(self.pat)
        with self.assertTemplateUsed("dashboard/figures.html"):
            first = self.client.get("/dashboard/")
        with self.assertTemplateNotUsed("dashboard/figures.html"):
            again = self.client.get("/dashboard/")
        self.assertEqual(again.content.count(b'<script type="application/json"'), 7)
        self.assertEqual(first.context["figures_html"], again.context["figures_html"])
        with self.assertTemplateUsed("dashboard/figures.html"):  # another range is drawn afresh
            self.client.get("/dashboard/?from=2018-01&to=2018-06")
        EmailTally.objects.update(emails=1)
        with self.assertTemplateUsed("dashboard/figures.html"):  # and so is a new revision
            self.client.get("/dashboard/")

    def test_unchanged_data_are_served_from_the_cache_and_a_change_shows_at_once(self):
        self.client.force_login(self.pat)
        first = self.client.get("/dashboard/")
        with self.assertNumQueries(CACHED_DASHBOARD_QUERIES):
            again = self.client.get("/dashboard/")
        emails = {h.label: h.value for h in first.context["data"].headlines}["Helpdesk emails"]
        self.assertEqual({h.label: h.value for h in again.context["data"].headlines}["Helpdesk emails"], emails)
        tally = EmailTally.objects.filter(helpdesk_month__month=JUNE_2018).first()
        EmailTally.objects.filter(pk=tally.pk).update(emails=tally.emails + 1000)  # no save(), no signal
        changed = self.client.get("/dashboard/")
        self.assertEqual(
            {h.label: h.value for h in changed.context["data"].headlines}["Helpdesk emails"], emails + 1000
        )


class DrilldownTests(PublishedSampleTestCase):
    def setUp(self):
        self.client.force_login(self.pat)

    def test_helpdesk_month_and_category(self):
        category = EnquiryCategory.objects.get(name="Modifications")
        response = self.client.get(f"/dashboard/records/helpdesk/?month=2018-06&category={category.pk}")
        self.assertContains(response, "Helpdesk emails — Modifications — June 2018")
        self.assertEqual([t.emails for t in response.context["table"].data], [376])

    def test_parties_are_paginated_and_sortable(self):
        response = self.client.get("/dashboard/records/parties/?month=2018-06")
        table = response.context["table"]
        self.assertEqual(len(table.data), 309)
        self.assertEqual(len(table.page.object_list), 25)
        response = self.client.get("/dashboard/records/parties/?month=2018-06&sort=-name&page=2")
        self.assertEqual(response.status_code, 200)
        names = [row.record.name for row in response.context["table"].page.object_list]
        self.assertEqual(names, sorted(names, reverse=True))

    def test_voting_groups_by_category(self):
        response = self.client.get("/dashboard/records/voting-groups/?month=2018-06&category=large_supplier")
        self.assertEqual(len(response.context["table"].data), 12)

    def test_membership_events_of_a_month(self):
        response = self.client.get("/dashboard/records/membership/?month=2018-06&kind=accession")
        self.assertEqual(len(response.context["table"].data), 6)

    def test_an_unknown_drilldown_is_404_and_a_bad_month_400(self):
        self.assertEqual(self.client.get("/dashboard/records/secrets/").status_code, 404)
        self.assertEqual(self.client.get("/dashboard/records/helpdesk/?month=June").status_code, 400)

    def test_an_empty_drilldown_says_what_to_enter(self):
        response = self.client.get("/dashboard/records/effort/?month=2018-01")
        self.assertContains(response, "Editors enter it under Effort months")

    def test_csv_download_escapes_formulae(self):
        EnquiryCategory.objects.filter(name="Other").update(name='=HYPERLINK("http://x")')
        response = self.client.get("/dashboard/records/helpdesk/?month=2018-06&export=csv")
        self.assertEqual(response["Content-Type"], "text/csv; charset=utf-8")
        self.assertIn("attachment;", response["Content-Disposition"])
        text = response.content.decode("utf-8-sig")
        self.assertTrue(text.startswith("Month,Enquiry category,Emails"))
        self.assertIn("'=HYPERLINK", text)
        self.assertNotIn(",=HYPERLINK", text)
        self.assertEqual(text.count("June 2018"), 11)

    def test_xlsx_download_writes_formulae_as_text(self):
        EnquiryCategory.objects.filter(name="Other").update(name="=SUM(A1:A2)")
        response = self.client.get("/dashboard/records/helpdesk/?month=2018-06&export=xlsx")
        sheet = load_workbook(io.BytesIO(response.content)).active
        rows = list(sheet.iter_rows(values_only=True))
        self.assertEqual(rows[0], ("Month", "Enquiry category", "Emails"))
        self.assertIn(("June 2018", "=SUM(A1:A2)", 184), rows)
        self.assertEqual(len(rows), 12)
        self.assertTrue(all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row))

    def test_a_changed_tally_changes_the_dashboard(self):
        tally = EmailTally.objects.get(helpdesk_month__month=JUNE_2018, category__name="Applications")
        tally.emails += 100
        tally.save()
        response = self.client.get("/dashboard/")
        emails = next(h for h in response.context["data"].headlines if h.label == "Helpdesk emails")
        self.assertEqual(emails.value, 1428)


class InDefaultDrilldownTests(SampleTestCase):
    def test_a_default_still_running_is_listed_in_later_months(self):
        self.client.force_login(self.alex)  # July is no paper's yet: with the months in draft
        july = self.client.get("/dashboard/records/membership/?month=2018-07&kind=default_entered&drafts=1")
        self.assertContains(july, "Sample Small Supplier 050 Limited")
        may = self.client.get("/dashboard/records/membership/?month=2018-05&kind=default_entered&drafts=1")
        self.assertContains(may, "Sample Small Supplier 050 Limited")
        self.assertNotContains(may, "Sample Small Supplier 051 Limited")  # its April default had ended
