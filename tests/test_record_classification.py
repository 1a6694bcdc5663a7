"""Every testing record's own classification is enforced.

A record marked above the document that would print it is left out of that document: the
Amber UEPT appendix does not list a Red record, the White June 2018 paper (which counts what
its appendix lists) does not count it either, and the paper's review page warns the editor
which record was left out of which document. Without an appendix for its kind, the paper
counts only records marked no higher than itself.

Four records, one at each level, are added to the sample's three (Amber) UEPT completions:
each party completed UEPT for one role, on 21 to 24 June 2018.
"""

import datetime
import shutil

from django.test import Client, override_settings
from django.utils.html import escape

from opsreport.models import Paper
from opsreport.paper.assembly import assemble, assemble_appendix
from opsreport.paper.findings import findings
from opsreport.paper.sections import testing
from parties import reports
from parties.models import DCCUserRole, Party, TestCompletion, TestKind, VotingGroup
from tests.base import JUNE_2018, SampleTestCase
from tests.helpers import pdf_text

PAPER = "/papers/2018-06/"
APPENDIX = "/papers/2018-06/appendices/A/"
HAVE_PDFTOTEXT = shutil.which("pdftotext") is not None
LEVELS = ["white", "green", "amber", "red"]
SAMPLE = ["Sample Small Supplier 101", "Sample Other SEC Party 080", "Sample Small Supplier 102"]


def party(level):
    return f"{level.title()} Level Ltd"


def completed_on(level):
    return datetime.date(2018, 6, 21 + LEVELS.index(level))


def flat(text):
    return " ".join(text.split())


def paper_warning(level, paper="White", who=None, day=None):
    label = level.title()
    who = who or party(level)
    day = day or completed_on(level)
    return (
        f"The UEPT completion of {who} on {day:%d/%m/%Y} is marked {label}, above the paper ({paper}), which "
        f"has no appendix for it, so the paper does not count it. Raising the paper's classification to {label} "
        "would include it."
    )


def appendix_warning(level, appendix="Amber"):
    label = level.title()
    return (
        f"The UEPT completion of {party(level)} on {completed_on(level):%d/%m/%Y} is marked {label}, above "
        f"Appendix A - Testing Update UEPT ({appendix}), so that appendix leaves it out and the paper, which "
        f"counts what the appendix lists, does not count it. Raising Appendix A's classification to {label} "
        "would include it."
    )


def add_one_record_at_each_level():
    group = VotingGroup.objects.create(name="Level testers", category="other")
    role = DCCUserRole.objects.get(name="Other User")
    for level in LEVELS:
        record = TestCompletion.objects.create(
            kind=TestKind.UEPT,
            party=Party.objects.create(name=party(level), voting_group=group),
            completed_on=completed_on(level),
            classification=level,
        )
        record.roles.set([role])


class RecordClassificationTests(SampleTestCase):
    """One record at each level against the Amber appendix and the White paper that counts it."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        add_one_record_at_each_level()

    @classmethod
    def setUpClass(cls):
        # The pages and PDFs are drawn once for all the tests (charts as tables: no browser).
        super().setUpClass()
        client = Client()
        client.force_login(cls.erin)
        with override_settings(OPSREPORT_CHARTS="table"):
            cls.paper_page = client.get(PAPER).content.decode()
            cls.appendix_page = client.get(APPENDIX).content.decode()
            if HAVE_PDFTOTEXT:
                cls.paper_pdf = flat(pdf_text(client.get(PAPER + "pdf/").content))
                cls.appendix_pdf = flat(pdf_text(client.get(APPENDIX + "pdf/").content))

    def assertInPdfs(self, text, paper, appendix):
        if not HAVE_PDFTOTEXT:
            self.skipTest("needs poppler's pdftotext")
        self.assertEqual(text in self.paper_pdf, paper, f"paper PDF: {text}")
        self.assertEqual(text in self.appendix_pdf, appendix, f"appendix PDF: {text}")

    def assertWarned(self, text, warned):
        self.assertEqual(escape(text) in self.paper_page, warned, f"review page: {text}")

    def test_records_up_to_amber_are_listed_by_the_amber_appendix_and_never_named_by_the_paper(self):
        for level in ["white", "green", "amber"]:
            with self.subTest(level=level):
                self.assertIn(party(level), self.appendix_page)
                self.assertInPdfs(party(level), paper=False, appendix=True)
                self.assertNotIn(party(level), self.paper_page)  # the paper counts; it never names
                self.assertWarned(appendix_warning(level), False)
                self.assertWarned(paper_warning(level), False)

    def test_a_red_record_is_left_out_of_both_with_a_warning(self):
        self.assertNotIn(party("red"), self.appendix_page)
        self.assertInPdfs(party("red"), paper=False, appendix=False)
        self.assertWarned(appendix_warning("red"), True)

    def test_the_paper_counts_what_its_appendix_lists(self):
        # The sample's three completions (five roles) and the White, Green and Amber ones.
        counts = "six SEC Parties have successfully completed UEPT for a total of eight User Roles."
        self.assertIn(counts, flat(self.paper_page))
        listed = "six completions for a total of eight User Roles."
        self.assertIn(listed, flat(self.appendix_page))
        self.assertInPdfs(counts, paper=True, appendix=False)
        self.assertInPdfs(listed, paper=False, appendix=True)
        for name in SAMPLE:
            self.assertInPdfs(name, paper=False, appendix=True)

    def test_the_warnings_show_on_the_review_page_only(self):
        self.assertIn('<li class="finding-warning"><em>Appendix A</em>', self.paper_page)
        self.assertNotIn("Raising", self.appendix_page)
        self.assertInPdfs("Raising", paper=False, appendix=False)


class RaisingTheClassificationTests(SampleTestCase):
    """Raising a document's classification brings the records it left out back in."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        add_one_record_at_each_level()

    def assembled(self):
        return assemble(Paper.objects.prefetch_related("appendices").get(month=JUNE_2018))

    def texts(self):
        return [f.text for f in findings(self.assembled()) if f.level == "warning" and "UEPT completion" in f.text]

    def listed(self):
        paper = Paper.objects.prefetch_related("appendices").get(month=JUNE_2018)
        return [row.party for row in assemble_appendix(paper, paper.appendices.get()).rows]

    def test_a_red_appendix_lists_the_red_record_and_the_paper_counts_it(self):
        self.assertNotIn(party("red"), self.listed())
        Paper.objects.get(month=JUNE_2018).appendices.update(classification="red")
        self.assertEqual([name for name in self.listed() if "Level" in name], [party(level) for level in LEVELS])
        section = self.assembled().section(testing)
        self.assertEqual((section.uept_parties, section.uept_roles), (7, 9))
        self.assertEqual(self.texts(), [])

    def test_without_an_appendix_the_paper_counts_only_records_up_to_its_own_level(self):
        Paper.objects.get(month=JUNE_2018).appendices.all().delete()
        section = self.assembled().section(testing)
        self.assertEqual((section.uept_parties, section.uept_roles, section.uept_appendix), (1, 1, ""))
        sample = [
            ("Sample Small Supplier 101 Limited", datetime.date(2018, 6, 20)),
            ("Sample Other SEC Party 080 Limited", datetime.date(2018, 6, 26)),
            ("Sample Small Supplier 102 Limited", datetime.date(2018, 6, 29)),
        ]
        expected = [paper_warning(level) for level in ["green", "amber", "red"]]
        expected += [paper_warning("amber", who=who, day=day) for who, day in sample]
        self.assertEqual(sorted(self.texts()), sorted(expected))
        Paper.objects.filter(month=JUNE_2018).update(classification="amber")
        section = self.assembled().section(testing)
        self.assertEqual((section.uept_parties, section.uept_roles), (6, 8))
        self.assertEqual(self.texts(), [paper_warning("red", paper="Amber")])

    def test_the_report_functions_hold_to_the_ceiling(self):
        first, last = datetime.date(2018, 6, 16), datetime.date(2018, 7, 6)
        for ceiling, names in [
            ("white", ["white"]),
            ("green", ["white", "green"]),
            ("amber", ["white", "green", "amber"]),
            ("red", LEVELS),
        ]:
            with self.subTest(ceiling=ceiling):
                rows = reports.testing_completions(TestKind.UEPT, first, last, ceiling)
                self.assertEqual([r.party for r in rows if "Level" in r.party], [party(n) for n in names])
                counts = reports.testing_summary(first, last, {TestKind.UEPT: ceiling, TestKind.SREPT: ceiling})
                sample = 3 if ceiling in ("amber", "red") else 0  # the sample's records are Amber
                self.assertEqual(counts.by_kind[TestKind.UEPT].parties, sample + len(names))
                self.assertEqual(counts.by_kind[TestKind.UEPT].roles, (5 if sample else 0) + len(names))
                self.assertEqual(len(counts.records), 7)  # every record, for the review to name

    def test_a_change_to_a_left_out_record_changes_the_papers_fingerprint(self):
        # So a published paper shows that its data changed, and a corrected issue re-freezes
        # the appendix that lists the record.
        before = self.assembled().fingerprint()
        TestCompletion.objects.filter(party__name=party("red")).update(completed_on=datetime.date(2018, 6, 30))
        self.assertNotEqual(self.assembled().fingerprint(), before)
