"""Who may open what: every rule for every role, including addresses typed straight in.

A refusal is a redirect to sign in (signed out) or 403 (signed in); never the data.
"""

from django.contrib.auth.models import Permission, User

from helpdesk.models import HelpdeskMonth
from opsreport.lib.months import add_months
from opsreport.models import Paper, PaperStatus
from tests.base import JUNE_2018, SampleTestCase
from tests.helpers import approve, make_paper

MAY_2018 = add_months(JUNE_2018, -1)
APRIL_2018 = add_months(JUNE_2018, -2)
MARCH_2018 = add_months(JUNE_2018, -3)

# May 2018 is published (AccessTestCase): the Panel reads it; June is a draft it does not.
DASHBOARD_PAGES = [
    "/dashboard/",
    "/dashboard/?from=2018-01&to=2018-05",
    "/dashboard/records/helpdesk/?month=2018-05",
    "/dashboard/records/membership/?month=2018-05",
    "/dashboard/records/parties/?month=2018-05",
    "/dashboard/records/voting-groups/?month=2018-05",
    "/dashboard/records/website/",
    "/dashboard/records/effort/",
    "/dashboard/records/modifications/",
    "/dashboard/records/helpdesk/?month=2018-05&export=csv",
    "/dashboard/records/parties/?month=2018-05&export=xlsx",
]
# Data that only a signed-in Panel member or SECAS may see (a party and a helpdesk category).
SECRET_WORDS = ["Sample Small Supplier", "User CIO Assessments", "Smart DCC"]


class AccessTestCase(SampleTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.nobody = User.objects.create_user("nora", password="password")  # signed in, no role
        # June 2018 (the sample) stays a draft; earlier months are published at each level.
        cls.white = make_paper(
            MAY_2018,
            PaperStatus.PUBLISHED,
            "white",
            number=57,
            appendices=[("A", "Testing Update UEPT", "amber"), ("B", "Red details", "red")],
        )
        cls.amber = make_paper(APRIL_2018, PaperStatus.PUBLISHED, "amber", number=56)
        cls.red = make_paper(MARCH_2018, PaperStatus.PUBLISHED, "red", number=55)
        cls.approved = make_paper(add_months(JUNE_2018, -4), PaperStatus.APPROVED, "white", number=54)

    def assertNoData(self, response):
        body = response.content.decode()
        for word in SECRET_WORDS:
            self.assertNotIn(word, body)

    def archive_titles(self, user):
        if user:
            self.client.force_login(user)
        else:
            self.client.logout()
        response = self.client.get("/papers/")
        self.assertEqual(response.status_code, 200)
        return [row["paper"].month for row in response.context["rows"]], response


class SignedOutTests(AccessTestCase):
    def test_it_sends_home_to_sign_in(self):
        response = self.client.get("/")
        self.assertRedirects(response, "/accounts/login/")

    def test_it_refuses_every_dashboard_page(self):
        for url in DASHBOARD_PAGES:
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 302)
                self.assertTrue(response["Location"].startswith("/accounts/login/?next="))
                self.assertNoData(response)

    def test_the_public_archive_lists_published_white_papers_only(self):
        months, response = self.archive_titles(None)
        self.assertEqual(months, [MAY_2018])
        self.assertNotContains(response, "Operations Report — June 2018")
        # The Amber appendix of a White paper is not for the public.
        self.assertNotContains(response, "Testing Update UEPT")

    def test_the_admin_is_closed(self):
        hm = HelpdeskMonth.objects.get(month=JUNE_2018)
        response = self.client.get(f"/admin/helpdesk/helpdeskmonth/{hm.pk}/change/")
        self.assertEqual(response.status_code, 302)
        self.assertIn("/admin/login/", response["Location"])


class SignedInWithoutRoleTests(AccessTestCase):
    def test_it_refuses_the_dashboard_with_403(self):
        self.client.force_login(self.nobody)
        for url in DASHBOARD_PAGES:
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 403)
                self.assertNoData(response)

    def test_home_says_there_is_no_role(self):
        self.client.force_login(self.nobody)
        response = self.client.get("/")
        self.assertContains(response, "no role yet")
        self.assertNotContains(response, 'href="/dashboard/"')

    def test_the_archive_is_the_public_one(self):
        months, _ = self.archive_titles(self.nobody)
        self.assertEqual(months, [MAY_2018])


class PanelMemberTests(AccessTestCase):
    def setUp(self):
        self.client.force_login(self.pat)

    def test_home_is_the_dashboard_with_the_archive_in_the_menu(self):
        response = self.client.get("/", follow=True)
        self.assertRedirects(response, "/dashboard/")
        self.assertContains(response, 'href="/papers/"')
        self.assertNotContains(response, "/admin/")

    def test_every_dashboard_page_opens(self):
        for url in DASHBOARD_PAGES:
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 200)

    def test_the_archive_shows_published_papers_up_to_amber(self):
        months, response = self.archive_titles(self.pat)
        self.assertEqual(months, [MAY_2018, APRIL_2018])  # not the draft, approved or Red paper
        self.assertContains(
            response, '<a href="/papers/2018-05/appendices/A/">Appendix A: Testing Update UEPT</a> (Amber)', html=False
        )
        self.assertNotContains(response, "Red details")

    def test_the_admin_pages_are_closed(self):
        hm = HelpdeskMonth.objects.get(month=JUNE_2018)
        paper = Paper.objects.get(month=JUNE_2018)
        for url in [
            "/admin/",
            f"/admin/helpdesk/helpdeskmonth/{hm.pk}/change/",
            f"/admin/opsreport/paper/{paper.pk}/change/",
            "/admin/opsreport/paper/",
        ]:
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 302)
                self.assertIn("/admin/login/", response["Location"])
                self.assertNotContains(response, "Hollie", status_code=302)

    def test_no_data_entry_link(self):
        self.assertNotContains(self.client.get("/dashboard/"), "Data entry")


class EditorTests(AccessTestCase):
    def setUp(self):
        self.client.force_login(self.erin)

    def test_home_is_the_latest_months_page(self):
        response = self.client.get("/", follow=True)
        self.assertRedirects(response, "/months/2018-06/")
        self.assertContains(response, 'href="/admin/helpdesk/helpdeskmonth/add/?month=2018-06-01&amp;return=month"')
        self.assertContains(response, 'href="/papers/2018-06/"')
        self.assertNotContains(response, "Papers awaiting approval")

    def test_the_archive_shows_every_paper_at_every_stage(self):
        months, response = self.archive_titles(self.erin)
        self.assertEqual(len(months), 5)
        self.assertContains(response, "Draft")
        self.assertContains(response, "Red details")

    def test_the_dashboard_and_admin_open(self):
        self.assertEqual(self.client.get("/dashboard/").status_code, 200)
        hm = HelpdeskMonth.objects.get(month=JUNE_2018)
        self.assertEqual(self.client.get(f"/admin/helpdesk/helpdeskmonth/{hm.pk}/change/").status_code, 200)

    def test_editors_cannot_approve(self):
        self.assertFalse(self.erin.has_perm("opsreport.approve_paper"))


class ApproverTests(AccessTestCase):
    def setUp(self):
        self.client.force_login(self.alex)

    def test_home_is_the_latest_months_page_with_papers_awaiting_approval(self):
        response = self.client.get("/", follow=True)
        self.assertRedirects(response, "/months/2018-06/")
        self.assertContains(response, "Papers awaiting approval or publication")
        awaiting = [paper.month for paper in response.context["awaiting"]]
        self.assertEqual(awaiting, [JUNE_2018, add_months(JUNE_2018, -4)])
        self.assertNotContains(response, "the month's data and paper")

    def test_the_approver_reads_but_does_not_edit_figures(self):
        hm = HelpdeskMonth.objects.get(month=JUNE_2018)
        response = self.client.get(f"/admin/helpdesk/helpdeskmonth/{hm.pk}/change/")
        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, 'name="_save"')
        self.assertTrue(self.alex.has_perm("opsreport.approve_paper"))

    def test_the_archive_shows_drafts(self):
        months, _ = self.archive_titles(self.alex)
        self.assertIn(JUNE_2018, months)


class SignInTests(SampleTestCase):
    def test_the_login_form_signs_in_and_goes_home(self):
        response = self.client.post("/accounts/login/", {"username": "pat", "password": "password"})
        self.assertRedirects(response, "/", target_status_code=302)  # home sends Pat on to the dashboard

    def test_a_wrong_password_says_so(self):
        response = self.client.post("/accounts/login/", {"username": "pat", "password": "nope"})
        self.assertContains(response, "did not match")

    def test_sign_out_is_a_post(self):
        self.client.force_login(self.pat)
        response = self.client.post("/accounts/logout/")
        self.assertRedirects(response, "/accounts/login/")
        self.assertEqual(self.client.get("/dashboard/").status_code, 302)


class RefusalPageTests(SampleTestCase):
    def test_a_refusal_explains_itself_in_the_sites_own_page(self):
        self.client.force_login(self.pat)
        response = self.client.get("/papers/2018-06/")
        self.assertEqual(response.status_code, 403)
        self.assertContains(response, "Not available to you", status_code=403)
        self.assertContains(response, "Papers archive", status_code=403)
        self.assertNotContains(response, "SECP 58 1307 22", status_code=403)

    def test_an_unknown_month_is_a_readable_404(self):
        self.client.force_login(self.erin)
        response = self.client.get("/papers/2030-01/")
        self.assertContains(response, "papers archive", status_code=404)


class DirectPermissionTests(AccessTestCase):
    """Permissions decide, whoever granted them: a user with no group can do exactly what a
    permission given directly grants, and nothing more."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.green = make_paper(add_months(JUNE_2018, -5), PaperStatus.PUBLISHED, "green", number=53)

    def user_with(self, *perms, **fields):
        user = User.objects.create_user("dana", password="password", **fields)
        for perm in perms:
            app, codename = perm.split(".")
            user.user_permissions.add(Permission.objects.get(content_type__app_label=app, codename=codename))
        self.client.force_login(user)
        return user

    def test_reading_up_to_green_opens_the_dashboard_and_green_papers_only(self):
        user = self.user_with("opsreport.read_dashboard", "opsreport.read_green")
        self.assertEqual(self.client.get("/dashboard/").status_code, 200)
        months, _ = self.archive_titles(user)
        self.assertEqual(months, [MAY_2018, self.green.month])  # White and Green; not Amber or Red
        self.assertEqual(self.client.get(self.green.get_absolute_url()).status_code, 200)
        self.assertEqual(self.client.get(self.amber.get_absolute_url()).status_code, 403)
        self.assertEqual(self.client.get("/papers/2018-06/").status_code, 403)  # a draft
        self.assertEqual(self.client.get("/admin/").status_code, 302)

    def test_the_dashboard_needs_its_level_as_well_as_its_permission(self):
        self.user_with("opsreport.read_dashboard")  # Green figures, but no Green reading
        self.assertEqual(self.client.get("/dashboard/").status_code, 403)

    def test_one_model_permission_opens_that_models_screens_only(self):
        self.user_with("helpdesk.view_helpdeskmonth", "helpdesk.change_helpdeskmonth")  # not staff
        hm = HelpdeskMonth.objects.get(month=JUNE_2018)
        response = self.client.get(f"/admin/helpdesk/helpdeskmonth/{hm.pk}/change/")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'name="_save"')
        paper = Paper.objects.get(month=JUNE_2018)
        self.assertEqual(self.client.get(f"/admin/opsreport/paper/{paper.pk}/change/").status_code, 403)
        self.assertEqual(self.client.get("/dashboard/").status_code, 403)
        self.assertContains(self.client.get("/papers/"), "Data entry")

    def test_approving_does_not_grant_publishing(self):
        self.user_with("opsreport.view_paper", "opsreport.read_red", "opsreport.approve_paper")
        self.assertEqual(approve(self.client, "/papers/2018-06/").status_code, 302)
        self.assertEqual(Paper.objects.get(month=JUNE_2018).status, PaperStatus.APPROVED)
        self.assertEqual(self.client.post("/papers/2018-06/publish/").status_code, 403)
        self.assertEqual(Paper.objects.get(month=JUNE_2018).status, PaperStatus.APPROVED)

    def test_reading_drafts_stops_at_the_levels_one_may_read(self):
        self.user_with("opsreport.view_paper", "opsreport.read_amber")
        self.assertEqual(self.client.get("/papers/2018-06/").status_code, 200)  # White draft
        self.assertEqual(self.client.get(self.red.get_absolute_url()).status_code, 403)

    def test_an_editor_whose_staff_flag_was_cleared_still_enters_data(self):
        User.objects.filter(pk=self.erin.pk).update(is_staff=False)
        self.client.force_login(self.erin)
        hm = HelpdeskMonth.objects.get(month=JUNE_2018)
        self.assertContains(self.client.get("/", follow=True), "Data entry")
        self.assertEqual(self.client.get(f"/admin/helpdesk/helpdeskmonth/{hm.pk}/change/").status_code, 200)


class RefusalsAreRaisedTests(AccessTestCase):
    def test_signed_out_approval_is_sent_to_sign_in_and_changes_nothing(self):
        response = self.client.post("/papers/2018-06/approve/")
        self.assertEqual(response.status_code, 302)
        self.assertTrue(response["Location"].startswith("/accounts/login/?next=/papers/2018-06/approve/"))
        self.assertEqual(Paper.objects.get(month=JUNE_2018).status, PaperStatus.DRAFT)

    def test_a_refusal_is_logged_as_one_line(self):
        self.client.force_login(self.pat)
        with (
            self.assertLogs("opsreport.views", "INFO") as logs,
            self.assertLogs("django.request", "WARNING") as django_logs,
        ):
            self.client.get("/papers/2018-06/pdf/")
        self.assertEqual(logs.output, ["INFO:opsreport.views:Refused GET /papers/2018-06/pdf/ to pat"])
        # Django's own line for the 403 carries no traceback.
        self.assertEqual([r.exc_info for r in django_logs.records], [None])

    def test_month_urls_take_only_yyyy_mm_in_ascii_digits(self):
        self.client.force_login(self.erin)
        self.assertEqual(self.client.get("/papers/2018-06/").status_code, 200)
        for url in [
            "/papers/2018-06%0A/",
            "/papers/٢٠١٨-٠٦/",
            "/papers/２０１８-０６/",
            "/papers/2018-6/",
            "/papers/2018-13/",
            "/papers/1989-12/",
        ]:
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 404)
