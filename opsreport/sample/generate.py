"""Generated data sets for `make bench`, each made on top of the June 2018 sample in a
database of its own, so that each kind of growth is measured apart.

- `ten_times_history()`: ten years of months after the sample (July 2018 to June 2028) and ten
  times the sample's parties, but the sample's volume each month: 14 meetings a month, and in
  the thirteen months that the June 2028 paper prints (June 2027 to June 2028), the sample's
  membership events month by month and kind by kind. The June 2028 paper prints as much as
  the sample's June 2018 paper, with ten times the history behind it. Helpdesk, effort and
  website figures for every month; most of the new parties accede (and a few default or
  leave) in the years before the printed window.
- `ten_times_register()`: the sample's register ten times over (ten times its parties, ten
  years of monthly figures and meetings to June 2018), for the import of a register.
- `ten_times_volume()`: the sample's history and its June 2018 paper, but ten times the
  volume in the months that paper prints (June 2017 to June 2018): 140 meetings a month and,
  month by month, ten times the sample's membership events of each kind.

Deterministic (a seeded random.Random, every query ordered); bulk inserts only.
"""

import datetime
import random
from collections import Counter

from django.db import transaction

from helpdesk.models import EmailTally, EnquiryCategory, HelpdeskMonth
from meetings.models import (
    Committee,
    CommitteeCategory,
    Meeting,
    MeetingDate,
    MeetingLink,
    MeetingModification,
    Modification,
    ModificationStatus,
    StatusChange,
)
from opsreport.lib.months import add_months, last_day, window
from opsreport.models import Appendix, EffortDriver, EffortEntry, EffortMonth, EffortProduct, Grade, Paper, WebsiteMonth
from parties.models import (
    LEAVING_KINDS,
    EventKind,
    MembershipEvent,
    Party,
    PartyCategory,
    TestCompletion,
    UEPCompletion,
    VotingGroup,
)

SAMPLE_MONTH = datetime.date(2018, 6, 1)
PRINTED_MONTHS = 13  # Table 3's window: the paper's month and the twelve before it
MEETINGS_PER_MONTH = 14  # the sample's June 2018 meeting table

FIRST = add_months(SAMPLE_MONTH, 1)  # July 2018
MONTHS = 120
LAST = add_months(FIRST, MONTHS - 1)  # June 2028


def printed_window(month):
    """(first day, last day) of the months a paper for `month` prints in Table 3."""
    months = window(month, PRINTED_MONTHS)
    return months[0], last_day(months[-1])


def printed_rows(paper):
    """What the paper prints that grows with a month's volume: its meeting rows and the
    membership events in its window (each one a count or a footnote in Table 3)."""
    first, end = printed_window(paper.month)
    meetings = Meeting.objects.filter(dates__date__gte=paper.month, dates__date__lte=last_day(paper.month))
    events = MembershipEvent.objects.filter(party__is_dcc=False, date__gte=first, date__lte=end)
    return meetings.distinct().count() + events.count()


@transaction.atomic
def ten_times_history(seed=2018):
    """Ten years of history after the sample, the sample's volume each month; the paper for June 2028."""
    rng = random.Random(seed)
    months = [add_months(FIRST, i) for i in range(MONTHS)]
    window_start, _ = printed_window(LAST)
    history = [m for m in months if m < window_start]

    sample_parties = Party.objects.sec_parties().count()
    window_accessions = sum(kinds[EventKind.ACCESSION] for kinds in _pattern())
    parties = _new_parties(
        rng, "history", 10 * sample_parties - sample_parties - window_accessions, groups_per_party=0.5
    )
    # The window's own events are the sample's (below), so nothing generated here may fall in it.
    _history_events(rng, parties, history, window_start - datetime.timedelta(days=1))
    _fill_window(rng, LAST, factor=1)
    _monthly_figures(rng, months)
    _add_meetings(rng, months, MEETINGS_PER_MONTH, panel=True)
    _completions(rng, months)
    return _papers(months)


@transaction.atomic
def ten_times_register(seed=2018):
    """The sample's register ten times over, for `make bench`'s import of a register: ten
    times its parties (the new ones acceding, and a few defaulting or leaving, before the
    months its June 2018 paper prints) and ten years of monthly figures and meetings, July 2008
    to June 2018 (the sample's own where it has them, generated before)."""
    rng = random.Random(seed)
    months = window(SAMPLE_MONTH, MONTHS)
    window_start, _ = printed_window(SAMPLE_MONTH)
    history = [m for m in months if m < window_start]
    sample_parties = Party.objects.sec_parties().count()
    parties = _new_parties(rng, "register", 9 * sample_parties, groups_per_party=0.5)
    _history_events(rng, parties, history, window_start - datetime.timedelta(days=1))
    figured = [
        m.objects.order_by("month").values_list("month", flat=True).first()
        for m in (HelpdeskMonth, EffortMonth, WebsiteMonth)
    ]
    _monthly_figures(rng, [m for m in months if m < min(month for month in figured if month)])
    first_meeting = MeetingDate.objects.order_by("date").values_list("date", flat=True).first() or LAST
    # Every committee meets once in each generated month (14 of them, 14 meetings a month).
    _add_meetings(rng, [m for m in months if m < first_meeting.replace(day=1)], MEETINGS_PER_MONTH, panel=True)


def _history_events(rng, parties, months, last_day_allowed):
    """Each party accedes on a day of one of `months`; a few default for 20 days or leave later,
    by `last_day_allowed`."""
    events = []
    for party in parties:
        joined = _day(rng, rng.choice(months))
        events.append(MembershipEvent(party=party, kind=EventKind.ACCESSION, date=joined))
        if rng.random() < 0.05:
            entered = joined + datetime.timedelta(days=rng.randint(30, 400))
            if entered + datetime.timedelta(days=20) <= last_day_allowed:
                events.append(_event(party, EventKind.DEFAULT_ENTERED, entered))
                events.append(_event(party, EventKind.DEFAULT_LEFT, entered + datetime.timedelta(days=20)))
        if rng.random() < 0.08:
            left = joined + datetime.timedelta(days=rng.randint(500, 1500))
            if left <= last_day_allowed:
                events.append(_event(party, rng.choice(LEAVING_KINDS), left))
    MembershipEvent.objects.bulk_create(events)


@transaction.atomic
def ten_times_volume(seed=2018):
    """The sample's history, ten times its volume in the months its June 2018 paper prints."""
    rng = random.Random(seed)
    _fill_window(rng, SAMPLE_MONTH, factor=10)
    _add_meetings(rng, window(SAMPLE_MONTH, PRINTED_MONTHS), 10 * MEETINGS_PER_MONTH, panel=False)
    return Paper.objects.get(month=SAMPLE_MONTH)


def _day(rng, month):
    return month.replace(day=rng.randint(1, last_day(month).day))


def _event(party, kind, date):
    note = f"{party.name}: generated {EventKind(kind).label.lower()}." if kind != EventKind.DEFAULT_LEFT else ""
    return MembershipEvent(party=party, kind=kind, date=date, note=note)


def _new_parties(rng, label, count, groups_per_party):
    """`count` new SEC Parties in new voting groups (about `groups_per_party` groups a party)."""
    start = Party.objects.filter(name__startswith=f"Generated {label} party ").count()
    categories = PartyCategory.values
    group_count = max(1, round(count * groups_per_party))
    groups = VotingGroup.objects.bulk_create(
        VotingGroup(name=f"Generated {label} group {start + i:05d}", category=categories[(start + i) % len(categories)])
        for i in range(group_count)
    )
    return Party.objects.bulk_create(
        Party(name=f"Generated {label} party {start + i:05d} Limited", voting_group=groups[i % group_count])
        for i in range(count)
    )


def _pattern(paper_month=SAMPLE_MONTH):
    """The membership events in the months a paper prints (the sample's by default):
    [Counter(kind)], month by month."""
    first, end = printed_window(paper_month)
    pattern = [Counter() for _ in range(PRINTED_MONTHS)]
    dates = MembershipEvent.objects.filter(party__is_dcc=False, date__gte=first, date__lte=end)
    for kind, date in dates.order_by("date", "pk").values_list("kind", "date"):
        pattern[(date.year - first.year) * 12 + date.month - first.month][kind] += 1
    return pattern


def _fill_window(rng, paper_month, factor):
    """Top the months a paper for `paper_month` prints up to `factor` times the sample's
    membership events, month by month and kind by kind.

    Accessions are new parties; withdrawals, expulsions and defaults fall to distinct parties
    that were members before the window. A month's defaults that the sample saw end within
    the month end within it here too; the others stay open.
    """
    first, end = printed_window(paper_month)
    months = window(paper_month, PRINTED_MONTHS)
    wanted = [{kind: factor * n for kind, n in kinds.items()} for kinds in _pattern()]
    needed = [
        Counter({kind: n - have[kind] for kind, n in want.items() if n > have[kind]})
        for want, have in zip(wanted, _pattern(paper_month))
    ]

    members = list(
        Party.objects.in_membership_on(first - datetime.timedelta(days=1))
        .exclude(events__date__gte=first)  # untouched by the window's own events so far
        .order_by("pk")
        .values_list("pk", "name")
    )
    involved = sum(kinds[kind] for kinds in needed for kind in (*LEAVING_KINDS, EventKind.DEFAULT_ENTERED))
    chosen = iter(rng.sample(members, involved))
    newcomers = iter(
        _new_parties(rng, "window", sum(kinds[EventKind.ACCESSION] for kinds in needed), groups_per_party=1)
    )

    events = []
    for month, kinds in zip(months, needed):
        days = last_day(month).day
        for _ in range(kinds[EventKind.ACCESSION]):
            events.append(MembershipEvent(party=next(newcomers), kind=EventKind.ACCESSION, date=_day(rng, month)))
        for kind in LEAVING_KINDS:
            for _ in range(kinds[kind]):
                events.append(_event(_member(next(chosen)), kind, _day(rng, month)))
        spells = kinds[EventKind.DEFAULT_ENTERED]
        closed = min(spells, kinds[EventKind.DEFAULT_LEFT])
        for i in range(spells):
            party = _member(next(chosen))
            entered = month.replace(day=rng.randint(1, days // 2))
            events.append(_event(party, EventKind.DEFAULT_ENTERED, entered))
            if i < closed:
                events.append(
                    _event(party, EventKind.DEFAULT_LEFT, month.replace(day=rng.randint(days // 2 + 1, days)))
                )
    MembershipEvent.objects.bulk_create(events)


def _member(row):
    pk, name = row
    return Party(pk=pk, name=name)


def _monthly_figures(rng, months):
    """Helpdesk, effort and website figures for each month."""
    categories = list(EnquiryCategory.objects.order_by("pk"))
    helpdesk = HelpdeskMonth.objects.bulk_create(
        HelpdeskMonth(month=m, telephone_enquiries=rng.randint(20, 90)) for m in months
    )
    EmailTally.objects.bulk_create(
        EmailTally(helpdesk_month=hm, category=c, emails=rng.randint(0, 500)) for hm in helpdesk for c in categories
    )
    drivers = list(EffortDriver.objects.order_by("pk"))
    products = EffortProduct.objects.bulk_create(
        EffortProduct(name=f"Generated product {i}", position=i) for i in range(4)
    )
    grades = Grade.objects.bulk_create(Grade(name=f"Generated grade {i}", position=i) for i in range(3))
    effort = EffortMonth.objects.bulk_create(EffortMonth(month=m) for m in months)
    EffortEntry.objects.bulk_create(
        EffortEntry(
            effort_month=em,
            driver=d,
            product=products[j % len(products)],
            grade=grades[j % len(grades)],
            days=rng.randint(0, 150000) / 1000,
        )
        for em in effort
        for j, d in enumerate(drivers)
    )
    WebsiteMonth.objects.bulk_create(
        WebsiteMonth(
            month=m,
            visits=rng.randint(5000, 12000),
            page_views=rng.randint(15000, 30000),
            new_visitors=rng.randint(1000, 3000),
            returning_visitors=rng.randint(800, 2000),
        )
        for m in months
    )


def _papers(months):
    """A paper for each month, with the sample paper's text and appendices: the last one is measured.

    Each paper's period "since the last Panel meeting" then starts after the previous paper's
    issue, a month long, as the sample's is.
    """
    sample = Paper.objects.prefetch_related("appendices").get(month=SAMPLE_MONTH)
    text = {
        name: getattr(sample, name)
        for name in (
            "classification",
            "action",
            "author",
            "team",
            "purpose",
            "recommendation",
            "change_and_release",
            "technical_support",
            "security_and_privacy",
            "party_support",
        )
    }
    first_number = sample.panel_meeting_number + 1
    papers = Paper.objects.bulk_create(
        Paper(
            month=month,
            panel_meeting_number=first_number + i,
            panel_meeting_date=add_months(month, 1).replace(day=13),
            paper_number=sample.paper_number,
            issue_date=add_months(month, 1).replace(day=6),
            **text,
        )
        for i, month in enumerate(months)
    )
    Appendix.objects.bulk_create(
        Appendix(paper=paper, letter=a.letter, title=a.title, classification=a.classification, content=a.content)
        for paper in papers
        for a in sample.appendices.all()
    )
    return papers[-1]


def _completions(rng, months):
    """The sample's UEP and testing completions each month: as many, on the same days (or the
    month's last), for as many roles, marked the same; by parties drawn at random."""
    parties = list(Party.objects.sec_parties().order_by("pk").values_list("pk", flat=True))
    for model in (UEPCompletion, TestCompletion):
        sample = list(
            model.objects.filter(completed_on__gte=SAMPLE_MONTH)
            .order_by("completed_on", "pk")
            .prefetch_related("roles")
        )
        made, roles = [], []
        for month in months:
            for row, party in zip(sample, rng.sample(parties, len(sample))):
                day = month.replace(day=min(row.completed_on.day, last_day(month).day))
                marking = {"kind": row.kind, "classification": row.classification} if model is TestCompletion else {}
                made.append(model(party_id=party, completed_on=day, **marking))
                roles.append(list(row.roles.all()))
        made = model.objects.bulk_create(made)
        through = model.roles.through
        owner = f"{model._meta.model_name}_id"
        through.objects.bulk_create(
            through(**{owner: completion.pk}, dccuserrole=role) for completion, its in zip(made, roles) for role in its
        )


def _add_meetings(rng, months, per_month, panel):
    """Top each month up to `per_month` meetings, each with a date, a link and, one in three,
    a modification it discussed; the committees take turns.

    With `panel`, the SEC Panel takes its turn too (once a month, as it meets, at 14 meetings a
    month); without, the Panel meetings stay the sample's, and so does the period "since the
    last Panel meeting" that the sample's paper reports on."""
    have = Counter(
        date.replace(day=1)
        for date in MeetingDate.objects.filter(date__gte=months[0], date__lte=last_day(months[-1]))
        .order_by("pk")
        .values_list("date", flat=True)
    )
    dates_wanted = [month for month in months for _ in range(max(0, per_month - have[month]))]
    committees = Committee.objects.order_by("pk")
    committees = list(committees if panel else committees.exclude(category=CommitteeCategory.SEC_PANEL))
    statuses = ModificationStatus.values
    start = Modification.objects.filter(reference__gte="SECMP1000").count()
    modifications = Modification.objects.bulk_create(
        Modification(
            reference=f"SECMP{1000 + start + i:04d}",
            title=f"Generated modification {start + i}",
        )
        for i in range(max(1, len(dates_wanted) // 8))
    )
    StatusChange.objects.bulk_create(
        StatusChange(modification=m, status=statuses[i % len(statuses)], date=months[0])
        for i, m in enumerate(modifications)
    )
    meetings = Meeting.objects.bulk_create(
        Meeting(committee=committees[i % len(committees)], summary=f"Generated meeting {i} summary.")
        for i in range(len(dates_wanted))
    )
    dates, links, decisions = [], [], []
    for i, (meeting, month) in enumerate(zip(meetings, dates_wanted)):
        dates.append(MeetingDate(meeting=meeting, date=_day(rng, month)))
        links.append(MeetingLink(meeting=meeting, label=f"Headlines {i}", url=f"https://example.org/{i}/"))
        if i % 3 == 0:
            decisions.append(MeetingModification(meeting=meeting, modification=rng.choice(modifications)))
    MeetingDate.objects.bulk_create(dates)
    MeetingLink.objects.bulk_create(links)
    MeetingModification.objects.bulk_create(decisions)
