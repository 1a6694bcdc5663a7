"""Readers (Panel members, the public) reach a published paper only as its issue froze it.

Every address of a paper, typed straight in, under each classification rule.
"""

from django.contrib.auth.models import User

from opsreport.models import Paper, PaperIssue
from tests.base import JUNE_2018, SampleTestCase
from tests.helpers import approve, publish

PAGE, PDF, ISSUE, FIGURE = (
    "/papers/2018-06/",
    "/papers/2018-06/pdf/",
    "/papers/2018-06/issues/1/pdf/",
    "/papers/2018-06/figures/1.svg",
)


class ReadingPublishedTests(SampleTestCase):
    def publish(self):
        self.client.force_login(self.alex)
        approve(self.client, PAGE)
        publish(self.client, PAGE)
        self.client.logout()
        return PaperIssue.objects.get()

    def set_classification(self, level):
        Paper.objects.filter(month=JUNE_2018).update(classification=level)

    def test_before_publication_readers_get_nothing(self):
        for url in [PAGE, PDF, ISSUE, FIGURE]:
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 302)  # to sign in
                self.client.force_login(self.pat)
                self.assertEqual(self.client.get(url).status_code, 403)
                self.client.logout()

    def test_the_public_reads_a_published_white_paper_as_frozen(self):
        issue = self.publish()
        page = self.client.get(PAGE)
        self.assertEqual(page.content.decode(), issue.html)
        self.assertEqual(self.client.get(PDF).content, bytes(issue.pdf))
        self.assertEqual(self.client.get(ISSUE).content, bytes(issue.pdf))

    def test_readers_never_get_figures_drawn_from_live_data(self):
        self.publish()
        self.assertEqual(self.client.get(FIGURE).status_code, 404)
        self.client.force_login(self.pat)
        self.assertEqual(self.client.get(FIGURE).status_code, 404)

    def test_lowering_the_marking_after_publication_opens_nothing(self):
        self.set_classification("amber")
        self.publish()
        self.set_classification("white")
        for url in [PAGE, PDF, ISSUE]:
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 302)
        self.assertNotContains(self.client.get("/papers/"), "Operations Report — June 2018")
        self.client.force_login(self.pat)
        self.assertEqual(self.client.get(PAGE).status_code, 200)
        self.assertContains(self.client.get("/papers/"), "Operations Report — June 2018")

    def test_raising_the_marking_after_publication_closes_at_once(self):
        self.publish()
        self.set_classification("red")
        self.client.force_login(self.pat)
        for url in [PAGE, PDF, ISSUE]:
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 403)
        self.assertNotContains(self.client.get("/papers/"), "Operations Report — June 2018")

    def test_a_role_less_account_reads_only_what_the_public_does(self):
        self.set_classification("green")
        self.publish()
        self.client.force_login(User.objects.create_user("nora"))
        self.assertEqual(self.client.get(PAGE).status_code, 403)
        self.client.force_login(self.pat)
        self.assertEqual(self.client.get(PAGE).status_code, 200)

    def test_the_month_of_a_published_paper_cannot_be_moved(self):
        self.publish()
        self.client.force_login(self.erin)
        paper = Paper.objects.get(month=JUNE_2018)
        form = self.client.get(f"/admin/opsreport/paper/{paper.pk}/change/").context["adminform"].form
        self.assertNotIn("month", form.fields)

    def test_a_reader_can_find_the_way_back_from_a_published_paper(self):
        self.publish()
        page = self.client.get(PAGE)
        self.assertContains(page, 'href="/papers/"')
        self.assertContains(page, f'href="{PDF}"')
        self.assertNotContains(page, "/admin/")
