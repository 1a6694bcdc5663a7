"""Two editors at the same moment, as threads with a client each: the scenarios
tests/test_concurrent_editors.py runs on the test database (PostgreSQL in CI) and, through
`python -m tests.concurrent_editors PATH [--migrated]`, on a SQLite database file in a process of its own
(SQLite's in-memory test database cannot have two writers wait for each other as a file does).

Each scenario returns plain data (status codes, what the pages said, what the database holds)
for the test to check, so that the subprocess can print it as JSON.
"""

import datetime
import json
import sys
import threading

JULY_2018 = datetime.date(2018, 7, 1)
ADD_URL = "/admin/helpdesk/helpdeskmonth/add/"
REFUSED = "Not saved: someone else saved this helpdesk month after you opened it."
ALREADY = "This month is already entered."


def _at_once(jobs):
    """Run each job in its own thread, all released together; their answers in job order."""
    from django.db import connection

    start = threading.Barrier(len(jobs), timeout=60)
    answers = [None] * len(jobs)

    def run(index, job):
        try:
            start.wait()
            answers[index] = job()
        except Exception as error:  # noqa: BLE001 - reported to the test, which fails on it
            answers[index] = ("error", repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return answers


def _client(user):
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client


def editors():
    """Two editors, Ann and Bob."""
    from django.contrib.auth.models import Group, User

    from opsreport.roles import EDITOR

    users = []
    for name in ("ann", "bob"):
        user = User.objects.create_user(name, password="password")
        user.groups.add(Group.objects.get(name=EDITOR))
        users.append(user)
    return users


def same_month_race(ann, bob):
    """Ann and Bob add July 2018 at the same moment: one is saved, the other told the month is
    already entered, neither gets a server error."""
    from helpdesk.models import HelpdeskMonth

    a, b = _client(ann), _client(bob)

    def add(client, calls):
        def post():
            response = client.post(
                ADD_URL,
                {
                    "month": "2018-07-01",
                    "telephone_enquiries": str(calls),
                    "mailbox_total": "0",
                    "tallies-TOTAL_FORMS": "0",
                    "tallies-INITIAL_FORMS": "0",
                },
            )
            return [response.status_code, ALREADY in response.content.decode()]

        return post

    answers = _at_once([add(a, 11), add(b, 22)])
    months = list(HelpdeskMonth.objects.filter(month=JULY_2018).values_list("telephone_enquiries", flat=True))
    return {"answers": answers, "months": months}


def _form(client, url):
    from tests.admin_forms import form_data

    return form_data(client.get(url), "helpdeskmonth_form")


def _month_with_calls(calls):
    from helpdesk.models import HelpdeskMonth

    return HelpdeskMonth.objects.create(month=JULY_2018, telephone_enquiries=calls, mailbox_total=100)


def stale_save(ann, bob):
    """Ann and Bob open the month; Ann saves, then Bob: Bob is refused, Ann's change stays."""
    from helpdesk.models import HelpdeskMonth

    month = _month_with_calls(10)
    url = f"/admin/helpdesk/helpdeskmonth/{month.pk}/change/"
    a, b = _client(ann), _client(bob)
    form_a, form_b = _form(a, url), _form(b, url)
    form_a["telephone_enquiries"] = ["11"]
    form_b["mailbox_total"] = ["222"]
    saved = a.post(url, form_a).status_code
    refused = b.post(url, form_b)
    month = HelpdeskMonth.objects.get(pk=month.pk)
    return {
        "ann": saved,
        "bob": [
            refused.status_code,
            REFUSED in refused.content.decode(),
            "Telephone enquiries: 10 → 11" in refused.content.decode(),
        ],
        "month": [month.telephone_enquiries, month.mailbox_total],
    }


def simultaneous_save(ann, bob):
    """Ann and Bob open the month and press Save at the same moment: one save wins, the other
    is refused (the record is locked while the state is compared), and nothing is lost."""
    from helpdesk.models import HelpdeskMonth

    month = _month_with_calls(10)
    url = f"/admin/helpdesk/helpdeskmonth/{month.pk}/change/"
    a, b = _client(ann), _client(bob)
    form_a, form_b = _form(a, url), _form(b, url)
    form_a["telephone_enquiries"] = ["11"]
    form_b["mailbox_total"] = ["222"]

    def save(client, form):
        def post():
            response = client.post(url, form)
            return [response.status_code, REFUSED in response.content.decode()]

        return post

    answers = _at_once([save(a, form_a), save(b, form_b)])
    month = HelpdeskMonth.objects.get(pk=month.pk)
    return {"answers": answers, "month": [month.telephone_enquiries, month.mailbox_total]}


def double_publish():
    """The approver presses Publish twice at the same moment on the approved June 2018 paper:
    one issue, both answered with a page (one "Published", one "Nothing has changed"), no error.
    Loads the sample into the database, so it runs last."""
    import re

    from opsreport.actions import approve_paper as approve
    from opsreport.models import Paper, PaperIssue
    from opsreport.paper.assembly import assemble
    from opsreport.roles import APPROVER
    from opsreport.sample.load import load as load_sample

    load_sample()
    from django.contrib.auth.models import Group, User

    alex = User.objects.create_user("alex", password="password")
    alex.groups.add(Group.objects.get(name=APPROVER))
    paper = Paper.objects.prefetch_related("appendices").get(month=datetime.date(2018, 6, 1))
    approve(paper, alex, assemble(paper).fingerprint())

    def publish():
        response = _client(alex).post("/papers/2018-06/publish/", {"confirm": "yes"}, follow=True)
        return [response.status_code, re.findall(r'<p class="message">([^<]*)</p>', response.content.decode())]

    answers = _at_once([publish, publish])
    return {"answers": answers, "issues": PaperIssue.objects.count()}


SCENARIOS = {"same_month_race": same_month_race, "stale_save": stale_save, "simultaneous_save": simultaneous_save}


def main(path, migrated=False):
    """Run every scenario on a fresh SQLite database file at `path`; print the results as JSON.

    The file is migrated first, unless `migrated` says it is a migrated database already (the
    suite passes a copy of its own test database, before the sample is loaded)."""
    import os

    os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    os.environ.setdefault("DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "opsreport.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test.utils import setup_test_environment

    setup_test_environment()
    # Users are made with the suite's fast hasher (tests/conftest.py): the default takes most
    # of a second each.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    if not migrated:
        call_command("migrate", verbosity=0)
    from helpdesk.models import HelpdeskMonth

    ann, bob = editors()
    results = {}
    for name, scenario in SCENARIOS.items():
        HelpdeskMonth.objects.all().delete()
        results[name] = scenario(ann, bob)
    settings.OPSREPORT_CHARTS = "table"  # the PDF with its figures as tables: no Chromium needed
    results["double_publish"] = double_publish()
    print(json.dumps(results))


if __name__ == "__main__":
    main(sys.argv[1], migrated="--migrated" in sys.argv[2:])
