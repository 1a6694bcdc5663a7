"""`make bench`'s mail figures: publishing the June 2018 sample to 50 readers, and how long
until the last of them has the message, through a real SMTP server on loopback (aiosmtpd, a
development dependency). Run on a database of its own (make bench gives it a fresh copy)."""

import socket
import time

from django.conf import settings
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.test import override_settings

from opsreport import actions
from opsreport.mail.models import Delivery, DeliveryStatus
from opsreport.mail.worker import deliver_until_done
from opsreport.models import Paper, PaperStatus
from opsreport.paper.assembly import assemble
from opsreport.roles import APPROVER, PANEL_MEMBER

RECIPIENTS = 50


class Command(BaseCommand):
    help = "Time publishing to 50 readers and delivering to all of them (make bench)."

    def handle(self, *args, **options):
        from aiosmtpd.controller import Controller

        if "bench" not in str(settings.DATABASES["default"]["NAME"]):
            raise CommandError("mail_bench writes users and publishes: run it on a bench database (make bench).")
        call_command("load_sample", if_empty=True, stdout=open("/dev/null", "w"))
        paper = Paper.objects.get(month="2018-06-01")
        if paper.status == PaperStatus.PUBLISHED:
            raise CommandError("The June 2018 paper is published already: make bench starts from a fresh database.")
        approver = User.objects.create_user("bench-approver")
        approver.groups.add(Group.objects.get(name=APPROVER))
        panel = Group.objects.get(name=PANEL_MEMBER)
        for i in range(RECIPIENTS - 1):
            User.objects.create_user(f"bench-reader-{i:02d}", email=f"reader{i:02d}@example.org").groups.add(panel)
        approver.email = "approver@example.org"
        approver.save()
        actions.approve_paper(paper, approver, assemble(paper).fingerprint())

        started = time.perf_counter()
        issue = actions.publish_paper(paper, approver)  # draws the PDFs and queues the deliveries
        published = time.perf_counter()
        queued = Delivery.objects.filter(event__issue=issue).count()

        class Counter:
            received = 0

            async def handle_DATA(self, server, session, envelope):
                Counter.received += 1
                return "250 OK"

        with socket.socket() as probe:  # a free port on loopback
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        controller = Controller(Counter(), hostname="127.0.0.1", port=port)
        controller.start()
        try:
            with override_settings(
                EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend", EMAIL_HOST="127.0.0.1", EMAIL_PORT=port
            ):
                deliver_until_done()
        finally:
            controller.stop()
        delivered = time.perf_counter()
        sent = Delivery.objects.filter(status=DeliveryStatus.SENT).count()
        self.stdout.write(
            f"Mail: publishing to {RECIPIENTS} readers took {published - started:.2f} s "
            f"(drawing the PDFs and queueing {queued} deliveries; it returns without sending any); "
            f"the last of {sent} messages ({Counter.received} received) was delivered {delivered - started:.2f} s "
            f"after publishing began, by one worker."
        )
