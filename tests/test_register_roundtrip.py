"""The register exported from the June 2018 sample: a second import changes nothing; a dry run
writes nothing; an import over data says what it would change and deletes nothing; the
commands. (The round trip into an empty database is tests/test_register_round_trip.py's, which
compares these membership figures and records, the paper and the dashboard before and after.)"""

import datetime
import io
import tempfile
from pathlib import Path

import time_machine
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from opsreport.register import plan as register_plan
from opsreport.register.export import register_bytes
from opsreport.register.sheets import MODULES
from opsreport.register.sheets.parties import SHEET
from opsreport.workbook.apply import apply
from opsreport.workbook.plan import CHANGE, CREATE, SAME
from parties.models import MembershipEvent, Party
from tests.base import SampleTestCase, delete_data
from tests.register_helpers import edited, records, sheet_rows

NOW = datetime.datetime(2018, 7, 10, 10, 0)


@time_machine.travel(NOW, tick=False)
class RoundTripTests(SampleTestCase):
    def test_a_second_import_changes_nothing(self):
        data = register_bytes()
        plan = register_plan.preview(data, "register.xlsx")
        self.assertEqual(plan.errors, [])
        self.assertEqual(plan.count(CREATE) + plan.count(CHANGE), 0)
        self.assertEqual(plan.count(SAME), len(plan.rows))
        self.assertGreater(plan.count(SAME), 309)

    def test_the_workbook_has_readme_a_sheet_per_module_and_lists(self):
        workbook = load_workbook(io.BytesIO(register_bytes()))
        self.assertEqual(workbook.sheetnames[0], "README")
        self.assertEqual(workbook.sheetnames[-1], "Lists")
        self.assertEqual(workbook.sheetnames[-2], "Published figures")  # optional, the team's to fill in
        self.assertEqual(len(workbook.sheetnames), len(MODULES) + 3)
        self.assertIn("Parties", workbook.sheetnames)

    def test_the_template_has_headings_and_lists_and_no_records(self):
        data = register_bytes(template=True)
        parties = sheet_rows(data, "Parties")
        self.assertEqual(parties[0][:3], ["Party", "Category", "Voting group"])
        self.assertTrue(all(all(v is None for v in row) for row in parties[1:]))
        lists = sheet_rows(data, "Lists")
        self.assertIn("Large Supplier", [row[lists[0].index("Category")] for row in lists[1:]])

    def test_an_import_over_data_says_sheet_by_sheet_what_it_would_change_and_deletes_nothing(self):
        def edit(workbook):
            sheet = workbook["Parties"]
            header = [c.value for c in sheet[1]]
            row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == "Sample Small Supplier 001 Limited")
            row[header.index("Accession note")].value = "Acceded under its former name."
            sheet.delete_rows(3)  # a party the file leaves out

        counts = {kind: len(values) for kind, values in records().items()}
        plan = register_plan.preview(edited(register_bytes(), edit), "register.xlsx")
        self.assertEqual(plan.errors, [])
        changed = [(r.sheet, r.label, r.changes) for r in plan.rows if r.status == CHANGE]
        self.assertEqual(
            changed,
            [
                (
                    "Parties",
                    "Sample Small Supplier 001 Limited",
                    [("accession note", "—", "Acceded under its former name.")],
                )
            ],
        )
        apply(plan)
        self.assertEqual({kind: len(values) for kind, values in records().items()}, counts)
        accession = MembershipEvent.objects.get(party__name="Sample Small Supplier 001 Limited", kind="accession")
        self.assertEqual(accession.note, "Acceded under its former name.")


@time_machine.travel(NOW, tick=False)
class CommandTests(SampleTestCase):
    def setUp(self):
        self.folder = Path(tempfile.mkdtemp())

    def test_export_then_dry_run_writes_nothing_and_prints_the_totals(self):
        path = self.folder / "register.xlsx"
        call_command("export_register", str(path), stdout=io.StringIO())
        delete_data()
        out = io.StringIO()
        call_command("import_register", str(path), "--dry-run", stdout=out)
        self.assertEqual(Party.objects.count(), 0)
        text = out.getvalue()
        self.assertIn("== Parties", text)
        self.assertRegex(text, r"\d+ to create, 0 to change, 0 unchanged, 0 empty; 0 errors\.")
        self.assertIn("Dry run: nothing was written.", text)

    def test_import_writes_and_a_second_import_is_all_unchanged(self):
        path = self.folder / "register.xlsx"
        call_command("export_register", str(path), stdout=io.StringIO())
        counts = records()
        delete_data()
        call_command("import_register", str(path), stdout=io.StringIO())
        self.assertEqual(records(), counts)
        out = io.StringIO()
        call_command("import_register", str(path), stdout=out)
        self.assertRegex(out.getvalue(), r"0 to create, 0 to change, \d+ unchanged, 0 empty; 0 errors\.")

    def test_the_template_option_writes_the_empty_template(self):
        path = self.folder / "template.xlsx"
        call_command("export_register", str(path), "--template", stdout=io.StringIO())
        self.assertEqual(sheet_rows(path.read_bytes(), "Parties"), [[c.header for c in SHEET.columns]])

    def test_a_bad_register_exits_1_with_every_error_and_writes_nothing(self):
        def edit(workbook):
            sheet = workbook["Parties"]
            sheet["B2"] = "Big Supplier"
            sheet["D3"] = "31/02/2015"

        path = self.folder / "register.xlsx"
        path.write_bytes(edited(register_bytes(), edit))
        counts = records()
        out = io.StringIO()
        with self.assertRaises(CommandError) as refused:
            call_command("import_register", str(path), stdout=out)
        self.assertEqual(refused.exception.returncode, 1)
        self.assertIn("Parties, row 2, column B (Category): Unknown category 'Big Supplier'", out.getvalue())
        self.assertIn("Parties, row 3, column D (Acceded on)", out.getvalue())
        self.assertEqual(records(), counts)
