"""What a typesetter would mark in the June 2018 paper: headings set as their figures are, every
figure's axis covering its data, and labels that never break at a line's end."""

import io
import shutil
from unittest import skipUnless

import pdfplumber
from django.test import SimpleTestCase

from opsreport.models import Paper
from opsreport.paper import charts, pdf
from opsreport.paper.assembly import assemble
from opsreport.templatetags.paper_format import keep_together
from tests.base import JUNE_2018, SampleTestCase
from tests.helpers import pdf_text


class ValueAxisTests(SimpleTestCase):
    def test_the_top_gridline_is_at_or_above_the_tallest_bar(self):
        for values, expected in [
            ([28344, 20292, 5775], (30000, 5000)),  # Figure 2 in June: not 25,000 under 28,344
            ([12, 86, 114, 13, 17], (120, 20)),  # Figure 1
            ([7], (8, 2)),
            ([0, 0], (1, 1)),
            ([None, 3], (3, 1)),
        ]:
            with self.subTest(values=values):
                self.assertEqual(charts.value_axis(values), expected)

    def test_each_figure_sets_its_axis_to_cover_its_data(self):
        fig = charts.website_usage_figure(["Jun 2018"], [6825], [28344])
        self.assertEqual(list(fig.layout.yaxis.range), [0, 30000])
        self.assertEqual(fig.layout.yaxis.dtick, 5000)
        fig = charts.voting_groups_figure(["Small Suppliers"], [114])
        self.assertEqual(list(fig.layout.yaxis.range), [0, 120])


class KeepTogetherTests(SimpleTestCase):
    def test_labels_and_their_numbers_are_joined_by_a_no_break_space(self):
        self.assertEqual(
            keep_together("provided in Appendix A. SEC Version 5.19 & <b>"),
            "provided in Appendix\u00a0A. SEC Version\u00a05.19 &amp; &lt;b&gt;",
        )
        self.assertEqual(
            keep_together("SECMP0050 and SECMP0051."),
            '<span class="ref">SECMP0050</span> and <span class="ref">SECMP0051</span>.',
        )


class JuneTypesettingTests(SampleTestCase):
    def test_the_page_on_screen_keeps_its_labels_together(self):
        self.client.force_login(self.erin)
        page = self.client.get("/papers/2018-06/").content.decode()
        self.assertIn("SEC Version\u00a05.19 went live", page)
        self.assertIn("The details are provided in Appendix\u00a0A.", page)
        self.assertIn('<span class="ref">SECMP0051</span>', page)

    @skipUnless(shutil.which("pdftotext"), "needs poppler's pdftotext")
    def test_in_print_headings_sit_over_their_figures_and_no_label_breaks(self):
        paper = Paper.objects.prefetch_related("appendices").get(month=JUNE_2018)
        with self.assertLogs("opsreport.paper.charts"):
            data = pdf.paper_pdf(paper, assemble(paper), use_cache=False)

        # No line ends with a label whose number or letter went to the next line.
        for line in pdf_text(data).splitlines():
            self.assertNotRegex(line.rstrip(), r"\b(Appendix|Version)$")

        with pdfplumber.open(io.BytesIO(data)) as document:
            for caption, heading, row in [
                ("Table 3: SEC Party Statistics", "Jun-18", "Accessions"),  # the month's column
                ("Table 4: Division of Effort", "Days", "Core"),
                ("Table 5: SECAS Helpdesk Emails", "Jun-18", "Applications"),
                ("Table 6: SEC Website Statistics", "Jun", "Page"),
            ]:
                with self.subTest(table=caption):
                    page = next(p for p in document.pages if caption in (p.extract_text() or ""))
                    words = page.extract_words()
                    head = next(w for w in words if w["text"] == heading)
                    label = next(w for w in words if w["text"] == row and w["top"] > head["top"])
                    # The figure in the heading's column on that row.
                    cell = next(
                        w
                        for w in words
                        if abs(w["top"] - label["top"]) < 2 and w["x0"] < head["x1"] and w["x1"] > head["x0"]
                    )
                    # Right-aligned over right-aligned figures: the same right edge.
                    self.assertAlmostEqual(head["x1"], cell["x1"], delta=1.0, msg=cell["text"])
