"""The month page (/months/YYYY-MM/): the paper's parts in order with what is entered, missing
and to check, each with the screen that fixes it; Start next month; who may see it."""

import datetime
import re
import threading
from html import unescape
from unittest import mock, skipIf

import time_machine
from django.contrib.auth.models import Permission, User
from django.db import connection
from django.test import Client, TransactionTestCase

from helpdesk.models import HelpdeskMonth
from meetings.models import Committee
from opsreport import actions
from opsreport.models import Action, Appendix, Paper
from opsreport.month import start
from opsreport.paper.assembly import assemble
from opsreport.paper.findings import findings
from opsreport.roles import EDITOR
from parties.models import Applicant, DCCUserRole, MembershipEvent, Party
from tests.base import JUNE_2018, BaseTestCase, SampleTestCase, make_user
from tests.factories import make_meeting, make_paper
from tests.helpers import restore_sample

JULY_2018 = datetime.date(2018, 7, 1)
JUNE = "/months/2018-06/"
JULY = "/months/2018-07/"
START_JULY = "/months/2018-06/start-next/"
SECTIONS = [
    "Front page",
    "1.1 Accessions",
    "1.2 User Entry Process (UEP) completion",
    "1.3 Testing Update",
    "1.4 Membership",
    "2. Monthly SECAS Highlights",
    "3. SECAS Time Devoted by Service Area",
    "4. Helpdesk Activities",
    "5. SEC Website Update and Statistics",
    "6. SEC Meeting Details",
    "Appendices",
]
# Session, user, the user's permissions directly and through groups (4); the paper with its
# appendices (2); the latest paper, for Start next month (1); the rest is the paper's assembly
# (with the approver's resolutions of findings) and findings, as its review page makes them
# (tests/test_paper_view.py: three of its queries are the parties in default, the applicants
# against accessions and the contradicted decisions); whether any paper was published yet, for
# the changes panel (1); the applicants to accede and the parties still in default, each linked
# to its form (2); the comments the paper was sent back with and its last approval request
# (opsreport/mail/: 2). Whatever the data size.
PAGE_QUERIES = 35


def section_html(response, key):
    """The HTML of one part of the month page, by its anchor."""
    body = response.content.decode()
    match = re.search(rf'<section class="panel month-section" id="{key}".*?</section>', body, re.S)
    assert match, f"no section {key}"
    return match.group(0)


def links(html):
    found = re.findall(r'<a class="fix" href="([^"]+)">([^<]+)</a>', html)
    return [(unescape(url), unescape(label)) for url, label in found]


@time_machine.travel(datetime.datetime(2018, 7, 9, 9, 0), tick=False)
class JuneMonthPageTests(SampleTestCase):
    def setUp(self):
        self.client.force_login(self.erin)

    def test_it_shows_the_papers_parts_in_the_papers_order(self):
        response = self.client.get(JUNE)
        self.assertEqual(response.status_code, 200)
        self.assertEqual([s.title for s in response.context["status"].sections], SECTIONS)
        headings = re.findall(r'<h2 id="[a-z]+-heading">([^<]+)</h2>', response.content.decode())
        self.assertEqual(headings, ["Where June 2018 stands", "The paper's parts", *SECTIONS])

    def test_each_part_says_what_is_entered(self):
        response = self.client.get(JUNE)
        self.assertIn("SECP 58 1307 22: SEC Panel meeting 58 on 13/07/2018, paper 22.", section_html(response, "front"))
        self.assertIn("Leep Gas Networks Limited (Other SEC Party)", section_html(response, "accessions"))
        self.assertIn("2 UEP completions from 16/06/2018 to 06/07/2018", section_html(response, "uep"))
        self.assertIn("UEPT: 3 parties for 5 roles, detailed in Appendix A.", section_html(response, "testing"))
        self.assertIn("309 parties in 242 voting groups", section_html(response, "membership"))
        self.assertIn("500.87 days", section_html(response, "effort"))
        self.assertIn("1,328 emails to the mailbox.", section_html(response, "helpdesk"))
        self.assertIn("6,825 visits, 20,292 page views.", section_html(response, "website"))
        self.assertIn("14 meetings", section_html(response, "meetings"))
        self.assertIn(
            "Appendix A - Testing Update UEPT (Amber): lists 3 parties.", section_html(response, "appendices")
        )

    def test_a_finding_links_to_the_exact_record_that_fixes_it(self):
        response = self.client.get(JUNE)
        self.assertContains(response, "2 items missing")
        helpdesk = section_html(response, "helpdesk")
        self.assertIn("the categories add up to 1,459 but the mailbox counted 1,439", helpdesk)
        [(url, label)] = links(helpdesk)
        self.assertEqual(
            (url, label),
            ("/admin/helpdesk/helpdeskmonth/add/?month=2017-07-01&return=month", "Check July 2017's helpdesk figures"),
        )
        july_2017 = HelpdeskMonth.objects.get(month=datetime.date(2017, 7, 1))
        self.assertRedirects(self.client.get(url), f"/admin/helpdesk/helpdeskmonth/{july_2017.pk}/change/?return=month")

        event = MembershipEvent.objects.get(date=datetime.date(2018, 5, 14))
        self.assertIn(
            (f"/admin/parties/membershipevent/{event.pk}/change/#id_note", "Write its footnote"),
            links(section_html(response, "membership")),
        )

    def test_the_review_panel_links_the_same_fixes_for_editors(self):
        body = self.client.get("/papers/2018-06/").content.decode()
        self.assertIn(
            '<a class="fix" href="/admin/helpdesk/helpdeskmonth/add/?month=2017-07-01&amp;return=month">', body
        )
        self.assertIn('href="/months/2018-06/"', body)
        self.client.force_login(self.alex)  # the approver reads the findings, without editing links
        body = self.client.get("/papers/2018-06/").content.decode()
        self.assertIn("the categories add up to 1,459", body)
        self.assertNotIn('class="fix"', body)

    def test_findings_and_the_month_page_agree(self):
        status = self.client.get(JUNE).context["status"]
        on_page = [f for s in status.sections for f in s.missing + s.findings]
        paper = Paper.objects.prefetch_related("appendices").get(month=JUNE_2018)
        self.assertCountEqual([f.text for f in on_page], [f.text for f in findings(assemble(paper))])
        self.assertTrue(all(f.fix for f in on_page))

    def test_the_latest_month_offers_start_next_month(self):
        response = self.client.get(JUNE)
        self.assertContains(response, f'<form method="post" action="{START_JULY}" class="start-next">')
        self.assertContains(response, "Start July 2018")

    def test_the_query_count_is_pinned(self):
        self.client.get(JUNE)  # warm the session and content types
        with self.assertNumQueries(PAGE_QUERIES):
            self.client.get(JUNE)

    def test_the_approver_sees_one_query_more_for_the_papers_awaiting(self):
        self.client.force_login(self.alex)
        self.client.get(JUNE)
        with self.assertNumQueries(PAGE_QUERIES + 1):
            response = self.client.get(JUNE)
        self.assertContains(response, "Papers awaiting approval or publication")


@time_machine.travel(datetime.datetime(2018, 7, 9, 9, 0), tick=False)
class AccessTests(SampleTestCase):
    def test_editors_and_the_approver_open_it(self):
        for user in (self.erin, self.alex):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                self.assertEqual(self.client.get(JUNE).status_code, 200)

    def test_only_editors_start_a_month_or_get_fix_links(self):
        self.client.force_login(self.alex)
        response = self.client.get(JUNE)
        self.assertNotContains(response, "start-next")
        self.assertNotContains(response, 'class="fix"')
        self.assertEqual(self.client.post(START_JULY).status_code, 403)
        self.assertFalse(Paper.objects.filter(month=JULY_2018).exists())

    def test_panel_members_and_users_without_a_role_are_refused(self):
        nobody = User.objects.create_user("nobody", password="password")
        for user in (self.pat, nobody):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                self.assertEqual(self.client.get(JUNE).status_code, 403)
                self.assertEqual(self.client.post(START_JULY).status_code, 403)
        self.assertFalse(Paper.objects.filter(month=JULY_2018).exists())

    def test_signed_out_visitors_are_sent_to_sign_in(self):
        response = self.client.get(JUNE)
        self.assertRedirects(response, f"/accounts/login/?next={JUNE}", fetch_redirect_response=False)

    def test_a_paper_marked_above_the_users_level_is_refused(self):
        reader = make_user("reader", EDITOR)
        reader.groups.clear()
        reader.user_permissions.add(Permission.objects.get(codename="enter_data"))
        Paper.objects.filter(month=JUNE_2018).update(classification="amber")
        self.client.force_login(reader)
        self.assertEqual(self.client.get(JUNE).status_code, 403)

    def test_start_next_month_is_a_post(self):
        self.client.force_login(self.erin)
        self.assertEqual(self.client.get(START_JULY).status_code, 405)

    def test_home_leads_editors_and_the_approver_to_the_latest_month(self):
        for user in (self.erin, self.alex):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                self.assertRedirects(self.client.get("/"), JUNE)
        self.client.force_login(self.pat)
        self.assertRedirects(self.client.get("/"), "/dashboard/")


@time_machine.travel(datetime.datetime(2018, 7, 9, 9, 0), tick=False)
class StartNextMonthTests(SampleTestCase):
    def setUp(self):
        self.client.force_login(self.erin)

    def start_july(self):
        return self.client.post(START_JULY, follow=True)

    def test_it_carries_the_front_page_over_and_opens_the_new_month(self):
        june = Paper.objects.get(month=JUNE_2018)
        Paper.objects.filter(pk=june.pk).update(
            action=Action.DISCUSSION, recommendation="The Panel are asked to DISCUSS."
        )
        response = self.start_july()
        self.assertRedirects(response, JULY)
        july = Paper.objects.get(month=JULY_2018)
        self.assertEqual(july.panel_meeting_number, 59)
        self.assertEqual(july.paper_number, 22)
        self.assertEqual((july.author, july.team), ("Hollie McGovern", "SECAS Team"))
        self.assertEqual((july.classification, july.action), ("white", Action.DISCUSSION))
        self.assertEqual(july.recommendation, "The Panel are asked to DISCUSS.")
        self.assertEqual(july.status, "draft")
        self.assertEqual((july.purpose, july.change_and_release), ("", ""))
        # No SEC Panel meeting after 13 July is recorded: a month on, on the same weekday
        # (Friday), issued as long before it as June's paper was (a week).
        self.assertEqual(july.panel_meeting_date, datetime.date(2018, 8, 10))
        self.assertEqual(july.issue_date, datetime.date(2018, 8, 3))
        self.assertEqual(july.reference, "SECP 59 1008 22")
        self.assertEqual(
            list(july.appendices.values_list("letter", "title", "classification", "content")),
            [("A", "Testing Update UEPT", "amber", "uept")],
        )
        # Both in the history, with who started the month.
        self.assertEqual(july.history.get().history_user, self.erin)
        self.assertEqual(july.appendices.get().history.get().history_type, "+")
        self.assertContains(response, "July 2018 started: SECP 59 1008 22, issued 03/08/2018.")
        self.assertContains(response, "its date (10/08/2018) is estimated")

    def test_the_next_panel_meeting_is_taken_from_the_meetings_when_known(self):
        panel = Committee.objects.get(category="sec_panel")
        make_meeting(panel, dates=[datetime.date(2018, 8, 17)], summary="SEC Panel 59")
        make_meeting(panel, dates=[datetime.date(2018, 9, 14)], summary="SEC Panel 60")
        response = self.start_july()
        july = Paper.objects.get(month=JULY_2018)
        self.assertEqual(july.panel_meeting_date, datetime.date(2018, 8, 17))
        self.assertEqual(july.issue_date, datetime.date(2018, 8, 10))
        self.assertNotContains(response, "estimated")

    def test_a_fresh_month_lists_what_is_missing_with_the_screen_for_each(self):
        response = self.start_july()
        status = response.context["status"]
        self.assertEqual([s.title for s in status.sections], SECTIONS)
        missing = {s.key: [(f.text, f.fix.url) for f in s.missing] for s in status.sections}
        self.assertEqual(
            missing["highlights"][0],
            (
                "Change and Release Update is not written yet.",
                "/admin/opsreport/paper/add/?month=2018-07-01&return=month#id_change_and_release",
            ),
        )
        self.assertEqual(len(missing["highlights"]), 4)
        self.assertEqual(
            missing["effort"],
            [("No effort entered for July 2018.", "/admin/opsreport/effortmonth/add/?month=2018-07-01&return=month")],
        )
        self.assertEqual(
            missing["helpdesk"],
            [
                (
                    "No helpdesk figures for July 2018.",
                    "/admin/helpdesk/helpdeskmonth/add/?month=2018-07-01&return=month",
                )
            ],
        )
        self.assertEqual(
            missing["website"],
            [("No website figures for July 2018.", "/admin/opsreport/websitemonth/add/?month=2018-07-01&return=month")],
        )
        self.assertEqual(missing["meetings"], [("No meetings recorded in July 2018.", "/months/2018-07/meetings/")])
        self.assertContains(response, "10 items missing")  # and the 2 defaults of the 13 months without a note
        # Each link opens its screen, the month filled in.
        form = self.client.get("/admin/helpdesk/helpdeskmonth/add/?month=2018-07-01").context["adminform"].form
        self.assertEqual(form.initial["month"], JULY_2018)
        july = Paper.objects.get(month=JULY_2018)
        self.assertRedirects(
            self.client.get("/admin/opsreport/paper/add/?month=2018-07-01"), f"/admin/opsreport/paper/{july.pk}/change/"
        )

    def test_the_new_month_is_the_latest_and_home_leads_there(self):
        self.start_july()
        self.assertNotContains(self.client.get(JUNE), "start-next")
        self.assertContains(self.client.get(JULY), "Start August 2018")
        self.assertRedirects(self.client.get("/"), JULY)

    def test_starting_twice_gives_one_paper_and_says_so(self):
        self.start_july()
        response = self.start_july()  # a second click, or a stale June page
        self.assertRedirects(response, JULY)
        self.assertContains(response, "July 2018 is started already.")
        self.assertEqual(Paper.objects.filter(month=JULY_2018).count(), 1)

    def test_a_paper_made_between_the_check_and_the_save_is_refused_cleanly(self):
        """The other click saved July while this one was working out the carry-over."""
        june = Paper.objects.prefetch_related("appendices").get(month=JUNE_2018)
        carried_over = start.carried_over

        def other_click_first(latest):
            make_paper(JULY_2018, number=99)
            return carried_over(latest)

        with mock.patch("opsreport.actions.papers.carried_over", other_click_first):
            with self.assertRaisesMessage(start.StartError, "July 2018 is started already."):
                actions.start_next_month(june)
        self.assertEqual(Paper.objects.filter(month=JULY_2018).count(), 1)
        self.assertFalse(Appendix.objects.filter(paper__month=JULY_2018).exists())

    def test_a_clashing_reference_is_refused_with_a_message(self):
        make_paper(datetime.date(2017, 1, 1), number=59)  # already SECP 59 … 22
        response = self.start_july()
        self.assertRedirects(response, JUNE)
        self.assertContains(response, "another paper already has Panel meeting 59 and paper number 22")
        self.assertFalse(Paper.objects.filter(month=JULY_2018).exists())

    def test_a_month_past_the_allowed_range_is_refused_with_a_message(self):
        make_paper(datetime.date(2019, 7, 1), number=70)
        response = self.client.post("/months/2019-07/start-next/", follow=True)
        self.assertRedirects(response, "/months/2019-07/")
        self.assertContains(response, "August 2019 could not be started: Enter a month from January 1990 to July 2019.")
        self.assertFalse(Paper.objects.filter(month=datetime.date(2019, 8, 1)).exists())

    def test_a_month_not_started_offers_to_start_it(self):
        response = self.client.get(JULY)
        self.assertContains(response, "There is no paper for July 2018 yet.")
        self.assertContains(response, f'<form method="post" action="{START_JULY}" class="start-next">')
        response = self.client.get("/months/2018-09/")  # not next: created by hand in the admin
        self.assertNotContains(response, "start-next")
        self.assertContains(response, 'href="/admin/opsreport/paper/add/?month=2018-09-01&amp;return=month"')

    def test_saving_a_months_screen_returns_to_the_month_page(self):
        self.start_july()
        url = "/admin/opsreport/websitemonth/add/?month=2018-07-01&return=month"
        data = {"month": "01/07/2018", "visits": "7000", "page_views": "21000"}
        response = self.client.post(url, data, follow=True)
        self.assertRedirects(response, JULY)
        self.assertContains(response, "was added successfully")
        self.assertContains(response, "7,000 visits, 21,000 page views.")
        # Once entered, the same link opens the record; "Save and continue editing" stays there.
        response = self.client.get(url, follow=True)
        change = response.redirect_chain[-1][0]
        self.assertRegex(change, r"^/admin/opsreport/websitemonth/\d+/change/\?return=month$")
        response = self.client.post(change, {**data, "visits": "7001", "_continue": "1"})
        self.assertTrue(response["Location"].startswith("/admin/opsreport/websitemonth/"))
        self.assertRedirects(self.client.post(change, {**data, "visits": "7002"}), JULY)
        self.assertContains(self.client.get(JULY), "7,002 visits, 21,000 page views.")

    def test_the_accession_and_a_party_leaving_default_open_from_the_month_page_and_return_there(self):
        self.start_july()
        screens = {
            s.key: [(f.label, f.url) for f in s.screens] for s in self.client.get(JULY).context["status"].sections
        }
        applicant = Applicant.objects.get(name="Leep Gas Networks Limited")
        accede = f"/admin/parties/applicant/{applicant.pk}/accede/?next=%2Fmonths%2F2018-07%2F"
        self.assertEqual(screens["accessions"][0], ("Accede Leep Gas Networks Limited…", accede))
        party = Party.objects.get(name="Sample Small Supplier 050 Limited")  # in default since May
        left = f"/admin/parties/party/{party.pk}/event/?kind=default_left&next=%2Fmonths%2F2018-07%2F"
        self.assertEqual(screens["membership"][0], ("Sample Small Supplier 050 Limited left default…", left))
        self.assertEqual(len(screens["membership"]), 3)  # the one party in default, then the lists

        response = self.client.post(accede, {"date": "10/07/2018", "party_name": applicant.name, "category": "other"})
        self.assertRedirects(response, JULY)
        response = self.client.post(left, {"kind": "default_left", "date": "20/07/2018"})
        self.assertRedirects(response, JULY)
        screens = {s.key: [f.label for f in s.screens] for s in self.client.get(JULY).context["status"].sections}
        self.assertNotIn("Accede Leep Gas Networks Limited…", screens["accessions"])
        self.assertEqual(screens["membership"][0], "Record an accession, default, withdrawal or expulsion")

    def test_a_completion_added_from_the_month_page_returns_there_and_nowhere_else(self):
        self.start_july()
        party = Party.objects.get(name="Sample Small Supplier 113 Limited")
        data = {"party": party.pk, "roles": [DCCUserRole.objects.first().pk], "completed_on": "16/07/2018"}
        url = "/admin/parties/uepcompletion/add/"
        self.assertRedirects(self.client.post(f"{url}?next=/months/2018-07/", data), JULY)
        data["completed_on"] = "17/07/2018"
        response = self.client.post(f"{url}?next=https://elsewhere.example/", data)
        self.assertRedirects(response, "/admin/parties/uepcompletion/", fetch_redirect_response=False)
        data["completed_on"] = "18/07/2018"
        response = self.client.post(f"{url}?next=/months/2018-07/", {**data, "_addanother": "1"})
        self.assertRedirects(response, f"{url}?next=/months/2018-07/", fetch_redirect_response=False)

    def test_the_admin_opens_a_new_paper_with_the_same_carry_over(self):
        form = self.client.get("/admin/opsreport/paper/add/").context["adminform"].form
        self.assertEqual(form.initial["panel_meeting_date"], datetime.date(2018, 8, 10))
        self.assertEqual(form.initial["issue_date"], datetime.date(2018, 8, 3))


class NoPaperYetTests(BaseTestCase):
    def test_home_stays_the_home_page_until_a_paper_exists(self):
        self.client.force_login(self.erin)
        response = self.client.get("/")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Nothing has been entered yet")

    def test_the_admin_month_link_ignores_a_malformed_month(self):
        self.client.force_login(self.erin)
        self.assertEqual(self.client.get("/admin/helpdesk/helpdeskmonth/add/?month=July").status_code, 200)


@skipIf(
    connection.vendor == "sqlite",
    "SQLite's in-memory test database fails a second writer at once instead of letting it wait; "
    "CI runs this on PostgreSQL (test_a_paper_made_between_the_check_and_the_save covers the same on both).",
)
class TwoClicksAtOnceTests(TransactionTestCase):
    def setUp(self):
        restore_sample()
        self.erin = make_user("erin", EDITOR)

    def test_two_starts_at_once_give_one_paper_and_no_error(self):
        barrier = threading.Barrier(2, timeout=30)
        answers = []

        def press_start():
            client = Client()
            client.force_login(self.erin)
            barrier.wait()
            try:
                response = client.post(START_JULY, follow=True)
                answers.append((response.status_code, response.redirect_chain[-1][0]))
            finally:
                connection.close()

        threads = [threading.Thread(target=press_start) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        self.assertEqual(Paper.objects.filter(month=JULY_2018).count(), 1)
        self.assertEqual(Appendix.objects.filter(paper__month=JULY_2018).count(), 1)
        self.assertEqual(answers, [(200, JULY), (200, JULY)])


class ScreensComeBackTests(SampleTestCase):
    """Add an applicant and Add a meeting, opened from the month page, come back to it on Save."""

    def test_adding_an_applicant_or_a_meeting_returns_to_the_month_page(self):
        from meetings.models import Committee

        self.client.force_login(self.erin)
        page = self.client.get("/months/2018-06/")
        screens = {fix.label: fix.url for s in page.context["status"].sections for fix in s.screens}
        applicant = self.client.post(
            screens["Add an applicant"],
            {"name": "Newco Energy Ltd", "category": "small_supplier", "applied_on": "20/06/2018"},
        )
        self.assertRedirects(applicant, "/months/2018-06/", fetch_redirect_response=False)
        committee = Committee.objects.get(name="TABASC")
        meeting = self.client.post(
            screens["Add a meeting"],
            {
                "committee": committee.pk,
                "name": "",
                "summary": "An extra meeting.",
                "dates-TOTAL_FORMS": "1",
                "dates-INITIAL_FORMS": "0",
                "dates-MIN_NUM_FORMS": "1",
                "dates-MAX_NUM_FORMS": "1000",
                "dates-0-date": "28/06/2018",
                "decisions-TOTAL_FORMS": "0",
                "decisions-INITIAL_FORMS": "0",
                "links-TOTAL_FORMS": "0",
                "links-INITIAL_FORMS": "0",
            },
        )
        self.assertRedirects(meeting, "/months/2018-06/", fetch_redirect_response=False)
