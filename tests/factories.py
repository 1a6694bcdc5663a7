"""Small factories for tests that need a few rows of their own rather than the June 2018 sample.

Use them from a `BaseTestCase` (tests/base.py), whose database has no data: every row a test
sees is then one it made here. Each factory fills what the model requires with plain
defaults and returns the saved object; names are made unique when not given.
"""

import itertools
from decimal import Decimal

from django.contrib.auth.models import User
from django.utils import timezone

from helpdesk.models import EmailTally, EnquiryCategory, HelpdeskMonth
from meetings.models import Committee, Meeting, MeetingDate
from opsreport.lib.months import add_months
from opsreport.models import (
    Appendix,
    AppendixIssue,
    EffortDriver,
    EffortEntry,
    EffortMonth,
    Paper,
    PaperIssue,
    PaperStatus,
    WebsiteMonth,
)
from parties.models import EventKind, MembershipEvent, Party, PartyCategory, VotingGroup

_numbers = itertools.count(1)


def _unique(prefix):
    return f"{prefix} {next(_numbers):04d}"


def make_voting_group(name=None, category=PartyCategory.SMALL_SUPPLIER):
    return VotingGroup.objects.create(name=name or _unique("Test voting group"), category=category)


def make_party(name=None, voting_group=None, category=PartyCategory.SMALL_SUPPLIER, acceded=None):
    """A party in its own voting group (unless given one), with its accession if `acceded` is a date."""
    party = Party.objects.create(
        name=name or _unique("Test party"), voting_group=voting_group or make_voting_group(category=category)
    )
    if acceded:
        make_event(party, EventKind.ACCESSION, acceded)
    return party


def make_event(party, kind, date, note=""):
    return MembershipEvent.objects.create(party=party, kind=kind, date=date, note=note)


def make_enquiry_category(name=None, position=0):
    return EnquiryCategory.objects.create(name=name or _unique("Test enquiries"), position=position)


def make_helpdesk_month(month, mailbox_total=0, telephone_enquiries=None, tallies=None):
    """A helpdesk month with `tallies` as {EnquiryCategory: emails}."""
    helpdesk_month = HelpdeskMonth.objects.create(
        month=month, mailbox_total=mailbox_total, telephone_enquiries=telephone_enquiries
    )
    for category, emails in (tallies or {}).items():
        EmailTally.objects.create(helpdesk_month=helpdesk_month, category=category, emails=emails)
    return helpdesk_month


def make_effort_driver(name=None, position=0):
    return EffortDriver.objects.create(name=name or _unique("Test driver"), position=position)


def make_effort_month(month, days=None):
    """An effort month with `days` as {EffortDriver: days}."""
    effort_month = EffortMonth.objects.create(month=month)
    for driver, value in (days or {}).items():
        EffortEntry.objects.create(effort_month=effort_month, driver=driver, days=Decimal(value))
    return effort_month


def make_website_month(month, visits=0, page_views=0, **fields):
    return WebsiteMonth.objects.create(month=month, visits=visits, page_views=page_views, **fields)


def make_meeting(committee=None, dates=(), summary="Test summary", **fields):
    """A meeting of `committee` (a new working group if not given) held on `dates`."""
    committee = committee or Committee.objects.create(name=_unique("Test committee"), category="working_group")
    meeting = Meeting.objects.create(committee=committee, summary=summary, **fields)
    MeetingDate.objects.bulk_create(MeetingDate(meeting=meeting, date=date) for date in dates)
    return meeting


def make_paper(month, status=PaperStatus.DRAFT, classification="white", number=None, appendices=()):
    """A paper for `month` at a stage; a published one gets a stand-in issue (no PDF is drawn)."""
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
        make_issue(paper)
    return paper


def make_issue(paper):
    """A stand-in published issue of `paper` (no PDF is drawn): the paper is published as
    readers see it. Publication freezes every appendix with the issue, as publication.publish does."""
    publisher, _ = User.objects.get_or_create(username="test-publisher")
    number = paper.issues.count() + 1
    issue = PaperIssue.objects.create(
        paper=paper,
        number=number,
        pdf=b"%PDF-stand-in",
        html=f"<p>{paper.title}</p>",
        sha256="0" * 64,
        fingerprint="0" * 64,
        classification=paper.classification,
        published_by=publisher,
        published_at=timezone.now(),
    )
    Paper.objects.filter(pk=paper.pk).update(status=PaperStatus.PUBLISHED)
    paper.status = PaperStatus.PUBLISHED
    for appendix in paper.appendices.all():
        AppendixIssue.objects.create(
            issue=issue,
            letter=appendix.letter,
            title=appendix.title,
            classification=appendix.classification,
            pdf=b"%PDF-stand-in",
            html=f"<p>{appendix.title}</p>",
        )
    return issue
