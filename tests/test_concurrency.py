"""Two people at once: publishing the same paper twice at the same moment gives one issue, and
neither of them a server error (PostgreSQL locks the paper's row; a SQLite database file makes
the second writer wait for the first, settings: transaction_mode IMMEDIATE)."""

import re
import threading
from unittest import skipIf

from django.db import connection
from django.test import Client, TransactionTestCase

from opsreport.actions import approve_paper as approve
from opsreport.models import Paper, PaperIssue, PaperStatus
from opsreport.paper.assembly import assemble
from opsreport.roles import APPROVER
from tests.base import JUNE_2018, make_user
from tests.helpers import restore_sample

URL = "/papers/2018-06/"


@skipIf(
    connection.vendor == "sqlite",
    "SQLite's in-memory test database shares one cache between connections, where a second "
    "writer fails at once ('table is locked') instead of waiting as it does on a database file: "
    "tests/test_concurrent_editors.py publishes twice at once on a SQLite file; CI runs this on PostgreSQL.",
)
class DoublePublishTests(TransactionTestCase):
    def setUp(self):
        restore_sample()
        self.alex = make_user("alex", APPROVER)
        paper = Paper.objects.prefetch_related("appendices").get(month=JUNE_2018)
        approve(paper, self.alex, assemble(paper).fingerprint())

    def test_two_publishes_at_once_give_one_issue_and_no_error(self):
        start = threading.Barrier(2, timeout=30)
        answers = []

        def press_publish():
            client = Client()
            client.force_login(self.alex)
            start.wait()
            try:
                response = client.post(URL + "publish/", {"confirm": "yes"}, follow=True)
                said = re.findall(r'<p class="message">([^<]*)</p>', response.content.decode())
                answers.append((response.status_code, said))
            finally:
                connection.close()

        threads = [threading.Thread(target=press_publish) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        self.assertEqual(PaperIssue.objects.count(), 1, answers)
        self.assertEqual(Paper.objects.get(month=JUNE_2018).status, PaperStatus.PUBLISHED)
        self.assertEqual(sorted(status for status, _ in answers), [200, 200])
        messages = sorted(message for _, said in answers for message in said)
        self.assertEqual(messages, ["Nothing has changed since the last issue.", "Published as issue 1."])
