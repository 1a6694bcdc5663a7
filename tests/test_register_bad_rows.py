"""Bad registers are refused, every error with its sheet, row and column, and nothing is written:
each kind of bad row, a party in two voting groups, a default that ends before it starts, an
unknown category, duplicate rows, a file that is not a plain workbook (a zip bomb, macros)."""

import datetime
import io
import tempfile
import zipfile
from pathlib import Path

import time_machine
from django.core.management import CommandError, call_command

from opsreport.register import plan as register_plan
from opsreport.register.export import register_bytes
from opsreport.workbook.apply import ImportRefused, apply
from opsreport.workbook.plan import CHANGE, CREATE, SAME
from opsreport.workbook.reading import Problem
from parties.models import Applicant, MembershipEvent, Party, VotingGroup
from tests.base import BaseTestCase
from tests.factories import make_party
from tests.register_helpers import append_rows, edited, import_register

NOW = datetime.datetime(2018, 7, 10, 10, 0)
D = datetime.date

LARGE = ["Northern Power Supply Limited", "Large Supplier", "Northern Group", D(2014, 3, 3)]
AFFILIATE = [
    "Northern Power Retail Limited",
    "Large Supplier",
    "NORTHERN GROUP",
    D(2015, 5, 1),
]  # one group, however spelt
SMALL = ["Tiny Energy Limited", "Small Supplier", "", D(2016, 1, 4)]
GONE = [
    "Gone Energy Limited",
    "Small Supplier",
    "",
    D(2014, 1, 6),
    None,
    D(2017, 2, 1),
    "Withdrawal",
    "Ceased trading.",
]


def register(**sheets: list[list]) -> bytes:
    """The empty template with rows under each sheet's headings: register(Parties=[[...], ...])."""
    data = register_bytes(template=True)
    for sheet, rows in sheets.items():
        data = append_rows(data, sheet, rows)
    return data


@time_machine.travel(NOW, tick=False)
class BadRowTests(BaseTestCase):
    def refused(self, data: bytes) -> list[tuple]:
        """The plan's errors as (sheet, row, column, message); asserts nothing could be written."""
        before = (Party.objects.count(), VotingGroup.objects.count(), MembershipEvent.objects.count())
        plan = register_plan.preview(data, "register.xlsx")
        self.assertTrue(plan.errors, "the register should be refused")
        with self.assertRaises(ImportRefused):
            apply(plan)
        self.assertEqual((Party.objects.count(), VotingGroup.objects.count(), MembershipEvent.objects.count()), before)
        return [(e.sheet, e.row, e.column, e.message) for e in plan.errors]

    def assertRefused(self, data: bytes, sheet: str, row: int, column: str, words: str) -> None:
        errors = self.refused(data)
        found = [e for e in errors if e[:3] == (sheet, row, column) and words in e[3]]
        self.assertTrue(found, f"no error at {sheet}, row {row}, column {column} saying {words!r}: {errors}")

    def test_a_good_register_imports_into_an_empty_database(self):
        data = register(
            Parties=[LARGE, AFFILIATE, SMALL, GONE],
            Defaults=[["Tiny Energy Limited", D(2017, 3, 1), D(2017, 4, 2), "Did not pay its charges."]],
            Applicants=[["Tiny Energy Limited", "Small Supplier", D(2015, 11, 2), "Tiny Energy Limited"]],
        )
        plan = import_register(data)
        self.assertEqual(plan.count(CREATE), 6)
        self.assertEqual(
            Party.objects.get(name=AFFILIATE[0]).voting_group, Party.objects.get(name=LARGE[0]).voting_group
        )
        self.assertEqual(VotingGroup.objects.count(), 3)
        gone = Party.objects.get(name="Gone Energy Limited")
        self.assertEqual(gone.events.get(kind="withdrawal").note, "Ceased trading.")
        applicant = Applicant.objects.get()
        self.assertEqual((applicant.party.name, applicant.acceded_on), ("Tiny Energy Limited", D(2016, 1, 4)))
        again = register_plan.preview(data, "register.xlsx")
        self.assertEqual((again.errors, again.count(SAME)), ([], 6))

    def test_a_party_without_a_name_or_with_an_unknown_category(self):
        self.assertRefused(register(Parties=[[None, "Small Supplier"]]), "Parties", 2, "A (Party)", "Name the party.")
        self.assertRefused(
            register(Parties=[["Big Energy Limited", "Big Supplier"]]),
            "Parties",
            2,
            "B (Category)",
            "Unknown category 'Big Supplier': choose Large Supplier, Small Supplier",
        )

    def test_a_party_in_two_voting_groups(self):
        other_group = [AFFILIATE[0], "Large Supplier", "Southern Group", D(2015, 5, 1)]
        self.assertRefused(
            register(Parties=[LARGE, AFFILIATE, other_group]),
            "Parties",
            4,
            "A (Party)",
            "Northern Power Retail Limited is already on row 3, in another voting group: a party belongs to one voting group.",
        )

    def test_a_duplicate_party(self):
        self.assertRefused(
            register(Parties=[SMALL, SMALL]),
            "Parties",
            3,
            "A (Party)",
            "Duplicate row: Tiny Energy Limited is already on row 2.",
        )

    def test_a_voting_group_of_two_categories(self):
        self.assertRefused(
            register(Parties=[LARGE, [AFFILIATE[0], "Small Supplier", "Northern Group"]]),
            "Parties",
            3,
            "B (Category)",
            "The voting group Northern Group is Large Supplier on row 2, and Small Supplier here",
        )

    def test_a_voting_group_on_record_of_another_category(self):
        make_party(
            "Old Party Limited", voting_group=VotingGroup.objects.create(name="Northern Group", category="gas_network")
        )
        self.assertRefused(
            register(Parties=[LARGE]), "Parties", 2, "B (Category)", "is on record as Gas Network, not Large Supplier"
        )

    def test_dates_and_ways_of_leaving_that_disagree(self):
        self.assertRefused(
            register(Parties=[[*SMALL, None, "31/02/2017"]]), "Parties", 2, "F (Left on)", "is not a date"
        )
        self.assertRefused(
            register(Parties=[[*SMALL, None, D(2017, 1, 1)]]), "Parties", 2, "G (How left)", "Say how the party left"
        )
        self.assertRefused(
            register(Parties=[[*SMALL, None, None, "Withdrawal"]]),
            "Parties",
            2,
            "F (Left on)",
            "Give the date the party left",
        )
        self.assertRefused(
            register(Parties=[[*SMALL, None, D(2017, 1, 1), "Retired"]]),
            "Parties",
            2,
            "G (How left)",
            "Unknown way of leaving 'Retired'",
        )
        self.assertRefused(
            register(Parties=[[*SMALL, None, D(2015, 1, 1), "Expulsion"]]),
            "Parties",
            2,
            "F (Left on)",
            "Tiny Energy Limited left on 01/01/2015, before it acceded on 04/01/2016.",
        )

    def test_the_dcc_has_no_voting_group_and_no_dates(self):
        self.assertRefused(
            register(Parties=[["Smart DCC Ltd", "DCC", "DCC Group"]]),
            "Parties",
            2,
            "C (Voting group)",
            "The DCC has no voting group",
        )
        self.assertRefused(
            register(Parties=[["Smart DCC Ltd", "DCC", None, D(2013, 9, 1)]]),
            "Parties",
            2,
            "D (Acceded on)",
            "not recorded as events",
        )

    def test_a_name_longer_than_the_model_takes(self):
        self.assertRefused(
            register(Parties=[["X" * 201, "Small Supplier"]]), "Parties", 2, "A (Party)", "at most 200 characters"
        )

    def test_a_default_that_ends_before_it_starts(self):
        data = register(Parties=[SMALL], Defaults=[["Tiny Energy Limited", D(2017, 3, 1), D(2017, 2, 1), "Late."]])
        self.assertRefused(
            data, "Defaults", 2, "C (Left)", "The default ends on 01/02/2017, before it starts on 01/03/2017."
        )

    def test_defaults_of_unknown_parties_before_accession_overlapping_or_twice(self):
        self.assertRefused(
            register(Defaults=[["Nobody Limited", D(2017, 3, 1)]]),
            "Defaults",
            2,
            "A (Party)",
            "Unknown party 'Nobody Limited'",
        )
        self.assertRefused(
            register(Parties=[SMALL], Defaults=[["Tiny Energy Limited", D(2015, 3, 1), None, "Early."]]),
            "Defaults",
            2,
            "B (Entered)",
            "acceded on 04/01/2016: it cannot enter default before",
        )
        spells = [
            ["Tiny Energy Limited", D(2017, 3, 1), D(2017, 5, 1), "a"],
            ["Tiny Energy Limited", D(2017, 4, 1), None, "b"],
        ]
        self.assertRefused(
            register(Parties=[SMALL], Defaults=spells), "Defaults", 3, "B (Entered)", "overlaps the one on row 2"
        )
        twice = [spells[0], spells[0]]
        self.assertRefused(register(Parties=[SMALL], Defaults=twice), "Defaults", 3, "B (Entered)", "Duplicate row")

    def test_applicants_with_an_unknown_category_a_party_twice_or_acceding_before_applying(self):
        self.assertRefused(
            register(Applicants=[["New Co", "Supplier", D(2018, 1, 2)]]),
            "Applicants",
            2,
            "B (Category)",
            "Unknown party category 'Supplier'",
        )
        twice = [
            ["Tiny A", "Small Supplier", D(2015, 1, 2), SMALL[0]],
            ["Tiny B", "Small Supplier", D(2015, 2, 2), SMALL[0]],
        ]
        self.assertRefused(
            register(Parties=[SMALL], Applicants=twice),
            "Applicants",
            3,
            "D (Party it became)",
            "is already the party of the applicant on row 2",
        )
        late = [["Tiny A", "Small Supplier", D(2016, 2, 2), SMALL[0]]]
        self.assertRefused(
            register(Parties=[SMALL], Applicants=late),
            "Applicants",
            2,
            "C (Applied on)",
            "acceded on 04/01/2016, before this application on 02/02/2016",
        )

    def test_completions_with_an_unknown_role(self):
        data = register(Parties=[SMALL], Completions=[["UEP", SMALL[0], D(2017, 1, 1), "Chief Tester"]])
        self.assertRefused(data, "Completions", 2, "D (DCC user roles)", "Unknown DCC user role 'Chief Tester'")

    def test_papers_with_a_month_that_is_not_a_month_twice_or_issued_before_its_month(self):
        paper = ["2018-05", 57, D(2018, 6, 13), 22, D(2018, 6, 7), "Jo Author"]
        self.assertRefused(register(Papers=[["2018-13", *paper[1:]]]), "Papers", 2, "A (Month)", "2018-13")
        self.assertRefused(register(Papers=[paper, paper]), "Papers", 3, "A (Month)", "Duplicate row: May 2018")
        early = ["2018-07", 57, D(2018, 7, 13), 23, D(2018, 6, 30), "Jo Author"]
        self.assertRefused(
            register(Papers=[early]), "Papers", 2, "E (Issue date)", "cannot be issued before its month begins"
        )
        same_number = ["2018-06", 57, D(2018, 7, 13), 22, D(2018, 7, 7), "Jo Author"]
        self.assertRefused(
            register(Papers=[paper, same_number]),
            "Papers",
            3,
            "D (Paper number)",
            "Paper 22 of Panel meeting 57 is already the paper on row 2",
        )
        appendix = [*paper, None, None, None, None, None, None, None, None, None, "A | Testing | Purple | UEPT"]
        self.assertRefused(
            register(Papers=[appendix]), "Papers", 2, "P (Appendices)", "Unknown classification 'Purple'"
        )

    def test_all_or_nothing_a_good_row_is_not_written_beside_a_bad_one(self):
        errors = self.refused(register(Parties=[LARGE, [SMALL[0], "Tiny Supplier"]]))
        self.assertEqual(len(errors), 1)
        self.assertFalse(Party.objects.exists())

    def test_missing_and_unknown_sheets_and_columns(self):
        def drop(workbook):
            del workbook["Defaults"]
            workbook.create_sheet("Scratch")
            workbook["Parties"]["C1"] = "Group"

        errors = self.refused(edited(register(), drop))
        self.assertIn(("Defaults", None, None, "This sheet is missing from the workbook."), errors)
        self.assertTrue(any(e[0] == "Scratch" and "Unknown sheet" in e[3] for e in errors))
        self.assertIn(("Parties", 1, None, "The column 'Voting group' is missing from the header row."), errors)

    def test_a_zip_bomb_is_refused_before_anything_unpacks_it(self):
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("[Content_Types].xml", "<Types/>")
            archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (register_plan.LIMITS.member_bytes + 1))
        self.assertEqual(self.refused(out.getvalue())[0][3][:40], "The workbook's part xl/worksheets/sheet1")

    def test_a_workbook_with_macros_or_not_a_workbook(self):
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as archive:
            archive.writestr("[Content_Types].xml", "<Types/>")
            archive.writestr("xl/vbaProject.bin", b"macro")
        self.assertIn("contains macros", self.refused(out.getvalue())[0][3])
        self.assertIn("not an XLSX workbook", self.refused(b"Party,Category\n")[0][3])

    def test_a_problem_reads_with_sheet_row_and_column(self):
        problem = Problem("Parties", 4, "B (Category)", "Unknown category 'Big Supplier'.")
        self.assertEqual(str(problem), "Parties, row 4, column B (Category): Unknown category 'Big Supplier'.")


@time_machine.travel(NOW, tick=False)
class CorrectionTests(BaseTestCase):
    def test_a_corrected_accession_date_and_a_new_leaving_change_the_party_and_empty_cells_keep_the_rest(self):
        import_register(register(Parties=[SMALL], Defaults=[["Tiny Energy Limited", D(2017, 3, 1), None, "Unpaid."]]))
        corrected = register(
            Parties=[
                [
                    "Tiny Energy Limited",
                    "Small Supplier",
                    "",
                    D(2016, 1, 5),
                    None,
                    D(2018, 2, 1),
                    "Expulsion",
                    "Expelled.",
                ]
            ],
            Defaults=[["Tiny Energy Limited", D(2017, 3, 1), D(2017, 6, 1)]],
        )
        plan = import_register(corrected)
        self.assertEqual(
            [(r.sheet, r.status, r.changes) for r in plan.rows],
            [
                (
                    "Parties",
                    CHANGE,
                    [
                        ("acceded on", "04/01/2016", "05/01/2016"),
                        ("left on", "—", "01/02/2018 (Expulsion)"),
                        ("leaving note", "—", "Expelled."),
                    ],
                ),
                ("Defaults", CHANGE, [("left", "—", "01/06/2017")]),
            ],
        )
        party = Party.objects.get()
        self.assertEqual(
            sorted(party.events.values_list("kind", "date", "note")),
            [
                ("accession", D(2016, 1, 5), ""),
                ("default_entered", D(2017, 3, 1), "Unpaid."),
                ("default_left", D(2017, 6, 1), ""),
                ("expulsion", D(2018, 2, 1), "Expelled."),
            ],
        )


@time_machine.travel(NOW, tick=False)
class RefusedAsWrittenTests(BaseTestCase):
    """What only the models see as rows are written (a second DCC): the preview rehearses the
    writes and names the row; the import refuses it and writes nothing."""

    DATA = [["Smart DCC Ltd", "DCC"], ["Another DCC Ltd", "DCC"], SMALL]

    def test_the_preview_names_the_row(self):
        plan = register_plan.preview(register(Parties=self.DATA), "register.xlsx")
        self.assertEqual([(e.sheet, e.row) for e in plan.errors], [("Parties", 3)])
        self.assertIn("There is only one DCC.", plan.errors[0].message)

    def test_the_command_writes_nothing_and_exits_1(self):
        path = Path(tempfile.mkdtemp()) / "register.xlsx"
        path.write_bytes(register(Parties=self.DATA))
        errors = io.StringIO()
        with self.assertRaises(CommandError) as refused:
            call_command("import_register", str(path), stdout=io.StringIO(), stderr=errors)
        self.assertEqual(refused.exception.returncode, 1)
        self.assertIn("ERROR Parties, row 3: There is only one DCC.", errors.getvalue())
        self.assertFalse(Party.objects.exists())

    def test_an_empty_voting_group_keeps_the_group_on_record(self):
        import_register(register(Parties=[LARGE, AFFILIATE]))
        plan = import_register(register(Parties=[[AFFILIATE[0], "Large Supplier", None, AFFILIATE[3]]]))
        self.assertEqual([r.status for r in plan.rows], [SAME])
        self.assertEqual(Party.objects.get(name=AFFILIATE[0]).voting_group.name, "Northern Group")
