"""The PDF: its content, the fetcher lockdown, the chart fallback and the cache."""

import base64
import logging
import re
import shutil
import subprocess
import tempfile
import zlib
from pathlib import Path
from unittest import mock, skipUnless

from django.core.management import call_command
from django.test import SimpleTestCase, override_settings

from opsreport.models import EffortEntry, Paper, WebsiteMonth
from opsreport.paper import charts, pdf
from opsreport.paper.assembly import assemble
from tests.base import JUNE_2018, SampleTestCase
from tests.helpers import approve, pdf_text, publish

HAVE_PDFTOTEXT = shutil.which("pdftotext") is not None


def catalog_objects(data):
    """The PDF's objects, decompressed: WeasyPrint puts the catalog (with /Lang) in an object stream."""
    parts = [data]
    for match in re.finditer(rb"stream\r?\n(.*?)endstream", data, re.S):
        try:
            parts.append(zlib.decompress(match.group(1)))
        except zlib.error:
            pass
    return b"\n".join(parts)


class PaperPdfTests(SampleTestCase):
    def paper(self):
        return Paper.objects.prefetch_related("appendices").get(month=JUNE_2018)

    @skipUnless(HAVE_PDFTOTEXT, "needs poppler's pdftotext")
    def test_the_june_pdf_carries_every_part_of_the_seed(self):
        with self.assertLogs("opsreport.paper.charts", logging.WARNING):
            data = pdf.paper_pdf(self.paper())
        self.assertTrue(data.startswith(b"%PDF-"))
        text = " ".join(pdf_text(data).split())
        for expected in [
            "This document is classified as White in accordance with the Panel Information Policy",
            "Paper Reference: SECP 58 1307 22",
            "Action: For Information",
            "Hollie McGovern",
            "6th July 2018",
            "Appendix A - Testing Update UEPT (Amber).",
            "Table 1: Applicants that will accede to the SEC",
            "Table 2: Parties that completed UEP since the last SEC Panel meeting",
            "Table 3: SEC Party Statistics",
            "309 Parties to the SEC representing 242 Voting Groups",
            "Figure 1: Breakdown of SEC Party Voting Groups",
            "Table 4: Division of Effort by Driver (Days Worked)",
            "Grand Total 500.87",
            "Table 5: SECAS Helpdesk Emails",
            "Table 6: SEC Website Statistics",
            "Figure 2: SEC Website Usage",
            "2,118 new visitors and 1,254 returning visitors",
            "1 One SEC Party entered Default in both May and June",
            "7 Pageviews is the total number of pages viewed",
            "15 SECMP0051: Section D Review: Amendments to the Fast Track Modification process",
            "SECP_58_1307_22 — Operations Report — June 2018",
            "Classification of White",
            "Page 1 of",
            "The chart could not be drawn",
        ]:
            self.assertIn(expected, text)

    @skipUnless(shutil.which("pdfinfo"), "needs poppler's pdfinfo")
    def test_it_is_tagged_pdf_ua_with_title_and_language(self):
        with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
            f.write(pdf.paper_pdf(self.paper()))
            f.flush()
            info = subprocess.run(["pdfinfo", f.name], capture_output=True, text=True, check=True).stdout
            meta = subprocess.run(["pdfinfo", "-meta", f.name], capture_output=True, text=True, check=True).stdout
        self.assertIn("Tagged:          yes", info)
        self.assertIn("Title:           DRAFT — not approved: Operations Report — June 2018 (SECP 58 1307 22)", info)
        self.assertIn("A4", info)
        self.assertIn("pdfuaid:part", meta)
        self.assertIn(b"/Lang (en-GB)", catalog_objects(pdf.paper_pdf(self.paper())))

    def test_build_paper_writes_pdf_and_html(self):
        with tempfile.TemporaryDirectory() as tmp:
            call_command("build_paper", "2018-06", "--output", f"{tmp}/paper.pdf", stdout=mock.Mock())
            call_command("build_paper", "2018-06", "--html", "--output", f"{tmp}/paper.html", stdout=mock.Mock())
            self.assertTrue(Path(tmp, "paper.pdf").read_bytes().startswith(b"%PDF-"))
            self.assertIn("Operations Report — June 2018", Path(tmp, "paper.html").read_text())

    def test_the_pdf_view_serves_a_pdf_to_staff(self):
        self.client.force_login(self.erin)
        response = self.client.get("/papers/2018-06/pdf/")
        self.assertEqual(response["Content-Type"], "application/pdf")
        self.assertTrue(response.content.startswith(b"%PDF-"))


class FetcherLockdownTests(SimpleTestCase):
    """The fetcher and the renderer alone: no database."""

    HOSTILE = [
        "file:///etc/passwd",
        "http://example.com/x.png",
        "https://example.com/x.png",
        "https://opsreport.invalid/static/../../../etc/passwd",
        "https://opsreport.invalid/etc/passwd",
        "ftp://example.com/x.png",
    ]

    def test_the_fetcher_refuses_everything_but_our_static_files_and_data(self):
        fetcher = pdf.StaticOnlyFetcher()
        for url in self.HOSTILE:
            with self.assertRaises(ValueError, msg=url):
                fetcher.fetch(url)
        self.assertEqual(fetcher.refused, self.HOSTILE)
        css = fetcher.fetch(pdf.INTERNAL_ORIGIN + "/static/paper/paper.css")
        self.assertIn(b"@page", css.read())
        data = fetcher.fetch("data:text/plain;base64," + base64.b64encode(b"hello").decode())
        self.assertEqual(data.read(), b"hello")

    def test_hostile_content_renders_without_fetching(self):
        images = "".join(f'<img src="{url}" alt="x">' for url in self.HOSTILE)
        html = (
            f'<html lang="en"><head><title>t</title><link rel="stylesheet" href="http://example.com/evil.css">'
            f'<style>@import url("file:///etc/passwd"); body {{ background: url("https://example.com/bg.png") }}</style>'
            f"</head><body><p>ok</p>{images}</body></html>"
        )
        fetcher = pdf.StaticOnlyFetcher()
        with mock.patch("urllib.request.OpenerDirector.open", side_effect=AssertionError("network")) as opened:
            data = pdf.html_to_pdf(html, fetcher=fetcher)
        self.assertTrue(data.startswith(b"%PDF-"))
        opened.assert_not_called()
        for url in [
            "http://example.com/evil.css",
            "file:///etc/passwd",
            "https://example.com/bg.png",
            *self.HOSTILE[:3],
        ]:
            self.assertIn(url, fetcher.refused)
        self.assertNotIn(b"root:x:0:0", data)


class PdfCacheTests(SampleTestCase):
    def paper(self):
        return Paper.objects.prefetch_related("appendices").get(month=JUNE_2018)

    def test_unchanged_data_comes_from_the_cache(self):
        first = pdf.paper_pdf(self.paper())
        with mock.patch("opsreport.paper.pdf.html_to_pdf", side_effect=AssertionError("rendered again")):
            self.assertEqual(pdf.paper_pdf(self.paper()), first)

    def test_while_no_data_is_written_the_cached_pdf_is_found_without_assembling_the_paper(self):
        first = pdf.paper_pdf(self.paper())
        with mock.patch("opsreport.paper.pdf.assemble", side_effect=AssertionError("assembled again")):
            self.assertEqual(pdf.paper_pdf(self.paper()), first)

    def test_through_its_view_a_cached_pdf_costs_the_paper_and_the_data_revision(self):
        self.client.force_login(self.erin)
        first = self.client.get("/papers/2018-06/pdf/")  # drawn, and cached
        # Session, user, the user's and the groups' permissions; the paper; the data revision.
        with self.assertNumQueries(6), mock.patch("opsreport.paper.pdf.assemble", side_effect=AssertionError):
            again = self.client.get("/papers/2018-06/pdf/")
        self.assertEqual(again.content, first.content)

    def test_a_bulk_update_invalidates_it_too(self):
        pdf.paper_pdf(self.paper())
        EffortEntry.objects.filter(effort_month__month=JUNE_2018).update(days=3)  # no save(), no signal
        with mock.patch("opsreport.paper.pdf.html_to_pdf", return_value=b"%PDF-new") as render:
            self.assertEqual(pdf.paper_pdf(self.paper()), b"%PDF-new")
        render.assert_called_once()

    def test_a_write_that_changes_nothing_printed_keeps_the_rendered_pdf(self):
        first = pdf.paper_pdf(self.paper())
        WebsiteMonth.objects.create(month="2016-01-01", visits=1, page_views=2)  # outside the windows
        with mock.patch("opsreport.paper.pdf.html_to_pdf", side_effect=AssertionError("rendered again")):
            self.assertEqual(pdf.paper_pdf(self.paper()), first)

    def test_a_data_change_for_the_month_invalidates_it(self):
        pdf.paper_pdf(self.paper())
        entry = EffortEntry.objects.filter(effort_month__month=JUNE_2018).first()
        entry.days += 1
        entry.save()
        with mock.patch("opsreport.paper.pdf.html_to_pdf", return_value=b"%PDF-new") as render:
            self.assertEqual(pdf.paper_pdf(self.paper()), b"%PDF-new")
        render.assert_called_once()

    def test_a_change_to_an_earlier_month_in_a_window_invalidates_it(self):
        key = pdf.cache_key(assemble(self.paper()))
        WebsiteMonth.objects.filter(month="2017-07-01").update(visits=1)
        self.assertNotEqual(pdf.cache_key(assemble(self.paper())), key)

    def test_the_design_hash_covers_every_template_the_paper_uses(self):
        from django.test.signals import template_rendered

        used = set()

        def record(sender, template, **kwargs):
            used.add(template.name)

        template_rendered.connect(record)
        try:
            pdf.render_html(assemble(self.paper()), mode="pdf")
        finally:
            template_rendered.disconnect(record)
        self.assertIn("paper/sections/membership.html", used)
        self.assertIn("paper/base.html", used)
        self.assertLessEqual(used, set(pdf.design_templates()))

    def test_a_change_outside_the_papers_months_keeps_it(self):
        key = pdf.cache_key(assemble(self.paper()))
        WebsiteMonth.objects.create(month="2016-01-01", visits=1, page_views=2)
        self.assertEqual(pdf.cache_key(assemble(self.paper())), key)


@skipUnless(Path("/usr/bin/chromium").is_file(), "needs Debian's chromium")
class ChartRenderingTests(SampleTestCase):
    """The one test that starts Chromium: both figures drawn as SVG and embedded as vectors."""

    @override_settings(OPSREPORT_CHARTS="svg")
    def test_figures_are_embedded_as_svg(self):
        assembled = assemble(Paper.objects.prefetch_related("appendices").get(month=JUNE_2018))
        figures = pdf.figures_for(assembled, "pdf")
        self.assertTrue(all(f["src"].startswith("data:image/svg+xml;base64,") for f in figures))
        svg = base64.b64decode(figures[0]["src"].split(",", 1)[1]).decode()
        self.assertIn("<svg", svg)
        self.assertIn("Other SEC Parties", svg)
        # Cached by content in the shared cache: the same figure is not drawn again.
        with mock.patch("kaleido.calc_fig_sync", side_effect=AssertionError("drawn again")):
            self.assertEqual(charts.render_svg(charts.figure_for(assembled.figures[0])), svg)
        html = pdf.render_html(assembled, mode="pdf")
        self.assertNotIn("The chart could not be drawn", html)


class ChartRetryTests(SimpleTestCase):
    """A browser that fails once is started afresh and asked again; one that keeps failing gives
    the table. Chromium itself is stood in for: this is about what render_svg does with it."""

    def setUp(self):
        for patch in [
            mock.patch("opsreport.paper.charts.charts_enabled", return_value=True),
            mock.patch("opsreport.paper.charts._ensure_server"),
        ]:
            patch.start()
            self.addCleanup(patch.stop)
        self.figure = charts.voting_groups_figure(["Large Suppliers"], [3])

    def test_a_script_that_ran_before_its_page_loaded_is_drawn_again_in_a_fresh_browser(self):
        flaky = [RuntimeError("ReferenceError: kaleido_scopes is not defined"), b"<svg>drawn</svg>"]
        with (
            mock.patch("kaleido.calc_fig_sync", side_effect=flaky) as draw,
            mock.patch("opsreport.paper.charts.stop") as stop,
        ):
            self.assertEqual(charts.render_svg(self.figure, use_cache=False), "<svg>drawn</svg>")
        self.assertEqual(draw.call_count, 2)
        stop.assert_called_once()

    def test_a_browser_that_fails_twice_gives_the_table(self):
        with (
            mock.patch("kaleido.calc_fig_sync", side_effect=RuntimeError("crashed")) as draw,
            mock.patch("opsreport.paper.charts.stop"),
            self.assertLogs("opsreport.paper.charts", "WARNING"),
        ):
            self.assertIsNone(charts.render_svg(self.figure, use_cache=False))
        self.assertEqual(draw.call_count, 2)


class ChartFailureTests(SampleTestCase):
    """Charts on, but the browser fails to draw a figure this once."""

    def setUp(self):
        patches = [
            mock.patch("opsreport.paper.charts.charts_enabled", return_value=True),
            mock.patch("opsreport.paper.charts.render_svg", return_value=None),
        ]
        for patch in patches:
            patch.start()
            self.addCleanup(patch.stop)

    def paper(self):
        return Paper.objects.prefetch_related("appendices").get(month=JUNE_2018)

    def test_a_pdf_with_a_fallen_back_figure_is_not_cached(self):
        pdf.paper_pdf(self.paper())
        with mock.patch("opsreport.paper.pdf.html_to_pdf", return_value=b"%PDF-again") as render:
            self.assertEqual(pdf.paper_pdf(self.paper()), b"%PDF-again")
        render.assert_called_once()

    def test_it_is_never_published(self):
        from opsreport.models import PaperIssue

        self.client.force_login(self.alex)
        approve(self.client, "/papers/2018-06/")
        response = publish(self.client, "/papers/2018-06/", follow=True)
        self.assertContains(response, "Not published: A figure could not be drawn")
        self.assertFalse(PaperIssue.objects.exists())
