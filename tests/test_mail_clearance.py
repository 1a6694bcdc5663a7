"""Nothing above anyone's clearance in any mailbox: every recipient × every classification of
the paper and of its appendix, through a real SMTP server. What each message may carry is
decided per recipient at sending, by opsreport.access, never by who published."""

import datetime
import itertools

from django.contrib.auth.models import Permission, User
from django.core.management import call_command
from django.utils import timezone

from opsreport.lib.classification import RANK, Classification
from opsreport.lib.months import add_months
from opsreport.mail import notify
from opsreport.mail.models import Delivery, DeliveryStatus, OutsideAddress
from opsreport.models import Appendix, AppendixIssue, PaperIssue, PaperStatus
from tests.base import BaseTestCase
from tests.factories import make_paper
from tests.mailserver import SMTPServer, attachments, bodies, subject

LEVELS = [Classification.WHITE, Classification.GREEN, Classification.AMBER, Classification.RED]


def reader(name, level):
    """An active user whose only permission reads `level` (none for White)."""
    user = User.objects.create_user(name, email=f"{name}@example.org")
    if level != Classification.WHITE:
        user.user_permissions.add(Permission.objects.get(codename=f"read_{level}"))
    return user


def publish(month, paper_level, appendix_level, publisher, frozen_appendix_level=None):
    """A published issue with a paper PDF and an appendix PDF of their own, told to the distribution."""
    paper = make_paper(month, status=PaperStatus.PUBLISHED, classification=paper_level)
    Appendix.objects.create(paper=paper, letter="A", title=f"Secret annex {month:%Y%m}", classification=appendix_level)
    issue = PaperIssue.objects.create(
        paper=paper,
        number=2,
        pdf=f"%PDF paper {month:%Y-%m} {paper_level}".encode(),
        html="<p>paper</p>",
        fingerprint="1" * 64,
        classification=paper_level,
        published_by=publisher,
        published_at=timezone.now(),
    )
    AppendixIssue.objects.create(
        issue=issue,
        letter="A",
        title=f"Secret annex {month:%Y%m}",
        classification=frozen_appendix_level or appendix_level,
        pdf=f"%PDF appendix {month:%Y-%m} {appendix_level}".encode(),
        html="<p>appendix</p>",
    )
    notify.publication(issue)
    return issue


class ClearanceMatrixTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.readers = {level: reader(f"reads-{level}", level) for level in LEVELS}
        # The publisher reads everything: what they may read must not matter.
        cls.alex.email = "alex@example.org"
        cls.alex.save()
        OutsideAddress.objects.create(email="outside@example.com", added_by=cls.alex)

    def test_no_attachment_or_link_goes_above_a_recipients_clearance(self):
        levels_of = {}  # attachment bytes -> classification
        cases = []
        for i, (paper_level, appendix_level) in enumerate(itertools.product(LEVELS, LEVELS)):
            issue = publish(add_months(datetime.date(2030, 1, 1), i), paper_level, appendix_level, self.alex)
            levels_of[bytes(issue.pdf)] = paper_level
            appendix = issue.appendices.get()
            levels_of[bytes(appendix.pdf)] = appendix_level
            cases.append((issue, paper_level, appendix_level))
        with SMTPServer() as smtp:
            call_command("deliver", until_done=True, stdout=open("/dev/null", "w"))
        recipients = [(f"reads-{level}@example.org", RANK[level]) for level in LEVELS] + [("outside@example.com", 0)]
        for address, rank in recipients:
            received = {subject(m): m for m in smtp.to(address)}
            for message in received.values():
                for name, data in attachments(message).items():
                    with self.subTest(address=address, attachment=name):
                        self.assertLessEqual(RANK[levels_of[data]], rank, f"{name} reached {address}")
            for issue, paper_level, appendix_level in cases:
                title = issue.paper.title
                mine = [m for s, m in received.items() if title in s]
                with self.subTest(address=address, paper=paper_level, appendix=appendix_level):
                    if RANK[paper_level] > rank:
                        self.assertEqual(mine, [], "a paper above the recipient's clearance was announced")
                        continue
                    [message] = mine
                    files = attachments(message)
                    self.assertIn(bytes(issue.pdf), files.values())
                    text, html = bodies(message)
                    readable = RANK[appendix_level] <= rank
                    # Marked as the strictest document it carries.
                    marking = max([paper_level, appendix_level] if readable else [paper_level], key=RANK.get)
                    self.assertTrue(subject(message).startswith(f"[{marking.upper()}] "), subject(message))
                    self.assertEqual(bytes(issue.appendices.get().pdf) in files.values(), readable)
                    self.assertEqual(f"Secret annex {issue.paper.month:%Y%m}" in text, readable)
                    self.assertEqual(f"Secret annex {issue.paper.month:%Y%m}" in html, readable)
                    self.assertEqual("/appendices/A/" in text + html, readable)

    def test_an_appendix_raised_since_publication_is_read_under_its_stricter_marking(self):
        publish(datetime.date(2031, 1, 1), "white", "red", self.alex, frozen_appendix_level="green")
        with SMTPServer() as smtp:
            call_command("deliver", until_done=True, stdout=open("/dev/null", "w"))
        [green] = smtp.to("reads-green@example.org")
        [red] = smtp.to("reads-red@example.org")
        self.assertEqual(len(attachments(green)), 1)
        self.assertEqual(len(attachments(red)), 2)

    def test_clearance_is_checked_when_sending_not_when_publishing(self):
        issue = publish(datetime.date(2032, 1, 1), "amber", "amber", self.alex)
        amber = self.readers[Classification.AMBER]
        amber.user_permissions.clear()  # cleared when published, no longer when the worker runs
        with SMTPServer() as smtp:
            call_command("deliver", until_done=True, stdout=open("/dev/null", "w"))
            self.assertEqual(smtp.to("reads-amber@example.org"), [])
        skipped = Delivery.objects.get(event__issue=issue, email="reads-amber@example.org")
        self.assertEqual(skipped.status, DeliveryStatus.SKIPPED)
        self.assertEqual(skipped.reason, "Not cleared for Amber.")
        self.assertEqual(len(smtp.to("reads-red@example.org")), 1)

    def test_an_inactive_user_and_one_without_an_address_are_not_sent_anything(self):
        User.objects.create_user("no-address")
        gone = reader("gone", Classification.RED)
        gone.is_active = False
        gone.save()
        issue = publish(datetime.date(2033, 1, 1), "white", "white", self.alex)
        emails = set(Delivery.objects.filter(event__issue=issue).values_list("email", flat=True))
        self.assertNotIn("gone@example.org", emails)
        self.assertEqual(len(emails), 6)  # four readers, alex, the outside address
