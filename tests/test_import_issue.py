"""Past issues into the archive (issue 18): `manage.py import_issue` and the approver's page keep
a paper issued before this application as its month's published issue, its PDF as issued."""

import datetime
import hashlib
import io
import tempfile
from pathlib import Path

import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.utils import timezone

from opsreport.models import Paper, PaperIssue, PaperStatus
from opsreport.paper.imported import MAX_PDF_BYTES
from tests.base import BaseTestCase
from tests.factories import make_paper

MAY_2018 = datetime.date(2018, 5, 1)
JUNE_2018 = datetime.date(2018, 6, 1)
# A PDF as a word processor writes one: its header, binary bytes (which must survive untouched), its end.
MAY_PDF = (
    b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n" + bytes(range(256)) * 40 + b"\n%%EOF\n"
)
NUMBERS = ["--panel-meeting", "57", "--paper-number", "22"]


def write_file(data: bytes, name: str = "may.pdf") -> str:
    directory = Path(tempfile.mkdtemp())
    path = directory / name
    path.write_bytes(data)
    return str(path)


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("import_issue", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def refusal(*args: str) -> str:
    """The command's error lines, asserting it exited with status 1 and wrote nothing."""
    papers, issues = Paper.objects.count(), PaperIssue.objects.count()
    err = io.StringIO()
    try:
        call_command("import_issue", *args, stdout=io.StringIO(), stderr=err)
    except CommandError as error:
        assert error.returncode == 1, error.returncode
    else:
        raise AssertionError("the command was not refused")
    assert (Paper.objects.count(), PaperIssue.objects.count()) == (papers, issues), "something was written"
    return err.getvalue()


@time_machine.travel(datetime.datetime(2018, 7, 9, 9, 0), tick=False)
class ImportIssueCommandTests(BaseTestCase):
    def test_the_pdf_is_kept_as_the_months_published_issue_with_its_sha256(self):
        out = run("2018-05", write_file(MAY_PDF), "--classification", "white", "--published", "2018-06-08", *NUMBERS)
        paper = Paper.objects.get(month=MAY_2018)
        issue = paper.issues.get()
        digest = hashlib.sha256(MAY_PDF).hexdigest()
        self.assertEqual((paper.status, paper.imported, paper.classification), (PaperStatus.PUBLISHED, True, "white"))
        self.assertEqual((issue.number, issue.sha256, bytes(issue.pdf)), (1, digest, MAY_PDF))
        self.assertEqual(timezone.localtime(issue.published_at).date(), datetime.date(2018, 6, 8))
        self.assertIsNone(issue.published_by)
        self.assertTrue(issue.imported)
        self.assertIn(f"SHA-256 {digest}", out)
        self.assertIn("Operations Report — May 2018 (SECP 57", out)

    def test_its_front_page_defaults_to_the_issue_date_a_week_before_the_panel(self):
        run("2018-05", write_file(MAY_PDF), "--classification", "amber", "--published", "2018-06-08", *NUMBERS)
        paper = Paper.objects.get(month=MAY_2018)
        self.assertEqual(paper.issue_date, datetime.date(2018, 6, 8))
        self.assertEqual(paper.panel_meeting_date, datetime.date(2018, 6, 15))
        self.assertEqual((paper.panel_meeting_number, paper.paper_number, paper.author), (57, 22, "SECAS Team"))

    def test_without_numbers_they_follow_the_paper_of_the_month_after(self):
        make_paper(JUNE_2018, number=58)
        run("2018-05", write_file(MAY_PDF), "--classification", "white", "--published", "2018-06-08")
        paper = Paper.objects.get(month=MAY_2018)
        self.assertEqual((paper.panel_meeting_number, paper.paper_number, paper.author), (57, 22, "Test Author"))

    def test_a_paper_the_register_made_for_the_month_gets_the_issue_and_keeps_its_front_page(self):
        register = make_paper(MAY_2018, number=57)
        run("2018-05", write_file(MAY_PDF), "--classification", "green", "--published", "2018-06-08")
        paper = Paper.objects.get()
        self.assertEqual(paper.pk, register.pk)
        self.assertEqual((paper.panel_meeting_number, paper.issue_date), (57, register.issue_date))
        self.assertEqual((paper.status, paper.imported, paper.classification), ("published", True, "green"))

    def test_with_no_paper_anywhere_the_numbers_are_asked_for(self):
        err = refusal("2018-05", write_file(MAY_PDF), "--classification", "white", "--published", "2018-06-08")
        self.assertIn("panel_meeting_number: Give the Panel meeting number", err)
        self.assertIn("paper_number: Give the paper number", err)

    def test_bad_inputs_are_refused_with_a_reason_and_nothing_written(self):
        pdf = write_file(MAY_PDF)
        cases = {
            "not a PDF": (["2018-05", write_file(b"PK\x03\x04 a workbook", "may.pdf")], "This is not a PDF"),
            "cut short": (["2018-05", write_file(MAY_PDF[:-8])], "This PDF is incomplete"),
            "empty": (["2018-05", write_file(b"")], "The submitted file is empty"),
            "month 13": (["2018-13", pdf], "'2018-13' has no month 13"),
            "not a month": (["May 2018", pdf], "is not a month written as YYYY-MM"),
            "month to come": (["2018-08", pdf], "August 2018 has not begun"),
        }
        for case, (args, reason) in cases.items():
            with self.subTest(case):
                err = refusal(*args, "--classification", "white", "--published", "2018-06-08", *NUMBERS)
                self.assertIn(reason, err)
        for case, (published, reason) in {
            "not a date": ("08/13/2018", "Enter a valid date"),
            "before its month": ("2018-04-30", "cannot be published before its month begins"),
            "a day to come": ("2018-07-10", "That day has not come yet"),
        }.items():
            with self.subTest(case):
                err = refusal("2018-05", pdf, "--classification", "white", "--published", published, *NUMBERS)
                self.assertIn(reason, err)
        err = refusal(
            "2018-05",
            pdf,
            "--classification",
            "white",
            "--published",
            "2018-06-08",
            "--issue-date",
            "2018-04-30",
            *NUMBERS,
        )
        self.assertIn("A paper cannot be issued before its month begins", err)
        with self.assertRaisesMessage(CommandError, "argument --classification: invalid choice: 'pink'"):
            call_command("import_issue", "2018-05", pdf, "--classification", "pink", "--published", "2018-06-08")
        self.assertIn("No such file", str(self._error("2018-05", "/nowhere/may.pdf")))

    def _error(self, *args: str) -> CommandError:
        with self.assertRaises(CommandError) as raised:
            call_command("import_issue", *args, "--classification", "white", "--published", "2018-06-08")
        return raised.exception

    def test_a_pdf_over_20_mb_is_refused(self):
        big = MAY_PDF[:-7] + b"\0" * (MAX_PDF_BYTES + 1 - len(MAY_PDF)) + b"\n%%EOF\n"
        self.assertEqual(len(big), MAX_PDF_BYTES + 1)
        err = refusal("2018-05", write_file(big), "--classification", "white", "--published", "2018-06-08", *NUMBERS)
        self.assertIn("a paper's PDF may be at most 20 MB", err)

    def test_a_month_with_a_published_issue_is_refused(self):
        make_paper(MAY_2018, status=PaperStatus.PUBLISHED)
        err = refusal("2018-05", write_file(MAY_PDF), "--classification", "white", "--published", "2018-06-08")
        self.assertIn("May 2018 already has a published paper (issue 1, published 09/07/2018)", err)
        run("2018-04", write_file(MAY_PDF), "--classification", "white", "--published", "2018-05-08", *NUMBERS)
        err = refusal("2018-04", write_file(MAY_PDF), "--classification", "white", "--published", "2018-05-08")
        self.assertIn("April 2018 already has a published paper (issue 1, published 08/05/2018)", err)

    def test_numbers_another_paper_has_are_refused(self):
        make_paper(JUNE_2018, number=57)
        err = refusal(
            "2018-05", write_file(MAY_PDF), "--classification", "white", "--published", "2018-06-08", *NUMBERS
        )
        self.assertIn("Another paper already has this meeting and paper number", err)


def import_may(classification: str = "white", month: datetime.date = MAY_2018) -> PaperIssue:
    """May 2018's paper (or another month's, numbered after it) imported from MAY_PDF."""
    numbers = ["--panel-meeting", str(57 - (MAY_2018.month - month.month)), "--paper-number", "22"]
    published = f"{month:%Y}-{month.month + 1:02d}-08"
    run(f"{month:%Y-%m}", write_file(MAY_PDF), "--classification", classification, "--published", published, *numbers)
    return PaperIssue.objects.get(paper__month=month)


@time_machine.travel(datetime.datetime(2018, 7, 9, 9, 0), tick=False)
class ImportIssuePageTests(BaseTestCase):
    def post(self, **fields: object):
        data = {
            "month": "2018-05",
            "pdf": SimpleUploadedFile("may.pdf", MAY_PDF, "application/pdf"),
            "classification": "white",
            "published": "2018-06-08",
            "panel_meeting_number": "57",
            "paper_number": "22",
            **fields,
        }
        return self.client.post("/papers/import/", data)

    def test_the_approver_imports_an_issue_and_sees_its_page(self):
        self.client.force_login(self.alex)
        with self.assertNumQueries(4):  # session, user, permissions (2)
            form = self.client.get("/papers/import/")
        self.assertContains(form, "Import a past issue")
        response = self.post(author="Jo Bloggs")
        self.assertRedirects(response, "/papers/2018-05/", fetch_redirect_response=False)
        issue = PaperIssue.objects.get()
        self.assertEqual(issue.imported_by, self.alex)
        self.assertEqual(issue.paper.author, "Jo Bloggs")
        page = self.client.get("/papers/2018-05/")
        self.assertContains(page, "imported as issue 1, published 08/06/2018")
        self.assertContains(page, "Imported PDF")
        self.assertContains(page, issue.sha256)
        self.assertContains(page, "by alex")

    def test_errors_are_shown_on_the_form_and_nothing_is_written(self):
        self.client.force_login(self.alex)
        response = self.post(month="2018-5", pdf=SimpleUploadedFile("may.docx", b"PK\x03\x04", "application/msword"))
        self.assertContains(response, "is not a month written as YYYY-MM")
        self.assertContains(response, "This is not a PDF")
        response = self.post(published="", panel_meeting_number="", paper_number="")
        self.assertContains(response, "This field is required")
        response = self.post(panel_meeting_number="", paper_number="")
        self.assertContains(response, "Give the Panel meeting number")
        self.assertFalse(Paper.objects.exists())

    def test_only_the_approver_imports(self):
        self.client.force_login(self.erin)
        self.assertEqual(self.client.get("/papers/import/").status_code, 403)
        self.assertEqual(self.post().status_code, 403)
        self.client.force_login(self.pat)
        self.assertEqual(self.post().status_code, 403)
        self.client.logout()
        self.assertRedirects(self.post(), "/accounts/login/?next=/papers/import/")
        self.assertFalse(Paper.objects.exists())


@time_machine.travel(datetime.datetime(2018, 7, 9, 9, 0), tick=False)
class ImportedIssueReadingTests(BaseTestCase):
    def test_the_archive_lists_it_like_any_published_paper(self):
        import_may()
        self.client.force_login(self.pat)
        archive = self.client.get("/papers/")
        self.assertContains(archive, "Operations Report — May 2018")
        self.assertContains(archive, "imported PDF, issued before this application")
        self.assertContains(archive, '<a href="/papers/2018-05/issues/1/pdf/">Issue 1 (PDF, imported)</a>, 08/06/2018')

    def test_the_pdf_is_served_byte_for_byte_as_imported_and_never_drawn(self):
        import_may()
        for user in [None, self.pat, self.erin, self.alex]:  # readers of the issue, and of drafts
            with self.subTest(user=user and user.username):
                if user:
                    self.client.force_login(user)
                for url in ["/papers/2018-05/pdf/", "/papers/2018-05/issues/1/pdf/"]:
                    response = self.client.get(url)
                    self.assertEqual(response["Content-Type"], "application/pdf")
                    self.assertEqual(b"".join(response), MAY_PDF)
                download = self.client.get("/papers/2018-05/pdf/?download=1")
                self.assertIn("attachment", download["Content-Disposition"])
                self.assertEqual(self.client.get("/papers/2018-05/figures/1.svg").status_code, 404)

    def test_its_page_offers_the_pdf_with_no_body_to_read(self):
        import_may()
        self.client.force_login(self.erin)
        with self.assertNumQueries(7):  # session, paper and appendices, user, permissions (2), issues
            page = self.client.get("/papers/2018-05/")
        self.assertContains(page, "Issued before this application")
        self.assertContains(page, '<a class="button" href="/papers/2018-05/pdf/">Open the PDF</a>')
        self.assertContains(page, "by the import_issue command")
        self.assertNotContains(page, "Approve")

    def test_signed_out_visitors_see_white_imports_only(self):
        import_may("white", MAY_2018)
        import_may("amber", datetime.date(2018, 4, 1))
        archive = self.client.get("/papers/")
        self.assertContains(archive, "May 2018")
        self.assertNotContains(archive, "April 2018")
        self.assertEqual(self.client.get("/papers/2018-05/").status_code, 200)
        self.assertRedirects(
            self.client.get("/papers/2018-04/issues/1/pdf/"),
            "/accounts/login/?next=/papers/2018-04/issues/1/pdf/",
        )
        self.client.force_login(self.pat)
        self.assertContains(self.client.get("/papers/"), "April 2018")
        self.assertEqual(b"".join(self.client.get("/papers/2018-04/pdf/")), MAY_PDF)

    def test_a_red_import_is_for_those_who_read_red(self):
        import_may("red")
        self.client.force_login(self.pat)
        self.assertNotContains(self.client.get("/papers/"), "May 2018")
        self.assertEqual(self.client.get("/papers/2018-05/pdf/").status_code, 403)
        self.client.force_login(self.alex)
        self.assertEqual(b"".join(self.client.get("/papers/2018-05/pdf/")), MAY_PDF)

    def test_publishing_it_again_is_refused(self):
        import_may()
        self.client.force_login(self.alex)
        response = self.client.post("/papers/2018-05/publish/", {"confirm": "yes"}, follow=True)
        self.assertContains(response, "An imported paper is kept as it was issued")
        self.assertEqual(PaperIssue.objects.count(), 1)


@time_machine.travel(datetime.datetime(2018, 7, 9, 9, 0), tick=False)
class ImportedMonthTests(BaseTestCase):
    def test_home_leads_to_the_imported_month_which_starts_the_next(self):
        import_may("green")
        self.client.force_login(self.erin)
        self.assertRedirects(self.client.get("/"), "/months/2018-05/")
        page = self.client.get("/months/2018-05/")
        self.assertContains(page, "Issued before this application")
        self.assertContains(page, "Start June 2018")
        self.assertNotContains(page, "missing")
        response = self.client.post("/months/2018-05/start-next/")
        self.assertRedirects(response, "/months/2018-06/")
        june = Paper.objects.get(month=JUNE_2018)
        self.assertEqual((june.panel_meeting_number, june.paper_number, june.classification), (58, 22, "green"))
        self.assertEqual((june.imported, june.status), (False, PaperStatus.DRAFT))
        self.assertEqual(self.client.get("/months/2018-06/").status_code, 200)

    def test_appendices_are_inside_the_pdf_and_carry_over_to_the_next_month(self):
        make_paper(MAY_2018, number=57, appendices=[("A", "Testing Update UEPT", "amber")])
        import_may()
        self.client.force_login(self.erin)
        self.assertNotContains(self.client.get("/papers/"), "Appendix A")
        self.assertEqual(self.client.get("/papers/2018-05/appendices/A/").status_code, 404)
        self.client.post("/months/2018-05/start-next/")
        june = Paper.objects.get(month=JUNE_2018)
        self.assertEqual([a.letter for a in june.appendices.all()], ["A"])

    def test_the_dashboard_reads_past_an_imported_paper(self):
        import_may()
        self.client.force_login(self.pat)
        self.assertEqual(self.client.get("/dashboard/").status_code, 200)
