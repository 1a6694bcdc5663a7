"""The printed paper as the Panel reads it: every table inside the text block, in the June and
July papers, a split table that keeps its categories, footnote calls a reader cannot misread,
and a text layer that copies in reading order.

Word boxes come from pdfplumber; the text block is the A4 page less the @page margins of
static/paper/paper.css, read from the stylesheet so that the test follows it.
"""

import datetime
import io
import re
import shutil
from pathlib import Path
from unittest import skipUnless

import pdfplumber
from django.conf import settings
from django.test import SimpleTestCase

from helpdesk.models import EmailTally, EnquiryCategory
from opsreport.models import Paper, WebsiteMonth
from opsreport.paper import marks, pdf
from opsreport.paper.assembly import assemble, assemble_appendix
from opsreport.paper.sections.common import Caption, FigureData
from tests.base import JUNE_2018, SampleTestCase

JULY_2018 = datetime.date(2018, 7, 1)
PT_PER_CM = 72 / 2.54
TOLERANCE = 0.5  # points: a glyph's box may touch the edge


def make_july_paper():
    """A July 2018 paper with June's fields (the sample has June only), issued 06/08/2018 for
    the Panel of 10/08/2018, with June's appendices."""
    june = Paper.objects.prefetch_related("appendices").get(month=JUNE_2018)
    july = Paper.objects.create(
        month=JULY_2018,
        panel_meeting_number=june.panel_meeting_number + 1,
        panel_meeting_date=datetime.date(2018, 8, 10),
        paper_number=june.paper_number,
        classification=june.classification,
        action=june.action,
        author=june.author,
        team=june.team,
        issue_date=datetime.date(2018, 8, 6),
        recommendation=june.recommendation,
        change_and_release=june.change_and_release,
        technical_support=june.technical_support,
        security_and_privacy=june.security_and_privacy,
        party_support=june.party_support,
    )
    for appendix in june.appendices.all():
        july.appendices.create(
            letter=appendix.letter,
            title=appendix.title,
            classification=appendix.classification,
            content=appendix.content,
        )
    return july


def text_block():
    """(left, top, right, bottom) of the text block in points, from the @page margins."""
    css = Path(settings.BASE_DIR, "static/paper/paper.css").read_text()
    page = css[css.index("@page {") :]
    top, right, bottom, left = (
        float(v) * PT_PER_CM for v in re.search(r"margin: ([\d.]+)cm ([\d.]+)cm ([\d.]+)cm ([\d.]+)cm;", page).groups()
    )
    width, height = 595.28, 841.89  # A4
    return left, top, width - right, height - bottom


def words_outside_the_text_block(data):
    """Every word, in the page's body (not its running header or footer), lying beyond the
    text block's left or right edge, or any ruling of a table that does: [(page, text, x0, x1)]."""
    left, top, right, bottom = text_block()
    outside = []
    with pdfplumber.open(io.BytesIO(data)) as document:
        for number, page in enumerate(document.pages, start=1):
            for word in page.extract_words():
                in_body = word["top"] >= top - TOLERANCE and word["bottom"] <= bottom + TOLERANCE
                if in_body and (word["x0"] < left - TOLERANCE or word["x1"] > right + TOLERANCE):
                    outside.append((number, word["text"], round(word["x0"], 1), round(word["x1"], 1)))
            for edge in page.edges:
                if edge["top"] >= top and (edge["x0"] < left - TOLERANCE or edge["x1"] > right + TOLERANCE):
                    outside.append((number, "(rule)", round(edge["x0"], 1), round(edge["x1"], 1)))
    return outside


def table_words(data):
    """Words inside the pdfplumber-found tables of every page, so that the test is known to look
    at the tables: {page: [words]}."""
    found = {}
    with pdfplumber.open(io.BytesIO(data)) as document:
        for number, page in enumerate(document.pages, start=1):
            for table in page.find_tables():
                found.setdefault(number, []).extend(w["text"] for w in page.crop(table.bbox).extract_words())
    return found


class PrintedLayoutTests(SampleTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        make_july_paper()

    def paper_pdf(self, month):
        paper = Paper.objects.prefetch_related("appendices").get(month=month)
        return pdf.paper_pdf(paper, use_cache=False)

    def test_every_table_of_the_june_and_july_papers_lies_inside_the_text_block(self):
        for month in (JUNE_2018, JULY_2018):
            with self.subTest(month=month), self.assertLogs("opsreport.paper.charts"):
                data = self.paper_pdf(month)
                words = table_words(data)
                # Tables 3 (membership) and 5 (helpdesk), the 13- and 12-month ones, are looked at.
                self.assertTrue(any("Accessions" in w for w in words.values()))
                self.assertTrue(any("Applications" in w for w in words.values()))
                self.assertEqual(words_outside_the_text_block(data), [])
                paper = Paper.objects.prefetch_related("appendices").get(month=month)
                appendix = pdf.appendix_pdf(
                    assemble_appendix(paper, paper.appendices.get()), marks.appendix_mark(paper)
                )
                self.assertEqual(words_outside_the_text_block(appendix), [])

    def test_tables_hold_figures_far_larger_than_the_samples(self):
        # Seven-digit website figures, five-digit helpdesk tallies and a long category name.
        WebsiteMonth.objects.update(visits=1234567, page_views=1234567)
        EmailTally.objects.update(emails=12345)
        EnquiryCategory.objects.filter(pk=EnquiryCategory.objects.first().pk).update(
            name="Smart Energy Code Modification Proposals and Consultation Correspondence"
        )
        with self.assertLogs("opsreport.paper.charts"):
            data = self.paper_pdf(JUNE_2018)
        self.assertIn("1,234,567", " ".join(w for words in table_words(data).values() for w in words))
        self.assertEqual(words_outside_the_text_block(data), [])

    def test_the_check_finds_a_table_that_runs_past_the_margin(self):
        html = (
            '<html lang="en-GB"><head><title>t</title><link rel="stylesheet" href="/static/paper/paper.css"></head>'
            '<body><table class="data" style="width: 120%"><tr><td>Left</td><td style="text-align: right">Rightmost</td></tr></table></body></html>'
        )
        outside = words_outside_the_text_block(pdf.html_to_pdf(html))
        self.assertIn("Rightmost", [text for _, text, _, _ in outside])

    @skipUnless(shutil.which("pdftotext"), "needs poppler's pdftotext")
    def test_the_split_meeting_table_groups_its_rows_says_what_continues_and_reads_in_order(self):
        from tests.helpers import pdf_text

        with self.assertLogs("opsreport.paper.charts"):
            data = self.paper_pdf(JUNE_2018)
        pages = pdf_text(data).split("\f")
        table_pages = [i for i, text in enumerate(pages) if "Summary of Events" in text]
        self.assertEqual(len(table_pages), 2, "the June meeting table runs over two pages")
        first = " ".join(pdf_text_raw(data, table_pages[0] + 1).split())
        continued = " ".join(pdf_text_raw(data, table_pages[1] + 1).split())
        # Each category heads its meetings once, in a row across the table, as the June 2018
        # paper's merged column did; not on every row.
        self.assertIn("Meeting Meeting Date(s) Summary of Events SEC Governance Meetings SEC Panel 15/06/2018", first)
        self.assertEqual((first + continued).count("SEC Governance Meetings"), 2)
        self.assertEqual(continued.count("Transitional Groups"), 1)
        # The page the table runs on to repeats the header, then says whose rows continue.
        self.assertIn("Meeting Meeting Date(s) Summary of Events SEC Governance Meetings (continued)", continued)
        self.assertNotIn("(continued)", first)
        self.assertIn("Transitional Groups BEIS Implementation Managers Forum", continued)
        # The caption prints once, under the table's end, as the other tables' captions do.
        self.assertNotIn("SEC meetings in", first)
        self.assertIn("DCC Test Design and Execution Group 12/06/2018 SEC meetings in June 2018", continued)

    def test_a_continued_label_is_shown_only_where_the_layout_puts_its_group_at_a_page_top(self):
        html = pdf.render_html(assemble(Paper.objects.get(month=JUNE_2018)), mode="screen")
        self.assertEqual(len(pdf.HIDDEN_LABEL.findall(html)), 9)  # every later group of a category
        self.assertEqual(pdf._show_labels(html, set()), html)
        shown = pdf._show_labels(html, {"s6-rows-8"})
        self.assertEqual(len(pdf.HIDDEN_LABEL.findall(shown)), 8)

    def test_footnote_calls_are_at_least_7pt_and_set_apart_from_their_number(self):
        with self.assertLogs("opsreport.paper.charts"):
            data = self.paper_pdf(JUNE_2018)
        with pdfplumber.open(io.BytesIO(data)) as document:
            page = next(p for p in document.pages if "Table 3: SEC Party Statistics" in (p.extract_text() or ""))
            chars = page.chars
        # Table 3's calls, 1 to 5: each a narrow no-break space, then the number, bold and in the heading
        # blue, never glued to the figure it marks ("1" marked 4 read as 14 before).
        calls = [(chars[i - 1], c) for i, c in enumerate(chars) if chars[i - 1]["text"] == "\u202f"]
        self.assertEqual([c["text"] for _, c in calls if c["top"] < 300], ["1", "2", "3", "4", "5"])
        for space, call in calls:
            figure = chars[chars.index(space) - 1]
            self.assertGreaterEqual(round(call["size"], 1), 7.0)
            self.assertGreater(space["x1"] - space["x0"], 1.0, "the thin space has width")
            self.assertTrue(call["fontname"].endswith("Bold"))
            self.assertNotEqual(call["non_stroking_color"], figure["non_stroking_color"])


def pdf_text_raw(data, page):
    """One page's text in content-stream order, as a reader's copy and paste gets it."""
    import subprocess
    import tempfile

    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(data)
        f.flush()
        return subprocess.run(
            ["pdftotext", "-raw", "-f", str(page), "-l", str(page), f.name, "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout


class ChartLookTests(SimpleTestCase):
    """The figures as plotly builds them (no browser needed to see their layout)."""

    def figures(self):
        from opsreport.paper import charts

        bar = FigureData(
            Caption("Figure", 1, "Breakdown"), "Voting Groups", ["Large Suppliers"], [("Voting Groups", [12])], "bar"
        )
        months = ["Jul 2017", "Aug 2017"]
        usage = FigureData(
            Caption("Figure", 2, "Usage"),
            "SEC Website Statistics",
            months,
            [("Visits", [1, 2]), ("Page Views", [3, 4])],
            "grouped_bar",
        )
        return charts.figure_for(bar), charts.figure_for(usage)

    def test_charts_use_the_body_font_with_axis_titles_and_no_title_inside(self):
        for fig in self.figures():
            layout = fig.layout
            self.assertTrue(layout.font.family.startswith("Liberation Sans"))
            self.assertIsNone(layout.title.text)
            self.assertTrue(layout.xaxis.title.text)
            self.assertIn("(number", layout.yaxis.title.text)

    def test_figure_2_sets_its_month_labels_level_on_two_lines(self):
        _, usage = self.figures()
        self.assertEqual(usage.layout.xaxis.tickangle, 0)
        self.assertEqual(list(usage.layout.xaxis.ticktext), ["Jul<br>2017", "Aug<br>2017"])
