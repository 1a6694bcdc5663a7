"""Names in charts are plain text: a helpdesk category named like a link is not a link, in the
dashboard's legend and hover texts, in the paper's figures on screen and in the PDF's SVG."""

import json

from django.test import SimpleTestCase, override_settings

from helpdesk.models import EnquiryCategory
from opsreport.dashboard import charts as dashboard_charts
from opsreport.paper import charts
from opsreport.paper.screen_charts import screen_figure
from opsreport.paper.sections.common import FigureData
from tests.base import SampleTestCase

LINK = '<a href="https://evil.example/">Click</a>'
ESCAPED = '&lt;a href="https://evil.example/"&gt;Click&lt;/a&gt;'


class DashboardChartTextTests(SampleTestCase):
    def setUp(self):
        EnquiryCategory.objects.filter(name="Other").update(name=LINK)
        self.client.force_login(self.pat)

    def test_a_category_named_like_a_link_reaches_plotly_escaped(self):
        response = self.client.get("/dashboard/")
        helpdesk = next(c for c in response.context["charts"] if c["id"] == "helpdesk")
        names = [trace["name"] for trace in json.loads(str(helpdesk["json"]))["data"]]
        self.assertIn(ESCAPED, names)
        self.assertNotIn(LINK, names)

    def test_the_charts_table_shows_the_name_as_typed_escaped_once(self):
        response = self.client.get("/dashboard/")
        self.assertContains(response, "&lt;a href=&quot;https://evil.example/&quot;&gt;Click&lt;/a&gt;")
        self.assertNotContains(response, "&amp;lt;a href")
        self.assertNotContains(response, 'href="https://evil.example/"')

    def test_every_dashboard_trace_name_and_label_is_escaped(self):
        figure = dashboard_charts.effort(["Jun 2018"], [(LINK, [1], ["/x/"])])
        self.assertEqual(figure.data[0].name, ESCAPED)
        figure = dashboard_charts.modifications_by_status([LINK], [1], ["/x/"])
        self.assertEqual(list(figure.data[0].y), [ESCAPED])


class PaperChartTextTests(SimpleTestCase):
    def test_figure_1_on_screen_and_for_the_pdf_escapes_its_labels(self):
        data = FigureData(caption=None, title="", labels=[LINK, "R&D"], series=[("Voting Groups", [3, 4])], kind="bar")
        self.assertEqual(list(charts.figure_for(data).data[0].x), [ESCAPED, "R&amp;D"])
        self.assertEqual(screen_figure(data)["data"][0]["x"], [ESCAPED, "R&amp;D"])

    def test_figure_2s_month_labels_keep_their_line_break(self):
        figure = charts.website_usage_figure(["Jul 2017"], [1], [2])
        self.assertEqual(list(figure.layout.xaxis.ticktext), ["Jul<br>2017"])

    @override_settings(OPSREPORT_CHARTS="svg")
    def test_the_pdfs_svg_drawn_by_plotly_has_the_name_as_text_and_no_link(self):
        if not charts.charts_enabled():
            self.skipTest("Chromium is not installed")
        svg = charts.render_svg(charts.voting_groups_figure([LINK], [3]), use_cache=False)
        self.assertNotIn("<a ", svg)
        self.assertNotIn('evil.example/">', svg)
        self.assertIn("Click", svg)
