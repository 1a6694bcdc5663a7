"""The register exported from the June 2018 sample and imported into an empty database gives the
same membership figures (Table 3, Figure 1); a second import changes nothing; a dry run writes
nothing; an import over data says what it would change and deletes nothing."""

import datetime
import io
import tempfile
from pathlib import Path

import time_machine
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from opsreport.models import Appendix, Paper
from opsreport.register import plan as register_plan
from opsreport.register.export import register_bytes
from opsreport.register.sheets import MODULES
from opsreport.register.sheets.papers import HEADERS
from opsreport.register.sheets.parties import SHEET
from opsreport.workbook.apply import apply
from opsreport.workbook.plan import CHANGE, CREATE, SAME
from parties.models import Applicant, MembershipEvent, Party, TestCompletion, UEPCompletion, VotingGroup
from parties.reports import membership_statistics
from tests.base import JUNE_2018, SampleTestCase, delete_data
from tests.register_helpers import edited, import_register, sheet_rows

NOW = datetime.datetime(2018, 7, 10, 10, 0)
FIRST_MONTH = datetime.date(2013, 11, 1)


def figures() -> list:
    """Table 3's and Figure 1's figures for every month from the first accession to June 2018."""
    return [
        (
            m.month,
            m.accessions,
            m.in_default,
            m.withdrawals,
            m.expulsions,
            m.parties,
            m.voting_groups,
            m.groups_by_category,
        )
        for m in membership_statistics(FIRST_MONTH, JUNE_2018)
    ]


def records() -> dict[str, list]:
    """What the register carries, as values (no ids): equal before an export and after its import."""
    paper_fields = ["month", *HEADERS]
    return {
        "parties": sorted(Party.objects.values_list("name", "voting_group__name", "voting_group__category", "is_dcc")),
        "groups": sorted(VotingGroup.objects.values_list("name", "category")),
        "events": sorted(MembershipEvent.objects.values_list("party__name", "kind", "date", "note")),
        "applicants": sorted(
            Applicant.objects.values_list("name", "category", "applied_on", "acceded_on", "party__name")
        ),
        "uep": sorted(
            (c.party.name, c.completed_on, sorted(r.name for r in c.roles.all())) for c in UEPCompletion.objects.all()
        ),
        "tests": sorted(
            (c.kind, c.party.name, c.completed_on, c.classification, sorted(r.name for r in c.roles.all()))
            for c in TestCompletion.objects.all()
        ),
        "papers": list(Paper.objects.order_by("month").values_list(*paper_fields)),
        "appendices": sorted(
            Appendix.objects.values_list("paper__month", "letter", "title", "classification", "content")
        ),
    }


@time_machine.travel(NOW, tick=False)
class RoundTripTests(SampleTestCase):
    def test_the_sample_survives_export_and_import_into_an_empty_database(self):
        before, counts = figures(), records()
        self.assertEqual((before[-1][5], before[-1][6]), (309, 242))  # the sample's June 2018
        data = register_bytes()
        delete_data()
        self.assertEqual((Party.objects.count(), Paper.objects.count()), (0, 0))
        plan = import_register(data)
        self.assertEqual(plan.count(CHANGE), 0)
        self.assertGreater(plan.count(CREATE), 309)
        self.assertEqual(figures(), before)
        self.assertEqual(records(), counts)

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
