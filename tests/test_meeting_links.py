"""Every meeting row whose summary sends the reader to a link carries one: in the sample, on
screen, as a link annotation in the PDF, and a finding when one is missing."""

import io
import logging
import subprocess
import tempfile

import pikepdf

from meetings.models import Meeting, MeetingLink
from opsreport.models import Paper
from opsreport.paper import pdf
from opsreport.paper.assembly import assemble
from opsreport.paper.findings import findings
from opsreport.paper.sections import meetings as meetings_section
from tests.base import JUNE_2018, SampleTestCase

URL = "/papers/2018-06/"


def link_annotations(data):
    """[(page number, URI)] of the PDF's link annotations, in page order."""
    found = []
    with pikepdf.open(io.BytesIO(data)) as doc:
        for number, page in enumerate(doc.pages, start=1):
            for annot in page.obj.get("/Annots", []):
                action = annot.get("/A")
                if annot.get("/Subtype") == "/Link" and action is not None and "/URI" in action:
                    found.append((number, str(action.URI)))
    return found


def page_text(data, number):
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(data)
        f.flush()
        text = subprocess.run(
            ["pdftotext", "-f", str(number), "-l", str(number), "-layout", f.name, "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    return " ".join(text.split())


class MeetingLinkTests(SampleTestCase):
    def assembled(self):
        return assemble(Paper.objects.prefetch_related("appendices").get(month=JUNE_2018))

    def promising_lines(self, assembled):
        return [
            line
            for line in assembled.section(meetings_section).lines
            if line.summary_rowspan and meetings_section.PROMISES_LINK.search(line.summary)
        ]

    def test_the_sample_rows_that_promise_a_link_have_one(self):
        lines = self.promising_lines(self.assembled())
        self.assertEqual(
            [line.committee for line in lines],
            ["TABASC", "Security Sub-Committee (SSC)", "SMKI PMA", "Operations Group (OPSG)"],
        )
        for line in lines:
            self.assertTrue(line.links, line.committee)
            self.assertTrue(all(link.url.startswith("https://") for link in line.links), line.committee)
        self.assertFalse([f for f in findings(self.assembled()) if "promises a link" in f.text])

    def test_the_june_pdf_has_a_link_annotation_beside_every_promised_link(self):
        assembled = self.assembled()
        with self.assertLogs("opsreport.paper.charts", logging.WARNING):  # charts drawn as tables here
            data = pdf.paper_pdf(Paper.objects.get(month=JUNE_2018), assembled=assembled, use_cache=False)
        annotations = link_annotations(data)
        expected = [link for line in self.promising_lines(assembled) for link in line.links]
        self.assertEqual(len(expected), 5)  # TABASC, SSC 56 and 57, SMKI PMA, OPSG
        for link in expected:
            pages = [number for number, uri in annotations if uri == link.url]
            self.assertEqual(len(pages), 1, f"{link.label}: one link annotation to {link.url}")
            # On the page that prints its label (a label may wrap: spaces are normalised).
            self.assertIn(" ".join(link.label.split()), page_text(data, pages[0]))
        self.assertGreaterEqual(len(annotations), 6)  # and the Panel's public minutes

    def test_the_paper_page_links_every_label(self):
        self.client.force_login(self.erin)
        page = self.client.get(URL).content.decode()
        for label in ["SSC 56 1406", "SSC 57 2706", "SMKI PMA 47 1906", "OPSG 09 2606", "TABASC 31 2106"]:
            self.assertRegex(page, rf'<a href="https://[^"]+">{label} — Meeting Headlines</a>')
        self.assertNotIn('class="link-label"', page)

    def test_a_promised_link_without_an_address_is_a_finding(self):
        MeetingLink.objects.filter(label__startswith="OPSG").update(url="")
        self.assertIn(
            "missing: Operations Group (OPSG): the summary promises a link, but the meeting has no link with an address.",
            [f"{f.level}: {f.text}" for f in findings(self.assembled())],
        )

    def test_a_promised_link_with_no_link_row_is_a_finding(self):
        tag = Meeting.objects.get(committee__name="Testing Advisory Group (TAG)", dates__date__month=6)
        tag.summary = "The TAG met once in June 2018. The minutes can be found below."
        tag.save()
        texts = [f.text for f in findings(self.assembled())]
        self.assertIn("Testing Advisory Group (TAG): the summary promises a link, but the meeting has no link.", texts)

    def test_a_summary_that_promises_nothing_needs_no_link(self):
        for summary in ["The TAG met once in June 2018.", "Further information is in the public minutes."]:
            self.assertIsNone(meetings_section.PROMISES_LINK.search(summary), summary)
        for summary in ["headlines are available via the link below.", "The links below give the minutes."]:
            self.assertIsNotNone(meetings_section.PROMISES_LINK.search(summary), summary)

    def test_merged_summaries_are_checked_once(self):
        # The four transitional groups share one summary cell: one finding, on the row that prints it.
        Meeting.objects.filter(committee__category="transitional").update(
            summary="Headlines for all four groups can be found below."
        )
        texts = [f.text for f in findings(self.assembled()) if "promises a link" in f.text]
        self.assertEqual(
            texts, ["BEIS Implementation Managers Forum: the summary promises a link, but the meeting has no link."]
        )
