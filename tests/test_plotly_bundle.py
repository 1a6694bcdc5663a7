"""The phone gets the paper fast: plotly.js's own basic partial bundle (bar, pie, scatter) is the
one plotly.js we serve, it holds every trace the figures use, the pages load it only through a
deferred script once a chart comes near the screen, and the paper shows each figure's SVG until
then. `make bench` prints the bytes of script each page loads."""

import json
import re
from pathlib import Path
from unittest import mock

import plotly.offline
from django.conf import settings
from django.contrib.staticfiles import finders

from opsreport.management.commands.bench import script_line
from opsreport.paper.views import STATIC_REFERENCE, _todays_static
from tests.base import SampleTestCase

BUNDLE = "plotly/plotly-basic.min.js"
BUNDLE_URL = "/static/" + BUNDLE
LOADER = '<script src="/static/site/charts-when-seen.js" data-plotly="/static/plotly/plotly-basic.min.js" defer>'


def bundle_text() -> str:
    return Path(finders.find(BUNDLE)).read_text()


def bundle_traces() -> set[str]:
    """The trace types the bundle registers with plotly.js."""
    return set(re.findall(r'moduleType:"trace",name:"(\w+)"', bundle_text()))


def every_trace_type(figures: list[dict]) -> set[str]:
    return {trace.get("type", "scatter") for figure in figures for trace in figure["data"]}


class BundleTests(SampleTestCase):
    def test_the_partial_bundle_is_the_one_plotly_js_served(self):
        self.assertEqual(Path(finders.find(BUNDLE)).parent, Path(settings.BASE_DIR) / "static" / "plotly")
        self.assertIsNone(finders.find("plotly/plotly.min.js"))  # the whole bundle of the plotly package
        served = [path for finder in finders.get_finders() for path, _ in finder.list([]) if path.endswith(".js")]
        plotly_scripts = [path for path in served if "plotly" in path]
        self.assertEqual(plotly_scripts, [BUNDLE])

    def test_it_is_the_plotly_js_the_plotly_package_writes_figures_for(self):
        header = bundle_text()[:200]
        self.assertIn("plotly.js (basic - minified) v" + plotly.offline.get_plotlyjs_version() + "\n", header)
        self.assertIn("Licensed under the MIT license", header)
        self.assertIn("MIT License", (Path(settings.BASE_DIR) / "static" / "plotly" / "LICENSE.txt").read_text())

    def test_it_holds_every_trace_the_paper_and_the_dashboard_draw(self):
        self.client.force_login(self.erin)
        paper = self.client.get("/papers/2018-06/").context
        dashboard = self.client.get("/dashboard/").context
        figures = [f["plotly"] for f in paper["figures"]] + [json.loads(c["json"]) for c in dashboard["charts"]]
        self.assertEqual(len(figures), 2 + 7)
        used = every_trace_type(figures)
        self.assertEqual(used, {"bar", "scatter"})
        self.assertLessEqual(used, bundle_traces())
        self.assertEqual(bundle_traces(), {"bar", "pie", "scatter"})


class PagesTests(SampleTestCase):
    def setUp(self):
        self.client.force_login(self.erin)

    def test_the_paper_loads_plotly_through_a_deferred_script(self):
        html = self.client.get("/papers/2018-06/").content.decode()
        self.assertEqual(html.count(LOADER), 1)
        self.assertIn('<script src="/static/paper/figures.js" defer></script>', html)
        self.assertNotIn(BUNDLE_URL + '"></script>', html)  # never a script tag of its own
        self.assertNotIn("plotly.min.js", html)
        # The loader comes before figures.js, which uses it; deferred scripts run in order.
        self.assertLess(html.index(LOADER), html.index("/static/paper/figures.js"))

    def test_the_dashboard_loads_plotly_through_a_deferred_script(self):
        html = self.client.get("/dashboard/").content.decode()
        self.assertEqual(html.count(LOADER), 1)
        self.assertIn('<script src="/static/site/dashboard.js" defer></script>', html)
        self.assertNotIn("plotly.min.js", html)
        self.assertLess(html.index(LOADER), html.index("/static/site/dashboard.js"))

    def test_a_published_page_fetches_todays_plotly_js(self):
        """A page frozen under another release's hashed names is served with today's (views.py)."""
        frozen = (
            '<script src="/static/site/charts-when-seen.0123456789ab.js" '
            'data-plotly="/static/plotly/plotly-basic.min.0123456789ab.js" defer></script>'
        )
        self.assertEqual(STATIC_REFERENCE.sub(_todays_static, frozen), LOADER + "</script>")

    def test_a_page_without_charts_loads_no_plotly(self):
        html = self.client.get("/papers/").content.decode()
        self.assertNotIn("plotly", html)

    def test_the_paper_shows_each_figures_svg_until_plotly_draws_it(self):
        with mock.patch("opsreport.paper.charts.charts_enabled", return_value=True):
            html = self.client.get("/papers/2018-06/").content.decode()
        for number in (1, 2):
            figure = re.search(rf'<figure class="chart" id="figure-{number}">(.*?)</figure>', html, re.DOTALL)
            self.assertIsNotNone(figure, f"Figure {number}")
            body = figure.group(1)
            self.assertIn(f'data-figure="figure-{number}-data"', body)  # the live figure's place
            self.assertRegex(body, rf'<img src="/papers/2018-06/figures/{number}\.svg" alt="Figure {number}: ')


class BenchTests(SampleTestCase):
    def test_bench_prints_the_bytes_of_script_each_page_loads(self):
        self.client.force_login(self.erin)
        bundle = Path(finders.find(BUNDLE)).stat().st_size
        scripts = ["site/charts-when-seen.js", "paper/figures.js", "site/scroll-regions.js"]
        at_load = sum(Path(finders.find(name)).stat().st_size for name in scripts)
        line = script_line("paper page", self.client.get("/papers/2018-06/").content.decode())
        self.assertTrue(line.startswith(f"scripts the paper page loads: {at_load / 1000:.1f} kB ("), line)
        self.assertIn(f"when a chart comes near the screen, {bundle / 1000:.1f} kB (", line)
        self.assertIn(f"plotly-basic.min.js {bundle / 1000:.1f} kB", line)

        line = script_line("dashboard", self.client.get("/dashboard/").content.decode())
        self.assertIn("dashboard.js", line)
        self.assertIn("plotly-basic.min.js", line)
        self.assertNotIn("figures.js", line)
