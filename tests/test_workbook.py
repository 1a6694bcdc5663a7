"""The month's workbook: exported pre-filled, imported back through a preview, written all or nothing."""

import datetime
import io
import re
import tempfile
from decimal import Decimal
from pathlib import Path

import time_machine
from django.conf import settings
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from helpdesk.models import EmailTally, HelpdeskMonth
from meetings.models import Meeting, StatusChange
from opsreport import revision
from opsreport.models import EffortEntry, Paper, WebsiteMonth
from opsreport.sample import july
from opsreport.workbook import service
from opsreport.workbook.apply import ImportRefused, apply
from opsreport.workbook.export import workbook_bytes
from parties.models import Applicant, MembershipEvent, Party, TestCompletion, UEPCompletion
from tests.base import JUNE_2018, SampleTestCase

JULY_2018 = datetime.date(2018, 7, 1)
NOW = datetime.datetime(2018, 8, 1, 10, 0)


def sheet_values(data, name):
    workbook = load_workbook(io.BytesIO(data))
    return [list(row) for row in workbook[name].iter_rows(values_only=True)]


def edited(data, edit):
    """The workbook bytes after edit(openpyxl workbook)."""
    workbook = load_workbook(io.BytesIO(data))
    edit(workbook)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def july_rows():
    return {
        "helpdesk": HelpdeskMonth.objects.filter(month=JULY_2018).count(),
        "tallies": EmailTally.objects.filter(helpdesk_month__month=JULY_2018).count(),
        "effort": EffortEntry.objects.filter(effort_month__month=JULY_2018).count(),
        "website": WebsiteMonth.objects.filter(month=JULY_2018).count(),
        "meetings": Meeting.objects.filter(dates__date__month=7, dates__date__year=2018).distinct().count(),
        "events": MembershipEvent.objects.filter(date__year=2018, date__month=7).count(),
        "uep": UEPCompletion.objects.filter(completed_on__year=2018, completed_on__month=7).count(),
        "tests": TestCompletion.objects.filter(completed_on__year=2018, completed_on__month=7).count(),
        "applicants": Applicant.objects.filter(applied_on__year=2018, applied_on__month=7).count(),
    }


NOTHING_IN_JULY = {
    k: 0 for k in ("helpdesk", "tallies", "effort", "website", "meetings", "events", "uep", "tests", "applicants")
}
JULY_AS_FILLED = {
    "helpdesk": 1,
    "tallies": 11,
    "effort": 8,
    "website": 1,
    "meetings": 4,
    "events": 3,
    "uep": 1,
    "tests": 1,
    "applicants": 1,
}


@time_machine.travel(NOW, tick=False)
class ExportTests(SampleTestCase):
    def test_it_has_a_sheet_per_kind_of_entry_with_readme_and_lists(self):
        workbook = load_workbook(io.BytesIO(workbook_bytes(JUNE_2018)))
        self.assertEqual(
            workbook.sheetnames,
            [
                "README",
                "Paper",
                "Helpdesk",
                "Effort",
                "Website",
                "Meetings",
                "Applicants",
                "Membership",
                "Completions",
                "Lists",
            ],
        )
        self.assertEqual(workbook["README"]["B2"].value, "2018-06")

    def test_june_is_pre_filled_with_its_figures(self):
        data = workbook_bytes(JUNE_2018)
        helpdesk = sheet_values(data, "Helpdesk")
        self.assertEqual(helpdesk[0], ["Month", "Figure", "Count"])
        self.assertIn(["2018-06", "Telephone enquiries", 47], helpdesk)
        self.assertIn(["2018-06", "Emails to the SECAS mailbox", 1328], helpdesk)
        self.assertIn(["2018-06", "Applications", 43], helpdesk)
        effort = sheet_values(data, "Effort")
        self.assertIn(["2018-06", "Security and Privacy", None, None, 107.468], effort)
        self.assertEqual(sheet_values(data, "Website")[1], ["2018-06", 6825, 20292, 2118, 1254])
        meetings = sheet_values(data, "Meetings")
        self.assertEqual(
            len(meetings) - 1, Meeting.objects.filter(dates__date__month=6, dates__date__year=2018).distinct().count()
        )
        completions = sheet_values(data, "Completions")
        self.assertIn(
            ["UEP", "IMServ Europe Limited", datetime.datetime(2018, 6, 21), "Registered Supplier Agent", None],
            completions,
        )

    def test_reference_lists_feed_the_drop_downs(self):
        workbook = load_workbook(io.BytesIO(workbook_bytes(JUNE_2018)))
        lists = [list(col) for col in workbook["Lists"].iter_cols(values_only=True)]
        by_header = {col[0]: [v for v in col[1:] if v is not None] for col in lists}
        self.assertIn("User CIO Assessments", by_header["Helpdesk figure"])
        self.assertIn("Foxglove Energy Supply Limited", by_header["Party"])
        self.assertIn("SEC Change Board", by_header["Committee"])
        self.assertIn("Registered Supplier Agent", by_header["DCC user role"])
        validations = workbook["Helpdesk"].data_validations.dataValidation
        self.assertTrue(any(v.formula1 == "'Lists'!$A$2:$A$14" and "B2" in str(v.sqref) for v in validations))

    def test_a_month_with_no_data_has_its_rows_and_empty_values(self):
        data = workbook_bytes(JULY_2018)
        helpdesk = sheet_values(data, "Helpdesk")
        self.assertEqual(len(helpdesk), 1 + 2 + 11)
        self.assertTrue(all(row[0] == "2018-07" and row[2] is None for row in helpdesk[1:]))
        effort = sheet_values(data, "Effort")
        self.assertEqual([row[1] for row in effort[1:]][0], "Core Panel and Board")
        self.assertTrue(all(row[4] is None for row in effort[1:]))
        self.assertEqual(sheet_values(data, "Website")[1:], [["2018-07", None, None, None, None]])
        self.assertEqual(sheet_values(data, "Membership")[1:], [])

    def test_editors_download_it(self):
        self.client.force_login(self.erin)
        response = self.client.get("/months/2018-07/workbook.xlsx")
        self.assertEqual(response.status_code, 200)
        self.assertIn("operations-report-2018-07.xlsx", response["Content-Disposition"])
        self.assertEqual(load_workbook(io.BytesIO(response.content))["README"]["B2"].value, "2018-07")

    def test_only_editors_download_or_import(self):
        for user in (self.alex, self.pat):
            self.client.force_login(user)
            self.assertEqual(self.client.get("/months/2018-07/workbook.xlsx").status_code, 403)
            self.assertEqual(self.client.get("/months/2018-07/import/").status_code, 403)
        self.client.logout()
        self.assertEqual(self.client.get("/months/2018-07/import/").status_code, 302)

    def test_months_outside_the_window_are_refused(self):
        self.client.force_login(self.erin)
        self.assertEqual(self.client.get("/months/2030-01/workbook.xlsx").status_code, 404)
        self.assertEqual(self.client.get("/months/1989-12/import/").status_code, 404)
        with self.assertRaises(CommandError):
            call_command("month_workbook", "2030-01", "--output", str(Path(tempfile.mkdtemp()) / "x.xlsx"))


@time_machine.travel(NOW, tick=False)
class ImportTests(SampleTestCase):
    def test_june_round_trip_leaves_every_row_unchanged(self):
        before = revision.current()
        plan = service.preview(JUNE_2018, workbook_bytes(JUNE_2018), "june.xlsx")
        self.assertEqual(plan.errors, [])
        self.assertEqual({r.status for r in plan.rows}, {"unchanged"})
        self.assertEqual(len(plan.rows), 6 + 13 + 8 + 1 + 14 + 2 + 7 + 5)
        self.assertEqual(apply(plan)["create"], 0)
        self.assertEqual(revision.current(), before)

    def test_text_starting_with_an_equals_sign_is_exported_as_text_and_reads_back(self):
        Meeting.objects.filter(dates__date__month=6, dates__date__year=2018).update(summary="=Minutes to follow")
        data = workbook_bytes(JUNE_2018)
        meetings = load_workbook(io.BytesIO(data))["Meetings"]
        summaries = [row[3] for row in meetings.iter_rows(min_row=2) if row[3].value]
        self.assertTrue(summaries)
        self.assertEqual({cell.value for cell in summaries}, {"=Minutes to follow"})
        self.assertTrue(all(cell.data_type == "s" for cell in summaries), "never a live formula")
        plan = service.preview(JUNE_2018, data, "june.xlsx")
        self.assertEqual(plan.errors, [])

    def test_every_row_an_import_writes_is_in_the_history_tagged_with_the_import(self):
        plan = service.preview(JULY_2018, july.july_workbook(), "july.xlsx")
        apply(plan, self.erin, "july.xlsx")
        versions = HelpdeskMonth.objects.get(month=JULY_2018).history.all()
        self.assertTrue(versions)  # made, then its figures set
        for version in versions:
            self.assertEqual(version.history_change_reason, "Workbook import: july.xlsx")
            self.assertEqual(version.history_user, self.erin)
        # The roles are set after the completion is saved: that version is tagged too.
        completion = UEPCompletion.objects.filter(completed_on__gte=JULY_2018).latest("pk")
        latest = completion.history.latest()
        self.assertEqual(latest.history_change_reason, "Workbook import: july.xlsx")
        self.assertTrue(latest.roles.exists())

    def test_filled_july_creates_exactly_those_rows_and_the_paper_shows_them(self):
        plan = service.preview(JULY_2018, july.july_workbook(), "july.xlsx")
        self.assertEqual(plan.errors, [])
        # 30 rows as before, the applicant applying and acceding, and the paper started then filled in.
        self.assertEqual(plan.counts, {"create": 33, "change": 1, "unchanged": 0, "empty": 0})
        self.assertIn("this import starts it", " ".join(w.message for w in plan.warnings))
        self.assertEqual(july_rows(), NOTHING_IN_JULY, "the preview wrote nothing")
        self.assertFalse(Paper.objects.filter(month=JULY_2018).exists(), "the preview started no paper")

        apply(plan)
        self.assertEqual(july_rows(), JULY_AS_FILLED)
        helpdesk = HelpdeskMonth.objects.get(month=JULY_2018)
        self.assertEqual((helpdesk.telephone_enquiries, helpdesk.mailbox_total), (52, july.MAILBOX_TOTAL))
        self.assertEqual(
            EffortEntry.objects.get(effort_month__month=JULY_2018, driver__name="Technical and Operational").days,
            Decimal("98.1250"),
        )
        party = Party.objects.get(name=july.NEW_PARTY)
        self.assertEqual(party.get_category_display(), "Other SEC Party")
        self.assertEqual(list(party.uep_completions.get().roles.values_list("name", flat=True)), ["Other User"])

        applicant = Applicant.objects.get(name=july.NEW_PARTY)
        self.assertEqual(applicant.acceded_on, datetime.date(2018, 7, 10), "the applicant is the party that acceded")
        self.assertEqual(applicant.party, Party.objects.get(name=july.NEW_PARTY), "linked, as the Accede form links it")

        paper = Paper.objects.get(month=JULY_2018)
        june = Paper.objects.get(month=JUNE_2018)
        self.assertEqual(
            (paper.panel_meeting_number, paper.panel_meeting_date, paper.issue_date),
            (june.panel_meeting_number + 1, datetime.date(2018, 8, 10), datetime.date(2018, 8, 3)),
            "started as Start next month starts it, with the sheet's dates",
        )
        joined = Applicant.objects.get(name=july.NEW_APPLICANT)
        self.assertEqual(
            (joined.applied_on, joined.acceded_on), (datetime.date(2018, 7, 3), datetime.date(2018, 7, 24))
        )
        self.assertEqual(joined.party.get_category_display(), "Small Supplier", "acceded as it applied")

        tabasc = Meeting.objects.get(name="TABASC 32")
        self.assertEqual(
            [(link.label, link.url) for link in tabasc.links.all()],
            [("TABASC 32 0507 — Meeting Headlines", "https://smartenergycodecompany.co.uk/tabasc-32-headlines/")],
            "an address alone is labelled by the committee's pattern",
        )
        board = Meeting.objects.get(committee__name="SEC Change Board", dates__date=datetime.date(2018, 7, 25))
        self.assertEqual(
            [(d.modification.reference, d.outcome) for d in board.decisions.all()],
            [("SECMP0050", "approved"), ("SECMP0051", "discussed")],
        )
        change = StatusChange.objects.get(decision__meeting=board)
        self.assertEqual(
            (change.modification.reference, change.status, change.date),
            ("SECMP0050", "approved", datetime.date(2018, 7, 25)),
            "the decision sets the status from the meeting's date, as the meeting's screen does",
        )

        self.client.force_login(self.erin)
        page = self.client.get("/papers/2018-07/").content.decode()
        table_1 = re.search(
            r'<section class="body-section" aria-labelledby="s1">.*?<h3><span class="num">1.2', page, re.S
        )
        self.assertNotIn(july.NEW_PARTY, table_1.group(0), "Table 1 no longer lists the applicant")
        self.assertNotIn(july.NEW_APPLICANT, table_1.group(0), "applied and acceded in the month")
        printed_facts = (
            "7,012",
            "21,044",
            "1,239",
            "The SSC considered User Security Assessments.",
            "27/07/2018",
            "SECAS ran a training day for new parties.",  # a highlight's second paragraph
            "SECP 59 1008 22",  # the front page: Panel meeting 59 on 10 August
        )
        for printed in printed_facts:
            self.assertIn(printed, page)

        again = service.preview(JULY_2018, workbook_bytes(JULY_2018), "july.xlsx")
        self.assertEqual(again.counts["create"] + again.counts["change"], 0)

    def test_changes_show_old_and_new(self):
        def edit(workbook):
            workbook["Helpdesk"]["C2"] = 50
            workbook["Website"]["B2"] = 7000

        plan = service.preview(JUNE_2018, edited(workbook_bytes(JUNE_2018), edit), "june.xlsx")
        changed = [(r.sheet, r.row, r.changes) for r in plan.rows if r.status == "change"]
        self.assertEqual(
            changed,
            [
                ("Helpdesk", 2, [("Telephone enquiries", "47", "50")]),
                ("Website", 2, [("Visits", "6,825", "7,000")]),
            ],
        )

    def test_a_row_the_model_refuses_as_written_undoes_every_row(self):
        """A new party's default dated before its accession: found by the rehearsal, nothing written."""

        def edit(workbook):
            workbook["Membership"].append(
                ["Brand New Energy Limited", "Accession", datetime.date(2018, 7, 20), "", "Small Supplier"]
            )
            workbook["Membership"].append(
                ["Brand New Energy Limited", "Entered default", datetime.date(2018, 7, 10), "x", None]
            )

        before = revision.current()
        plan = service.preview(JULY_2018, edited(july.july_workbook(), edit), "july.xlsx")
        self.assertEqual([(e.sheet, e.row) for e in plan.errors], [("Membership", 6)])
        self.assertIn("accede before", plan.errors[0].message)
        self.assertEqual(july_rows(), NOTHING_IN_JULY)
        self.assertFalse(Party.objects.filter(name="Brand New Energy Limited").exists())
        self.assertEqual(revision.current(), before)
        with self.assertRaises(ImportRefused):
            apply(plan)

    def test_each_row_written_says_who_imported_which_file_for_its_history(self):
        plan = service.preview(JULY_2018, july.july_workbook(), "july.xlsx")
        apply(plan, self.erin, "july.xlsx")
        record = WebsiteMonth.objects.get(month=JULY_2018).history.get()
        self.assertEqual((record.history_user, record.history_change_reason), (self.erin, "Workbook import: july.xlsx"))

    def test_a_csv_of_one_sheet(self):
        csv = "Month,Figure,Count\n2018-07,Telephone enquiries,52\n2018-07,Applications,51\n"
        plan = service.preview(JULY_2018, csv.encode(), "2018-07-helpdesk.csv")
        self.assertEqual(plan.errors, [])
        self.assertEqual(
            [(r.label, r.status) for r in plan.rows], [("Telephone enquiries", "create"), ("Applications", "create")]
        )
        apply(plan)
        self.assertEqual(HelpdeskMonth.objects.get(month=JULY_2018).telephone_enquiries, 52)


@time_machine.travel(NOW, tick=False)
class ImportPageTests(SampleTestCase):
    def setUp(self):
        self.client.force_login(self.erin)

    def upload(self, data, name="july.xlsx"):
        return self.client.post("/months/2018-07/import/", {"workbook": io.BytesIO(data) and _named(data, name)})

    def test_the_page_offers_the_download_and_the_upload(self):
        self.client.get("/months/2018-07/import/")  # the session and the user, once
        with self.assertNumQueries(5):
            response = self.client.get("/months/2018-07/import/")
        self.assertContains(response, 'href="/months/2018-07/workbook.xlsx"')
        self.assertContains(response, 'type="file"')

    def test_preview_then_confirm_writes_all_of_it(self):
        response = self.upload(july.july_workbook())
        self.assertContains(response, 'tag-todo">will be created', count=33)
        self.assertContains(response, "Leep Gas Networks Limited")
        self.assertContains(response, "33</strong> rows will be created")
        self.assertEqual(july_rows(), NOTHING_IN_JULY, "nothing written before the confirmation")
        sha256 = response.context["plan"].sha256

        response = self.client.post("/months/2018-07/import/", {"confirm": "1", "sha256": sha256}, follow=True)
        self.assertContains(response, "33 rows created, 1 changed")
        self.assertEqual(july_rows(), JULY_AS_FILLED)

        # The same confirmation again finds nothing pending: nothing is written twice.
        response = self.client.post("/months/2018-07/import/", {"confirm": "1", "sha256": sha256})
        self.assertContains(response, "That preview has expired")
        self.assertEqual(july_rows(), JULY_AS_FILLED)

    def test_a_confirmation_after_the_data_moved_shows_the_new_preview_first(self):
        sha256 = self.upload(july.july_workbook()).context["plan"].sha256
        WebsiteMonth.objects.create(month=JULY_2018, visits=1, page_views=2)  # another editor, meanwhile

        response = self.client.post("/months/2018-07/import/", {"confirm": "1", "sha256": sha256})
        self.assertContains(response, "changed since your preview")
        self.assertContains(response, "Visits: 1 → <strong>7,012</strong>", html=False)
        self.assertEqual(HelpdeskMonth.objects.filter(month=JULY_2018).count(), 0, "nothing written unseen")

        response = self.client.post("/months/2018-07/import/", {"confirm": "1", "sha256": sha256}, follow=True)
        self.assertContains(response, "32 rows created, 2 changed")
        self.assertEqual(WebsiteMonth.objects.get(month=JULY_2018).visits, 7012)

    def test_a_mailbox_that_its_categories_do_not_add_up_to_is_worth_a_look(self):
        def edit(workbook):
            workbook["Helpdesk"]["C3"] = july.MAILBOX_TOTAL + 10

        response = self.upload(edited(july.july_workbook(), edit))
        self.assertContains(response, "Worth a look before you confirm")
        self.assertContains(response, "The categories add up to 1,239 emails; the mailbox total is 1,249.")
        self.assertContains(response, 'name="confirm"')

    def test_a_confirmation_for_another_file_writes_nothing(self):
        self.upload(july.july_workbook())
        response = self.client.post("/months/2018-07/import/", {"confirm": "1", "sha256": "0" * 64})
        self.assertContains(response, "That preview has expired")
        self.assertEqual(july_rows(), NOTHING_IN_JULY)

    def test_a_preview_is_confirmed_only_on_its_own_months_page(self):
        sha256 = self.upload(july.july_workbook()).context["plan"].sha256
        response = self.client.post("/months/2018-06/import/", {"confirm": "1", "sha256": sha256})
        self.assertContains(response, "That preview has expired: upload the workbook again.")
        self.assertEqual(july_rows(), NOTHING_IN_JULY)

    def test_a_sheet_saved_as_csv_is_kept_as_csv_and_confirmed(self):
        csv = b"Month,Figure,Count\n2018-07,Telephone enquiries,52\n"
        sha256 = self.upload(csv, name="helpdesk.csv").context["plan"].sha256
        self.assertTrue((Path(settings.DATA_DIR) / "workbook-uploads" / f"{sha256}.csv").is_file())
        response = self.client.post("/months/2018-07/import/", {"confirm": "1", "sha256": sha256}, follow=True)
        self.assertContains(response, "Imported helpdesk.csv: 1 rows created, 0 changed, 0 unchanged.")
        self.assertEqual(HelpdeskMonth.objects.get(month=JULY_2018).telephone_enquiries, 52)

    def test_a_preview_with_errors_offers_no_confirmation(self):
        def edit(workbook):
            workbook["Helpdesk"]["C4"] = "lots"

        response = self.upload(edited(july.july_workbook(), edit))
        self.assertContains(response, "nothing will be written")
        self.assertContains(response, "<td>Helpdesk</td><td>4</td><td>C (Count)</td>", html=False)
        self.assertNotContains(response, 'name="confirm"')
        self.assertEqual(july_rows(), NOTHING_IN_JULY)


def _named(data, name):
    handle = io.BytesIO(data)
    handle.name = name
    return handle


@time_machine.travel(NOW, tick=False)
class CommandTests(SampleTestCase):
    def setUp(self):
        self.dir = Path(tempfile.mkdtemp())

    def test_month_workbook_writes_the_file(self):
        out = io.StringIO()
        call_command("month_workbook", "2018-07", "--output", str(self.dir / "july.xlsx"), stdout=out)
        self.assertEqual(load_workbook(self.dir / "july.xlsx")["README"]["B2"].value, "2018-07")

    def test_dry_run_prints_the_preview_and_writes_nothing(self):
        (self.dir / "july.xlsx").write_bytes(july.july_workbook())
        out = io.StringIO()
        call_command("import_month", "2018-07", str(self.dir / "july.xlsx"), "--dry-run", stdout=out)
        self.assertIn("row   2  Telephone enquiries: will be created (Telephone enquiries: — → 52)", out.getvalue())
        self.assertIn("33 to create, 1 to change, 0 unchanged, 0 empty; 0 errors.", out.getvalue())
        self.assertEqual(july_rows(), NOTHING_IN_JULY)

    def test_import_writes_and_exits_cleanly(self):
        (self.dir / "july.xlsx").write_bytes(july.july_workbook())
        out = io.StringIO()
        call_command("import_month", "2018-07", str(self.dir / "july.xlsx"), stdout=out)
        self.assertIn("Imported: 33 created, 1 changed.", out.getvalue())
        self.assertEqual(july_rows(), JULY_AS_FILLED)

    def test_errors_exit_1_with_every_error_listed(self):
        def edit(workbook):
            workbook["Helpdesk"]["C4"] = "lots"
            workbook["Website"]["C2"] = -3

        (self.dir / "july.xlsx").write_bytes(edited(july.july_workbook(), edit))
        out = io.StringIO()
        with self.assertRaises(CommandError) as raised:
            call_command("import_month", "2018-07", str(self.dir / "july.xlsx"), stdout=out)
        self.assertEqual(raised.exception.returncode, 1)
        self.assertIn("ERROR Helpdesk, row 4, column C (Count): 'lots' is not a number.", out.getvalue())
        self.assertIn("ERROR Website, row 2, column C (Page views): -3 is negative", out.getvalue())
        self.assertEqual(july_rows(), NOTHING_IN_JULY)

    def test_a_csv_sheet_named_by_option(self):
        (self.dir / "figures.csv").write_text(
            "Month,Visits,Page views,New visitors,Returning visitors\n2018-07,7012,21044,,\n"
        )
        call_command(
            "import_month", "2018-07", str(self.dir / "figures.csv"), "--sheet", "Website", stdout=io.StringIO()
        )
        self.assertEqual(WebsiteMonth.objects.get(month=JULY_2018).visits, 7012)
