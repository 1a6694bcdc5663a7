"""Workers past one: two delivery processes on PostgreSQL share a publication to 50 people
with no message sent twice, and the same tasks run on RQ over Redis where a Redis server is
reachable (REDIS_URL)."""

import asyncio
import datetime
import os
import subprocess
import sys
import time
from pathlib import Path
from unittest import skipUnless
from urllib.parse import urlsplit, urlunsplit

from django.contrib.auth.models import User
from django.db import connection
from django.test import TestCase, TransactionTestCase, override_settings

from opsreport.mail import notify
from opsreport.mail.models import Delivery, DeliveryStatus
from opsreport.models import PaperStatus
from tests.factories import make_paper
from tests.mailserver import SMTPServer, attachments

ROOT = Path(__file__).resolve().parent.parent


def redis_url_of_this_process(url: str) -> str:
    """REDIS_URL with a database of this test process's own: under pytest-xdist (`make test`
    runs two) worker gwN takes REDIS_URL's database number plus N, so two processes never empty
    or work each other's queue."""
    if not url:
        return url
    parts = urlsplit(url)
    worker = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw"))
    return urlunsplit(parts._replace(path=f"/{int(parts.path.strip('/') or 0) + worker}"))


REDIS_URL = redis_url_of_this_process(os.environ.get("REDIS_URL", ""))


def redis_reachable():
    if not REDIS_URL:
        return False
    try:
        import redis

        return redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except Exception:  # noqa: BLE001 - any failure to reach it means: skip, as the README says
        return False


@skipUnless(connection.vendor == "postgresql", "two worker processes need a database they can share: PostgreSQL")
class TwoWorkersOnPostgreSQLTests(TransactionTestCase):
    def test_two_workers_deliver_fifty_messages_with_no_duplicate(self):
        for i in range(50):
            User.objects.create_user(f"reader{i:02d}", email=f"reader{i:02d}@example.org")
        paper = make_paper(datetime.date(2030, 1, 1), status=PaperStatus.PUBLISHED)
        started = time.perf_counter()
        notify.publication(paper.issues.get())
        queued_in = time.perf_counter() - started
        self.assertEqual(Delivery.objects.count(), 50)

        with SMTPServer() as smtp:
            original = smtp.handler.handle_DATA

            async def slow_data(server, session, envelope):
                await asyncio.sleep(0.04)
                return await original(server, session, envelope)

            smtp.handler.handle_DATA = slow_data
            settings = connection.settings_dict
            env = {
                **os.environ,
                "DEBUG": "1",
                "DATABASE_URL": f"postgres://{settings['USER']}@{settings['HOST']}:{settings['PORT']}/{settings['NAME']}",
                "EMAIL_URL": f"smtp://127.0.0.1:{smtp.port}",
            }
            command = [sys.executable, "manage.py", "deliver", "--until-done"]
            started = time.perf_counter()
            workers = [
                subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
                for _ in range(2)
            ]
            outputs = [w.communicate(timeout=300) for w in workers]
            delivered_in = time.perf_counter() - started
        for worker, (_out, err) in zip(workers, outputs, strict=True):
            self.assertEqual(worker.returncode, 0, err.decode())
        recipients = sorted(m["To"] for m in smtp.messages)
        self.assertEqual(recipients, [f"reader{i:02d}@example.org" for i in range(50)])
        self.assertEqual(len({m["Message-ID"] for m in smtp.messages}), 50)
        self.assertEqual(set(Delivery.objects.values_list("status", flat=True)), {DeliveryStatus.SENT})
        from django_tasks_db.models import DBTaskResult

        # Both workers took tasks: the claim, not luck, kept them apart.
        workers_seen = {
            worker_id for ids in DBTaskResult.objects.values_list("worker_ids", flat=True) for worker_id in ids
        }
        self.assertEqual(len(workers_seen), 2)
        print(
            f"\n50 recipients: queued in {queued_in * 1000:.0f} ms; two workers delivered all in {delivered_in:.1f} s"
        )


@skipUnless(redis_reachable(), "REDIS_URL is not set, or no Redis server answers there")
class RQBackendTests(TestCase):
    """The distributed backend: django-tasks' RQ backend (django-tasks-rq), the same task."""

    def test_one_publication_delivered_through_rq(self):
        from django_rq import get_queue, get_worker
        from django_tasks_rq import Job
        from rq import SimpleWorker

        rq_settings = {"RQ_QUEUES": {name: {"URL": REDIS_URL} for name in ("default", "mail")}}
        tasks = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default", "mail"]}}
        with override_settings(TASKS=tasks, **rq_settings), SMTPServer() as smtp:
            get_queue("mail").empty()
            self.addCleanup(lambda: get_queue("mail").empty())
            reader = User.objects.create_user("reader", email="reader@example.org")
            paper = make_paper(datetime.date(2030, 1, 1), status=PaperStatus.PUBLISHED)
            with self.captureOnCommitCallbacks(execute=True):
                notify.publication(paper.issues.get())
            self.assertEqual(get_queue("mail").count, 1)  # queued in Redis, not in the database
            worker = get_worker("mail", job_class=Job, worker_class=SimpleWorker)
            worker.work(burst=True)
            [message] = smtp.to(reader.email)
            self.assertEqual(
                attachments(message), {f"{paper.reference.replace(' ', '_')}_issue_1.pdf": b"%PDF-stand-in"}
            )
            self.assertEqual(Delivery.objects.get().status, DeliveryStatus.SENT)
