"""Asking for approval, sending a draft back with a comment, answering it: who is told, what
the message says, and the comment on the paper's page until it is answered."""

from django.core.management import call_command

from opsreport.mail.models import Delivery, Event, EventKind
from opsreport.models import Paper, PaperStatus
from opsreport.month.status import month_status
from opsreport.roles import APPROVER
from tests.base import JUNE_2018, SampleTestCase, make_user
from tests.mailserver import SMTPServer, bodies, subject

MONTH = "/months/2018-06/"
PAPER = "/papers/2018-06/"


def run_deliver():
    call_command("deliver", until_done=True, stdout=open("/dev/null", "w"))


class ApprovalRequestTests(SampleTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.sam = make_user("sam", APPROVER)  # a second approver
        for user in (cls.erin, cls.alex, cls.pat, cls.sam):
            user.email = f"{user.username}@example.org"
            user.first_name = user.username.title()
            user.save()

    def test_the_editor_asks_and_every_approver_is_told(self):
        self.client.force_login(self.erin)
        page = self.client.get(MONTH)
        self.assertContains(page, "Ask for approval")
        with SMTPServer() as smtp:
            response = self.client.post(
                MONTH + "ask-for-approval/", {"note": "Table 5's July 2017 total is explained."}
            )
            self.assertRedirects(response, MONTH, fetch_redirect_response=False)
            self.assertEqual(smtp.messages, [])  # nothing waits for SMTP
            run_deliver()
            self.assertEqual(sorted(m["To"] for m in smtp.messages), ["alex@example.org", "sam@example.org"])
            message = smtp.to("alex@example.org")[0]
        status = month_status(Paper.objects.get(month=JUNE_2018))
        self.assertEqual(subject(message), "[WHITE] Approval requested: Operations Report — June 2018")
        text, html = bodies(message)
        self.assertIn("Erin asks for approval of Operations Report — June 2018", text)
        self.assertIn("Month: June 2018", text)
        self.assertIn(f"Missing items: {status.missing_count}\nOpen findings: {status.findings_count}", text)
        self.assertIn("Table 5's July 2017 total is explained.", text)
        self.assertIn("Table 5&#x27;s July 2017 total is explained.", html)
        self.assertIn("http://127.0.0.1:8000/papers/2018-06/", text)
        self.assertIn(message["List-Unsubscribe-Post"], "List-Unsubscribe=One-Click")
        self.assertContains(self.client.get(MONTH), "Approval last requested by Erin")

    def test_only_editors_ask_and_only_for_a_draft(self):
        self.client.force_login(self.pat)
        self.assertEqual(self.client.post(MONTH + "ask-for-approval/").status_code, 403)
        self.client.force_login(self.alex)
        self.assertEqual(self.client.post(MONTH + "ask-for-approval/").status_code, 403)
        Paper.objects.filter(month=JUNE_2018).update(status=PaperStatus.APPROVED)
        self.client.force_login(self.erin)
        response = self.client.post(MONTH + "ask-for-approval/", follow=True)
        self.assertContains(response, "Only a draft is sent for approval; this paper is approved.")
        self.assertFalse(Event.objects.exists())

    def test_a_note_too_long_is_refused_and_nothing_is_recorded(self):
        self.client.force_login(self.erin)
        response = self.client.post(MONTH + "ask-for-approval/", {"note": "x" * 2001}, follow=True)
        self.assertContains(response, "the note has 2001 characters; keep it to 2000")
        self.assertFalse(Event.objects.exists())


class SendBackTests(SampleTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        for user in (cls.erin, cls.alex, cls.pat):
            user.email = f"{user.username}@example.org"
            user.first_name = user.username.title()
            user.save()

    def test_send_back_answer_and_the_comment_until_answered(self):
        with SMTPServer() as smtp:
            self.client.force_login(self.alex)
            response = self.client.post(PAPER + "send-back/", {"comment": "Please add the default notes."})
            self.assertRedirects(response, PAPER, fetch_redirect_response=False)
            run_deliver()
            [to_editor] = smtp.messages
            self.assertEqual(to_editor["To"], "erin@example.org")
            self.assertEqual(subject(to_editor), "[WHITE] Sent back with a comment: Operations Report — June 2018")
            self.assertIn("Alex has sent Operations Report — June 2018", bodies(to_editor)[0])
            self.assertIn("Please add the default notes.", bodies(to_editor)[0])

            # The comment shows on the paper's page and the month page until it is answered.
            self.client.force_login(self.erin)
            page = self.client.get(PAPER)
            self.assertContains(page, "Please add the default notes.")
            self.assertContains(page, "Your answer")
            self.assertContains(self.client.get(MONTH), "Please add the default notes.")
            comment = Event.objects.get(kind=EventKind.SENT_BACK)
            response = self.client.post(PAPER + f"comments/{comment.pk}/answer/", {"answer": "Notes added to both."})
            self.assertRedirects(response, PAPER, fetch_redirect_response=False)
            run_deliver()
            to_approver = smtp.to("alex@example.org")[0]
            self.assertEqual(subject(to_approver), "[WHITE] Comment answered: Operations Report — June 2018")
            self.assertIn("Please add the default notes.", bodies(to_approver)[0])
            self.assertIn("Notes added to both.", bodies(to_approver)[0])
            self.assertNotContains(self.client.get(PAPER), "Please add the default notes.")
            # Answered once: a second answer is refused and tells nobody.
            response = self.client.post(PAPER + f"comments/{comment.pk}/answer/", {"answer": "Again"}, follow=True)
            self.assertContains(response, "This comment has been answered already.")
            run_deliver()
            self.assertEqual(len(smtp.messages), 2)
        self.client.force_login(self.alex)
        log = self.client.get(PAPER)
        self.assertContains(log, "Sent back with a comment by Alex")
        self.assertContains(log, "Answer to a comment by Erin")

    def test_only_the_approver_sends_back_and_only_editors_answer(self):
        self.client.force_login(self.erin)
        self.assertEqual(self.client.post(PAPER + "send-back/", {"comment": "x"}).status_code, 403)
        self.client.force_login(self.alex)
        self.client.post(PAPER + "send-back/", {"comment": "Check Table 3."})
        comment = Event.objects.get()
        self.assertEqual(self.client.post(PAPER + f"comments/{comment.pk}/answer/", {"answer": "x"}).status_code, 403)
        self.client.force_login(self.pat)
        self.assertEqual(self.client.post(PAPER + f"comments/{comment.pk}/answer/", {"answer": "x"}).status_code, 403)

    def test_an_empty_comment_is_refused(self):
        self.client.force_login(self.alex)
        response = self.client.post(PAPER + "send-back/", {"comment": "  "}, follow=True)
        self.assertContains(response, "Not sent back: write the comment the editors are to answer.")
        self.assertFalse(Delivery.objects.exists())
