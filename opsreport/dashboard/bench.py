"""Dashboard speed: server time and query count, measured by `manage.py bench` (make bench)."""

import statistics
import time

from django.contrib.auth.models import Group, User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from helpdesk.models import EmailTally
from meetings.models import Modification
from opsreport.models import EffortEntry
from opsreport.roles import PANEL_MEMBER
from parties.models import MembershipEvent, Party


def measure(path="/dashboard/", runs=15):
    """(median server milliseconds, queries) for a Panel member opening `path`."""
    user, _ = User.objects.get_or_create(username="bench-panel")
    user.groups.add(Group.objects.get(name=PANEL_MEMBER))
    client = Client()
    client.force_login(user)
    client.get(path)  # warm: imports, template compilation
    times, queries = [], None
    for _ in range(runs):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            response = client.get(path)
            times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, response.status_code
        queries = len(captured)
    return statistics.median(times), queries


def counts():
    return {
        "parties": Party.objects.count(),
        "events": MembershipEvent.objects.count(),
        "email tallies": EmailTally.objects.count(),
        "effort entries": EffortEntry.objects.count(),
        "modifications": Modification.objects.count(),
    }
