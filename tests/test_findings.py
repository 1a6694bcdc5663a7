"""Consistency findings for the June 2018 paper, and that they follow the data."""

from opsreport.models import Paper, WebsiteMonth
from opsreport.paper.assembly import assemble
from opsreport.paper.findings import findings
from opsreport.paper.sections import membership
from parties.models import MembershipEvent
from tests.base import JUNE_2018, SampleTestCase


class FindingsTests(SampleTestCase):
    def texts(self):
        return [f"{f.level}: {f.text}" for f in findings(assemble(Paper.objects.get(month=JUNE_2018)))]

    def test_june_2018_findings(self):
        texts = self.texts()
        self.assertIn(
            "warning: July 2017: the categories add up to 1,459 but the mailbox counted 1,439. "
            "Table 5 prints the categories' total.",
            texts,
        )
        self.assertIn(
            "info: The printed rows add up to 500.88 while the Grand Total is 500.87: the total is summed before rounding.",
            texts,
        )
        self.assertIn(
            "missing: Entered default of Sample Small Supplier 050 Limited on 14/05/2018 has no note for its footnote.",
            texts,
        )
        self.assertFalse([t for t in texts if "Parties at the end" in t or "Voting groups by category" in t])

    def test_each_section_states_its_own_in_print_order(self):
        assembled = assemble(Paper.objects.get(month=JUNE_2018))
        self.assertEqual(
            [f.section for f in findings(assembled)],
            [
                "1.4 Membership",
                "1.4 Membership",
                "3. SECAS Time Devoted by Service Area",
                "4. Helpdesk Activities",
            ],
        )
        self.assertEqual([f.level for f in membership.findings(assembled.section(membership))], ["missing", "missing"])

    def test_a_membership_that_does_not_add_up_is_a_warning(self):
        assembled = assemble(Paper.objects.get(month=JUNE_2018))
        m = assembled.section(membership)
        m.previous_parties_total -= 1
        m.figure.series[0][1][0] += 1
        texts = [f.text for f in membership.findings(m)]
        self.assertIn(
            "Parties at the end of June 2018: 309, but the previous month's 302 + 6 accessions − 0 withdrawals "
            "− 0 expulsions = 308.",
            texts,
        )
        self.assertIn("Voting groups by category add up to 243, not the total of 242.", texts)

    def test_a_month_without_data_is_reported(self):
        WebsiteMonth.objects.filter(month="2018-02-01").delete()
        self.assertIn("missing: No website figures for February 2018.", self.texts())

    def test_a_noted_event_is_no_longer_reported(self):
        MembershipEvent.objects.filter(date="2018-05-14").update(note="Entered default in May.")
        self.assertFalse([t for t in self.texts() if "14/05/2018" in t])

    def test_findings_show_on_the_paper_page_before_approval(self):
        self.client.force_login(self.alex)
        self.assertContains(self.client.get("/papers/2018-06/"), "Consistency findings and missing data")
