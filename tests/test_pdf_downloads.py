"""A PDF opens in the browser from one link and is saved from the other (?download=1).

Django builds every Content-Disposition (content_disposition_header), so a file name is
quoted and any non-ASCII in it encoded as RFC 6266 says; none is written by hand.
"""

import re
from pathlib import Path

from django.utils.http import content_disposition_header

from opsreport import actions
from opsreport.models import Paper
from opsreport.paper.assembly import assemble
from tests.base import JUNE_2018, SampleTestCase

ROOT = Path(__file__).resolve().parent.parent


def publish_june(user):
    """Approve and publish the June 2018 sample paper, as the approver would."""
    paper = Paper.objects.get(month=JUNE_2018)
    actions.approve_paper(paper, user, assemble(paper).fingerprint())
    return actions.publish_paper(paper, user)


class PdfDownloadTests(SampleTestCase):
    def test_the_live_pdf_opens_inline_or_downloads(self):
        self.client.force_login(self.erin)
        name = "SECP_58_1307_22_Operations_Report_2018-06.pdf"
        opened = self.client.get("/papers/2018-06/pdf/")
        self.assertEqual(opened["Content-Disposition"], f'inline; filename="{name}"')
        saved = self.client.get("/papers/2018-06/pdf/?download=1")
        self.assertEqual(saved["Content-Disposition"], f'attachment; filename="{name}"')
        self.assertEqual(saved.content[:5], b"%PDF-")

    def test_published_issue_and_appendix_download(self):
        issue = publish_june(self.alex)
        self.client.force_login(self.pat)
        for url, name in [
            ("/papers/2018-06/pdf/", f"SECP_58_1307_22_issue_{issue.number}.pdf"),
            (f"/papers/2018-06/issues/{issue.number}/pdf/", f"SECP_58_1307_22_issue_{issue.number}.pdf"),
            ("/papers/2018-06/appendices/A/pdf/", "SECP_58_1307_22_Appendix_A.pdf"),
        ]:
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url)["Content-Disposition"], f'inline; filename="{name}"')
                saved = self.client.get(url + "?download=1")
                self.assertEqual(saved["Content-Disposition"], f'attachment; filename="{name}"')

    def test_the_review_page_offers_both(self):
        self.client.force_login(self.alex)
        response = self.client.get("/papers/2018-06/")
        self.assertContains(response, '<a href="/papers/2018-06/pdf/">Open the PDF</a>', html=True)
        self.assertContains(response, '<a href="/papers/2018-06/pdf/?download=1">Download the PDF</a>', html=True)

    def test_an_export_is_an_attachment(self):
        self.client.force_login(self.pat)
        response = self.client.get("/dashboard/records/membership/?month=2018-05&export=csv")  # June is a draft
        self.assertEqual(
            response["Content-Disposition"], content_disposition_header(True, "membership-2018-05-2018-05.csv")
        )

    def test_no_content_disposition_is_written_by_hand(self):
        hand_built = re.compile(r"""\[["']Content-Disposition["']\]\s*=(?!\s*content_disposition_header\()""")
        offenders = [
            str(path.relative_to(ROOT))
            for folder in ["opsreport", "helpdesk", "meetings", "parties"]
            for path in (ROOT / folder).rglob("*.py")
            if hand_built.search(path.read_text(encoding="utf-8"))
        ]
        self.assertEqual(offenders, [])
