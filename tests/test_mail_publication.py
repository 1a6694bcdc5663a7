"""Publishing the June 2018 paper puts the right message, with the right attachments, in each
mailbox: tested against a real SMTP server (aiosmtpd), through the publish button and the
delivery command, as an approver and the Panel would see it."""

import hashlib

import time_machine
from django.core.management import call_command

from opsreport.mail.models import Delivery, DeliveryStatus, OutsideAddress
from opsreport.models import Paper, PaperIssue
from tests.base import JUNE_2018, SampleTestCase
from tests.helpers import approve, publish
from tests.mailserver import SMTPServer, attachments, bodies, subject

URL = "/papers/2018-06/"


@time_machine.travel("2018-07-06 14:30 +0100", tick=False)
class PublicationMailTests(SampleTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        for user in (cls.erin, cls.alex, cls.pat):
            user.email = f"{user.username}@example.org"
            user.save()
        OutsideAddress.objects.create(email="observer@example.com", name="An observer", added_by=cls.alex)

    def publish(self, classification=None):
        if classification:
            Paper.objects.filter(month=JUNE_2018).update(classification=classification)
        self.client.force_login(self.alex)
        approve(self.client, URL)
        response = publish(self.client, URL)
        self.assertRedirects(response, URL, fetch_redirect_response=False)
        return PaperIssue.objects.get()

    def deliver(self):
        call_command("deliver", until_done=True, stdout=open("/dev/null", "w"))

    def test_publishing_queues_one_delivery_each_and_sends_nothing_itself(self):
        with SMTPServer() as smtp:
            self.publish()
            self.assertEqual(smtp.messages, [])  # publishing never waits for SMTP
            self.assertEqual(
                sorted(Delivery.objects.values_list("email", "status")),
                [
                    ("alex@example.org", "queued"),
                    ("erin@example.org", "queued"),
                    ("observer@example.com", "queued"),
                    ("pat@example.org", "queued"),
                ],
            )
            self.deliver()
            self.assertEqual(len(smtp.messages), 4)
            self.assertEqual(set(Delivery.objects.values_list("status", flat=True)), {DeliveryStatus.SENT})

    def test_the_panel_members_message(self):
        with SMTPServer() as smtp:
            issue = self.publish("amber")
            self.deliver()
            [message] = smtp.to("pat@example.org")
        paper = issue.paper
        self.assertEqual(
            subject(message), f"[AMBER] Published: Operations Report — June 2018, {paper.reference}, issue 1"
        )
        self.assertEqual(message["To"], "pat@example.org")
        self.assertEqual(message["Message-ID"], Delivery.objects.get(email="pat@example.org").message_id)
        self.assertEqual(message["List-Unsubscribe-Post"], "List-Unsubscribe=One-Click")
        self.assertRegex(message["List-Unsubscribe"].strip(), r"^<http://127\.0\.0\.1:8000/mail/unsubscribe/[^>]+/>$")
        self.assertEqual(message.get_content_type(), "multipart/mixed")
        text, html = bodies(message)
        self.assertIn("Classification: Amber", text)
        self.assertIn(f"Paper: {paper.reference}, for SEC Panel meeting {paper.panel_meeting_number}", text)
        self.assertIn("Month: June 2018", text)
        self.assertIn("http://127.0.0.1:8000/papers/2018-06/issues/1/pdf/", text)
        self.assertIn("Appendix A — Testing Update UEPT (Amber)", text)
        self.assertIn(
            '<th scope="row" style="text-align: left; padding-right: 1em;">Classification</th><td>Amber</td>', html
        )
        # No remote resource in the HTML part: nothing is fetched when it is read.
        self.assertNotIn("<img", html)
        self.assertNotIn("src=", html)
        files = attachments(message)
        self.assertEqual(
            sorted(files),
            [f"{paper.reference.replace(' ', '_')}_Appendix_A.pdf", f"{paper.reference.replace(' ', '_')}_issue_1.pdf"],
        )
        self.assertEqual(
            hashlib.sha256(files[f"{paper.reference.replace(' ', '_')}_issue_1.pdf"]).hexdigest(), issue.sha256
        )
        appendix = issue.appendices.get(letter="A")
        self.assertEqual(
            hashlib.sha256(files[f"{paper.reference.replace(' ', '_')}_Appendix_A.pdf"]).hexdigest(), appendix.sha256
        )

    def test_an_amber_paper_is_not_sent_outside(self):
        with SMTPServer() as smtp:
            self.publish("amber")
            self.deliver()
            self.assertEqual(smtp.to("observer@example.com"), [])
        self.assertFalse(Delivery.objects.filter(email="observer@example.com").exists())

    def test_the_outside_address_gets_the_white_paper_without_the_amber_appendix(self):
        with SMTPServer() as smtp:
            issue = self.publish()
            self.deliver()
            [message] = smtp.to("observer@example.com")
        self.assertTrue(subject(message).startswith("[WHITE] Published: Operations Report — June 2018, "))
        files = attachments(message)
        self.assertEqual(list(files), [f"{issue.paper.reference.replace(' ', '_')}_issue_1.pdf"])
        text, html = bodies(message)
        self.assertNotIn("Appendix", text)
        self.assertNotIn("Appendix", html)
        self.assertNotIn("Choose what you receive", text)  # an outside address has no account

    def test_a_white_paper_sent_with_its_amber_appendix_is_an_amber_message(self):
        with SMTPServer() as smtp:
            self.publish()
            self.deliver()
            [message] = smtp.to("pat@example.org")
        self.assertTrue(subject(message).startswith("[AMBER] Published: Operations Report — June 2018, "))
        text, _ = bodies(message)
        self.assertIn("Classification: White", text)
        self.assertIn("This message is classified Amber under the Panel Information Policy", text)

    def test_a_link_only_reader_gets_links_and_no_attachment(self):
        from opsreport.mail.models import Preference

        Preference.objects.create(user=self.pat, attach_pdf=False)
        with SMTPServer() as smtp:
            self.publish()
            self.deliver()
            [message] = smtp.to("pat@example.org")
        self.assertEqual(attachments(message), {})
        text, _ = bodies(message)
        self.assertIn("To read (sign in):", text)
        self.assertIn("http://127.0.0.1:8000/papers/2018-06/appendices/A/pdf/", text)

    def test_the_delivery_log_on_the_paper_page(self):
        with SMTPServer():
            self.publish()
            self.deliver()
        page = self.client.get(URL)
        self.assertContains(page, "Messages sent about this paper")
        self.assertContains(page, "Publication (issue 1) by alex")
        self.assertContains(page, "pat &lt;pat@example.org&gt;")
        self.assertContains(page, "Sent 06/07/2018 14:30", count=4)
        self.client.force_login(self.pat)
        self.assertNotContains(self.client.get(URL), "Messages sent about this paper")
