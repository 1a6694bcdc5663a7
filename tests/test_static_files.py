"""Static files: the PDF finds our stylesheet under its hashed name once collectstatic has run
(make serve). plotly.js's bundle is tests/test_plotly_bundle.py's."""

import tempfile
from pathlib import Path

from django.contrib.staticfiles import finders
from django.test import SimpleTestCase, override_settings

from opsreport.paper import pdf


class FinderTests(SimpleTestCase):
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
