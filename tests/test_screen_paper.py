"""The paper on screen: wide tables in labelled scroll regions, figures drawn live by plotly.js.

The PDF's HTML has none of it: no scroll boxes, no scripts, no screen stylesheet, and its
figures stay the fixed SVG (or table) they were.
"""

import json
import re

from opsreport.models import Paper
from opsreport.paper import charts
from opsreport.paper.assembly import assemble
from opsreport.paper.pdf import render_html
from opsreport.paper.screen_charts import screen_figure
from tests.base import JUNE_2018, SampleTestCase
from tests.test_pdf_downloads import publish_june

REGION = re.compile(r'<div class="scroll-region" role="region" aria-label="([^"]+)" tabindex="0"[^>]*>')
SCREEN_ONLY = ["scroll-region", "plotly", "figures.js", "scroll-regions", "paper-screen.css", "<script"]


def figure_data(html):
    """The plotly figures the page hands to figures.js, by element id."""
    found = re.findall(r'<script id="(figure-\d+-data)" type="application/json">(.*?)</script>', html, re.DOTALL)
    return {name: json.loads(text) for name, text in found}


class ScreenPaperTests(SampleTestCase):
    def setUp(self):
        self.client.force_login(self.erin)

    def test_wide_tables_scroll_in_their_own_labelled_region(self):
        html = self.client.get("/papers/2018-06/").content.decode()
        labels = REGION.findall(html)
        for wide in ["Table 3: ", "Table 5: ", "Table 6: ", "Table of SEC meetings"]:
            self.assertTrue(any(label.startswith(wide) for label in labels), f"{wide} is not in a scroll region")
        # The tables of months open on their latest months (static/site/scroll-regions.js).
        self.assertEqual(html.count('data-open-at="end"'), 3)
        self.assertIn('<script src="/static/site/scroll-regions.js">', html)
        self.assertIn('href="/static/paper/paper-screen.css" media="screen"', html)

    def test_figures_come_with_their_plotly_figure(self):
        html = self.client.get("/papers/2018-06/").content.decode()
        figures = figure_data(html)
        self.assertEqual(sorted(figures), ["figure-1-data", "figure-2-data"])
        self.assertEqual(html.count('class="plotly-figure"'), 2)
        self.assertIn('data-plotly="/static/plotly/plotly-basic.min.js" defer></script>', html)
        self.assertIn('<script src="/static/paper/figures.js" defer></script>', html)
        voting = figures["figure-1-data"]
        self.assertEqual(sum(voting["data"][0]["y"]), 242)  # every voting group, as the paper says

    def test_a_published_page_keeps_its_live_figures(self):
        issue = publish_june(self.alex)
        self.assertEqual(sorted(figure_data(issue.html)), ["figure-1-data", "figure-2-data"])
        self.assertTrue(REGION.search(issue.html))

    def test_the_pdf_html_has_nothing_of_the_screen(self):
        html = render_html(assemble(Paper.objects.get(month=JUNE_2018)), mode="pdf")
        for marker in SCREEN_ONLY:
            self.assertNotIn(marker, html)
        self.assertEqual(html.count("<table"), 9)  # seven tables, and two figures as tables (charts are off)

    def test_the_screen_figure_is_the_pdf_figure_sized_by_the_page(self):
        data = assemble(Paper.objects.get(month=JUNE_2018)).figures[1]
        pdf = json.loads(charts.figure_for(data).to_json())
        screen = screen_figure(data)
        self.assertEqual(pdf["layout"]["width"], 680)
        self.assertNotIn("width", screen["layout"])
        self.assertNotIn("title", screen["layout"])  # the caption under the figure names it
        self.assertTrue(screen["layout"]["autosize"])
        self.assertEqual(screen["data"], pdf["data"])
        self.assertGreaterEqual(screen["layout"]["font"]["size"], 12)

    def test_figure_2_names_every_month_as_the_pdf_does(self):
        """The screen's Figure 2 lists its twelve months' labels level, as the PDF does (a desktop
        shows them all); static/paper/figures.js labels every other one in a figure too narrow
        for twelve, a phone's (tests/test_browser_phone.py). It keys on these settings: Figure 1,
        whose labels plotly places (and turns) itself, has none of them."""
        voting_groups, website = assemble(Paper.objects.get(month=JUNE_2018)).figures
        pdf = json.loads(charts.figure_for(website).to_json())["layout"]["xaxis"]
        screen = screen_figure(website)["layout"]["xaxis"]
        for key in ("tickmode", "tickvals", "ticktext", "tickangle"):
            self.assertEqual(screen[key], pdf[key], key)
        self.assertEqual((screen["tickmode"], screen["tickangle"], len(screen["tickvals"])), ("array", 0, 12))
        self.assertEqual(screen["ticktext"][-1], "Jun<br>2018")
        self.assertNotIn("tickmode", screen_figure(voting_groups)["layout"]["xaxis"])

    def test_a_long_axis_title_is_set_on_two_lines_on_screen_only(self):
        """Figure 2's value axis title ran off the top of the screen's shorter plot; the PDF's
        taller one has room for it on one line."""
        voting_groups, website = assemble(Paper.objects.get(month=JUNE_2018)).figures
        pdf = json.loads(charts.figure_for(website).to_json())["layout"]["yaxis"]["title"]["text"]
        screen = screen_figure(website)["layout"]["yaxis"]["title"]["text"]
        self.assertEqual(pdf, "Visits and page views (number per month)")
        self.assertEqual(screen, "Visits and page views<br>(number per month)")
        self.assertEqual(screen_figure(voting_groups)["layout"]["yaxis"]["title"]["text"], "Voting groups (number)")
