"""The whole month in one workbook (issue 16): the Paper sheet (front page dates, highlights),
the Applicants sheet, and an applicant applying, acceding and completing in the same file."""

import datetime
import io
import tempfile
from pathlib import Path

import time_machine
from django.core.management import call_command
from openpyxl import load_workbook

from meetings.models import Meeting, StatusChange
from opsreport import revision
from opsreport.models import Paper
from opsreport.sample import july
from opsreport.workbook import service
from opsreport.workbook.apply import ImportRefused, apply
from opsreport.workbook.export import workbook_bytes
from parties.models import Applicant, Party, UEPCompletion
from tests.base import JUNE_2018, SampleTestCase
from tests.factories import make_paper
from tests.test_workbook import JULY_2018, NOW, _named, edited, sheet_values
from tests.test_workbook_bad_input import table_counts

D = datetime.date


def set_cell(sheet, cell, value):
    def change(workbook):
        workbook[sheet][cell] = value

    return change


def append(sheet, *values):
    def change(workbook):
        workbook[sheet].append(list(values))

    return change


def both(*changes):
    def change(workbook):
        for one in changes:
            one(workbook)

    return change


@time_machine.travel(NOW, tick=False)
class BadRowsTests(SampleTestCase):
    """Each bad row of a new sheet is named by sheet, row and column, and nothing is written."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.good = july.july_workbook()

    def refused(self, change, where, contains):
        before, counts = revision.current(), table_counts()
        plan = service.preview(JULY_2018, edited(self.good, change), "july.xlsx")
        errors = {(e.sheet, e.row, e.column): e.message for e in plan.errors}
        self.assertIn(where, errors, [str(e) for e in plan.errors])
        self.assertIn(contains, errors[where])
        with self.assertRaises(ImportRefused):
            apply(plan)
        self.assertEqual((revision.current(), table_counts()), (before, counts), "nothing written")
        self.assertFalse(Paper.objects.filter(month=JULY_2018).exists())

    def test_an_unknown_field(self):
        self.refused(
            set_cell("Paper", "A3", "Date of the Panel"),
            ("Paper", 3, "A (Field)"),
            "Unknown field 'Date of the Panel': expected SEC Panel meeting date, Issue date",
        )

    def test_a_field_twice(self):
        self.refused(append("Paper", "Issue date", D(2018, 8, 2)), ("Paper", 8, "A (Field)"), "already on row 3")

    def test_an_issue_date_before_the_month(self):
        self.refused(
            set_cell("Paper", "B3", D(2018, 6, 28)),
            ("Paper", 3, "B (Value)"),
            "A paper cannot be issued before its month begins.",
        )

    def test_a_panel_meeting_before_the_issue_date(self):
        self.refused(
            set_cell("Paper", "B2", D(2018, 8, 1)),
            ("Paper", 2, "B (Value)"),
            "The Panel meeting cannot be before the paper's date of issue.",
        )

    def test_a_date_that_is_not_one(self):
        self.refused(set_cell("Paper", "B2", "next Friday"), ("Paper", 2, "B (Value)"), "next Friday")

    def test_an_application_outside_the_month(self):
        self.refused(
            set_cell("Applicants", "C2", D(2018, 6, 30)),
            ("Applicants", 2, "C (Applied on)"),
            "30/06/2018 is not in July 2018, this workbook's month.",
        )

    def test_an_unknown_category(self):
        self.refused(
            set_cell("Applicants", "B2", "Big Supplier"), ("Applicants", 2, "B (Category)"), "Unknown party category"
        )

    def test_an_applicant_without_its_name(self):
        self.refused(set_cell("Applicants", "A2", None), ("Applicants", 2, "A (Applicant)"), "Name the applicant.")

    def test_an_applicant_of_this_file_acceding_before_it_applied(self):
        # The Accede form's own check, for an applicant the same file records.
        self.refused(
            set_cell("Membership", "C3", D(2018, 7, 2)),
            ("Membership", 3, "C (Date)"),
            "The applicant applied on 03/07/2018: it cannot accede before.",
        )

    # The Meetings sheet's Links (G on row 4: the Change Board) and Modifications (H) columns.

    def test_a_link_without_an_address(self):
        self.refused(
            set_cell("Meetings", "F4", "Change Board headlines |"),
            ("Meetings", 4, "F (Links)"),
            "Link 1 ('Change Board headlines') has no address: write label | address.",
        )

    def test_a_javascript_address(self):
        self.refused(
            set_cell("Meetings", "F4", "Headlines | javascript:alert(1)"),
            ("Meetings", 4, "F (Links)"),
            "'javascript:alert(1)' is not a web address (http:// or https://).",
        )

    def test_an_unknown_modification(self):
        self.refused(
            set_cell("Meetings", "G4", "SECMP0050 (approved), SECMP9999"),
            ("Meetings", 4, "G (Modifications)"),
            "Unknown modification 'SECMP9999': it is not on record.",
        )

    def test_a_decision_word_that_is_not_a_decision(self):
        self.refused(
            set_cell("Meetings", "G4", "SECMP0050 (agreed)"),
            ("Meetings", 4, "G (Modifications)"),
            "'agreed' is not a decision; write discussed, approved, rejected.",
        )


@time_machine.travel(NOW, tick=False)
class MeetingsPreviewTests(SampleTestCase):
    def test_the_preview_shows_confidential_and_warns_where_links_will_not_print(self):
        plan = service.preview(JULY_2018, edited(july.july_workbook(), set_cell("Meetings", "E4", "Yes")), "july.xlsx")
        self.assertEqual(plan.errors, [])
        board = next(r for r in plan.rows if r.sheet == "Meetings" and r.row == 4)
        self.assertIn(("confidential", "—", "Yes"), board.changes)
        self.assertIn(("modifications", "—", "SECMP0050 (approved), SECMP0051"), board.changes)
        warnings = [(w.sheet, w.row, w.column, w.message) for w in plan.warnings if w.sheet == "Meetings"]
        self.assertEqual(
            warnings,
            [("Meetings", 4, "F (Links)", "SEC Change Board is confidential: its links will not print in the paper.")],
            "only the confidential meeting with links; the SSC (confidential, no links) is not warned about",
        )

    def test_the_month_page_and_the_review_warn_too(self):
        apply(service.preview(JULY_2018, edited(july.july_workbook(), set_cell("Meetings", "E4", "Yes")), "july.xlsx"))
        self.client.force_login(self.erin)
        said = "SEC Change Board is confidential: its 1 link will not print."
        self.assertContains(self.client.get("/months/2018-07/"), said)
        self.assertContains(self.client.get("/papers/2018-07/"), said)

    def test_a_meeting_on_record_gains_its_links_and_decision_from_the_workbook(self):
        apply(service.preview(JULY_2018, july.july_workbook(), "july.xlsx"))

        def edit(workbook):
            workbook["Meetings"]["G3"] = "SECMP0049 (rejected)"  # TABASC: not a deciding committee

        plan = service.preview(JULY_2018, edited(workbook_bytes(JULY_2018), edit), "july.xlsx")
        self.assertEqual([r.status for r in plan.rows if r.sheet == "Meetings"].count("change"), 1)
        apply(plan)
        tabasc = Meeting.objects.get(name="TABASC 32")
        self.assertEqual(
            [(d.modification.reference, d.outcome) for d in tabasc.decisions.all()], [("SECMP0049", "rejected")]
        )
        self.assertFalse(StatusChange.objects.filter(decision__meeting=tabasc).exists(), "TABASC decides nothing")
        again = service.preview(JULY_2018, workbook_bytes(JULY_2018), "july.xlsx")
        self.assertEqual({r.status for r in again.rows if r.sheet == "Meetings"}, {"unchanged"}, "links round-trip")


@time_machine.travel(NOW, tick=False)
class PaperSheetTests(SampleTestCase):
    def test_the_export_is_pre_filled_with_what_the_paper_holds(self):
        june = Paper.objects.get(month=JUNE_2018)
        rows = sheet_values(workbook_bytes(JUNE_2018), "Paper")
        self.assertEqual(rows[0][:2], ["Field", "Value"])
        values = {row[0]: row[1] for row in rows[1:] if row[0]}
        self.assertEqual(values["SEC Panel meeting date"].date(), june.panel_meeting_date)
        self.assertEqual(values["Issue date"].date(), june.issue_date)
        self.assertEqual(values["Change and Release Update"], june.change_and_release)
        self.assertIn("\n\n", june.change_and_release, "paragraphs kept, separated by a blank line")

    def test_an_empty_value_leaves_the_paper_as_it_is_and_a_new_one_changes_it(self):
        paper = make_paper(JULY_2018)
        paper.change_and_release = "Kept as it is."
        paper.save()

        def edit(workbook):
            sheet = workbook["Paper"]
            sheet["B4"] = None  # Change and Release Update: empty
            sheet["B7"] = "First paragraph.\r\n\r\nSecond paragraph."  # Party Support Update

        plan = service.preview(JULY_2018, edited(workbook_bytes(JULY_2018), edit), "july.xlsx")
        self.assertEqual(plan.errors, [])
        changed = [r for r in plan.rows if r.sheet == "Paper" and r.status == "change"]
        self.assertEqual(
            [c for r in changed for c in r.changes],
            [("Party Support Update", "—", "First paragraph.\n\nSecond paragraph.")],
        )
        apply(plan, self.erin, "july.xlsx")
        paper.refresh_from_db()
        self.assertEqual(paper.change_and_release, "Kept as it is.")
        self.assertEqual(paper.party_support, "First paragraph.\n\nSecond paragraph.")
        history = paper.history.latest()
        self.assertEqual(
            (history.history_user, history.history_change_reason), (self.erin, "Workbook import: july.xlsx")
        )

    def test_the_preview_shows_each_paragraph_of_a_highlight_as_a_paragraph(self):
        """A highlight's paragraphs as they will print, not run together into one."""
        self.client.force_login(self.erin)
        response = self.client.post("/months/2018-07/import/", {"workbook": _named(july.july_workbook(), "july.xlsx")})
        first, second = july.PAPER_VALUES["Party Support Update"].split("\n\n")
        self.assertContains(response, f"{first}<br><br>{second}")

    def test_a_paper_not_started_is_started_only_when_the_sheet_has_values(self):
        plan = service.preview(JULY_2018, workbook_bytes(JULY_2018), "july.xlsx")
        self.assertEqual({r.status for r in plan.rows if r.sheet == "Paper"}, {"empty"})
        apply(plan)
        self.assertFalse(Paper.objects.filter(month=JULY_2018).exists(), "an empty Paper sheet starts nothing")

        plan = service.preview(JULY_2018, july.july_workbook(), "july.xlsx")
        started = [r for r in plan.rows if r.sheet == "Paper" and r.status == "create"]
        self.assertEqual([r.label for r in started], ["July 2018's paper"])
        self.assertIn("this import starts it", plan.warnings[0].message)
        apply(plan)
        paper = Paper.objects.get(month=JULY_2018)
        self.assertEqual(paper.appendices.count(), Paper.objects.get(month=JUNE_2018).appendices.count())
        self.assertEqual(paper.technical_support, july.PAPER_VALUES["Technical Support Update"])


@time_machine.travel(NOW, tick=False)
class ApplicantsSheetTests(SampleTestCase):
    def test_an_applicant_applies_accedes_and_completes_its_uep_in_one_file(self):
        change = append("Completions", "UEP", july.NEW_APPLICANT, D(2018, 7, 30), "Other User", None)
        plan = service.preview(JULY_2018, edited(july.july_workbook(), change), "july.xlsx")
        self.assertEqual(plan.errors, [])
        apply(plan)
        party = Party.objects.get(name=july.NEW_APPLICANT)
        self.assertEqual(party.application.applied_on, D(2018, 7, 3))
        self.assertEqual(UEPCompletion.objects.get(party=party).completed_on, D(2018, 7, 30))
        rows = sheet_values(workbook_bytes(JULY_2018), "Applicants")
        self.assertIn([july.NEW_APPLICANT, "Small Supplier"], [row[:2] for row in rows])

    def test_an_applicant_on_record_is_unchanged(self):
        Applicant.objects.create(name=july.NEW_APPLICANT, category="small_supplier", applied_on=D(2018, 7, 3))
        plan = service.preview(JULY_2018, july.july_workbook(), "july.xlsx")
        self.assertEqual([r.status for r in plan.rows if r.sheet == "Applicants"], ["unchanged"])

    def test_the_party_drop_downs_warn_rather_than_stop(self):
        workbook = load_workbook(io.BytesIO(workbook_bytes(JULY_2018)))
        validations = workbook["Completions"].data_validations.dataValidation
        party = next(v for v in validations if "B2" in str(v.sqref))
        self.assertEqual(party.errorStyle, "warning")


@time_machine.travel(NOW, tick=False)
class CommandTests(SampleTestCase):
    def test_import_month_imports_the_whole_month(self):
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "july.xlsx"
            path.write_bytes(july.july_workbook())
            call_command("import_month", "2018-07", str(path), stdout=io.StringIO())
        paper = Paper.objects.get(month=JULY_2018)
        self.assertEqual((paper.panel_meeting_date, paper.issue_date), (D(2018, 8, 10), D(2018, 8, 3)))
        self.assertEqual(Applicant.objects.get(name=july.NEW_APPLICANT).acceded_on, D(2018, 7, 24))
