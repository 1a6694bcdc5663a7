"""An empty start (issue 18): an install with no paper tells editors and the approver what to
bring in and the go-live steps, links the register's empty template, and starts the first month."""

import datetime

import time_machine

from opsreport.models import Paper, PaperStatus
from opsreport.month.first import REGISTER_TEMPLATE_URL
from tests.base import BaseTestCase
from tests.factories import make_helpdesk_month, make_paper

JULY_2018 = datetime.date(2018, 7, 1)
FIRST = {
    "month": "2018-07",
    "panel_meeting_number": "59",
    "panel_meeting_date": "2018-08-10",
    "paper_number": "22",
    "issue_date": "2018-08-03",
    "author": "Jo Bloggs",
    "classification": "green",
}


@time_machine.travel(datetime.datetime(2018, 7, 9, 9, 0), tick=False)
class EmptyInstallHomeTests(BaseTestCase):
    def test_the_editor_is_shown_the_go_live_steps_and_the_register_template(self):
        self.client.force_login(self.erin)
        with self.assertNumQueries(7):  # session, user, permissions (2), latest paper, latest month, any paper
            response = self.client.get("/")
        self.assertContains(response, "Going live: bring in your history")
        self.assertContains(response, f'<a href="{REGISTER_TEMPLATE_URL}">Download the register\'s empty template</a>')
        for step in ["Dry run", "Reconcile", "Import the past issues", "Start the first month"]:
            self.assertContains(response, f"<strong>{step}</strong>")
        self.assertContains(response, "import_register register.xlsx --dry-run")
        self.assertContains(response, 'action="/months/start-first/"')
        self.assertContains(response, 'value="2018-07"')  # this month, offered
        self.assertNotContains(response, "import a past issue</a> here")  # the approver's page

    def test_the_approver_is_shown_them_too_with_the_past_issue_import(self):
        self.client.force_login(self.alex)
        response = self.client.get("/")
        self.assertContains(response, "Going live: bring in your history")
        self.assertContains(response, f'href="{REGISTER_TEMPLATE_URL}"')
        self.assertContains(response, '<a href="/papers/import/">import a past issue</a> here')
        self.assertContains(response, "Start the month")
        self.assertNotContains(response, "every paper has been published")

    def test_a_panel_member_gets_the_dashboard_saying_nothing_is_entered_yet(self):
        self.client.force_login(self.pat)
        self.assertRedirects(self.client.get("/"), "/dashboard/", fetch_redirect_response=False)
        dashboard = self.client.get("/dashboard/")
        self.assertContains(dashboard, "No figures have been entered yet.")
        self.assertContains(dashboard, "SECAS enters each month's figures")
        self.assertContains(self.client.get("/papers/"), "No paper has been published for you yet")

    def test_the_month_page_of_an_empty_install_offers_to_start_that_month(self):
        self.client.force_login(self.alex)
        page = self.client.get("/months/2018-09/")
        self.assertContains(page, "No paper exists here yet, so September 2018 may be the first")
        self.assertContains(page, 'name="month" value="2018-09"')
        response = self.client.post(
            "/months/start-first/",
            {**FIRST, "month": "2018-09", "issue_date": "2018-09-28", "panel_meeting_date": "2018-10-05"},
        )
        self.assertRedirects(response, "/months/2018-09/", fetch_redirect_response=False)
        self.assertNotContains(self.client.get("/months/2018-10/"), "may be the first")
        self.client.force_login(self.pat)
        self.assertEqual(self.client.get("/months/2018-09/").status_code, 403)

    def test_figures_brought_in_without_a_paper_still_show_the_steps(self):
        make_helpdesk_month(datetime.date(2018, 6, 1), mailbox_total=10)
        self.client.force_login(self.erin)
        response = self.client.get("/")
        self.assertContains(response, "Going live: bring in your history")
        self.assertContains(response, "June 2018: the month's data and paper")

    def test_once_a_paper_exists_home_is_its_month_page(self):
        make_paper(JULY_2018)
        self.client.force_login(self.alex)
        self.assertRedirects(self.client.get("/"), "/months/2018-07/", fetch_redirect_response=False)


@time_machine.travel(datetime.datetime(2018, 7, 9, 9, 0), tick=False)
class StartFirstMonthTests(BaseTestCase):
    def test_the_approver_starts_the_first_month_from_its_front_page(self):
        self.client.force_login(self.alex)
        response = self.client.post("/months/start-first/", FIRST)
        self.assertRedirects(response, "/months/2018-07/", fetch_redirect_response=False)
        paper = Paper.objects.get()
        self.assertEqual(paper.month, JULY_2018)
        self.assertEqual(paper.reference, "SECP 59 1008 22")
        self.assertEqual((paper.author, paper.classification, paper.status), ("Jo Bloggs", "green", PaperStatus.DRAFT))
        page = self.client.get("/months/2018-07/")
        self.assertContains(page, "July 2018 started: SECP 59 1008 22.")
        self.assertContains(page, "Where July 2018 stands")

    def test_the_editor_starts_it_and_the_next_month_follows_from_it(self):
        self.client.force_login(self.erin)
        self.client.post("/months/start-first/", FIRST)
        self.assertRedirects(self.client.post("/months/2018-07/start-next/"), "/months/2018-08/")
        august = Paper.objects.get(month=datetime.date(2018, 8, 1))
        self.assertEqual((august.panel_meeting_number, august.paper_number, august.author), (60, 22, "Jo Bloggs"))

    def test_bad_front_pages_are_refused_with_their_reasons_and_nothing_written(self):
        self.client.force_login(self.erin)
        cases = {
            "month 13": ({"month": "2018-13"}, "&#x27;2018-13&#x27; has no month 13"),
            "not a month": ({"month": "July"}, "is not a month written as YYYY-MM"),
            "far ahead": ({"month": "2020-01"}, "January 2020 is more than a year ahead"),
            "issued before its month": (
                {"issue_date": "2018-06-30"},
                "A paper cannot be issued before its month begins",
            ),
            "meeting before the issue": ({"panel_meeting_date": "2018-08-01"}, "The Panel meeting cannot be before"),
            "no number": ({"panel_meeting_number": ""}, "This field is required"),
        }
        for case, (fields, reason) in cases.items():
            with self.subTest(case):
                response = self.client.post("/months/start-first/", {**FIRST, **fields})
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, reason)
                self.assertFalse(Paper.objects.exists())

    def test_once_a_paper_exists_the_first_month_is_not_started_again(self):
        make_paper(datetime.date(2018, 6, 1))
        self.client.force_login(self.erin)
        response = self.client.post("/months/start-first/", FIRST, follow=True)
        self.assertContains(response, "A paper exists already: start each month from the month before")
        self.assertEqual(Paper.objects.count(), 1)

    def test_a_panel_member_may_not_start_it(self):
        self.client.force_login(self.pat)
        self.assertEqual(self.client.post("/months/start-first/", FIRST).status_code, 403)
        self.client.logout()
        self.assertRedirects(
            self.client.post("/months/start-first/", FIRST), "/accounts/login/?next=/months/start-first/"
        )
        self.assertFalse(Paper.objects.exists())

    def test_its_page_shows_the_form_with_the_template_link(self):
        self.client.force_login(self.alex)
        with self.assertNumQueries(5):  # session, user, permissions (2), any paper
            response = self.client.get("/months/start-first/")
        self.assertContains(response, "Start the first month")
        self.assertContains(response, f'href="{REGISTER_TEMPLATE_URL}"')
        self.assertContains(response, '<a href="/papers/import/">import a past issue</a>')
