"""What a screen reader finds in the PDF's structure tree (read with pikepdf): the document's
language, its headings, footnotes as Notes, figures with their alternative text, and table
header cells with their Scope. veraPDF is not run: see the README for what that leaves."""

import io
from collections import defaultdict
from pathlib import Path
from unittest import skipUnless

import pikepdf
from django.test import override_settings

from opsreport.models import Paper
from opsreport.paper import marks, pdf
from tests.base import JUNE_2018, SampleTestCase


def structure(data):
    """{structure type: [element]} over the whole tree, the catalog's /Lang, and the open
    document (the elements live only as long as it does)."""
    document = pikepdf.open(io.BytesIO(data))
    found = defaultdict(list)

    def walk(element):
        if not isinstance(element, pikepdf.Dictionary):
            return
        found[str(element.get("/S"))].append(element)
        kids = element.get("/K")
        for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
            walk(kid)

    walk(document.Root.StructTreeRoot)
    return found, str(document.Root.Lang), document


class StructureTreeTests(SampleTestCase):
    def paper_pdf(self):
        return pdf.paper_pdf(Paper.objects.prefetch_related("appendices").get(month=JUNE_2018), use_cache=False)

    def test_language_headings_notes_and_table_headers(self):
        with self.assertLogs("opsreport.paper.charts"):
            found, lang, _document = structure(self.paper_pdf())
        self.assertEqual(lang, "en-GB")
        self.assertEqual(len(found["/H1"]), 1)
        self.assertEqual(len(found["/H2"]), 8)  # Purpose, Recommendation, sections 1 to 6
        self.assertGreaterEqual(len(found["/H3"]), 8)
        # Footnotes 1 to 15, each a Note with an ID of its own.
        ids = [str(note.ID) for note in found["/Note"]]
        self.assertEqual([i.split("-")[1] for i in ids], [str(n) for n in range(1, 16)])
        self.assertEqual(len(set(ids)), 15)
        # Every header cell says which way it heads, and both ways occur.
        scopes = {str(th.A.get("/Scope")) for th in found["/TH"]}
        self.assertEqual(scopes, {"/Column", "/Row"})
        self.assertTrue(all("/Scope" in th.A for th in found["/TH"]))
        # Data cells in a table's body are tied to their headers (the empty corner cell of a
        # header row heads nothing).
        body_cells = [td for td in found["/TD"] if str(td.P.P.S) in ("/TBody", "/TFoot")]
        self.assertGreater(len(body_cells), 200)
        self.assertTrue(all(len(td.A.get("/Headers", [])) > 0 for td in body_cells))
        self.assertGreaterEqual(len(found["/Table"]), 6)
        self.assertGreaterEqual(len(found["/Caption"]), 6)

    @skipUnless(Path("/usr/bin/chromium").is_file(), "needs Debian's chromium")
    def test_figures_carry_their_alternative_text(self):
        with override_settings(OPSREPORT_CHARTS="svg"):
            data = self.paper_pdf()
        found, _lang, _document = structure(data)
        # The charts' text is set in the body's font: no DejaVu Sans beside Liberation Sans.
        with pikepdf.open(io.BytesIO(data)) as document:
            fonts = {
                str(font.BaseFont).lstrip("/").split("+")[-1]
                for page in document.pages
                for font in page.Resources.get("/Font", {}).values()
            }
        self.assertTrue(fonts)
        self.assertTrue(all(name.startswith("Liberation-Sans") for name in fonts), fonts)
        alts = [str(figure.get("/Alt", "")) for figure in found["/Figure"]]
        self.assertEqual(len(alts), 2)
        self.assertTrue(
            alts[0].startswith("Figure 1: Breakdown of SEC Party Voting Groups: Voting Groups Large Suppliers 12")
        )
        self.assertTrue(alts[1].startswith("Figure 2: SEC Website Usage: Visits Jul 2017 5775"))

    def test_an_appendix_is_tagged_too(self):
        from opsreport.paper.assembly import assemble_appendix

        paper = Paper.objects.prefetch_related("appendices").get(month=JUNE_2018)
        found, lang, _document = structure(
            pdf.appendix_pdf(assemble_appendix(paper, paper.appendices.first()), marks.DRAFT)
        )
        self.assertEqual(lang, "en-GB")
        self.assertEqual(len(found["/H1"]), 1)
        self.assertEqual({str(th.A.get("/Scope")) for th in found["/TH"]}, {"/Column"})
