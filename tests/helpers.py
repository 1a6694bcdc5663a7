"""Test helpers: a bigger data set for query-count tests, and a PDF's text.

Row factories (make_paper among them) live in tests/factories.py.
"""

import datetime
import importlib
import subprocess
import tempfile

from helpdesk.models import EmailTally, EnquiryCategory, HelpdeskMonth
from opsreport.lib.months import add_months
from opsreport.models import EffortDriver, EffortEntry, EffortMonth, WebsiteMonth
from parties.models import EventKind, MembershipEvent, Party, PartyCategory, VotingGroup
from tests.factories import make_paper  # noqa: F401 - tests import it from here too


def grow(last_month, parties=300, months=12, tag="Grown"):
    """Add `parties` parties (with events) and `months` more months of every monthly figure.

    Enough to show that a page's query count does not depend on how much data there is.
    """
    categories = list(PartyCategory.values)
    groups = VotingGroup.objects.bulk_create(
        VotingGroup(name=f"{tag} group {i:04d}", category=categories[i % len(categories)]) for i in range(parties // 2)
    )
    new_parties = Party.objects.bulk_create(
        Party(name=f"{tag} party {i:05d}", voting_group=groups[i % len(groups)]) for i in range(parties)
    )
    events = []
    for i, party in enumerate(new_parties):
        joined = add_months(last_month, -(i % (months + 12))).replace(day=1 + i % 27)
        events.append(MembershipEvent(party=party, kind=EventKind.ACCESSION, date=joined))
        if i % 7 == 0:
            events.append(
                MembershipEvent(party=party, kind=EventKind.DEFAULT_ENTERED, date=joined + datetime.timedelta(days=1))
            )
        if i % 11 == 0:
            events.append(
                MembershipEvent(party=party, kind=EventKind.WITHDRAWAL, date=joined + datetime.timedelta(days=2))
            )
    MembershipEvent.objects.bulk_create(events)
    category_objs = list(EnquiryCategory.objects.all()) or [EnquiryCategory.objects.create(name=f"{tag} enquiries")]
    drivers = list(EffortDriver.objects.all()) or [EffortDriver.objects.create(name=f"{tag} driver")]
    first_new = add_months(last_month, -(months + 24))
    for k in range(months):
        month = add_months(first_new, k)
        if HelpdeskMonth.objects.filter(month=month).exists():
            continue
        hm = HelpdeskMonth.objects.create(month=month, telephone_enquiries=40 + k, mailbox_total=1000 + k)
        EmailTally.objects.bulk_create(EmailTally(helpdesk_month=hm, category=c, emails=10 + k) for c in category_objs)
        WebsiteMonth.objects.get_or_create(month=month, defaults={"visits": 5000 + k, "page_views": 15000 + k})
        em, _ = EffortMonth.objects.get_or_create(month=month)
        EffortEntry.objects.bulk_create(EffortEntry(effort_month=em, driver=d, days=10 + k) for d in drivers)


def pdf_text(data):
    """The PDF's text laid out as on the page (poppler's pdftotext)."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(data)
        f.flush()
        return subprocess.run(["pdftotext", "-layout", f.name, "-"], capture_output=True, text=True, check=True).stdout


def approve(client, paper_url):
    """Press Approve as the approver would: on the page just drawn, which carries the
    fingerprints of what it shows (approval is refused if the paper changed since)."""
    page = client.get(paper_url)
    parts = [f"{name}|{digest}" for name, digest in page.context["seen_parts"].items()]
    return client.post(paper_url + "approve/", {"seen": page.context["seen"], "seen_part": parts})


def publish(client, paper_url, **kwargs):
    """Press Publish as the approver would, ticking the box that confirms it."""
    return client.post(paper_url + "publish/", {"confirm": "yes"}, **kwargs)


# The test database on SQLite, copied by conftest.py's django_db_setup: as migrated (for
# write_migrated_database), then with the June 2018 sample loaded (for restore_sample).
_MIGRATED_SNAPSHOT = {}
_SAMPLE_SNAPSHOT = {}


def _snapshot(into):
    """Keep a copy of the test database as it stands in `into`, under its name.

    Only on SQLite, whose test database is in memory: the copy is SQLite's online backup, in
    milliseconds. Elsewhere nothing is kept, and the callers do the work again."""
    import sqlite3

    from django.db import connection

    if connection.vendor != "sqlite":
        return
    connection.ensure_connection()
    snapshot = sqlite3.connect(":memory:", check_same_thread=False)
    connection.connection.backup(snapshot)
    into[connection.settings_dict["NAME"]] = snapshot


def take_migrated_snapshot():
    _snapshot(_MIGRATED_SNAPSHOT)


def take_sample_snapshot():
    """For restore_sample: the test database, migrated and with the sample loaded."""
    _snapshot(_SAMPLE_SNAPSHOT)


def write_migrated_database(path):
    """Write the test database as migrated (no sample) to a SQLite file at `path`: True if
    done, False where there is no copy (not on SQLite), and the caller must migrate one."""
    import sqlite3

    from django.db import connection

    snapshot = _MIGRATED_SNAPSHOT.get(connection.settings_dict["NAME"])
    if snapshot is None:
        return False
    target = sqlite3.connect(path)
    try:
        snapshot.backup(target)
    finally:
        target.close()
    return True


def restore_sample():
    """The database back to the migrated June 2018 sample, after a transactional test emptied it.

    On SQLite the snapshot taken after the sample was first loaded is copied back over the whole
    database (loading the sample again took a second or two each time); elsewhere the data
    migrations' rows are put back and the sample loaded again."""
    from django.db import connection

    from opsreport.sample.load import load as load_sample

    snapshot = _SAMPLE_SNAPSHOT.get(connection.settings_dict["NAME"])
    if snapshot is not None and not connection.in_atomic_block:
        connection.ensure_connection()
        snapshot.backup(connection.connection)
        return
    from parties.models import DCCUserRole

    restore_data_migrations()
    # The migration that makes the roles writes no history; making them again here did.
    DCCUserRole.history.all().delete()
    load_sample()


def restore_data_migrations():
    """A transactional test empties every table when it ends. The role groups and the data
    revision's row come back by themselves (flush sends post_migrate, which opsreport answers,
    as after migrate); the DCC user roles a data migration made must be put back by hand."""
    from django.apps import apps

    importlib.import_module("parties.migrations.0002_dcc_user_roles").add_roles(apps, None)
