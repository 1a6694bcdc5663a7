"""Small test-data helpers: papers at a stage, and a bigger data set for query-count tests."""

import datetime
import subprocess
import tempfile

from django.contrib.auth.models import User
from django.utils import timezone

from helpdesk.models import EmailTally, EnquiryCategory, HelpdeskMonth
from opsreport.models import (
    Appendix,
    EffortDriver,
    EffortEntry,
    EffortMonth,
    Paper,
    PaperIssue,
    PaperStatus,
    WebsiteMonth,
)
from opsreport.lib.months import add_months
from parties.models import EventKind, MembershipEvent, Party, PartyCategory, VotingGroup


def make_paper(month, status=PaperStatus.DRAFT, classification="white", number=None, appendices=()):
    paper = Paper.objects.create(
        month=month,
        panel_meeting_number=number or (month.year * 12 + month.month) % 30000,
        panel_meeting_date=add_months(month, 1).replace(day=13),
        paper_number=22,
        classification=classification,
        author="Test Author",
        issue_date=add_months(month, 1).replace(day=6),
        status=status,
    )
    for letter, title, level in appendices:
        Appendix.objects.create(paper=paper, letter=letter, title=title, classification=level)
    if status == PaperStatus.PUBLISHED:
        # A stand-in issue, so the paper is published as readers see it, without drawing a PDF.
        publisher, _ = User.objects.get_or_create(username="test-publisher")
        PaperIssue.objects.create(
            paper=paper, number=1, pdf=b"%PDF-stand-in", html=f"<p>{paper.title}</p>", sha256="0" * 64,
            fingerprint="0" * 64, classification=classification, published_by=publisher,
            published_at=timezone.now(),
        )
    return paper


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
            events.append(MembershipEvent(party=party, kind=EventKind.DEFAULT_ENTERED, date=joined + datetime.timedelta(days=1)))
        if i % 11 == 0:
            events.append(MembershipEvent(party=party, kind=EventKind.WITHDRAWAL, date=joined + datetime.timedelta(days=2)))
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
