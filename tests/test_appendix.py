"""Appendices: separate documents with their own classification, frozen with the paper."""

import shutil
from unittest import skipUnless

from django.contrib.auth.models import User

from opsreport.models import AppendixIssue, Paper
from parties.models import DCCUserRole, Party, TestCompletion, TestKind
from tests.base import JUNE_2018, SampleTestCase
from tests.helpers import approve, pdf_text, publish

URL = "/papers/2018-06/appendices/A/"
HAVE_PDFTOTEXT = shutil.which("pdftotext") is not None


class AppendixTests(SampleTestCase):
    def publish(self):
        self.client.force_login(self.alex)
        approve(self.client, "/papers/2018-06/")
        publish(self.client, "/papers/2018-06/")
        self.client.logout()

    def test_the_editor_reads_the_uept_detail_marked_amber(self):
        self.client.force_login(self.erin)
        response = self.client.get(URL)
        self.assertContains(response, "This document is classified as Amber")
        self.assertContains(response, "Appendix A - Testing Update UEPT")
        self.assertContains(response, "three completions for a total of five User Roles")
        self.assertContains(response, "Sample Other SEC Party 080 Limited")
        self.assertContains(response, "Registered Supplier Agent (RSA), Other User")
        self.assertContains(response, "26/06/2018")

    def test_the_front_page_links_its_appendix(self):
        self.client.force_login(self.erin)
        self.assertContains(self.client.get("/papers/2018-06/"), f'href="{URL}"')

    @skipUnless(HAVE_PDFTOTEXT, "needs poppler's pdftotext")
    def test_its_pdf_carries_its_own_classification_on_every_page(self):
        self.client.force_login(self.erin)
        response = self.client.get(URL + "pdf/")
        self.assertEqual(response["Content-Type"], "application/pdf")
        text = pdf_text(response.content)
        self.assertIn("This document has a Classification of Amber", text)
        self.assertIn("Sample Small Supplier 102", text)
        self.assertIn("Page 1 of 1", text)

    def test_nobody_but_staff_reads_it_before_publication(self):
        self.client.force_login(self.pat)
        self.assertEqual(self.client.get(URL).status_code, 403)
        self.client.logout()
        self.assertEqual(self.client.get(URL).status_code, 302)

    def test_once_published_the_panel_reads_amber_but_the_public_does_not(self):
        self.publish()
        self.client.force_login(self.pat)
        self.assertContains(self.client.get(URL), "Sample Other SEC Party 080 Limited")
        self.assertEqual(self.client.get(URL + "pdf/")["Content-Type"], "application/pdf")
        self.client.force_login(User.objects.create_user("nora"))
        self.assertEqual(self.client.get(URL).status_code, 403)
        self.client.logout()
        self.assertEqual(self.client.get(URL).status_code, 302)
        self.assertEqual(self.client.get("/papers/2018-06/").status_code, 200)  # the White paper itself

    def test_a_red_appendix_stays_with_secas(self):
        Paper.objects.get(month=JUNE_2018).appendices.update(classification="red")
        self.publish()
        self.client.force_login(self.pat)
        self.assertEqual(self.client.get(URL).status_code, 403)
        self.assertNotContains(self.client.get("/papers/"), "Testing Update UEPT")

    def test_the_published_appendix_never_changes(self):
        self.publish()
        frozen = AppendixIssue.objects.get()
        self.assertEqual(frozen.classification, "amber")
        party = Party.objects.get(name="Foxglove Energy Supply Limited")
        late = TestCompletion.objects.create(kind=TestKind.UEPT, party=party, completed_on="2018-07-02")
        late.roles.set([DCCUserRole.objects.get(name="Gas Supplier")])
        self.client.force_login(self.pat)
        self.assertNotContains(self.client.get(URL), "Foxglove Energy Supply Limited")
        self.client.force_login(self.erin)
        self.assertContains(self.client.get(URL), "Foxglove Energy Supply Limited")  # staff see the live data
        with self.assertRaises(ValueError):
            frozen.save()

    def test_an_unknown_appendix_is_404(self):
        self.client.force_login(self.erin)
        self.assertEqual(self.client.get("/papers/2018-06/appendices/Z/").status_code, 404)
