"""Load the June 2018 sample: every figure of the seed paper, from facts, as the admin would hold them.

Idempotent: each record is found by its natural key and only created when missing, so a
second run creates and changes nothing.
"""

import datetime

from django.db import transaction
from django.db.models import Max

from helpdesk.models import EmailTally, EnquiryCategory, HelpdeskMonth
from meetings.models import (
    Committee,
    Meeting,
    MeetingDate,
    MeetingLink,
    MeetingModification,
    Modification,
    Release,
    SECVersion,
    StatusChange,
    record_decided_statuses,
)
from opsreport.history import tagged
from opsreport.lib.months import add_months
from opsreport.models import Appendix, EffortDriver, EffortEntry, EffortMonth, Paper, WebsiteMonth
from opsreport.sample import figures as F
from opsreport.sample import narrative
from parties.models import (
    Applicant,
    DCCUserRole,
    EventKind,
    MembershipEvent,
    Party,
    PartyCategory,
    TestCompletion,
    TestKind,
    UEPCompletion,
    VotingGroup,
)

DCC_NAME = "Smart DCC Ltd"
DEFAULTING_PARTY = "Sample Small Supplier 050 Limited"
APRIL_DEFAULTING_PARTY = "Sample Small Supplier 051 Limited"
FIRST_ACCESSION = datetime.date(2013, 11, 1)


def synthetic_name(category, number, affiliate=None):
    label = PartyCategory(category).label
    base = f"Sample {label} {number:03d}"
    return f"{base} Affiliate {affiliate} Limited" if affiliate else f"{base} Limited"


def planned_parties():
    """[(party name, group name, category)] for the 309 Parties at the end of June 2018."""
    named = {category: name for name, category, _ in F.NAMED_PARTIES}
    parties = []
    for category, groups, total in F.GROUPS:
        leads = []
        if category in named:
            leads.append((named[category], named[category]))
        number = 1
        while len(leads) < groups:
            leads.append(
                (synthetic_name(category, number), f"Sample {PartyCategory(category).label} Group {number:03d}")
            )
            number += 1
        parties += [(name, group, category) for name, group in leads]
        # Affiliates join the synthetic groups in turn, so some groups hold several parties.
        synthetic_leads = [(i, group) for i, (name, group) in enumerate(leads, start=0) if name.startswith("Sample")]
        for k in range(total - groups):
            i, group = synthetic_leads[k % len(synthetic_leads)]
            number = int(group.rsplit(" ", 1)[1])
            parties.append((synthetic_name(category, number, affiliate=k // len(synthetic_leads) + 2), group, category))
    return parties


def accession_dates(parties):
    """Accession date per party name: Table 3's counts in its window, earlier dates before it."""
    fixed = {name: date for name, _, date in F.NAMED_PARTIES}
    window_months = [add_months(F.WINDOW_START, i) for i in range(len(F.ACCESSIONS_BY_MONTH))]
    needed = dict(zip(window_months, F.ACCESSIONS_BY_MONTH))
    for date in fixed.values():
        needed[date.replace(day=1)] -= 1
    newest = lambda category: [  # noqa: E731 - the newest synthetic leads accede last
        name
        for name, _, c in reversed(parties)
        if c == category and "Affiliate" not in name and name.startswith("Sample")
    ]
    small, other = newest("small_supplier"), newest("other")
    # Keep the parties the sample names elsewhere (defaults, UEPT) out of the window pools.
    reserved = {DEFAULTING_PARTY, APRIL_DEFAULTING_PARTY} | {name for name, _, _ in F.UEPT_COMPLETIONS}
    small = [n for n in small if n not in reserved]
    other = [n for n in other if n not in reserved]
    dates = dict(fixed)
    june = window_months[-1]
    for k in range(3):  # June 2018: three Small Suppliers and three Other SEC Parties
        dates[small.pop(0)] = june.replace(day=4 + 7 * k)
        dates[other.pop(0)] = june.replace(day=5 + 7 * k)
    needed[june] -= 6
    pool = [name for pair in zip(small, other) for name in pair]
    for month in window_months:
        for k in range(needed[month]):
            dates[pool.pop(0)] = month.replace(day=min(2 + 2 * k, 28))
    earlier = [name for name, _, _ in parties if name not in dates] + [d[0] for d in F.DEPARTED]
    span = (F.WINDOW_START - FIRST_ACCESSION).days - 1
    for i, name in enumerate(earlier):
        dates[name] = FIRST_ACCESSION + datetime.timedelta(days=i * span // len(earlier))
    return dates


def link_acceded_applicant():
    """The first party to accede in June 2018 came through the applicants' list, applying on
    1 June: its applicant is linked to it with the party's Accession date, as the Accede button
    records one. Table 1 never listed it (it acceded in the month it applied), so no paper's
    text changes."""
    first_of_june = datetime.date(2018, 6, 1)
    accession = (
        MembershipEvent.objects.filter(
            kind=EventKind.ACCESSION, date__gte=first_of_june, date__lte=datetime.date(2018, 6, 30)
        )
        .select_related("party__voting_group")
        .order_by("date", "party__name")
        .first()
    )
    party = accession.party
    Applicant.objects.get_or_create(
        name=party.name,
        applied_on=first_of_june,
        defaults={"category": party.voting_group.category, "acceded_on": accession.date, "party": party},
    )


def load_parties():
    parties = planned_parties()
    dates = accession_dates(parties)
    groups = {}
    for name, group_name, category in parties + [(d[0], d[0], d[1]) for d in F.DEPARTED]:
        if group_name not in groups:
            groups[group_name], _ = VotingGroup.objects.get_or_create(name=group_name, defaults={"category": category})
        party, _ = Party.objects.get_or_create(name=name, defaults={"voting_group": groups[group_name]})
        MembershipEvent.objects.get_or_create(party=party, kind=EventKind.ACCESSION, date=dates[name])
    Party.objects.get_or_create(name=DCC_NAME, defaults={"is_dcc": True})

    for name, _, kind, date, note in F.DEPARTED:
        MembershipEvent.objects.get_or_create(
            party=Party.objects.get(name=name), kind=kind, date=date, defaults={"note": note}
        )

    april, may_june = Party.objects.get(name=APRIL_DEFAULTING_PARTY), Party.objects.get(name=DEFAULTING_PARTY)
    for party, kind, date, note in [
        (april, EventKind.DEFAULT_ENTERED, datetime.date(2018, 4, 9), ""),
        (april, EventKind.DEFAULT_LEFT, datetime.date(2018, 4, 26), ""),
        (may_june, EventKind.DEFAULT_ENTERED, datetime.date(2018, 5, 14), ""),
        (may_june, EventKind.DEFAULT_LEFT, datetime.date(2018, 5, 31), ""),
        (may_june, EventKind.DEFAULT_ENTERED, datetime.date(2018, 6, 11), F.DEFAULT_NOTE),
    ]:
        MembershipEvent.objects.get_or_create(party=party, kind=kind, date=date, defaults={"note": note})

    for name, category, applied_on in F.APPLICANTS:
        Applicant.objects.get_or_create(name=name, applied_on=applied_on, defaults={"category": category})
    link_acceded_applicant()

    roles = {role.name: role for role in DCCUserRole.objects.all()}
    for model, extra, rows in [
        (UEPCompletion, {}, F.UEP_COMPLETIONS),
        (TestCompletion, {"kind": TestKind.UEPT}, F.UEPT_COMPLETIONS),
    ]:
        for name, role_names, completed_on in rows:
            completion, created = model.objects.get_or_create(
                party=Party.objects.get(name=name), completed_on=completed_on, **extra
            )
            if created:
                completion.roles.set(roles[r] for r in role_names)


def load_helpdesk():
    categories = {}
    for position, (name, _) in enumerate(F.HELPDESK, start=1):
        categories[name], _ = EnquiryCategory.objects.get_or_create(name=name, defaults={"position": position})
    for i, mailbox_total in enumerate(F.MAILBOX_TOTALS):
        month = add_months(F.HELPDESK_START, i)
        helpdesk_month, _ = HelpdeskMonth.objects.get_or_create(
            month=month,
            defaults={"mailbox_total": mailbox_total, "telephone_enquiries": F.TELEPHONE.get(month)},
        )
        for name, counts in F.HELPDESK:
            EmailTally.objects.get_or_create(
                helpdesk_month=helpdesk_month, category=categories[name], defaults={"emails": counts[i]}
            )


def load_effort_and_website():
    effort_month, _ = EffortMonth.objects.get_or_create(month=F.EFFORT_MONTH)
    for position, (name, days) in enumerate(F.EFFORT, start=1):
        driver, _ = EffortDriver.objects.get_or_create(name=name, defaults={"position": position})
        EffortEntry.objects.get_or_create(
            effort_month=effort_month, driver=driver, product=None, grade=None, defaults={"days": days}
        )
    for i, (visits, page_views) in enumerate(zip(F.VISITS, F.PAGE_VIEWS)):
        month = add_months(F.WEBSITE_START, i)
        new, returning = F.VISITORS.get(month, (None, None))
        WebsiteMonth.objects.get_or_create(
            month=month,
            defaults={"visits": visits, "page_views": page_views, "new_visitors": new, "returning_visitors": returning},
        )


def load_meetings():
    releases = {}
    for name, go_live, document_only in F.RELEASES:
        releases[name], _ = Release.objects.get_or_create(
            name=name, defaults={"go_live": go_live, "document_only": document_only}
        )
    for number, go_live, description in F.SEC_VERSIONS:
        SECVersion.objects.get_or_create(number=number, defaults={"go_live": go_live, "description": description})
    modifications = {}
    for reference, title, _, release in F.MODIFICATIONS:
        modifications[reference], _ = Modification.objects.get_or_create(
            reference=reference, defaults={"title": title, "target_release": releases.get(release)}
        )
    committees = {}
    for name, category, position in F.COMMITTEES:
        summary, link_pattern = F.COMMITTEE_PATTERNS.get(name, (F.TRANSITIONAL_SUMMARY, ""))
        committees[name], _ = Committee.objects.get_or_create(
            name=name,
            defaults={
                "category": category,
                "position": position,
                "standard_summary": summary,
                "link_pattern": link_pattern,
            },
        )
    for committee, name, dates, summary, confidential, decisions, links in F.MEETINGS:
        existing = Meeting.objects.filter(committee=committees[committee], dates__date=dates[0]).first()
        if existing:
            continue
        meeting = Meeting.objects.create(
            committee=committees[committee], name=name, summary=summary, confidential=confidential
        )
        MeetingDate.objects.bulk_create(MeetingDate(meeting=meeting, date=d) for d in dates)
        MeetingModification.objects.bulk_create(
            MeetingModification(meeting=meeting, modification=modifications[ref], outcome=outcome, position=i)
            for i, (ref, outcome) in enumerate(decisions, start=1)
        )
        record_decided_statuses(meeting)  # bulk_create skips the save that records them
        MeetingLink.objects.bulk_create(
            MeetingLink(meeting=meeting, label=label, url=url, position=i)
            for i, (label, url) in enumerate(links, start=1)
        )
    load_statuses(modifications)


def load_statuses(modifications):
    """Each modification's status as the June paper reads it, dated as the data migration dates
    a stored status (meetings/migrations/0005): the last day a meeting took the modification
    up, after the status any decision that day set."""
    last_mention = dict(
        MeetingModification.objects.filter(modification__in=modifications.values())
        .values_list("modification")
        .annotate(last=Max("meeting__dates__date"))
        .order_by()
    )
    for reference, _, status, _ in F.MODIFICATIONS:
        modification = modifications[reference]
        StatusChange.objects.get_or_create(
            modification=modification,
            decision=None,
            defaults={"status": status, "date": last_mention.get(modification.pk, F.PAPER["month"])},
        )


def load_paper():
    paper, created = Paper.objects.get_or_create(
        month=F.PAPER["month"],
        defaults={
            **F.PAPER,
            "change_and_release": narrative.CHANGE_AND_RELEASE,
            "technical_support": narrative.TECHNICAL_SUPPORT,
            "security_and_privacy": narrative.SECURITY_AND_PRIVACY,
            "party_support": narrative.PARTY_SUPPORT,
        },
    )
    for letter, title, classification in F.APPENDICES:
        Appendix.objects.get_or_create(
            paper=paper, letter=letter, defaults={"title": title, "classification": classification}
        )


@transaction.atomic
def load():
    # The history of every row it writes says where the row came from.
    with tagged("June 2018 sample (load_sample)"):
        load_parties()
        load_helpdesk()
        load_effort_and_website()
        load_meetings()
        load_paper()
