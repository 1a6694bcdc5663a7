"""The whole round trip: the June 2018 sample's register, exported and imported into an empty
database, gives back the same records (as values), the same membership figures for every month
(Table 3, Figure 1), the same June 2018 paper (its HTML's text, its PDF's text, its fingerprint)
and the same dashboard figures for every month, and importing it again changes nothing.

One test checks all of it: an import of the whole register takes seconds. (The register's
other behaviour is tests/test_register_roundtrip.py's.)"""

import datetime
import shutil
from html.parser import HTMLParser
from unittest import skipUnless

import time_machine

from opsreport.models import Paper
from opsreport.paper.assembly import assemble
from opsreport.paper.pdf import paper_pdf, render_html
from opsreport.register import plan as register_plan
from opsreport.register.export import register_bytes
from opsreport.workbook.plan import CHANGE, CREATE
from parties.models import MembershipEvent, Party
from tests.base import JUNE_2018, SampleTestCase, delete_data
from tests.helpers import pdf_text
from tests.register_helpers import figures, import_register, records

NOW = datetime.datetime(2018, 7, 10, 10, 0)


class _Text(HTMLParser):
    """A page's text as a reader sees it: no markup, no scripts or styles, spaces collapsed."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        self.hidden += tag in ("script", "style")

    def handle_endtag(self, tag):
        self.hidden -= tag in ("script", "style")

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def text_of(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


@time_machine.travel(NOW, tick=False)
@skipUnless(shutil.which("pdftotext"), "needs poppler's pdftotext")
class RegisterRoundTripTests(SampleTestCase):
    def first_month(self) -> datetime.date:
        """The month of the first accession: the dashboard's every month runs from it."""
        return MembershipEvent.objects.order_by("date").first().date.replace(day=1)

    def what_readers_see(self) -> dict[str, str]:
        """The June 2018 paper's HTML text, PDF text and fingerprint, and the dashboard's
        figures for every month from the first accession to June 2018, as text."""
        paper = Paper.objects.prefetch_related("appendices").get(month=JUNE_2018)
        assembled = assemble(paper)
        # June 2018 is a draft in the sample: an editor sees it with the drafts switched on.
        self.client.force_login(self.erin)
        dashboard = self.client.get(f"/dashboard/?from={self.first_month():%Y-%m}&to=2018-06&drafts=1")
        self.assertEqual(dashboard.status_code, 200)
        return {
            "html": text_of(render_html(assembled, mode="published")),
            "pdf": " ".join(pdf_text(paper_pdf(paper, use_cache=False)).split()),
            "fingerprint": assembled.fingerprint(),
            "dashboard": text_of(dashboard.content.decode()),
        }

    def test_the_records_figures_paper_and_dashboard_come_back_the_same_from_an_empty_database(self):
        before, figures_before, records_before = self.what_readers_see(), figures(), records()
        self.assertIn("309 Parties to the SEC representing 242 Voting Groups", before["pdf"])
        self.assertIn("Jun-18", before["dashboard"])
        self.assertEqual((figures_before[-1][5], figures_before[-1][6]), (309, 242))  # the sample's June 2018
        data = register_bytes()
        delete_data()
        self.assertEqual((Party.objects.count(), Paper.objects.count()), (0, 0))

        plan = import_register(data)

        self.assertEqual(plan.count(CHANGE), 0)
        self.assertGreater(plan.count(CREATE), 309)
        self.assertEqual(figures(), figures_before)
        self.assertEqual(records(), records_before)
        after = self.what_readers_see()
        for what in ("fingerprint", "html", "pdf", "dashboard"):
            self.assertEqual(after[what], before[what], f"The {what} differs after the round trip.")
        again = register_plan.preview(register_bytes(), "register.xlsx")
        self.assertEqual((again.errors, again.count(CREATE), again.count(CHANGE)), ([], 0, 0))
