"""Each person's choices and the one-click unsubscribe (RFC 8058) every message carries."""

import datetime

from django.core.management import call_command

from opsreport.mail import notify
from opsreport.mail.models import Delivery, DeliveryStatus, OutsideAddress, Preference
from opsreport.models import PaperStatus
from tests.base import BaseTestCase
from tests.factories import make_paper
from tests.mailserver import SMTPServer


def run_deliver():
    call_command("deliver", until_done=True, stdout=open("/dev/null", "w"))


def unsubscribe_url(message):
    return message["List-Unsubscribe"].strip().strip("<>").replace("http://127.0.0.1:8000", "")


class PreferencesPageTests(BaseTestCase):
    def test_each_person_chooses_attachments_or_links_and_whether_to_receive_publications(self):
        self.pat.email = "pat@example.org"
        self.pat.save()
        self.client.force_login(self.pat)
        page = self.client.get("/mail/preferences/")
        self.assertContains(page, "Messages go to <strong>pat@example.org</strong>")
        self.assertContains(page, "Attach the PDFs")
        response = self.client.post("/mail/preferences/", {"publications": "on"})
        self.assertRedirects(response, "/mail/preferences/")
        preference = Preference.objects.get(user=self.pat)
        self.assertEqual((preference.publications, preference.attach_pdf, preference.workflow), (True, False, False))

    def test_someone_without_an_address_is_told(self):
        self.client.force_login(self.pat)
        self.assertContains(self.client.get("/mail/preferences/"), "Your account has no email address")

    def test_signed_out_visitors_sign_in_first(self):
        response = self.client.get("/mail/preferences/")
        self.assertRedirects(response, "/accounts/login/?next=/mail/preferences/", fetch_redirect_response=False)


class UnsubscribeTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.pat.email = "pat@example.org"
        cls.pat.save()
        Preference.objects.create(user=cls.pat, attach_pdf=False)
        cls.outside = OutsideAddress.objects.create(email="observer@example.com", added_by=cls.alex)

    def published(self, month):
        paper = make_paper(month, status=PaperStatus.PUBLISHED)
        return notify.publication(paper.issues.get())

    def test_one_click_unsubscribes_from_publications_without_signing_in_and_changes_nothing_else(self):
        self.published(datetime.date(2030, 1, 1))
        with SMTPServer() as smtp:
            run_deliver()
            [message] = smtp.to("pat@example.org")
        url = unsubscribe_url(message)
        # A GET (a link checker, a preview) changes nothing; it shows the button.
        self.assertContains(self.client.get(url), "Stop these messages?")
        self.assertTrue(Preference.of(self.pat).publications)
        # The mail client's one-click POST: no session, no CSRF token.
        client = self.client_class(enforce_csrf_checks=True)
        response = client.post(url, {"List-Unsubscribe": "One-Click"})
        self.assertContains(response, "You will receive no more messages about published papers")
        preference = Preference.of(self.pat)
        self.assertEqual((preference.publications, preference.attach_pdf, preference.workflow), (False, False, True))
        # The next publication leaves them out.
        event = self.published(datetime.date(2030, 2, 1))
        self.assertFalse(Delivery.objects.filter(event=event, email="pat@example.org").exists())

    def test_a_publication_queued_before_unsubscribing_is_not_sent(self):
        event = self.published(datetime.date(2030, 1, 1))
        Preference.objects.filter(user=self.pat).update(publications=False)
        with SMTPServer() as smtp:
            run_deliver()
            self.assertEqual(smtp.to("pat@example.org"), [])
        delivery = Delivery.objects.get(event=event, email="pat@example.org")
        self.assertEqual(
            (delivery.status, delivery.reason), (DeliveryStatus.SKIPPED, "Unsubscribed from publications.")
        )

    def test_an_outside_address_unsubscribes_itself(self):
        self.published(datetime.date(2030, 1, 1))
        with SMTPServer() as smtp:
            run_deliver()
            [message] = smtp.to("observer@example.com")
        self.client.post(unsubscribe_url(message))
        self.outside.refresh_from_db()
        self.assertFalse(self.outside.active)
        event = self.published(datetime.date(2030, 2, 1))
        self.assertFalse(Delivery.objects.filter(event=event, email="observer@example.com").exists())

    def test_a_forged_token_is_refused(self):
        self.assertEqual(self.client.post("/mail/unsubscribe/WyJwdWJsaWNhdGlvbnMiLDNd:1fbQoC:forged/").status_code, 404)


class DistributionListTests(BaseTestCase):
    def test_the_approver_keeps_the_outside_addresses(self):
        self.client.force_login(self.alex)
        response = self.client.post("/mail/distribution/", {"email": " Observer@Example.com ", "name": "An observer"})
        self.assertRedirects(response, "/mail/distribution/")
        self.assertEqual(OutsideAddress.objects.get().email, "observer@example.com")
        again = self.client.post("/mail/distribution/", {"email": "observer@example.com"})
        self.assertContains(again, "This address is on the list already.")
        self.client.post("/mail/distribution/", {"remove": OutsideAddress.objects.get().pk})
        self.assertFalse(OutsideAddress.objects.exists())

    def test_nobody_else_sees_it(self):
        for user in (self.erin, self.pat):
            self.client.force_login(user)
            self.assertEqual(self.client.get("/mail/distribution/").status_code, 403)
