"""A new part of the paper is one declaration: this file adds a made-up part, "SEC Versions"
(a one-row table of the SEC versions that went live in the month, which the June 2018 sample
has: Version 5.19 on 25/06/2018), and nothing else in the project knows of it. It appears on
the month page, in the paper on screen and in its PDF, in the month's changes when its record
changes, and in the admin's data-entry index, numbered by its place in the paper."""

import datetime
import shutil
from dataclasses import dataclass
from unittest import skipUnless

from django.template import Template
from django.test import override_settings
from django.urls import reverse

from meetings.models import SECVersion
from opsreport.history.changes import month_changes
from opsreport.models import Paper
from opsreport.paper import printed, sections
from opsreport.paper.assembly import assemble
from opsreport.paper.part import Own, Part, Prints
from opsreport.paper.pdf import paper_pdf
from opsreport.paper.sections.common import MISSING, Caption, Finding
from tests.base import JUNE_2018, SampleTestCase
from tests.helpers import pdf_text

TABLE = "SEC versions that went live"


@dataclass
class Versions:
    month: datetime.date
    versions: list[tuple[str, datetime.date]]
    table: Caption

    @property
    def tables(self):
        return [self.table]


def build(paper, context):
    went_live = SECVersion.objects.filter(go_live__year=paper.month.year, go_live__month=paper.month.month)
    return Versions(paper.month, [(v.number, v.go_live) for v in went_live], context.numbering.table(TABLE))


def findings(data):
    return [] if data.versions else [Finding(MISSING, "", "No SEC version went live this month: check.")]


def summary(data, paper):
    return [f"SEC Version {number} went live on {day:%d/%m/%Y}." for number, day in data.versions]


PARTIAL = Template(
    '<section class="body-section" aria-labelledby="{{ part.anchor }}">'
    '<h2 id="{{ part.anchor }}"><span class="num">{{ part.number }}</span> {{ part.title }}</h2>'
    '<table class="data" id="table-{{ section.table.number }}"><caption>{{ section.table }}</caption>'
    '<thead><tr><th scope="col">Version</th><th scope="col">Went live</th></tr></thead><tbody>'
    '{% for number, day in section.versions %}<tr><td>Version {{ number }}</td><td>{{ day|date:"d/m/Y" }}</td></tr>'
    '{% empty %}<tr><td colspan="2">None</td></tr>{% endfor %}</tbody></table></section>'
)

VERSIONS = Part(
    key="versions",
    title="SEC Versions",
    template=PARTIAL,
    build=build,
    findings=findings,
    tables=[TABLE],
    prints=[Prints("meetings.secversion", Own("go_live"), where="{table}")],
    summary=summary,
    screens=lambda month: [],
    entry=[("meetings", "secversion")],
)


class DeclaredPartTests(SampleTestCase):
    # Not at a frozen date: the history compares a change with the sample's own version, made
    # when the sample was loaded, so the change must come after it.
    def setUp(self):
        self.client.force_login(self.erin)
        self.paper = Paper.objects.prefetch_related("appendices").get(month=JUNE_2018)

    def test_it_is_numbered_by_its_place_after_the_meetings(self):
        with sections.added(VERSIONS, after="meetings") as part:
            self.assertEqual(part.heading, "7. SEC Versions")
            self.assertEqual(assemble(self.paper).section("versions").table.number, 7)  # after Tables 1 to 6
        self.assertNotIn("versions", [p.key for p in sections.walk()], "gone again after the block")

    def test_the_month_page_sums_it_up(self):
        with sections.added(VERSIONS, after="meetings"):
            page = self.client.get(reverse("month", args=[JUNE_2018]))
        titles = [status.title for status in page.context["status"].sections]
        self.assertEqual(titles[titles.index("6. SEC Meeting Details") + 1], "7. SEC Versions")
        self.assertContains(page, "SEC Version 5.19 went live on 25/06/2018.")

    def test_the_paper_prints_it_on_screen(self):
        with sections.added(VERSIONS, after="meetings"):
            page = self.client.get(self.paper.get_absolute_url())
        self.assertContains(page, '<span class="num">7.</span> SEC Versions</h2>', html=False)
        self.assertContains(page, "<caption>Table 7: SEC versions that went live</caption>", html=False)
        self.assertContains(page, "<td>Version 5.19</td><td>25/06/2018</td>", html=False)

    @skipUnless(shutil.which("pdftotext"), "needs poppler's pdftotext")
    @override_settings(OPSREPORT_CHARTS="table")
    def test_the_pdf_prints_it(self):
        with sections.added(VERSIONS, after="meetings"):
            text = pdf_text(paper_pdf(self.paper, use_cache=False))
        self.assertRegex(text, r"7\.\s+SEC Versions")
        self.assertIn("Table 7: SEC versions that went live", text)
        self.assertIn("Version 5.19", text)

    def test_a_change_to_its_record_is_among_the_months_changes(self):
        version = SECVersion.objects.get(number="5.19")
        version.description = "Implements Version 2.1 of the SVTAD."
        version.save()
        self.assertEqual([c for c in month_changes(JUNE_2018).changes if c.model == "SEC version"], [])
        with sections.added(VERSIONS, after="meetings"):
            changes = [c for c in month_changes(JUNE_2018).changes if c.model == "SEC version"]
            self.assertEqual(printed.printed_in(version), ["Table 7 (SEC versions that went live)"])
        # June is unpublished, so every change is listed: the sample's, and this one.
        by_kind = {c.kind: c for c in changes if c.record == "SEC Version 5.19"}
        self.assertEqual(sorted(by_kind), ["Changed", "Created"])
        self.assertEqual(
            [(f.field, f.new) for f in by_kind["Changed"].fields],
            [("Description", "Implements Version 2.1 of the SVTAD.")],
        )

    def test_the_data_entry_index_lists_it(self):
        self.client.force_login(self.alex)
        with sections.added(VERSIONS, after="meetings"):
            index = self.client.get(reverse("admin:index"))
        self.assertContains(index, "6. SEC Meeting Details and 7. SEC Versions")

    def test_its_findings_reach_the_review_under_its_heading(self):
        SECVersion.objects.all().delete()
        with sections.added(VERSIONS, after="meetings"):
            page = self.client.get(reverse("month", args=[JUNE_2018]))
        [versions] = [s for s in page.context["status"].sections if s.key == "versions"]
        self.assertEqual([f.text for f in versions.missing], ["No SEC version went live this month: check."])
        self.assertEqual(versions.missing[0].section, "7. SEC Versions")
