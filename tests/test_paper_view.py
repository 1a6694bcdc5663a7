"""The on-screen paper: who may see it, what it shows, and a query count that stays put."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext

from meetings.models import Committee, Meeting, MeetingDate, MeetingModification, Modification
from parties.models import DCCUserRole, EventKind, MembershipEvent, Party, TestCompletion, TestKind, VotingGroup
from tests.base import SampleTestCase

URL = "/papers/2018-06/"
# Session, user, the permissions given to the user and through groups (access asks has_perm),
# then the paper and its assembly. 26 since Table 3 asks twice (it was 25): the history before
# its thirteen months summed up by the database, then the events of those months alone, so
# that the page costs what it prints rather than the years stored. Then one query each: the
# parties in default in the paper's month (each gets its footnote), the applicants checked
# against the parties' Accession events (Table 1 against Table 3), the month's decisions that
# the recorded statuses contradict, and the approver's resolutions of findings (their notes
# are printed as footnotes). And the comments the paper was sent back with, until answered
# (opsreport/mail/: 1; the approver's delivery log adds two, its events and their deliveries).
PAGE_QUERIES = 31


class PaperPageTests(SampleTestCase):
    def test_it_shows_the_paper_to_an_editor(self):
        self.client.force_login(self.erin)
        response = self.client.get(URL)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Operations Report — June 2018")
        self.assertContains(response, "SECP 58 1307 22")
        self.assertContains(response, "6th July 2018")
        self.assertContains(response, "Table 6: SEC Website Statistics")
        self.assertContains(response, "500.87")
        self.assertContains(response, "20,292")
        self.assertContains(response, "SECMP0051: Section D Review: Amendments to the Fast Track Modification process")
        self.assertContains(response, '<a href="https://smartenergycodecompany.co.uk/download/7321/">')
        self.assertContains(
            response,
            '<a href="https://smartenergycodecompany.co.uk/meeting/ssc-meeting-56/">SSC 56 1406 — Meeting Headlines</a>',
        )
        self.assertContains(response, 'lang="en-GB"')
        # Review: findings before approval, no approve button for an editor.
        self.assertContains(response, "the categories add up to 1,459 but the mailbox counted 1,439")
        self.assertNotContains(response, ">Approve<")

    def test_the_approver_sees_the_approve_button(self):
        self.client.force_login(self.alex)
        self.assertContains(self.client.get(URL), ">Approve<")

    def test_anonymous_users_are_sent_to_sign_in(self):
        response = self.client.get(URL)
        self.assertEqual(response.status_code, 302)
        self.assertIn("/accounts/login/", response["Location"])

    def test_a_panel_member_cannot_read_a_draft(self):
        self.client.force_login(self.pat)
        self.assertEqual(self.client.get(URL).status_code, 403)
        self.assertEqual(self.client.get(URL + "pdf/").status_code, 403)

    def test_no_paper_no_page(self):
        self.client.force_login(self.erin)
        self.assertEqual(self.client.get("/papers/2019-01/").status_code, 404)
        self.assertEqual(self.client.get("/papers/2019-13/").status_code, 404)

    def test_the_query_count_is_pinned(self):
        self.client.force_login(self.erin)
        self.client.get(URL)  # warm the session and content types
        with self.assertNumQueries(PAGE_QUERIES):
            self.client.get(URL)

    def test_the_query_count_does_not_grow_with_the_data(self):
        self.client.force_login(self.erin)
        self.client.get(URL)
        with CaptureQueriesContext(connection) as before:
            self.client.get(URL)
        group = VotingGroup.objects.create(name="Bulk group", category="small_supplier")
        for i in range(40):
            party = Party.objects.create(name=f"Bulk party {i}", voting_group=group)
            MembershipEvent.objects.create(party=party, kind=EventKind.ACCESSION, date=datetime.date(2018, 6, 2))
            MembershipEvent.objects.create(
                party=party, kind=EventKind.WITHDRAWAL, date=datetime.date(2018, 6, 20), note=f"Left {i}"
            )
        committee = Committee.objects.create(name="Extra committee", category="working_group", position=20)
        for i in range(10):
            meeting = Meeting.objects.create(committee=committee, summary=f"Extra {i}")
            MeetingDate.objects.create(meeting=meeting, date=datetime.date(2018, 6, 1 + i))
            modification = Modification.objects.create(reference=f"SECMP9{i:03d}", title=f"Extra {i}")
            MeetingModification.objects.create(meeting=meeting, modification=modification)
        role = DCCUserRole.objects.get(name="Other User")
        for i, level in enumerate(["white", "green", "amber", "red"] * 3):  # some left out of the paper
            party = Party.objects.create(name=f"Tested party {i}", voting_group=group)
            test = TestCompletion.objects.create(
                kind=TestKind.UEPT, party=party, completed_on=datetime.date(2018, 6, 17 + i), classification=level
            )
            test.roles.set([role])
        with CaptureQueriesContext(connection) as after:
            response = self.client.get(URL)
        self.assertContains(response, "Left 39")
        self.assertContains(response, "Tested party 11")  # named by a warning: left out of the paper
        self.assertEqual(len(after), len(before))
