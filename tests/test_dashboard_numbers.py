"""The dashboard prints its figures as the paper does: 1,328 emails, 6,825 visits, 500.87 days."""

from opsreport.lib.formats import figure
from tests.base import PublishedSampleTestCase


class DashboardNumbersTests(PublishedSampleTestCase):
    def test_headlines_are_formatted_as_in_the_paper(self):
        self.client.force_login(self.pat)
        response = self.client.get("/dashboard/")
        self.assertContains(response, '<dd class="value">1,328</dd>', html=True)
        self.assertContains(response, '<dd class="value">6,825</dd>', html=True)
        self.assertContains(response, '<dd class="value">500.87 <span class="unit">days</span></dd>', html=True)
        self.assertNotContains(response, ">1328<")

    def test_the_figure_tables_too(self):
        self.client.force_login(self.pat)
        response = self.client.get("/dashboard/")
        # June 2018's page views, in the website chart's table of figures.
        self.assertContains(response, ">20,292</a>")

    def test_figure(self):
        self.assertEqual(figure(7120), "7,120")
        self.assertEqual(figure(-1290), "-1,290")
        self.assertEqual(figure(500.866), "500.87")
        self.assertEqual(figure(None), "")
