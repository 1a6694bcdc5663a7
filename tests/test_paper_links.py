"""The links above a paper lead only where the reader may go.

A published page is frozen HTML, the same for everyone, but its site links are drawn for each
reader: a signed-out reader of a White paper gets no Dashboard (or Home) link that would only
send them to sign in, a Panel member gets the dashboard, and SECAS the data entry.
"""

from django.test import SimpleTestCase

from opsreport.paper.views import FROZEN_NAV
from tests.base import SampleTestCase
from tests.test_pdf_downloads import publish_june

PAGE = "/papers/2018-06/"


def site_links(response):
    nav = FROZEN_NAV.search(response.content.decode())
    assert nav, "The page has no site links."
    return nav.group(0)


class PaperLinksTests(SampleTestCase):
    def test_a_signed_out_reader_of_a_published_paper(self):
        publish_june(self.alex)
        links = site_links(self.client.get(PAGE))
        self.assertIn('<a href="/papers/">Papers</a>', links)
        self.assertIn('<a href="/papers/2018-06/pdf/">Open the PDF</a>', links)
        self.assertIn('<a href="/papers/2018-06/pdf/?download=1">Download the PDF</a>', links)
        for absent in ["Dashboard", "Home", "Data entry"]:
            self.assertNotIn(absent, links)

    def test_a_panel_member_reading_the_same_issue(self):
        publish_june(self.alex)
        self.client.force_login(self.pat)
        links = site_links(self.client.get(PAGE))
        self.assertIn('<a href="/dashboard/">Dashboard</a>', links)
        self.assertIn('<a href="/">Home</a>', links)
        self.assertNotIn("Data entry", links)

    def test_a_published_appendix_gets_the_readers_links(self):
        publish_june(self.alex)
        self.client.force_login(self.pat)
        links = site_links(self.client.get(PAGE + "appendices/A/"))
        self.assertIn('<a href="/dashboard/">Dashboard</a>', links)
        self.assertIn('<a href="/papers/2018-06/appendices/A/pdf/?download=1">Download the PDF</a>', links)

    def test_the_editor_reviewing_the_live_paper(self):
        self.client.force_login(self.erin)
        links = site_links(self.client.get(PAGE))
        self.assertIn('<a href="/admin/">Data entry</a>', links)
        self.assertIn('<a href="/dashboard/">Dashboard</a>', links)


class FrozenNavTests(SimpleTestCase):
    def test_it_finds_the_links_of_a_page_published_before_they_were_a_list(self):
        earlier = (
            '<nav class="paper-nav screen-only" aria-label="Site">\n  <a href="/">Home</a> · '
            '<a href="/dashboard/">Dashboard</a>\n</nav>\n<main class="paper"><nav>kept</nav></main>'
        )
        self.assertEqual(FROZEN_NAV.sub("", earlier), '\n<main class="paper"><nav>kept</nav></main>')
