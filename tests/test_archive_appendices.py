"""The archive lists only the appendices a reader can open.

Readers of a published paper read its appendices as the latest issue froze them; one added
after publication is not listed for them (it would answer 404), while SECAS, who read the
live paper, see it at once.
"""

from opsreport.lib.months import add_months
from opsreport.models import Appendix, PaperStatus
from tests.base import JUNE_2018, BaseTestCase
from tests.factories import make_paper

MAY_2018 = add_months(JUNE_2018, -1)
LATE = "Late addition"


class ArchiveAppendicesTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.paper = make_paper(
            MAY_2018, PaperStatus.PUBLISHED, "white", number=57, appendices=[("A", "Testing Update UEPT", "green")]
        )
        # Added after publication: not frozen with issue 1.
        Appendix.objects.create(paper=cls.paper, letter="B", title=LATE, classification="green")

    def archive(self, user):
        self.client.force_login(user)
        return self.client.get("/papers/")

    def test_a_panel_member_sees_the_published_appendix_only(self):
        response = self.archive(self.pat)
        self.assertContains(response, '<a href="/papers/2018-05/appendices/A/">Appendix A: Testing Update UEPT</a>')
        self.assertNotContains(response, LATE)
        # ...and what is listed opens, while the late one does not.
        self.assertEqual(self.client.get("/papers/2018-05/appendices/A/").status_code, 200)
        self.assertEqual(self.client.get("/papers/2018-05/appendices/B/").status_code, 404)

    def test_the_public_sees_no_appendix_above_white(self):
        self.client.logout()
        response = self.client.get("/papers/")
        self.assertContains(response, "Operations Report — May 2018")
        self.assertNotContains(response, "Appendix A")
        self.assertNotContains(response, LATE)

    def test_secas_see_the_live_appendices(self):
        response = self.archive(self.erin)
        self.assertContains(response, "Appendix A: Testing Update UEPT")
        self.assertContains(response, f"Appendix B: {LATE}")

    def test_a_raised_marking_hides_a_published_appendix(self):
        Appendix.objects.filter(paper=self.paper, letter="A").update(classification="red")
        self.assertNotContains(self.archive(self.pat), "Appendix A")

    def test_the_archive_costs_the_same_for_more_papers(self):
        self.client.force_login(self.pat)
        self.client.get("/papers/")  # sessions and permissions warmed
        with self.assertNumQueries(8):
            self.client.get("/papers/")
        make_paper(add_months(JUNE_2018, -2), PaperStatus.PUBLISHED, "white", appendices=[("A", "More", "white")])
        with self.assertNumQueries(8):
            self.assertContains(self.client.get("/papers/"), "Appendix A: More")
