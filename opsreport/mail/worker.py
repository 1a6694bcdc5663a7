"""Running the mail queue to the end, for `manage.py deliver --until-done` (tests, cron, CI).

The long-lived worker is django-tasks' own (`make worker`: `manage.py db_worker`); this runs
the same tasks in batch, in this process, then sends any delivery that is due but whose task
is gone (a worker killed mid-send, a queue lost with Redis), until nothing is due.
"""

from django.utils.crypto import get_random_string
from django_tasks_db import DatabaseBackend
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction

from opsreport.mail.delivery import deliver, requeue_stale
from opsreport.mail.models import Delivery
from opsreport.mail.tasks import QUEUE, send_delivery


def run_ready_tasks(worker_id):
    """Run the ready tasks of the mail queue, each claimed under a row lock (SKIP LOCKED on
    PostgreSQL), as django-tasks' worker does. How many ran."""
    backend = send_delivery.get_backend()
    if not isinstance(backend, DatabaseBackend):
        return 0
    runner = Worker(
        queue_names=[QUEUE],
        interval=0,
        batch=True,
        backend_name=backend.alias,
        startup_delay=False,
        max_tasks=None,
        worker_id=worker_id,
        excluded_queue_names=[],
    )
    ran = 0
    while True:
        tasks = DBTaskResult.objects.ready().filter(backend_name=backend.alias, queue_name=QUEUE)
        with exclusive_transaction(tasks.db):
            task = tasks.get_locked()
            if task is not None:
                task.claim(worker_id)
        if task is None:
            return ran
        runner.run_task(task)
        ran += 1


def deliver_until_done():
    """Deliver everything due now; returns the number of deliveries by status afterwards."""
    worker_id = get_random_string(32)
    while True:
        requeue_stale()
        run_ready_tasks(worker_id)
        due = list(Delivery.objects.due().values_list("pk", flat=True))
        if not due:
            break
        for pk in due:
            deliver(pk)  # in autocommit: the claim is committed before SMTP is spoken to
    return counts()


def counts():
    from django.db.models import Count

    return dict(Delivery.objects.values_list("status").annotate(n=Count("pk")).order_by("status"))
