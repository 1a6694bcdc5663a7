"""A generated data set ten times the June 2018 sample, for `make bench`.

Ten years of months after June 2018 (July 2018 to June 2028), ten times the parties
(about 3,000 more, with accessions, defaults and departures spread over the years) and ten
times the meetings each month (140 rather than 14), with helpdesk, effort and website figures
for every month and a paper for the last month. Deterministic; bulk inserts only.
"""

import datetime
import random

from django.db import transaction

from helpdesk.models import EmailTally, EnquiryCategory, HelpdeskMonth
from meetings.models import (
    Committee,
    Meeting,
    MeetingDate,
    MeetingLink,
    MeetingModification,
    Modification,
    ModificationStatus,
)
from opsreport.lib.months import add_months, last_day
from opsreport.models import EffortDriver, EffortEntry, EffortMonth, EffortProduct, Grade, Paper, WebsiteMonth
from parties.models import EventKind, MembershipEvent, Party, PartyCategory, VotingGroup

FIRST = datetime.date(2018, 7, 1)
MONTHS = 120
PARTIES = 3090
MEETINGS_PER_MONTH = 140
LAST = add_months(FIRST, MONTHS - 1)


@transaction.atomic
def generate(seed=2018):
    rng = random.Random(seed)
    months = [add_months(FIRST, i) for i in range(MONTHS)]
    day = lambda month: month.replace(day=rng.randint(1, last_day(month).day))  # noqa: E731

    categories = PartyCategory.values
    groups = VotingGroup.objects.bulk_create(
        VotingGroup(name=f"Generated group {i:05d}", category=categories[i % len(categories)]) for i in range(PARTIES // 2)
    )
    parties = Party.objects.bulk_create(
        Party(name=f"Generated party {i:05d} Limited", voting_group=groups[i % len(groups)]) for i in range(PARTIES)
    )
    events = []
    for party in parties:
        joined = day(rng.choice(months[:-1]))
        events.append(MembershipEvent(party=party, kind=EventKind.ACCESSION, date=joined))
        if rng.random() < 0.05:
            entered = joined + datetime.timedelta(days=rng.randint(30, 400))
            if entered <= last_day(LAST):
                events.append(MembershipEvent(party=party, kind=EventKind.DEFAULT_ENTERED, date=entered, note=f"{party.name} entered default."))
                events.append(MembershipEvent(party=party, kind=EventKind.DEFAULT_LEFT, date=entered + datetime.timedelta(days=20)))
        if rng.random() < 0.08:
            left = joined + datetime.timedelta(days=rng.randint(500, 1500))
            if left <= last_day(LAST):
                kind = rng.choice([EventKind.WITHDRAWAL, EventKind.EXPULSION])
                events.append(MembershipEvent(party=party, kind=kind, date=left, note=f"{party.name} left the SEC."))
    MembershipEvent.objects.bulk_create(events)

    categories_ = list(EnquiryCategory.objects.all())
    helpdesk = HelpdeskMonth.objects.bulk_create(
        HelpdeskMonth(month=m, telephone_enquiries=rng.randint(20, 90)) for m in months
    )
    EmailTally.objects.bulk_create(
        EmailTally(helpdesk_month=hm, category=c, emails=rng.randint(0, 500)) for hm in helpdesk for c in categories_
    )
    drivers = list(EffortDriver.objects.all())
    products = EffortProduct.objects.bulk_create(EffortProduct(name=f"Generated product {i}", position=i) for i in range(4))
    grades = Grade.objects.bulk_create(Grade(name=f"Generated grade {i}", position=i) for i in range(3))
    effort = EffortMonth.objects.bulk_create(EffortMonth(month=m) for m in months)
    EffortEntry.objects.bulk_create(
        EffortEntry(
            effort_month=em, driver=d, product=products[j % len(products)], grade=grades[j % len(grades)],
            days=rng.randint(0, 150000) / 1000,
        )
        for em in effort
        for j, d in enumerate(drivers)
    )
    WebsiteMonth.objects.bulk_create(
        WebsiteMonth(month=m, visits=rng.randint(5000, 12000), page_views=rng.randint(15000, 30000),
                     new_visitors=rng.randint(1000, 3000), returning_visitors=rng.randint(800, 2000))
        for m in months
    )

    committees = list(Committee.objects.all())
    statuses = ModificationStatus.values
    modifications = Modification.objects.bulk_create(
        Modification(reference=f"SECMP{1000 + i:04d}", title=f"Generated modification {i}", status=statuses[i % len(statuses)])
        for i in range(2000)
    )
    meetings = Meeting.objects.bulk_create(
        Meeting(committee=committees[i % len(committees)], summary=f"Generated meeting {i} summary.")
        for i in range(MEETINGS_PER_MONTH * MONTHS)
    )
    dates, links, decisions = [], [], []
    for i, meeting in enumerate(meetings):
        month = months[i // MEETINGS_PER_MONTH]
        dates.append(MeetingDate(meeting=meeting, date=day(month)))
        links.append(MeetingLink(meeting=meeting, label=f"Headlines {i}", url=f"https://example.org/{i}/"))
        if i % 3 == 0:
            decisions.append(MeetingModification(meeting=meeting, modification=rng.choice(modifications)))
    MeetingDate.objects.bulk_create(dates)
    MeetingLink.objects.bulk_create(links)
    MeetingModification.objects.bulk_create(decisions)

    return Paper.objects.create(
        month=LAST, panel_meeting_number=178, panel_meeting_date=datetime.date(2028, 7, 14), paper_number=22,
        author="Generated Author", issue_date=datetime.date(2028, 7, 7),
    )
