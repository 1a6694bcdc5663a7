"""A footnote call is a reference to its note, not a digit run into the figure before it: in
the June 2018 PDF (draft and issue) text extraction reads "1 [note 1]" where the page shows a
raised "1" after the figure 1, the structure tree holds a Reference with that ActualText and a
Link to the note at the foot of the page, and on screen the call is a link named "note 1". The page itself looks as it did: the call stays a
small raised digit (opsreport/paper/tagging.py, templates/paper/_footnote.html)."""

import io
import re
import shutil
import subprocess
import tempfile
from unittest import skipUnless

import pdfplumber
import pikepdf

from opsreport.models import Paper
from opsreport.paper import pdf
from tests.base import JUNE_2018, SampleTestCase
from tests.helpers import pdf_text
from tests.test_pdf_structure import structure

TABLE_3 = {
    "In Default": "0 0 0 0 0 0 0 0 0 0 1 1 1 [note 1]",
    "Withdrawals": "0 1 [note 2] 0 0 0 1 [note 3] 0 0 0 0 0 0 0",
    "Expulsions": "1 [note 4] 0 0 0 0 0 0 0 1 [note 5] 0 0 0 0",
}


def plain_text(data):
    """The PDF's text in reading order, as a screen reader without the tree would get it."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(data)
        f.flush()
        return subprocess.run(["pdftotext", f.name, "-"], capture_output=True, text=True, check=True).stdout


def rows(data):
    """Each line of the laid-out text, its runs of spaces made one."""
    return [" ".join(line.split()) for line in pdf_text(data).splitlines()]


@skipUnless(shutil.which("pdftotext"), "needs poppler's pdftotext")
class NoteReferencesInThePdfTests(SampleTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        paper = Paper.objects.prefetch_related("appendices").get(month=JUNE_2018)
        cls.pdfs = {
            "draft": pdf.paper_pdf(paper, use_cache=False),
            "issue": pdf.paper_pdf(paper, use_cache=False, published=True),
        }

    def test_table_3_reads_as_its_figures_and_separate_note_references(self):
        for name, data in self.pdfs.items():
            lines = rows(data)
            for label, figures in TABLE_3.items():
                with self.subTest(name, row=label):
                    self.assertIn(f"{label} {figures}", lines)

    def test_no_call_runs_into_the_word_or_figure_it_follows(self):
        for name, data in self.pdfs.items():
            text = plain_text(data)
            with self.subTest(name):
                self.assertIn("Visits [note 6]", text)
                self.assertIn("Page Views [note 7]", text)
                self.assertIn("SECMP0051 [note 15]", text)
                self.assertNotIn("Visits6", text)
                self.assertNotIn("Visits 6", text)
                # Every one of the 15 calls, once each, in order.
                calls = [int(n) for n in re.findall(r"\[note (\d+)\]", text)]
                self.assertEqual(calls, list(range(1, 16)))

    def test_each_call_is_a_reference_in_the_structure_tree(self):
        found, _lang, _document = structure(self.pdfs["issue"])
        texts = [str(reference.ActualText) for reference in found["/Reference"]]
        self.assertEqual(texts, [f" [note {n}]" for n in range(1, 16)])
        # The call's own marked content says it too, for readers of the page's content.
        with pikepdf.open(io.BytesIO(self.pdfs["issue"])) as document:
            actual = [
                str(operands[1].ActualText)
                for page in document.pages
                for operands, operator in pikepdf.parse_content_stream(page)
                if operator == pikepdf.Operator("BDC") and "/ActualText" in operands[1]
            ]
        self.assertEqual(actual, texts)

    def test_each_call_links_to_its_note_at_the_foot_of_its_page(self):
        found, _lang, document = structure(self.pdfs["issue"])
        destinations = document.Root.Names.Dests.Names
        pages = {page.objgen: number for number, page in enumerate(document.pages, start=1)}
        note_pages = {
            str(destinations[i]): pages[destinations[i + 1][0].objgen]
            for i in range(0, len(destinations), 2)
            if str(destinations[i]).startswith("note-")
        }
        self.assertEqual(len(found["/Reference"]), 15)
        for number, reference in enumerate(found["/Reference"], start=1):
            with self.subTest(note=number):
                (link,) = reference.K
                self.assertEqual(str(link.S), "/Link")
                self.assertEqual(link.P.objgen, reference.objgen)
                annotation = next(kid.Obj for kid in link.K if str(kid.get("/Type")) == "/OBJR")
                span = next(kid for kid in link.K if str(kid.get("/S")) == "/Span")
                self.assertEqual(span.P.objgen, link.objgen)
                self.assertEqual(str(annotation.Dest), f"note-{number}")
                self.assertEqual(str(annotation.Contents), f"note {number}")
                self.assertEqual(note_pages[f"note-{number}"], pages[reference.Pg.objgen])

    def test_on_the_page_the_call_is_still_a_small_raised_digit(self):
        with pdfplumber.open(io.BytesIO(self.pdfs["issue"])) as document:
            page = next(p for p in document.pages if "Withdrawals" in (p.extract_text() or ""))
            words = page.extract_words(extra_attrs=["size"])
        label = next(w for w in words if w["text"] == "Withdrawals")
        row = [w for w in words if abs(w["bottom"] - label["bottom"]) < 4 and w["x0"] > label["x1"]]
        calls = [w for w in row if w["size"] < 7.25]  # the call in 7 pt, the figures in 7.5 pt
        self.assertEqual([w["text"] for w in calls], ["2", "3"])
        self.assertEqual(len(row) - len(calls), 13)
        for call in calls:
            self.assertLess(call["bottom"], label["bottom"] - 2)  # raised above the row's baseline


class NoteReferencesOnScreenTests(SampleTestCase):
    def test_each_call_is_a_link_named_for_its_note(self):
        self.client.force_login(self.erin)
        html = self.client.get("/papers/2018-06/").content.decode()
        self.assertInHTML('<sup class="fn-ref screen-only"><a href="#fn-4" aria-label="note 4">4</a></sup>', html)
        names = re.findall(r'<a href="#fn-(\d+)" aria-label="note (\d+)">\1</a>', html)
        self.assertEqual([int(n) for n, _ in names], list(range(1, 16)))
        self.assertIn('<li id="fn-4" value="4">', html)
