"""What a screen reader finds in the PDF's structure tree (read with pikepdf): the document's
language, its headings, footnotes as Notes, figures with their alternative text, table
header cells with their Scope, and every piece of marked content in the tree or an artifact
(the running header and footer). These are what opsreport/paper/tagging.py adds to
WeasyPrint's tagging: they fail if a WeasyPrint release changes what it wraps. veraPDF is not
run: see the README for what that leaves (tests/test_pdfua.py runs the pdfua checker)."""

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


def in_the_tree(document):
    """The structure elements reachable from the root, by object number and generation."""
    seen, stack = set(), [document.Root.StructTreeRoot]
    while stack:
        node = stack.pop()
        if isinstance(node, pikepdf.Array):
            stack.extend(node)
        elif isinstance(node, pikepdf.Dictionary) and not (node.is_indirect and node.objgen in seen):
            if node.is_indirect:
                seen.add(node.objgen)
            if "/K" in node:
                stack.append(node.K)
    return seen


def marked_content(document):
    """Per page: the structure element of each marked-content item (through the ParentTree),
    the artifacts' properties, and the text shown inside artifacts."""
    nums = document.Root.StructTreeRoot.ParentTree.Nums
    parents = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
    pages = []
    for page in document.pages:
        owners, artifacts, artifact_text, depth = [], [], [], []
        for operands, operator in pikepdf.parse_content_stream(page):
            name = str(operator)
            if name in ("BDC", "BMC"):
                is_artifact = str(operands[0]) == "/Artifact"
                if name == "BDC" and "/MCID" in operands[1]:
                    owners.append(parents[int(page.StructParents)][int(operands[1].MCID)])
                if is_artifact:
                    artifacts.append(dict(operands[1].items()) if name == "BDC" else {})
                depth.append(is_artifact)
            elif name == "EMC":
                depth.pop()
            elif name in ("Tj", "TJ") and any(depth):
                artifact_text.append(operands[0])
        pages.append((owners, artifacts, artifact_text))
    return pages


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

    def test_no_marked_content_outside_the_tree_and_the_running_header_and_footer_are_artifacts(self):
        with self.assertLogs("opsreport.paper.charts"):
            data = self.paper_pdf()
        with pikepdf.open(io.BytesIO(data)) as document:
            reachable = in_the_tree(document)
            pages = marked_content(document)
            self.assertGreaterEqual(len(pages), 9)
            for number, (owners, artifacts, artifact_text) in enumerate(pages, start=1):
                with self.subTest(page=number):
                    self.assertTrue(owners)
                    lost = [owner for owner in owners if owner.objgen not in reachable]
                    self.assertEqual(lost, [])
                    subtypes = sorted(str(a.get("/Subtype")) for a in artifacts if str(a.get("/Type")) == "/Pagination")
                    # The draft mark and "Smart Energy Code" at the top; the reference and the
                    # classification, and the page number, at the foot.
                    self.assertEqual(subtypes, ["/Footer", "/Footer", "/Header", "/Header"])
                    self.assertTrue(artifact_text)  # drawn, only left out of the tree
