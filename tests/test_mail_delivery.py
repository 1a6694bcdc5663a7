"""Delivery when SMTP misbehaves: the publication stands, failures are logged with the server's
reply and retried with back-off, and each recipient gets one message however often a worker
tries (record before send, one claim per attempt, one Message-ID per delivery)."""

import datetime
from unittest import mock

import time_machine
from django.core.management import call_command

from opsreport.mail import delivery as delivery_module
from opsreport.mail import notify
from opsreport.mail.delivery import BACKOFF, MAX_ATTEMPTS, STALE_AFTER, deliver
from opsreport.mail.models import Delivery, DeliveryStatus
from opsreport.mail.tasks import send_delivery
from opsreport.models import PaperIssue, PaperStatus
from tests.base import JUNE_2018, BaseTestCase, SampleTestCase
from tests.factories import make_paper
from tests.helpers import approve, publish
from tests.mailserver import SMTPServer, free_port

START = datetime.datetime(2018, 7, 6, 14, 30, tzinfo=datetime.UTC)


def run_deliver():
    call_command("deliver", until_done=True, stdout=open("/dev/null", "w"))


def statuses():
    return sorted(Delivery.objects.values_list("email", "status", "attempts"))


class SMTPDownAtPublicationTests(SampleTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        for user in (cls.erin, cls.alex, cls.pat):
            user.email = f"{user.username}@example.org"
            user.save()

    def test_the_publication_stands_and_each_recipient_gets_one_message_once_smtp_is_back(self):
        port = free_port()
        with time_machine.travel(START, tick=False) as clock, SMTPServer(port=port, start=False) as smtp:
            self.client.force_login(self.alex)
            approve(self.client, "/papers/2018-06/")
            response = publish(self.client, "/papers/2018-06/")
            self.assertRedirects(response, "/papers/2018-06/", fetch_redirect_response=False)
            issue = PaperIssue.objects.get(paper__month=JUNE_2018)
            self.assertEqual(issue.paper.status, PaperStatus.PUBLISHED)

            run_deliver()  # nothing listens on the port
            self.assertEqual(
                statuses(),
                [
                    ("alex@example.org", "retrying", 1),
                    ("erin@example.org", "retrying", 1),
                    ("pat@example.org", "retrying", 1),
                ],
            )
            failed = Delivery.objects.first()
            self.assertIn("ConnectionRefusedError", failed.last_error)
            self.assertEqual(failed.next_attempt_at, START + datetime.timedelta(seconds=BACKOFF[0]))
            page = self.client.get("/papers/2018-06/")
            self.assertContains(page, "Failed, to be retried, next try 06/07/2018 15:31", count=3)
            self.assertContains(page, "SMTP: ConnectionRefusedError")

            run_deliver()  # not due yet: no new attempt
            self.assertEqual({a for _, _, a in statuses()}, {1})

            smtp.start()
            clock.shift(BACKOFF[0])
            run_deliver()
            run_deliver()  # and again: nothing is sent twice
            self.assertEqual(
                sorted(m["To"] for m in smtp.messages), ["alex@example.org", "erin@example.org", "pat@example.org"]
            )
            self.assertEqual({(s, a) for _, s, a in statuses()}, {("sent", 2)})
            self.assertEqual(PaperIssue.objects.filter(paper__month=JUNE_2018).count(), 1)


class RetryTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.pat.email = "pat@example.org"
        cls.pat.save()
        cls.alex.email = "alex@example.org"
        cls.alex.save()

    def publication(self):
        paper = make_paper(datetime.date(2030, 1, 1), status=PaperStatus.PUBLISHED)
        return notify.publication(paper.issues.get())

    def test_a_4xx_reply_is_retried_with_back_off_then_failed_for_good(self):
        with time_machine.travel(START, tick=False) as clock, SMTPServer() as smtp:
            smtp.handler.refuse = "451 4.3.0 Mailbox temporarily unavailable"
            self.publication()
            for _ in range(MAX_ATTEMPTS):
                run_deliver()
                clock.shift(BACKOFF[-1])
            pat = Delivery.objects.get(email="pat@example.org")
            self.assertEqual(pat.status, DeliveryStatus.FAILED)
            self.assertEqual(pat.attempts, MAX_ATTEMPTS)
            self.assertEqual(pat.last_error, "451 4.3.0 Mailbox temporarily unavailable")
            self.assertEqual(smtp.messages, [])

    def test_the_back_off_grows(self):
        with time_machine.travel(START, tick=False) as clock, SMTPServer() as smtp:
            smtp.handler.refuse = "421 4.7.0 Try again later"
            self.publication()
            seen = []
            for wait in BACKOFF[:3]:
                run_deliver()
                pat = Delivery.objects.get(email="pat@example.org")
                seen.append((pat.next_attempt_at - datetime.datetime.now(datetime.UTC)).total_seconds())
                clock.shift(wait)
            self.assertEqual(seen, BACKOFF[:3])

    def test_a_5xx_reply_fails_at_once_and_the_approver_sends_it_again(self):
        with time_machine.travel(START, tick=False), SMTPServer() as smtp:
            smtp.handler.refuse = "550 5.1.1 No such user here"
            self.publication()
            run_deliver()
            pat = Delivery.objects.get(email="pat@example.org")
            self.assertEqual((pat.status, pat.attempts), (DeliveryStatus.FAILED, 1))
            self.assertEqual(pat.last_error, "550 5.1.1 No such user here")
            self.client.force_login(self.alex)
            page = self.client.get("/papers/2030-01/")
            self.assertContains(page, "SMTP: 550 5.1.1 No such user here")
            self.assertContains(page, "Send again", count=2)

            smtp.handler.refuse = None  # the address was put right
            self.client.force_login(self.pat)
            self.assertEqual(self.client.post(f"/mail/deliveries/{pat.pk}/send-again/").status_code, 403)
            self.client.force_login(self.alex)
            response = self.client.post(f"/mail/deliveries/{pat.pk}/send-again/")
            self.assertRedirects(response, "/papers/2030-01/#mail-log", fetch_redirect_response=False)
            run_deliver()
            self.assertEqual(len(smtp.to("pat@example.org")), 1)
            self.assertEqual(Delivery.objects.get(pk=pat.pk).status, DeliveryStatus.SENT)
            # A sent message is not sent again by a second click.
            self.client.post(f"/mail/deliveries/{pat.pk}/send-again/")
            run_deliver()
            self.assertEqual(len(smtp.to("pat@example.org")), 1)


class OnceOnlyTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.pat.email = "pat@example.org"
        cls.pat.save()

    def setUp(self):
        paper = make_paper(datetime.date(2030, 1, 1), status=PaperStatus.PUBLISHED)
        self.issue = paper.issues.get()

    def test_publishing_the_same_issue_twice_tells_nobody_twice(self):
        first = notify.publication(self.issue)
        self.assertIsNone(notify.publication(self.issue))
        self.assertEqual(Delivery.objects.filter(event=first).count(), 1)

    def test_the_same_task_run_twice_sends_once(self):
        notify.publication(self.issue)
        pk = Delivery.objects.get().pk
        with SMTPServer() as smtp:
            self.assertEqual(send_delivery.call(pk), DeliveryStatus.SENT)
            self.assertEqual(send_delivery.call(pk), "not due")
            run_deliver()
            self.assertEqual(len(smtp.messages), 1)

    def test_a_worker_that_dies_after_sending_resends_the_same_message_id(self):
        """The one window the claim cannot close: the server took the message, the worker died
        before writing "sent". The delivery is sent again after STALE_AFTER with the Message-ID
        it was recorded with, so the mailbox holds one message."""
        with time_machine.travel(START, tick=False) as clock, SMTPServer() as smtp:
            notify.publication(self.issue)
            recorded = Delivery.objects.get()
            real_finish = delivery_module._finish

            def die_on_sent(item, status, **fields):
                if status == DeliveryStatus.SENT:
                    raise SystemExit("worker killed")
                real_finish(item, status, **fields)

            with mock.patch.object(delivery_module, "_finish", die_on_sent), self.assertRaises(SystemExit):
                deliver(recorded.pk)
            self.assertEqual(Delivery.objects.get().status, DeliveryStatus.SENDING)
            run_deliver()  # still within STALE_AFTER: another worker may be sending it
            self.assertEqual(len(smtp.messages), 1)
            clock.shift(STALE_AFTER + datetime.timedelta(seconds=1))
            run_deliver()
            self.assertEqual(Delivery.objects.get().status, DeliveryStatus.SENT)
            self.assertEqual([m["Message-ID"] for m in smtp.messages], [recorded.message_id] * 2)
            self.assertEqual(len({m["Message-ID"] for m in smtp.messages}), 1)
