"""Dashboard speed: server time and query count for the sample and for ten times the data.

Used by `manage.py bench_dashboard`. Works in a throw-away test database (in memory on
SQLite), never in the one `make run` uses.
"""

import datetime
import statistics
import time
from decimal import Decimal

from django.contrib.auth.models import Group, User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from helpdesk.models import EmailTally, EnquiryCategory, HelpdeskMonth
from meetings.models import Modification, ModificationStatus
from opsreport.models import EffortDriver, EffortEntry, EffortMonth, EffortProduct, Grade, WebsiteMonth
from opsreport.months import add_months
from opsreport.roles import PANEL_MEMBER
from parties.models import EventKind, MembershipEvent, Party, PartyCategory, VotingGroup

SAMPLE_LAST = datetime.date(2018, 6, 1)


def grow_tenfold(factor=10):
    """Make the sample's data `factor` times larger, in every table the dashboard reads.

    Parties and their events, months of helpdesk tallies, website figures and effort (with
    products and grades), and modifications: each about factor × what the sample holds.
    """
    parties_now = Party.objects.count()
    extra = parties_now * (factor - 1)
    categories = list(PartyCategory.values)
    groups = VotingGroup.objects.bulk_create(
        VotingGroup(name=f"Bench group {i:05d}", category=categories[i % len(categories)]) for i in range(extra * 3 // 4)
    )
    parties = Party.objects.bulk_create(
        Party(name=f"Bench party {i:05d}", voting_group=groups[i % len(groups)]) for i in range(extra)
    )
    events = []
    first_accession = datetime.date(2013, 11, 1)
    span = (SAMPLE_LAST - first_accession).days
    for i, party in enumerate(parties):
        joined = first_accession + datetime.timedelta(days=(i * 7919) % span)
        events.append(MembershipEvent(party=party, kind=EventKind.ACCESSION, date=joined))
        if i % 40 == 0:
            events.append(MembershipEvent(party=party, kind=EventKind.DEFAULT_ENTERED, date=joined + datetime.timedelta(days=30)))
            events.append(MembershipEvent(party=party, kind=EventKind.DEFAULT_LEFT, date=joined + datetime.timedelta(days=60)))
        if i % 25 == 0:
            events.append(MembershipEvent(party=party, kind=EventKind.WITHDRAWAL, date=joined + datetime.timedelta(days=90)))
    MembershipEvent.objects.bulk_create(events)

    # Ten times the months: the sample's year becomes ten years, ending June 2018.
    months = [add_months(SAMPLE_LAST, -k) for k in range(12 * factor)]
    enquiry = list(EnquiryCategory.objects.all())
    drivers = list(EffortDriver.objects.all())
    products = [EffortProduct.objects.get_or_create(name=f"Bench product {i}", defaults={"position": i})[0] for i in range(4)]
    grades = [Grade.objects.get_or_create(name=f"Bench grade {i}", defaults={"position": i})[0] for i in range(3)]
    have_helpdesk = set(HelpdeskMonth.objects.values_list("month", flat=True))
    have_website = set(WebsiteMonth.objects.values_list("month", flat=True))
    have_effort = set(EffortMonth.objects.values_list("month", flat=True))
    helpdesk_months = HelpdeskMonth.objects.bulk_create(
        HelpdeskMonth(month=m, telephone_enquiries=40 + k % 20, mailbox_total=1200 + k)
        for k, m in enumerate(months) if m not in have_helpdesk
    )
    EmailTally.objects.bulk_create(
        EmailTally(helpdesk_month=hm, category=c, emails=20 + (k * 13 + j * 7) % 300)
        for k, hm in enumerate(helpdesk_months) for j, c in enumerate(enquiry)
    )
    WebsiteMonth.objects.bulk_create(
        WebsiteMonth(month=m, visits=5000 + (k * 37) % 5000, page_views=15000 + (k * 91) % 12000)
        for k, m in enumerate(months) if m not in have_website
    )
    effort_months = EffortMonth.objects.bulk_create(EffortMonth(month=m) for m in months if m not in have_effort)
    EffortEntry.objects.bulk_create(
        EffortEntry(effort_month=em, driver=d, product=products[j % len(products)], grade=grades[j % len(grades)],
                    days=Decimal(10 + (k + j) % 50))
        for k, em in enumerate(effort_months) for j, d in enumerate(drivers)
    )
    statuses = list(ModificationStatus.values)
    existing = Modification.objects.count()
    Modification.objects.bulk_create(
        Modification(reference=f"SECMP{1000 + i:04d}", title=f"Bench modification {i}", status=statuses[i % len(statuses)])
        for i in range(existing * (factor - 1))
    )


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
