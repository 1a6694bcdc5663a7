"""Published figures, reconciled (issue 18): figures as the old papers printed them, read from
the register's Published figures sheet, compared with what the application works out from the
database as it stands; the approver accepts each difference with a note."""

import datetime
import io
from decimal import Decimal

import time_machine
from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction
from openpyxl import Workbook

from helpdesk.models import EmailTally
from opsreport.actions import AcceptanceError, accept_difference, withdraw_acceptance
from opsreport.models import AcceptedDifference, Paper
from opsreport.paper.assembly import assemble
from opsreport.paper.sections import effort, helpdesk, membership, testing, website
from opsreport.register.published import Address, figures, published_figures
from opsreport.register.reconcile import HEADER, SHEET, PrintedFigure, compare, read_sheet, read_workbook
from opsreport.sample.published import as_printed
from opsreport.workbook.reading import Table
from parties.models import EventKind, MembershipEvent
from tests.base import JUNE_2018, SampleTestCase

MAY_2018 = datetime.date(2018, 5, 1)
URL = "/register/reconcile/"
JULY_2017_TOTAL = (
    "June 2018 paper, Table 5, Total, Jul-17: the paper printed 1,439, the register gives 1,459: July 2017: the "
    "categories add up to 1,459 and the mailbox counted 1,439; Table 5 prints the categories' total"
)
NOTE = "The mailbox counted 1,439; the categories, which the application prints, add up to 1,459."


def sheet(rows, header=HEADER):
    """The Published figures sheet as the workbook reader gives it: data from row 2."""
    return Table(SHEET, list(header), [(number, list(row)) for number, row in enumerate(rows, start=2)])


def xlsx(rows, header=HEADER):
    workbook = Workbook()
    worksheet = workbook.active
    worksheet.title = SHEET
    worksheet.append(header)
    for row in rows:
        worksheet.append(list(row))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def printed_as_published():
    printed, problems = read_sheet(sheet(as_printed()))
    assert not problems, problems
    return printed


def move_accession(party, day):
    MembershipEvent.objects.filter(party__name=party, kind=EventKind.ACCESSION).update(date=day)


@time_machine.travel("2018-07-05 10:15 +0100", tick=False)
class ReadingTests(SampleTestCase):
    def test_the_june_2018_paper_as_printed_reads_every_row(self):
        printed, problems = read_sheet(sheet(as_printed()))
        self.assertEqual(problems, [])
        self.assertEqual(len(printed), len(as_printed()))
        june = next(f for f in printed if f.address == Address(JUNE_2018, "Table 3", "Accessions", "Jun-18"))
        self.assertEqual((june.value, june.row), (6, 17))
        parties = next(f for f in printed if f.address.table == "Parties at month end")
        self.assertEqual((parties.address, parties.value), (Address(JUNE_2018, "Parties at month end"), 309))

    def test_names_and_headings_are_read_as_people_type_them(self):
        rows = [
            ("2018-06", "table 3: SEC Party Statistics", "in default", "April 2018", "1"),
            (datetime.datetime(2018, 6, 1), "Table 5", "Total", "2017-07", "1,439"),
            ("2018-06", "Table 4", "Grand Total", "", 500.87),
            ("2018-06", "SEC Website Statistics", "page views", datetime.datetime(2018, 6, 1), 20292),
        ]
        printed, problems = read_sheet(sheet(rows))
        self.assertEqual(problems, [])
        self.assertEqual(
            [(f.address.label, f.value) for f in printed],
            [
                ("Table 3, In Default, Apr-18", 1),
                ("Table 5, Total, Jul-17", 1439),
                ("Table 4, Grand Total, Days", Decimal("500.87")),
                ("Table 6, Page Views, Jun-18", 20292),
            ],
        )

    def test_each_bad_row_is_a_problem_with_sheet_row_and_column_and_is_left_out(self):
        rows = [
            ("2018-06", "Table 3", "Accessions", "Jun-18", 6),  # row 2: good
            ("2018-06", "Table 9", "Accessions", "Jun-18", 6),
            ("2018-06", "Table 3", "Arrivals", "Jun-18", 6),
            ("2018-13", "Table 3", "Accessions", "Jun-18", 6),
            ("2018-06", "Table 3", "Accessions", "Jun-16", 6),
            ("2018-06", "Table 3", "Accessions", "May-18", "six"),
            ("2018-06", "Table 3", "Accessions", "Apr-18", 1.5),
            ("2018-06", "Parties at month end", "Total", "", 309),
            ("2018-06", "Table 4", "Grand Total", "Hours", 500.87),
            ("2018-06", "Table 3", "Accessions", "Jun-18", 7),  # row 11: the address of row 2 again
            ("", "Table 6", "Visits", "Jun-18", ""),
            ("2018-06", "Table 6", "Visits", datetime.datetime(2026, 6, 18), 6825),  # "Jun-18" made a date
        ]
        printed, problems = read_sheet(sheet(rows))
        self.assertEqual([f.row for f in printed], [2])
        self.assertEqual(
            [str(p) for p in problems],
            [
                "Published figures, row 3, column B (Table): Unknown table 'Table 9': expected Table 3, Figure 1, "
                "Table 4, Table 5, Table 6, or a figure printed in a sentence: Parties at month end, Voting groups at "
                "month end, SREPT parties, UEPT parties, UEPT roles, Resource days, Telephone enquiries, Email "
                "enquiries, New visitors, Returning visitors.",
                "Published figures, row 4, column C (Row): Table 3 has no row 'Arrivals': its rows are Accessions, "
                "In Default, Withdrawals, Expulsions.",
                "Published figures, row 5, column A (Month): '2018-13' has no month 13",
                "Published figures, row 6, column D (Column): Jun-16 is not a column of Table 3 in the June 2018 "
                "paper, which runs from Jun-17 to Jun-18.",
                "Published figures, row 7, column E (Value): 'six' is not a number: type the figure as printed, "
                "e.g. 1,439 or 500.87.",
                "Published figures, row 8, column E (Value): Table 3 counts in whole numbers: 1.5 is not one.",
                "Published figures, row 9, column C (Row): Parties at month end is printed in a sentence and has no "
                "row: leave it empty.",
                "Published figures, row 10, column D (Column): Table 4 has no column 'Hours': Days or empty.",
                "Published figures, row 11, column B (Table): Duplicate row: Table 3, Accessions, Jun-18 is already "
                "on row 2.",
                "Published figures, row 12, column A (Month): Give the month of the paper that printed the figure, "
                "as YYYY-MM.",
                "Published figures, row 12, column E (Value): Give the figure as the paper printed it.",
                "Published figures, row 13, column D (Column): This cell holds the date 18/06/2026, which a "
                "spreadsheet makes of a heading such as Jun-18: type the month as text ('Jun-18) or as YYYY-MM.",
            ],
        )

    def test_a_sheet_without_its_columns_is_refused_whole(self):
        printed, problems = read_sheet(sheet([("2018-06", "Table 3", 6)], header=["Month", "Table", "Value"]))
        self.assertEqual(printed, [])
        self.assertEqual(
            [str(p) for p in problems],
            [
                "Published figures, row 1: The column 'Row' is missing from the header row.",
                "Published figures, row 1: The column 'Column' is missing from the header row.",
            ],
        )

    def test_a_workbook_without_the_sheet_says_so(self):
        workbook = Workbook()
        out = io.BytesIO()
        workbook.save(out)
        printed, problems = read_workbook(out.getvalue(), "register.xlsx")
        self.assertEqual(
            (printed, [str(p) for p in problems]), ([], ["The workbook has no 'Published figures' sheet."])
        )


@time_machine.travel("2018-07-05 10:15 +0100", tick=False)
class CompareTests(SampleTestCase):
    def test_the_june_2018_paper_as_printed_differs_from_the_sample_only_where_the_sample_keeps_it(self):
        # docs/sample-data.md: July 2017's categories add up to 1,459, the paper printed the mailbox's 1,439.
        self.assertEqual([str(d) for d in compare(printed_as_published())], [JULY_2017_TOTAL])

    def test_a_changed_accession_date_names_table_3_changed_cells(self):
        move_accession("Foxglove Energy Supply Limited", datetime.date(2018, 3, 20))  # acceded 12/04/2018
        printed, problems = read_workbook(xlsx(as_printed()), "register.xlsx")
        self.assertEqual(problems, [])
        differences = [d for d in compare(printed) if d.address.table == "Table 3"]
        self.assertEqual(
            [d.text for d in differences],
            [
                "Table 3, Accessions, Mar-18: the paper printed 0, the register gives 1: the register's accessions in "
                "March 2018: Foxglove Energy Supply Limited (20/03/2018)",
                "Table 3, Accessions, Apr-18: the paper printed 15, the register gives 14: the register's accessions "
                "in April 2018: Sample Small Supplier 087 Limited (02/04/2018), Sample Other SEC Party 060 Limited "
                "(04/04/2018), Sample Small Supplier 086 Limited (06/04/2018), Sample Other SEC Party 059 Limited "
                "(08/04/2018), Sample Small Supplier 085 Limited (10/04/2018) and 9 more",
            ],
        )
        self.assertEqual(len(compare(printed)), 3)  # and the July 2017 total; nothing else moved

    def test_what_the_application_prints_reconciles_with_itself(self):
        printed, problems = read_sheet(sheet(published_figures(JUNE_2018)))
        self.assertEqual(problems, [])
        self.assertEqual(compare(printed), [])

    def test_the_figures_are_those_the_assembled_paper_prints(self):
        paper = assemble(Paper.objects.prefetch_related("appendices").get(month=JUNE_2018))
        found = {(a.table, a.row, a.column): v for a, v in figures(JUNE_2018).items()}
        table3 = paper.section(membership)
        for row in table3.rows:
            self.assertEqual([found[("Table 3", row.label, m.strftime("%b-%y"))] for m in table3.months], row.values)
        self.assertEqual(found[("Parties at month end", "", "")], table3.parties_total)
        self.assertEqual(found[("Voting groups at month end", "", "")], table3.voting_groups_total)
        self.assertEqual([found[("Figure 1", label, "")] for label in table3.figure.labels], table3.figure.series[0][1])
        table5 = paper.section(helpdesk)
        months = [m.strftime("%b-%y") for m in table5.months]
        for name, counts in [*table5.rows, ("Total", table5.totals)]:
            self.assertEqual([found[("Table 5", name, m)] for m in months], counts)
        self.assertEqual((found[("Telephone enquiries", "", "")], found[("Email enquiries", "", "")]), (47, 1328))
        table4 = paper.section(effort)
        self.assertEqual(found[("Table 4", "Grand Total", "Days")], Decimal("500.87"))
        self.assertEqual(len([k for k in found if k[0] == "Table 4"]), len(table4.rows) + 1)
        table6 = paper.section(website)
        self.assertEqual([found[("Table 6", "Visits", m.strftime("%b-%y"))] for m in table6.months], table6.visits)
        tested = paper.section(testing)
        self.assertEqual(
            [found[(name, "", "")] for name in ("SREPT parties", "UEPT parties", "UEPT roles")],
            [tested.srept_parties, tested.uept_parties, tested.uept_roles],
        )

    def test_a_month_without_a_paper_is_worked_out_from_the_register(self):
        self.assertFalse(Paper.objects.filter(month=MAY_2018).exists())
        rows = [
            ("2018-05", "Parties at month end", "", "", 303),
            ("2018-05", "Table 3", "Accessions", "May-18", 2),
            ("2018-05", "Table 5", "Total", "May-18", 1205),
            ("2018-05", "UEPT parties", "", "", 1),
        ]
        printed, _ = read_sheet(sheet(rows))
        self.assertEqual(
            [str(d) for d in compare(printed)],
            [
                "May 2018 paper, UEPT parties: the paper printed 1, the register gives 0: the register's UEPT "
                "completions from 01/05/2018 to 31/05/2018 (May 2018, no paper for it being on record): none"
            ],
        )
        self.assertIn(("2018-05", "Parties at month end", "", "", 303), published_figures(MAY_2018))

    def test_each_difference_says_why_from_the_records(self):
        rows = [
            ("2018-06", "Table 3", "In Default", "Apr-18", 0),
            ("2018-06", "Table 3", "Withdrawals", "Aug-17", 1),
            ("2018-06", "Table 5", "Webinars", "Jun-18", 4),
            ("2018-06", "Table 4", "Core Panel and Board", "Days", 60),
            ("2018-06", "Parties at month end", "", "", 310),
            ("2018-06", "UEPT roles", "", "", 4),
        ]
        printed, _ = read_sheet(sheet(rows))
        self.assertEqual(
            [d.text for d in compare(printed)],
            [
                "Table 3, In Default, Apr-18: the paper printed 0, the register gives 1: in default in the register: "
                "Sample Small Supplier 051 Limited (from 09/04/2018 to 26/04/2018)",
                "Table 3, Withdrawals, Aug-17: the paper printed 1, the register gives 0: the register has no "
                "withdrawals in August 2017",
                "Table 5, Webinars, Jun-18: the paper printed 4, the register gives nothing: the register has no "
                "enquiry category 'Webinars'",
                "Table 4, Core Panel and Board, Days: the paper printed 60.00, the register gives 59.11: 1 entry "
                "booked to Core Panel and Board in June 2018",
                "Parties at month end: the paper printed 310, the register gives 309: up to 30/06/2018 the register "
                "holds 313 accessions less 4 withdrawals and expulsions (the DCC not counted)",
                "UEPT roles: the paper printed 4, the register gives 5: the register's UEPT completions from "
                "16/06/2018 to 06/07/2018 (since the last SEC Panel meeting (15/06/2018)): Sample Small Supplier "
                "101 Limited (20/06/2018, 2 roles, amber), Sample Other SEC Party 080 Limited (26/06/2018, 2 roles, "
                "amber), Sample Small Supplier 102 Limited (29/06/2018, 1 role, amber)",
            ],
        )


@time_machine.travel("2018-07-05 10:15 +0100", tick=False)
class AcceptanceTests(SampleTestCase):
    def july_2017_total(self):
        return next(f for f in printed_as_published() if f.address.label == "Table 5, Total, Jul-17")

    def test_an_accepted_difference_is_kept_with_who_and_when_and_shown_accepted(self):
        accepted = accept_difference(self.july_2017_total(), NOTE, self.alex)
        self.assertEqual(
            (accepted.month, accepted.table, accepted.row, accepted.column, accepted.printed, accepted.computed),
            (datetime.date(2018, 6, 1), "Table 5", "Total", "Jul-17", Decimal(1439), Decimal(1459)),
        )
        self.assertEqual((accepted.note, accepted.accepted_by), (NOTE, self.alex))
        self.assertEqual(accepted.accepted_at, datetime.datetime(2018, 7, 5, 9, 15, tzinfo=datetime.UTC))
        [difference] = compare(printed_as_published())
        self.assertEqual(difference.accepted, accepted)
        self.assertEqual(accepted.history.get().history_change_reason, f"Difference accepted: {JULY_2017_TOTAL}")

    def test_an_acceptance_no_longer_holds_once_the_figures_move(self):
        accept_difference(self.july_2017_total(), NOTE, self.alex)
        tally = EmailTally.objects.get(helpdesk_month__month=datetime.date(2017, 7, 1), category__name="Other")
        tally.emails -= 10
        tally.save()
        other, difference = compare(printed_as_published())
        self.assertEqual(other.address.label, "Table 5, Other, Jul-17")
        self.assertIsNone(difference.accepted)
        self.assertEqual(
            difference.superseded_text,
            "Accepted on 05/07/2018 when the paper printed 1,439 and the register gave 1,459: the figures have moved since.",
        )
        accept_difference(self.july_2017_total(), "Ten emails were counted twice.", self.alex)  # replaces it
        self.assertEqual(AcceptedDifference.objects.get().computed, 1449)

    def test_what_cannot_be_accepted_is_refused_in_words(self):
        figure = self.july_2017_total()
        with self.assertRaisesMessage(AcceptanceError, "write the note"):
            accept_difference(figure, "  ", self.alex)
        accept_difference(figure, NOTE, self.alex)
        with self.assertRaisesMessage(AcceptanceError, "Already accepted by alex."):
            accept_difference(figure, NOTE, self.alex)
        same = PrintedFigure(Address(JUNE_2018, "Table 3", "Accessions", "Jun-18"), Decimal(6))
        with self.assertRaisesMessage(AcceptanceError, "the register now gives the printed figure"):
            accept_difference(same, NOTE, self.alex)
        withdraw_acceptance(figure.address, self.alex)
        self.assertFalse(AcceptedDifference.objects.exists())
        with self.assertRaisesMessage(AcceptanceError, "That difference is not accepted."):
            withdraw_acceptance(figure.address, self.alex)

    def test_the_database_keeps_one_acceptance_per_address_and_a_note(self):
        fields = dict(month=JUNE_2018, table="Table 5", row="Total", column="Jul-17", printed=1439, computed=1459)
        AcceptedDifference.objects.create(**fields, note=NOTE, accepted_by=self.alex, accepted_at="2018-07-05T10:00Z")
        with self.assertRaises(IntegrityError), transaction.atomic():
            AcceptedDifference.objects.create(
                **fields, note=NOTE, accepted_by=self.alex, accepted_at="2018-07-05T10:00Z"
            )
        with self.assertRaises(IntegrityError), transaction.atomic():
            AcceptedDifference.objects.create(
                **{**fields, "column": "Aug-17"}, note="", accepted_by=self.alex, accepted_at="2018-07-05T10:00Z"
            )


@time_machine.travel("2018-07-05 10:15 +0100", tick=False)
class PageTests(SampleTestCase):
    def setUp(self):
        self.client.force_login(self.alex)

    def post_file(self, data, name="register.xlsx"):
        upload = io.BytesIO(data)
        upload.name = name
        return self.client.post(URL, {"action": "upload", "workbook": upload})

    def test_only_the_approver_reconciles(self):
        for user in (self.erin, self.pat):
            self.client.force_login(user)
            self.assertEqual(self.client.get(URL).status_code, 403)
            self.assertEqual(self.post_file(xlsx(as_printed())).status_code, 403)
        self.client.logout()
        self.assertRedirects(self.client.get(URL), f"/accounts/login/?next={URL}", fetch_redirect_response=False)

    def test_the_approver_uploads_sees_the_difference_and_accepts_it_with_a_note(self):
        page = self.post_file(xlsx(as_printed()))
        self.assertContains(
            page, "<strong>244</strong> figures compared: <strong>1</strong> difference open, 0 accepted."
        )
        self.assertContains(page, "Table 5, Total, Jul-17")
        self.assertContains(page, "July 2017: the categories add up to 1,459 and the mailbox counted 1,439")
        place = next(i for i, row in enumerate(as_printed()) if row[1:4] == ("Table 5", "Total", "Jul-17"))
        self.assertContains(page, f'<input type="hidden" name="figure" value="{place}">')
        page = self.client.post(
            URL, {"action": "accept", "figure": place, "address": "Table 5, Total, Jul-17", "note": NOTE}, follow=True
        )
        self.assertContains(page, "Accepted: Table 5, Total, Jul-17 of the June 2018 paper.")
        self.assertContains(page, "<strong>0</strong> differences open, 1 accepted.")
        self.assertContains(page, f"by alex on 05/07/2018 10:15: “{NOTE}”", html=False)
        self.assertEqual(AcceptedDifference.objects.get().accepted_by, self.alex)
        page = self.client.post(
            URL, {"action": "withdraw", "figure": place, "address": "Table 5, Total, Jul-17"}, follow=True
        )
        self.assertContains(page, "Acceptance withdrawn: Table 5, Total, Jul-17 is open again.")
        self.assertFalse(AcceptedDifference.objects.exists())

    def test_a_form_from_an_older_upload_accepts_nothing(self):
        self.post_file(xlsx(as_printed()))
        page = self.client.post(
            URL, {"action": "accept", "figure": 0, "address": "Table 5, Total, Jul-17", "note": NOTE}, follow=True
        )
        self.assertContains(page, "That figure is no longer in the uploaded sheet")
        self.assertFalse(AcceptedDifference.objects.exists())

    def test_bad_rows_are_listed_and_the_good_ones_compared(self):
        page = self.post_file(xlsx([*as_printed(), ("2018-06", "Table 3", "Accessions", "Jun-16", 6)]))
        self.assertContains(page, "1 row could not be read, and is left out of the comparison:")
        self.assertContains(page, "row 246, column D (Column): Jun-16 is not a column of Table 3")
        self.assertContains(page, "<strong>244</strong> figures compared")

    def test_a_file_that_is_no_workbook_is_refused(self):
        page = self.post_file(b"not a workbook", "register.xlsx")
        self.assertContains(page, "This is not an XLSX workbook")
        self.assertNotIn("published_figures", self.client.session)

    def test_the_page_asks_a_fixed_number_of_queries(self):
        self.post_file(xlsx(as_printed()))
        # session and user (2), the June 2018 figures (testing 5, Table 3 and Figure 1 2, effort 2,
        # helpdesk 3, website 1), the July 2017 total's hint (2) and the acceptances (1).
        with self.assertNumQueries(20):
            self.assertEqual(self.client.get(URL).status_code, 200)


@time_machine.travel("2018-07-05 10:15 +0100", tick=False)
class CommandTests(SampleTestCase):
    def run_command(self, rows, tmp="register.xlsx"):
        import tempfile
        from pathlib import Path

        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / tmp
            path.write_bytes(xlsx(rows))
            out = io.StringIO()
            call_command("reconcile", str(path), stdout=out)
            return out.getvalue()

    def test_it_prints_every_difference_and_its_acceptance(self):
        out = self.run_command(as_printed())
        self.assertIn(f"DIFFERS  {JULY_2017_TOTAL}\n", out)
        self.assertIn("244 figures compared: 1 differences open, 0 accepted; 0 rows not read.", out)
        accept_difference(
            next(f for f in printed_as_published() if f.address.column == "Jul-17" and f.address.row == "Total"),
            NOTE,
            self.alex,
        )
        self.assertIn(f"ACCEPTED {JULY_2017_TOTAL}  [note: {NOTE}]", self.run_command(as_printed()))

    def test_a_row_it_cannot_read_fails_the_command(self):
        with self.assertRaisesMessage(CommandError, "1 row(s) of the sheet could not be read."):
            self.run_command([("2018-06", "Table 9", "Accessions", "Jun-18", 6)])
