"""Each section of the June 2018 paper, assembled from the sample, against the seed paper."""

import datetime
from decimal import Decimal

from opsreport.models import Paper
from opsreport.paper.assembly import assemble
from opsreport.paper.sections import (
    accessions,
    effort,
    helpdesk,
    highlights,
    market,
    meetings,
    membership,
    testing,
    uep,
    website,
)
from tests.base import JUNE_2018, SampleTestCase

D = datetime.date


class JuneSectionsTests(SampleTestCase):
    def setUp(self):
        self.p = assemble(Paper.objects.prefetch_related("appendices").get(month=JUNE_2018))

    def test_front_page(self):
        p = self.p.front
        self.assertTrue(p.classification_statement.startswith("This document is classified as White"))
        self.assertEqual(p.reference, "SECP 58 1307 22")
        self.assertEqual(p.footer_reference, "SECP_58_1307_22")
        self.assertEqual(p.action, "For Information")
        self.assertEqual(p.title, "Operations Report — June 2018")
        self.assertIn("activities undertaken by the SECAS team in June 2018", p.purpose)
        self.assertEqual(p.recommendation, "The Panel are requested to NOTE the contents of this paper.")
        self.assertEqual((p.author, p.team, p.issue_date), ("Hollie McGovern", "SECAS Team", D(2018, 7, 6)))
        self.assertEqual(p.appendices, [("A", "Testing Update UEPT", "Amber")])
        # The paper answers for its front page what the base template and the PDF ask of it.
        self.assertEqual(
            (self.p.month_key, self.p.footer_reference, self.p.title), ("2018-06", "SECP_58_1307_22", p.title)
        )
        self.assertEqual((self.p.classification, self.p.classification_label), ("white", "White"))

    def test_sections_in_print_order(self):
        modules = [market, accessions, uep, testing, membership, highlights, effort, helpdesk, website, meetings]
        self.assertEqual([part.key for part, _ in self.p.walk()], [module.PART.key for module in modules])
        # Numbered by their place in the list, as the June 2018 paper numbers them.
        self.assertEqual(
            [part.heading for part, _ in self.p.walk()],
            [
                "1. Market Entry and Exit",
                "1.1 Accessions",
                "1.2 User Entry Process (UEP) completion",
                "1.3 Testing Update",
                "1.4 Membership",
                "2. Monthly SECAS Highlights",
                "3. SECAS Time Devoted by Service Area",
                "4. Helpdesk Activities",
                "5. SEC Website Update and Statistics",
                "6. SEC Meeting Details",
            ],
        )
        self.assertEqual(
            [part.template for part, _ in self.p.walk() if part.number.endswith(".")],
            [
                f"paper/sections/{name}.html"
                for name in ["market", "highlights", "effort", "helpdesk", "website", "meetings"]
            ],
        )

    def test_numbering_follows_the_seed(self):
        self.assertEqual(
            [str(t) for t in self.p.tables],
            [
                "Table 1: Applicants that will accede to the SEC",
                # The seed's title, with the date its period runs from (tests/test_paper_period_words.py).
                "Table 2: Parties that completed UEP since the last SEC Panel meeting (15/06/2018)",
                "Table 3: SEC Party Statistics",
                "Table 4: Division of Effort by Driver (Days Worked)",
                "Table 5: SECAS Helpdesk Emails",
                "Table 6: SEC Website Statistics",
            ],
        )
        self.assertEqual(
            [str(f.caption) for f in self.p.figures],
            ["Figure 1: Breakdown of SEC Party Voting Groups", "Figure 2: SEC Website Usage"],
        )
        self.assertEqual([f.number for f in self.p.footnotes], list(range(1, 16)))

    def test_section_1_accessions_and_uep(self):
        applicants = self.p.section(accessions).applicants
        self.assertEqual([(a.name, a.category) for a in applicants], [("Leep Gas Networks Limited", "Other SEC Party")])
        p = self.p.section(uep)
        self.assertEqual((p.since_first, p.since_last), (D(2018, 6, 16), D(2018, 7, 6)))
        self.assertEqual(
            [(u.party, u.category, u.completed_on) for u in p.completions],
            [
                ("Foxglove Energy Supply Limited", "Small Supplier", D(2018, 6, 18)),
                ("IMServ Europe Limited", "Other SEC Party", D(2018, 6, 21)),
            ],
        )
        self.assertEqual(sorted(p.completions[0].roles), ["Export Supplier", "Gas Supplier", "Import Supplier"])
        self.assertEqual(p.completions[1].roles, ["Registered Supplier Agent (RSA)"])

    def test_section_1_testing_update(self):
        p = self.p.section(testing)
        self.assertEqual((p.srept_parties, p.uept_parties, p.uept_roles), (0, 3, 5))
        self.assertEqual(p.uept_appendix, "Appendix A")
        self.assertEqual((p.since_first, p.since_last), (D(2018, 6, 16), D(2018, 7, 6)))

    def test_section_1_membership_table_and_footnotes(self):
        m = self.p.section(membership)
        self.assertEqual(m.accessions.values, [9, 3, 7, 8, 6, 3, 3, 1, 3, 0, 15, 2, 6])
        self.assertEqual(m.in_default.values, [0] * 10 + [1, 1, 1])
        self.assertEqual(m.withdrawals.values, [0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0])
        self.assertEqual(m.expulsions.values, [1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0])
        self.assertEqual(
            [(row.kind, row.label) for row in m.rows],
            [
                ("accessions", "Accessions"),
                ("in_default", "In Default"),
                ("withdrawals", "Withdrawals"),
                ("expulsions", "Expulsions"),
            ],
        )
        marks = [(row.label, i, f.number) for row in m.rows for i, c in enumerate(row.cells) for f in c.footnotes]
        self.assertEqual(
            marks,
            [
                ("In Default", 12, 1),
                ("Withdrawals", 1, 2),
                ("Withdrawals", 5, 3),
                ("Expulsions", 0, 4),
                ("Expulsions", 8, 5),
            ],
        )
        self.assertTrue(self.p.footnotes[1].text.startswith("CNG (Group) Limited voluntarily"))
        self.assertEqual((m.parties_total, m.voting_groups_total), (309, 242))
        self.assertEqual(m.previous_parties_total, 303)
        self.assertEqual(str(m.table), "Table 3: SEC Party Statistics")
        self.assertEqual(m.figure.labels[1], "Other SEC Parties")
        self.assertEqual(m.figure.series[0][1], [12, 86, 114, 13, 17])
        self.assertIs(self.p.figures[0], m.figure)

    def test_section_2_highlights(self):
        parts = self.p.section(highlights).parts
        self.assertEqual(
            [h for h, _ in parts],
            [
                "Change and Release Update",
                "Technical Support Update",
                "Security and Privacy Update",
                "Party Support Update",
            ],
        )
        self.assertIn("SEC Version 5.19 went live on 25th June 2018", " ".join(parts[0][1]))

    def test_highlights_typed_in_a_browser_keep_their_paragraphs(self):
        Paper.objects.filter(month=JUNE_2018).update(party_support="First.\r\n\r\nSecond.\r\nStill second.")
        p = assemble(Paper.objects.prefetch_related("appendices").get(month=JUNE_2018))
        self.assertEqual(p.section(highlights).parts[3][1], ["First.", "Second.\r\nStill second."])

    def test_merged_meeting_summaries_keep_every_link(self):
        from meetings.models import Meeting, MeetingLink

        forum = Meeting.objects.get(committee__name="Smart Metering Delivery Group")
        MeetingLink.objects.create(meeting=forum, label="SMDG headlines", url="https://example.org/smdg/")
        p = assemble(Paper.objects.prefetch_related("appendices").get(month=JUNE_2018))
        lines = {line.committee: line for line in p.section(meetings).lines}
        self.assertEqual(lines["Smart Metering Delivery Group"].summary_rowspan, 1)
        self.assertEqual(lines["BEIS Implementation Managers Forum"].summary_rowspan, 1)
        self.assertEqual(lines["Technical and Business Design Group"].summary_rowspan, 2)

    def test_section_3_effort(self):
        from opsreport.lib.formats import days

        p = self.p.section(effort)
        self.assertTrue(p.entered)
        self.assertEqual(days(p.total), "500.87")
        self.assertEqual(len(p.rows), 8)
        self.assertEqual(days(p.rows[2][1]), "146.10")
        self.assertEqual(sum(Decimal(days(v)) for _, v in p.rows), Decimal("500.88"))

    def test_section_4_helpdesk(self):
        p = self.p.section(helpdesk)
        self.assertEqual((p.telephone, p.emails), (47, 1328))
        self.assertEqual(p.months[0], D(2017, 7, 1))
        self.assertEqual(len(p.rows), 11)
        self.assertEqual(p.mailbox_totals[0], 1439)
        # The Total row is computed from the categories: July 2017 adds up to 1,459.
        self.assertEqual(p.totals, [1459, 1432, 1149, 1249, 1580, 934, 1727, 1503, 1385, 1211, 1205, 1328])

    def test_section_5_website(self):
        p = self.p.section(website)
        self.assertEqual((p.new_visitors, p.returning_visitors), (2118, 1254))
        self.assertEqual(p.years, [(2017, 6), (2018, 6)])
        self.assertEqual(p.visits[0], 5775)
        self.assertEqual(p.page_views[-1], 20292)
        self.assertEqual((p.visits_note.number, p.page_views_note.number), (6, 7))
        self.assertEqual(p.figure.series, [("Visits", p.visits), ("Page Views", p.page_views)])
        self.assertIs(self.p.figures[1], p.figure)

    def test_section_6_meetings(self):
        lines = self.p.section(meetings).lines
        self.assertEqual(len(lines), 14)
        self.assertEqual(lines[0].committee, "SEC Panel")
        self.assertEqual((lines[0].category, lines[0].category_rowspan), ("SEC Governance Meetings", 10))
        change_board = lines[3]
        self.assertEqual(
            [(ref, f.number) for ref, f in change_board.modifications],
            [("SECMP0027", 8), ("SECMP0047", 9), ("SECMP0052", 10)],
        )
        self.assertEqual(self.p.footnotes[7].text, "SECMP0027: Amending Service Request Forecasting")
        self.assertEqual(
            self.p.footnotes[14].text, "SECMP0051: Section D Review: Amendments to the Fast Track Modification process"
        )
        working_group = lines[4]
        self.assertEqual(working_group.dates, [D(2018, 6, 14), D(2018, 6, 19), D(2018, 6, 25)])
        transitional = lines[10:]
        self.assertEqual([line.summary_rowspan for line in transitional], [4, 0, 0, 0])
        self.assertEqual(transitional[0].category, "Transitional Groups")
        tabasc = lines[2]
        self.assertEqual(tabasc.links[0].url, "https://smartenergycodecompany.co.uk/download/7321/")

    def test_a_modification_is_footnoted_only_at_its_first_mention(self):
        from meetings.models import Meeting, MeetingModification, Modification

        ssc = Meeting.objects.get(committee__name="Security Sub-Committee (SSC)")
        MeetingModification.objects.create(meeting=ssc, modification=Modification.objects.get(reference="SECMP0027"))
        p = assemble(Paper.objects.get(month=JUNE_2018))
        ssc_line = next(line for line in p.section(meetings).lines if line.committee == "Security Sub-Committee (SSC)")
        self.assertEqual(ssc_line.modifications, [("SECMP0027", None)])
        self.assertEqual(len(p.footnotes), 15)


class OtherMonthTests(SampleTestCase):
    def test_the_windows_shift_with_the_paper_month(self):
        may = Paper.objects.create(
            month=D(2018, 5, 1),
            panel_meeting_number=57,
            panel_meeting_date=D(2018, 6, 15),
            paper_number=21,
            author="A. Author",
            issue_date=D(2018, 6, 8),
        )
        p = assemble(may)
        m, h, w = p.section(membership), p.section(helpdesk), p.section(website)
        self.assertEqual((m.months[0], m.months[-1]), (D(2017, 5, 1), D(2018, 5, 1)))
        self.assertEqual(len(m.months), 13)
        self.assertEqual((h.months[0], h.months[-1]), (D(2017, 6, 1), D(2018, 5, 1)))
        self.assertEqual((w.months[0], w.months[-1]), (D(2017, 6, 1), D(2018, 5, 1)))
        self.assertEqual(w.years, [(2017, 7), (2018, 5)])
        self.assertEqual(m.accessions.values[-1], 2)  # May 2018
        self.assertEqual(m.accessions.values[1], 9)  # June 2017, one column along
        self.assertIsNone(h.totals[0])  # June 2017: no helpdesk data
        self.assertEqual(h.emails, 1205)
        # No Panel meeting before 15/06/2018 on record: the month itself stands in.
        self.assertEqual((p.section(uep).since_first, p.section(uep).since_last), (D(2018, 5, 1), D(2018, 5, 31)))
        self.assertEqual(p.section(uep).completions, [])
        self.assertEqual(p.section(meetings).lines, [])


class ConfidentialMeetingTests(SampleTestCase):
    def test_a_confidential_meetings_links_are_not_printed(self):
        from meetings.models import Meeting, MeetingLink

        board = Meeting.objects.get(committee__name="SECCo Board")
        MeetingLink.objects.create(meeting=board, label="SECCo Board minutes", url="https://example.org/secco/")
        p = assemble(Paper.objects.prefetch_related("appendices").get(month=JUNE_2018))
        self.assertEqual(next(line for line in p.section(meetings).lines if line.committee == "SECCo Board").links, [])
