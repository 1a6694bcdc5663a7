"""The register's import preview reconciles its Published figures sheet (issue 18): the figures
the old papers printed, compared with what the register gives as the import would leave it,
each difference listed (not an error), on the page and from the command line."""

import datetime
import io
from pathlib import Path
from tempfile import TemporaryDirectory

import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from openpyxl import Workbook, load_workbook

from opsreport.register import plan as register_plan
from opsreport.register.export import register_bytes
from opsreport.register.published import published_figures
from opsreport.register.reconcile import HEADER, SHEET
from opsreport.sample.published import as_printed
from opsreport.workbook.export import XLSX_TYPE
from parties.models import EventKind, MembershipEvent
from tests.base import JUNE_2018, SampleTestCase
from tests.register_helpers import edited

FOXGLOVE = "Foxglove Energy Supply Limited"  # acceded 12/04/2018
JULY_2017_TOTAL = "Table 5, Total, Jul-17: the paper printed 1,439, the register gives 1,459"


def with_printed(data: bytes, rows) -> bytes:
    """The register with its Published figures sheet (headings only, as exported) filled with `rows`."""

    def edit(workbook: Workbook) -> None:
        worksheet = workbook[SHEET]
        for row in rows:
            worksheet.append(list(row))

    return edited(data, edit)


def with_accession(data: bytes, party: str, day: datetime.date) -> bytes:
    """The register with a party's accession date changed in its Parties sheet."""

    def edit(workbook: Workbook) -> None:
        worksheet = workbook["Parties"]
        header = [cell.value for cell in worksheet[1]]
        name, acceded = header.index("Party") + 1, header.index("Acceded on") + 1
        row = next(r for r in range(2, worksheet.max_row + 1) if worksheet.cell(r, name).value == party)
        worksheet.cell(row, acceded).value = day.strftime("%d/%m/%Y")

    return edited(data, edit)


@time_machine.travel("2018-07-05 10:15 +0100", tick=False)
class PreviewTests(SampleTestCase):
    def test_the_june_paper_as_printed_differs_only_in_the_total_the_sample_keeps_apart(self):
        plan = register_plan.preview(with_printed(register_bytes(), as_printed()), "register.xlsx")
        self.assertEqual(plan.errors, [])
        self.assertEqual(plan.compared, len(as_printed()))
        self.assertEqual(len(plan.differences), 1)
        self.assertIn(JULY_2017_TOTAL, plan.differences[0].text)

    def test_what_the_application_prints_reconciles_with_no_difference(self):
        rows = published_figures(JUNE_2018)
        plan = register_plan.preview(with_printed(register_bytes(), rows), "register.xlsx")
        self.assertEqual((plan.errors, plan.differences, plan.compared), ([], [], len(rows)))

    def test_an_accession_date_changed_in_the_file_names_table_3s_cells_and_writes_nothing(self):
        data = with_accession(register_bytes(), FOXGLOVE, datetime.date(2018, 3, 20))
        plan = register_plan.preview(with_printed(data, published_figures(JUNE_2018)), "register.xlsx")
        self.assertEqual(plan.errors, [])
        self.assertEqual(
            [(d.address.table, d.address.row, d.address.column, d.printed, d.computed) for d in plan.differences],
            [("Table 3", "Accessions", "Mar-18", 0, 1), ("Table 3", "Accessions", "Apr-18", 15, 14)],
        )
        self.assertIn("Foxglove Energy Supply Limited (20/03/2018)", plan.differences[0].text)
        accession = MembershipEvent.objects.get(party__name=FOXGLOVE, kind=EventKind.ACCESSION)
        self.assertEqual(accession.date, datetime.date(2018, 4, 12))  # the preview rolled back

    def test_a_published_row_that_cannot_be_read_is_an_error_with_its_sheet_row_and_column(self):
        rows = [("2018-06", "Table 9", "Accessions", "Jun-18", "6")]
        plan = register_plan.preview(with_printed(register_bytes(), rows), "register.xlsx")
        self.assertEqual([(e.sheet, e.row) for e in plan.errors], [(SHEET, 2)])
        self.assertTrue(plan.errors[0].column)
        self.assertEqual(plan.differences, [])

    def test_without_the_sheet_nothing_is_compared(self):
        plan = register_plan.preview(register_bytes(), "register.xlsx")
        self.assertEqual((plan.errors, plan.compared, plan.differences), ([], 0, []))


@time_machine.travel("2018-07-05 10:15 +0100", tick=False)
class PageAndCommandTests(SampleTestCase):
    def test_the_approvers_preview_lists_the_differences_and_links_the_reconciliation(self):
        self.client.force_login(self.alex)
        data = with_printed(register_bytes(), as_printed())
        page = self.client.post("/register/", {"register": SimpleUploadedFile("register.xlsx", data, XLSX_TYPE)})
        self.assertContains(page, "Published figures</h2>")
        self.assertContains(page, f"<strong>{len(as_printed())}</strong> figures as the papers printed them")
        self.assertContains(page, '<td class="n">1,439</td>')
        self.assertContains(page, '<td class="n">1,459</td>')
        self.assertContains(page, 'href="/register/reconcile/"')

    def test_the_dry_run_prints_each_difference_after_the_rows(self):
        with TemporaryDirectory() as folder:
            path = Path(folder) / "register.xlsx"
            path.write_bytes(with_printed(register_bytes(), as_printed()))
            out = io.StringIO()
            call_command("import_register", str(path), "--dry-run", stdout=out)
        text = out.getvalue()
        self.assertIn(f"== Published figures: {len(as_printed()):,} compared, 1 differs (1 open;", text)
        self.assertIn(f"  DIFFERENCE June 2018 paper, {JULY_2017_TOTAL}", text)
        self.assertIn("Dry run: nothing was written.", text)


@time_machine.travel("2018-07-05 10:15 +0100", tick=False)
class TemplateTests(SampleTestCase):
    def test_the_template_and_the_export_offer_the_sheet_empty_with_its_headings_and_readme(self):
        for data in (register_bytes(template=True), register_bytes()):
            workbook = load_workbook(io.BytesIO(data))
            self.assertEqual([c.value for c in workbook[SHEET][1]], list(HEADER))
            self.assertEqual(workbook[SHEET].max_row, 1)
            readme = [row[0] for row in workbook["README"].iter_rows(values_only=True)]
            self.assertIn(f"{SHEET} (optional)", readme)
        plan = register_plan.preview(register_bytes(), "register.xlsx")  # its empty sheet compares nothing
        self.assertEqual((plan.errors, plan.compared, plan.count("create"), plan.count("change")), ([], 0, 0, 0))
