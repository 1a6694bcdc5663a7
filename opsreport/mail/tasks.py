"""The background work: one task per delivery, on the "mail" queue (django-tasks).

With the database backend (the default) the task row is written in the same transaction as
the delivery it sends, so a delivery is never recorded without its task, nor the reverse.
Other backends (RQ) get the task once the transaction commits, so a worker never looks for
a delivery that is not there yet.
"""

from django.db import transaction
from django_tasks import task
from django_tasks_db import DatabaseBackend

QUEUE = "mail"


@task(queue_name=QUEUE)
def send_delivery(delivery_id):
    from opsreport.mail.delivery import deliver

    return deliver(delivery_id)


def enqueue_deliveries(ids, run_after=None):
    job = send_delivery.using(run_after=run_after) if run_after else send_delivery
    if isinstance(job.get_backend(), DatabaseBackend):
        for pk in ids:
            job.enqueue(pk)
    else:
        transaction.on_commit(lambda: [job.enqueue(pk) for pk in ids])
