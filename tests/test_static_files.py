"""Static files: plotly.min.js from the plotly package and nothing else of it; the PDF finds
our stylesheet under its hashed name once collectstatic has run (make serve)."""

import tempfile
from pathlib import Path

from django.contrib.staticfiles import finders
from django.test import SimpleTestCase, override_settings

from opsreport.lib.staticfiles import PlotlyFinder
from opsreport.paper import pdf


class PlotlyFinderTests(SimpleTestCase):
    def test_it_publishes_plotly_min_js_only(self):
        finder = PlotlyFinder()
        self.assertTrue(finder.find("plotly/plotly.min.js").endswith("package_data/plotly.min.js"))
        self.assertEqual(finder.find("plotly/plotly.js"), [])
        self.assertEqual([path for path, _ in finder.list([])], ["plotly.min.js"])

    def test_a_file_no_finder_has_is_not_found(self):
        self.assertIsNone(finders.find("paper/paper.0123456789ab.css"))
        self.assertEqual(finders.find("paper/paper.0123456789ab.css", find_all=True), [])


class HashedStylesheetTests(SimpleTestCase):
    def test_the_pdf_fetcher_reads_a_hashed_name_from_static_root(self):
        root = Path(self.enterContext(tempfile.TemporaryDirectory()))
        (root / "paper").mkdir()
        (root / "paper" / "paper.0123456789ab.css").write_text("body { color: black }")
        with override_settings(STATIC_ROOT=root):
            found = pdf._static_path(pdf.INTERNAL_ORIGIN + "/static/paper/paper.0123456789ab.css")
        self.assertEqual(found, root / "paper" / "paper.0123456789ab.css")
