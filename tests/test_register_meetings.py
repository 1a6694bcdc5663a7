"""The register's Committees, Meetings, Modifications, Modification statuses, Releases and SEC
versions sheets: bad rows refused with their sheet, row and column (in the words of the
screens' forms), nothing written; records new in the file named by later sheets of the same
file; a meeting's dates corrected within its month change it rather than add another."""

import datetime

import time_machine

from meetings.models import Committee, Meeting, Modification, ModificationStatus, StatusChange
from meetings.reports import statuses_on
from opsreport.register import plan as register_plan
from opsreport.register.export import register_bytes
from opsreport.workbook.apply import ImportRefused, apply
from opsreport.workbook.plan import CHANGE, CREATE, SAME
from tests.base import SampleTestCase
from tests.register_helpers import append_rows, edited, import_register, sheet_rows

NOW = datetime.datetime(2018, 7, 10, 10, 0)


@time_machine.travel(NOW, tick=False)
class MeetingSheetsTests(SampleTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.register = register_bytes()

    def next_row(self, sheet):
        return len(sheet_rows(self.register, sheet)) + 1

    def errors_with(self, sheet, *rows):
        plan = register_plan.build(append_rows(self.register, sheet, list(rows)), "register.xlsx")
        return [str(error) for error in plan.errors]

    def test_bad_committees(self):
        n = self.next_row("Committees")
        self.assertEqual(
            self.errors_with(
                "Committees",
                ["Audit Committee", "Audit", 3],
                ["Audit Committee 2", None, 3],
                ["Audit Committee 3", "Working Group", "third"],
                ["Audit Committee 4", "Working Group", 4, "Met in {month}.", "{committee} {nummer}"],
                ["tabasc", "TABASC", 3],
            ),
            [
                f"Committees, row {n}, column B (Category): Unknown committee category 'Audit': choose SEC Panel, "
                "SECCo Board, TABASC, SEC Change Board, Working Group, Security Sub-Committee (SSC), SMKI PMA, "
                "Operations Group (OPSG), Testing Advisory Group (TAG), Modifications Question Hour, Transitional "
                "group, The Authority (Ofgem).",
                f"Committees, row {n + 1}, column B (Category): This field is required.",
                f"Committees, row {n + 2}, column C (Position): Enter a whole number.",
                f"Committees, row {n + 3}, column E (Link pattern): Unknown placeholder {{nummer}}: use {{committee}}, "
                "{number}, {ddmm}, {date}, {month}.",
                f"Committees, row {n + 4}, column A (Name): Duplicate row: tabasc is already on row 4.",
            ],
        )

    def test_bad_meetings(self):
        n = self.next_row("Meetings")
        self.assertEqual(
            self.errors_with(
                "Meetings",
                ["Audit Committee", "", "03/03/2016", "Met."],
                ["TABASC", "", "31/02/2016", "Met."],
                ["TABASC", "", "03/03/2016", ""],
                ["TABASC", "", "03/03/2016", "Met.", "Perhaps"],
                ["TABASC", "", "03/03/2016", "Met.", "No", "Minutes | javascript:alert(1)"],
                ["TABASC", "", "03/03/2016", "Met.", "No", "", "SECMP9999"],
                ["TABASC", "", "03/03/2016", "Met.", "No", "", "SECMP0051 (postponed)"],
                ["TABASC", "TABASC 9", "04/03/2016", "Met."],
                ["TABASC", "tabasc  9", "04/03/2016, 05/03/2016", "Met again."],
            ),
            [
                f"Meetings, row {n}, column A (Committee): Unknown committee 'Audit Committee': give it a row on the "
                "Committees sheet.",
                f"Meetings, row {n + 1}, column C (Dates): '31/02/2016' is not a date written as DD/MM/YYYY",
                f"Meetings, row {n + 2}, column D (Summary): The meeting needs its summary, as the meeting table "
                "prints it.",
                f"Meetings, row {n + 3}, column E (Confidential): 'Perhaps': answer Yes or No.",
                f"Meetings, row {n + 4}, column F (Links): Link 1: 'javascript:alert(1)' is not a web address "
                "(http:// or https://).",
                f"Meetings, row {n + 5}, column G (Modifications): Unknown modification 'SECMP9999': it is not on "
                "record.",
                f"Meetings, row {n + 6}, column G (Modifications): 'SECMP0051 (postponed)': 'postponed' is not a "
                "decision; write discussed, approved, rejected.",
                f"Meetings, row {n + 8}, column B (Name): Duplicate row: tabasc 9 (04/03/2016) is already on row "
                f"{n + 7}.",
            ],
        )

    def test_bad_modifications_statuses_releases_and_versions(self):
        m, s, r, v = (
            self.next_row(name) for name in ("Modifications", "Modification statuses", "Releases", "SEC versions")
        )
        data = append_rows(
            self.register,
            "Modifications",
            [["SECMP51", "A title"], ["SECMP0990", None], ["SECMP0991", "Title", "Next Tuesday's release"]],
        )
        data = append_rows(
            data,
            "Modification statuses",
            [
                ["SECMP0051", "Shelved", "01/02/2018"],
                ["SECMP0992", "Approved", "01/02/2018"],
                ["SECMP0051", "Approved", None],
            ],
        )
        data = append_rows(data, "Releases", [["June 2020 SEC Release", "soon"]])
        data = append_rows(data, "SEC versions", [[6.1, "01/02/2018"], ["6.x", "01/02/2018"]])
        errors = [str(e) for e in register_plan.build(data, "register.xlsx").errors]
        self.assertEqual(
            errors,
            [
                f"Releases, row {r}, column B (Go live): 'soon' is not a date written as DD/MM/YYYY",
                f"SEC versions, row {v}, column A (Number): 6.1 is a number, and a number drops a version's last zero "
                "(5.10 reads 5.1): format the cell as text and type the version again.",
                f"SEC versions, row {v + 1}, column A (Number): Write the version as major.minor, e.g. 5.19.",
                f"Modifications, row {m}, column A (Reference): A modification reference is SECMP and four digits, "
                "e.g. SECMP0027.",
                f"Modifications, row {m + 1}, column B (Title): This field is required.",
                f'Modifications, row {m + 2}, column C (Target release): Unknown release "Next Tuesday\'s release": '
                "name one from the Releases sheet.",
                f"Modification statuses, row {s}, column B (Status): Unknown status 'Shelved': choose Proposed, "
                "Development, Refinement Process, Report Phase, Change Board vote, Approved, Rejected, Implemented, "
                "Withdrawn.",
                f"Modification statuses, row {s + 1}, column A (Reference): Unknown modification 'SECMP0992': give it "
                "a row on the Modifications sheet.",
                f"Modification statuses, row {s + 2}, column C (From): Give the date, as DD/MM/YYYY.",
            ],
        )

    def test_a_bad_row_writes_nothing(self):
        data = append_rows(self.register, "Committees", [["Audit Committee", "Working Group", 15]])
        data = append_rows(data, "Meetings", [["Audit Committee", "", "03/03/2016", "Met.", "No", "", "SECMP9999"]])
        plan = register_plan.preview(data, "register.xlsx")
        self.assertEqual(len(plan.errors), 1)
        with self.assertRaises(ImportRefused):
            apply(plan)
        self.assertFalse(Committee.objects.filter(name="Audit Committee").exists())

    def test_a_committee_a_modification_and_a_decision_new_in_one_file(self):
        data = append_rows(self.register, "Releases", [["June 2020 SEC Release", "25/06/2020", "No"]])
        data = append_rows(data, "Modifications", [["SECMP0990", "A new modification", "June 2020 SEC Release"]])
        data = append_rows(
            data,
            "Modification statuses",
            [["SECMP0990", "Proposed", "01/02/2016"], ["SECMP0990", "Implemented", "03/03/2016"]],
        )
        data = append_rows(
            data,
            "Committees",
            [["Audit Committee", "SEC Change Board", 15, "Met in {month}.", "{committee} {number} — Notes"]],
        )
        data = append_rows(
            data,
            "Meetings",
            [
                [
                    "Audit Committee",
                    "AC 3",
                    "03/03/2016",
                    "Met.",
                    "No",
                    "https://example.org/ac3",
                    "SECMP0990 (approved)",
                ]
            ],
        )
        plan = import_register(data)
        self.assertEqual(plan.count(CHANGE), 0)
        self.assertEqual(
            [(r.sheet, r.label) for r in plan.rows if r.status == CREATE],
            [
                ("Releases", "June 2020 SEC Release"),
                ("Modifications", "SECMP0990"),
                ("Committees", "Audit Committee"),
                ("Meetings", "AC 3 (03/03/2016)"),
                ("Modification statuses", "SECMP0990: Proposed from 01/02/2016"),
                ("Modification statuses", "SECMP0990: Implemented from 03/03/2016"),
            ],
        )
        meeting = Meeting.objects.get(committee__name="Audit Committee")
        self.assertEqual(
            [(link.label, link.url) for link in meeting.links.all()], [("AC 3 — Notes", "https://example.org/ac3")]
        )
        modification = Modification.objects.get(reference="SECMP0990")
        self.assertEqual(modification.target_release.name, "June 2020 SEC Release")
        # The Change Board's approval that day, then the status typed for the same day: the typed one counts.
        day = datetime.date(2016, 3, 3)
        self.assertEqual(
            list(StatusChange.objects.filter(modification=modification, date=day).values_list("status", "decision")),
            [(ModificationStatus.APPROVED, meeting.decisions.get().pk), (ModificationStatus.IMPLEMENTED, None)],
        )
        self.assertEqual(statuses_on(day)["SECMP0990"], ModificationStatus.IMPLEMENTED)
        again = register_plan.preview(data, "register.xlsx")
        self.assertEqual((again.errors, again.count(CREATE), again.count(SAME)), ([], 0, len(again.rows)))

    def test_a_meetings_dates_corrected_within_its_month_change_it(self):
        meeting = Meeting.objects.filter(committee__name="TABASC").prefetch_related("dates").first()
        first = min(d.date for d in meeting.dates.all())
        moved = first.replace(day=28 if first.day != 28 else 27)
        shown = f"{first:%d/%m/%Y}"

        def move(workbook):
            for cells in workbook["Meetings"].iter_rows(min_row=2):
                if cells[0].value == "TABASC" and str(cells[2].value).startswith(shown):
                    cells[2].value = f"{moved:%d/%m/%Y}"

        plan = register_plan.preview(edited(self.register, move), "register.xlsx")
        self.assertEqual(plan.errors, [])
        changed = [(r.sheet, r.changes[0]) for r in plan.rows if r.status != SAME]
        self.assertEqual(changed, [("Meetings", ("dates", shown, f"{moved:%d/%m/%Y}"))])
        count = Meeting.objects.count()
        apply(plan)
        self.assertEqual(Meeting.objects.count(), count)
        self.assertEqual([d.date for d in Meeting.objects.get(pk=meeting.pk).dates.all()], [moved])

    def test_an_empty_cell_leaves_a_committee_as_it_is(self):
        committee = Committee.objects.exclude(standard_summary="").first()

        def empty(workbook):
            for cells in workbook["Committees"].iter_rows(min_row=2):
                if cells[0].value == committee.name:
                    cells[3].value = None
                    cells[2].value = 99

        plan = register_plan.preview(edited(self.register, empty), "register.xlsx")
        changed = [(r.label, r.changes) for r in plan.rows if r.status != SAME]
        self.assertEqual(changed, [(committee.name, [("position", str(committee.position), "99")])])
        apply(plan)
        committee.refresh_from_db()
        self.assertEqual((committee.position, bool(committee.standard_summary)), (99, True))
