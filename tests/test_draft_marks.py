"""A paper that is not published says so on every page, so that a forwarded draft is never
mistaken for the issue: the June 2018 draft, then approved, then published."""

import shutil
import subprocess
import tempfile
from unittest import skipUnless

from opsreport.models import EffortEntry, Paper, PaperIssue
from opsreport.paper import marks, pdf
from opsreport.paper.assembly import assemble
from tests.base import JUNE_2018, SampleTestCase
from tests.helpers import approve, pdf_text, publish

URL = "/papers/2018-06/"
DRAFT = "DRAFT — not approved"
APPROVED = "APPROVED — not yet published"


def pages(data):
    """The PDF's text, page by page (pdftotext ends each page with a form feed)."""
    return [" ".join(page.split()) for page in pdf_text(data).split("\f") if page.strip()]


def title(data):
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(data)
        f.flush()
        info = subprocess.run(["pdfinfo", f.name], capture_output=True, text=True, check=True).stdout
    return next(line.split(":", 1)[1].strip() for line in info.splitlines() if line.startswith("Title:"))


@skipUnless(shutil.which("pdftotext") and shutil.which("pdfinfo"), "needs poppler's pdftotext and pdfinfo")
class DraftMarkTests(SampleTestCase):
    def pdf(self, url=URL + "pdf/"):
        response = self.client.get(url)
        self.assertEqual(response["Content-Type"], "application/pdf")
        return response.content

    def test_every_page_of_the_june_draft_and_its_appendix_says_draft(self):
        self.client.force_login(self.erin)
        data = self.pdf()
        self.assertGreaterEqual(len(pages(data)), 9)
        for number, text in enumerate(pages(data), start=1):
            self.assertIn(DRAFT, text, f"page {number}")
        self.assertEqual(title(data), f"{DRAFT}: Operations Report — June 2018 (SECP 58 1307 22)")
        appendix = self.pdf(URL + "appendices/A/pdf/")
        for number, text in enumerate(pages(appendix), start=1):
            self.assertIn(DRAFT, text, f"appendix page {number}")
        self.assertTrue(title(appendix).startswith(DRAFT))

    def test_the_page_on_screen_shows_the_banner(self):
        self.client.force_login(self.erin)
        page = self.client.get(URL)
        self.assertContains(
            page,
            f'<aside class="draft-banner" aria-label="Status of this paper"><p><strong>{DRAFT}</strong></p></aside>',
            html=True,
        )
        self.assertContains(page, f"<title>{DRAFT}: Operations Report — June 2018")
        self.assertContains(self.client.get(URL + "appendices/A/"), "draft-banner")

    def test_an_approved_paper_says_it_is_not_yet_published_and_the_issue_says_nothing(self):
        self.client.force_login(self.erin)
        self.assertIn(DRAFT, pages(self.pdf())[0])  # drawn and cached as a draft
        self.client.force_login(self.alex)
        approve(self.client, URL)

        approved = pages(self.pdf())
        for number, text in enumerate(approved, start=1):
            self.assertIn(APPROVED, text, f"page {number}")
            self.assertNotIn("DRAFT", text)
        self.assertContains(self.client.get(URL), APPROVED)

        publish(self.client, URL)
        issue = PaperIssue.objects.get(paper__month=JUNE_2018)
        for name, data in [
            ("issue", bytes(issue.pdf)),
            ("appendix", bytes(issue.appendices.get().pdf)),
            ("the live PDF of the published paper", self.pdf()),
        ]:
            text = pdf_text(data)
            self.assertNotIn("DRAFT", text, name)
            self.assertNotIn("not yet published", text, name)
            self.assertNotIn("DRAFT", title(data), name)
        self.assertNotIn("draft-banner", issue.html)

        self.client.force_login(self.pat)
        self.assertNotContains(self.client.get(URL), "draft-banner")
        self.assertNotIn("DRAFT", pdf_text(self.pdf()))

    def test_the_pdf_cache_keeps_a_draft_apart_from_the_issue(self):
        paper = Paper.objects.prefetch_related("appendices").get(month=JUNE_2018)
        assembled = assemble(paper)
        keys = {pdf.cache_key(assembled, mark) for mark in (None, marks.DRAFT, marks.APPROVED)}
        self.assertEqual(len(keys), 3)
        self.assertNotEqual(pdf.revision_key(paper, 7), pdf.revision_key(Paper(pk=paper.pk, status="approved"), 7))

    def test_a_published_paper_whose_data_changed_is_a_draft_of_its_correction(self):
        self.client.force_login(self.alex)
        approve(self.client, URL)
        publish(self.client, URL)
        entry = EffortEntry.objects.filter(effort_month__month=JUNE_2018).first()
        entry.days += 1
        entry.save()

        self.assertContains(self.client.get(URL), "draft-banner")
        self.assertIn(DRAFT, pages(self.pdf())[-1])
        # Readers still get the issue, unmarked.
        self.client.force_login(self.pat)
        self.assertNotIn("DRAFT", pdf_text(self.pdf()))
