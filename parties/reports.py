"""Questions the paper and the dashboards ask about parties, answered in a fixed number of queries."""

import datetime
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache

from django.db import connection
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery

from opsreport.lib.classification import Classification, at_most
from opsreport.lib.months import add_months, last_day, months_between
from parties.models import (
    CATEGORY_PLURALS,
    LEAVING_KINDS,
    NOTED_KINDS,
    Applicant,
    EventKind,
    MembershipEvent,
    Party,
    PartyCategory,
    TestCompletion,
    TestKind,
    UEPCompletion,
    VotingGroup,
)


@dataclass
class EventNote:
    party: str
    kind: str  # the EventKind value
    date: datetime.date
    note: str


@dataclass
class MonthMembership:
    month: datetime.date
    accessions: int = 0
    in_default: int = 0
    withdrawals: int = 0
    expulsions: int = 0
    parties: int = 0  # at month end, the DCC not counted
    voting_groups: int = 0  # at month end
    groups_by_category: dict[str, int] = field(default_factory=dict)  # category value -> count
    notes: dict[str, list[EventNote]] = field(default_factory=dict)  # row name -> events with a note


# Table 3's rows: (row attribute, the event kind that counts in it), and their printed labels.
TABLE3_ROWS: list[tuple[str, str]] = [
    ("accessions", EventKind.ACCESSION),
    ("in_default", EventKind.DEFAULT_ENTERED),
    ("withdrawals", EventKind.WITHDRAWAL),
    ("expulsions", EventKind.EXPULSION),
]
TABLE3_LABELS = {
    "accessions": "Accessions",
    "in_default": "In Default",
    "withdrawals": "Withdrawals",
    "expulsions": "Expulsions",
}


# A membership event as membership_statistics reads it: (party id, party name, voting group id,
# its category, kind, date, note).
EventRow = tuple[int, str, int | None, str | None, str, datetime.date, str]
# Joining (+1) or leaving (-1): (date, step, voting group id, its category).
MembershipChange = tuple[datetime.date, int, int | None, str | None]


def membership_statistics(first_month: datetime.date, last_month: datetime.date) -> list[MonthMembership]:
    """Table 3, the month-end counts and Figure 1, for every month from first to last.

    "In Default" counts the parties in default at any time in the month; the other rows
    count events in the month. A party that leaves on a day is no longer counted at the end
    of that day's month; a voting group counts while it has a party, from its first accession
    to its last leaving; a "left default" closes the party's latest default spell still open
    (and is ignored when none is).

    Two queries whatever the number of months or parties, and work that follows the months
    asked for, not the years of history stored: the database sums up everything before the
    first month (_history_before), and only the events of the months asked for are read and
    applied in date order as the months advance.
    """
    months = months_between(first_month, last_month)
    if not months:
        return []
    window_start, window_end = months[0], last_day(months[-1])
    before = _history_before(window_start, window_end)  # 1 query
    events = _events_between(window_start, window_end)  # 1 query
    membership = _Membership(
        parties=sum(before.parties_by_category.values()),
        members=Counter(before.group_members),
        groups_by_category=before.groups_by_category,
    )
    changes = list(_joining_and_leaving(events))
    spells = _default_spells_of(events, before.open_default_spells, window_start)
    events_by_month: defaultdict[datetime.date, list[EventRow]] = defaultdict(list)
    for event in events:
        events_by_month[event[5].replace(day=1)].append(event)

    next_change = 0
    result = []
    for month in months:
        end = last_day(month)
        stats = _counted_events(month, events_by_month.get(month, ()))
        while next_change < len(changes) and changes[next_change][0] <= end:
            membership.apply(*changes[next_change][1:])
            next_change += 1
        stats.parties = membership.parties
        stats.voting_groups = sum(membership.groups_by_category.values())
        stats.groups_by_category = {category: membership.groups_by_category[category] for category in CATEGORY_PLURALS}
        stats.in_default = sum(
            1
            for party_spells in spells
            if any(spell.entered <= end and (spell.left is None or spell.left >= month) for spell in party_spells)
        )
        result.append(stats)
    return result


def _events_between(first_day: datetime.date, last_day_: datetime.date) -> list[EventRow]:
    """The membership events of SEC Parties dated in the period, as tuples (party id, party name,
    voting group id, category, kind, date, note), in date order. Within a day, entering default
    comes before leaving it whatever order they were typed in, so a one-day default ends that
    day (sorted() keeps everything else in date and pk order). One query."""
    events = (
        MembershipEvent.objects.filter(party__is_dcc=False, date__gte=first_day, date__lte=last_day_)
        .order_by("date", "pk")
        .values_list(
            "party_id", "party__name", "party__voting_group_id", "party__voting_group__category", "kind", "date", "note"
        )
    )
    return sorted(events, key=lambda event: (event[5], event[4] == EventKind.DEFAULT_LEFT))


def _joining_and_leaving(events: Iterable[EventRow]) -> Iterator[MembershipChange]:
    """(date, +1 or -1, voting group, category) of each accession and leaving, in date order."""
    for _, _, group, category, kind, date, _ in events:
        if kind == EventKind.ACCESSION:
            yield date, 1, group, category
        elif kind in LEAVING_KINDS:
            yield date, -1, group, category


@dataclass
class _Spell:
    entered: datetime.date
    left: datetime.date | None = None  # None while it runs


def _default_spells_of(
    events: Iterable[EventRow], open_before: dict[int, int], window_start: datetime.date
) -> list[list[_Spell]]:
    """Each party's default spells from the spells still open before the window (`open_before`:
    party -> how many) and the window's events; parties with none are left out."""
    spells: defaultdict[int, list[_Spell]] = defaultdict(list)
    for party, still_open in open_before.items():
        # Spells opened before the window count in each of its months until they are closed;
        # when they started does not matter, only that it was before the window.
        spells[party] = [_Spell(window_start - datetime.timedelta(days=1)) for _ in range(still_open)]
    for party, _, _, _, kind, date, _ in events:
        if kind == EventKind.DEFAULT_ENTERED:
            spells[party].append(_Spell(date))
        elif kind == EventKind.DEFAULT_LEFT:
            open_spells = [spell for spell in spells[party] if spell.left is None]
            if open_spells:
                open_spells[-1].left = date
    return [party_spells for party_spells in spells.values() if party_spells]


def _counted_events(month: datetime.date, events: Iterable[EventRow]) -> MonthMembership:
    """The month's MonthMembership with its events counted in their Table 3 rows (but "In
    Default", which counts parties, not events) and their notes kept for the footnotes."""
    row_of_kind = {kind: row for row, kind in TABLE3_ROWS}
    stats = MonthMembership(month=month, notes={row: [] for row, _ in TABLE3_ROWS})
    for _, name, _, _, kind, date, note in events:
        row = row_of_kind.get(kind)
        if row is None:
            continue
        if row != "in_default":
            setattr(stats, row, getattr(stats, row) + 1)
        if note:
            stats.notes[row].append(EventNote(name, kind, date, note))
    return stats


@dataclass
class _Membership:
    """Who is a member as the months advance: the SEC Parties, each voting group's parties, and
    per category the voting groups that have one or more."""

    parties: int
    members: Counter[int | None]  # voting group -> its parties
    groups_by_category: Counter[str | None]  # category -> voting groups with a party

    def apply(self, step: int, group: int | None, category: str | None) -> None:
        """A party of `group` joins (+1) or leaves (-1)."""
        self.parties += step
        self.members[group] += step
        # A group counts while it has a party: it starts at its first, stops after its last.
        if (step == 1 and self.members[group] == 1) or (step == -1 and self.members[group] == 0):
            self.groups_by_category[category] += step


@dataclass
class HistoryBefore:
    """Membership as it stood before a day, summed up by the database."""

    parties_by_category: dict[str | None, int]  # category -> SEC Parties (joined less left)
    groups_by_category: Counter[str | None]  # category -> voting groups with one party or more
    group_members: dict[
        int | None, int
    ]  # voting group -> its parties, for the groups that gain or lose one in the window
    open_default_spells: dict[int, int]  # party -> default spells still open


def _history_before(day: datetime.date, window_end: datetime.date) -> HistoryBefore:
    """HistoryBefore `day`, for a window that ends on `window_end`. One query, in three parts.

    - by category: each voting group's parties (accessions less withdrawals and expulsions),
      then per category their sum and the groups with one or more;
    - by voting group, for the groups that a party joins or leaves in the window: their parties;
    - by party: the default spells still open. "Entered default" opens a spell, "left default"
      closes one if one is open; after a party's events in date order, the spells still open
      are the last running total of +1 and -1 less its lowest when below zero (the "left
      default"s that found none open to close).
    """
    adapt = connection.ops.adapt_datefield_value
    before, end = adapt(day), adapt(window_end)
    joining = [EventKind.ACCESSION, *LEAVING_KINDS]
    params = [
        EventKind.ACCESSION,
        before,
        *joining,  # by category
        EventKind.ACCESSION,
        before,
        end,
        *joining,
        before,
        *joining,  # by voting group
        EventKind.DEFAULT_ENTERED,
        EventKind.DEFAULT_ENTERED,
        before,
        EventKind.DEFAULT_ENTERED,
        EventKind.DEFAULT_LEFT,
    ]
    params = [getattr(param, "value", param) for param in params]  # the kinds as plain strings
    result = HistoryBefore({}, Counter(), {}, {})
    with connection.cursor() as cursor:
        cursor.execute(_history_sql(connection.vendor), params)
        for part, category, key, count, groups in cursor.fetchall():
            if part == "category":
                result.parties_by_category[category] = int(count)
                result.groups_by_category[category] = int(groups)
            elif part == "group":
                result.group_members[key] = int(count)
            else:
                result.open_default_spells[key] = int(count)
    return result


@cache
def _history_sql(vendor: str) -> str:
    """The query for _history_before. The groups part starts from the few groups the window
    touches: CROSS JOIN keeps that order on SQLite, whose planner would otherwise read the
    whole history by kind and date for each group (PostgreSQL plans it as an inner join)."""
    quote = connection.ops.quote_name
    event, party, group = (quote(model._meta.db_table) for model in (MembershipEvent, Party, VotingGroup))
    step = "CASE WHEN e.kind = %s THEN 1 ELSE -1 END"
    still_open = "SUM(steps.step) - CASE WHEN MIN(steps.running) < 0 THEN MIN(steps.running) ELSE 0 END"
    return f"""
        SELECT 'category', g.category, NULL, SUM(per_group.members),
               SUM(CASE WHEN per_group.members >= 1 THEN 1 ELSE 0 END)
        FROM (
            SELECT p.voting_group_id AS voting_group, SUM({step}) AS members
            FROM {event} e
            INNER JOIN {party} p ON p.id = e.party_id
            WHERE e.date < %s AND e.kind IN (%s, %s, %s) AND NOT p.is_dcc
            GROUP BY p.voting_group_id
        ) per_group
        LEFT OUTER JOIN {group} g ON g.id = per_group.voting_group
        GROUP BY g.category
        UNION ALL
        SELECT 'group', NULL, p.voting_group_id, SUM({step}), NULL
        FROM (
            SELECT DISTINCT wp.voting_group_id AS voting_group
            FROM {event} we
            INNER JOIN {party} wp ON wp.id = we.party_id
            WHERE we.date >= %s AND we.date <= %s AND we.kind IN (%s, %s, %s)
        ) touched
        CROSS JOIN {party} p
        CROSS JOIN {event} e
        WHERE p.voting_group_id = touched.voting_group AND e.party_id = p.id
            AND e.date < %s AND e.kind IN (%s, %s, %s) AND NOT p.is_dcc
        GROUP BY p.voting_group_id
        UNION ALL
        SELECT 'default', NULL, steps.party_id, {still_open}, NULL
        FROM (
            SELECT e.party_id AS party_id, {step} AS step,
                   SUM({step}) OVER (
                       PARTITION BY e.party_id ORDER BY e.date, e.id ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
                   ) AS running
            FROM {event} e
            INNER JOIN {party} p ON p.id = e.party_id
            WHERE e.date < %s AND e.kind IN (%s, %s) AND NOT p.is_dcc
        ) steps
        GROUP BY steps.party_id
        HAVING {still_open} > 0
    """


@dataclass
class ApplicantRow:
    name: str
    category: str


def applicants_awaiting(month: datetime.date) -> list[ApplicantRow]:
    """Table 1: applicants accepted by the month's end whose accession was still awaited then."""
    end = last_day(month)
    rows = Applicant.objects.filter(applied_on__lte=end).filter(Q(acceded_on__isnull=True) | Q(acceded_on__gt=end))
    return [ApplicantRow(a.name, PartyCategory(a.category).label) for a in rows]


def applicant_disagreements(month: datetime.date) -> list[str]:
    """Where Table 1 (applicants and when they acceded) and Table 3 (the parties' Accession
    events) disagree, as the month's end sees them: sentences for the paper's findings.

    - an applicant linked to its party whose "acceded on" is not the party's Accession date
      (or the party has none);
    - an applicant that acceded in the last 13 months and is linked to no party;
    - an applicant Table 1 lists as awaiting while a party of its name had acceded.
    Two queries.
    """
    end = last_day(month)
    since = add_months(month, -12)
    accession = MembershipEvent.objects.filter(kind=EventKind.ACCESSION)
    applicants = (
        Applicant.objects.filter(applied_on__lte=end)
        .filter(Q(party__isnull=False) | Q(acceded_on__isnull=True) | Q(acceded_on__gte=since))
        .annotate(
            accession=Subquery(accession.filter(party=OuterRef("party")).values("date")[:1]),
            # For an applicant linked to nothing: an unlinked party of its name that acceded.
            namesake_accession=Subquery(
                accession.filter(party__name=OuterRef("name"), party__application__isnull=True, date__lte=end).values(
                    "date"
                )[:1]
            ),
        )
        .select_related("party")
    )
    result = []
    for applicant in applicants:
        if applicant.party_id is not None:
            if applicant.accession is None:
                result.append(f"{applicant} is linked to {applicant.party}, which has no Accession event.")
            elif applicant.accession != applicant.acceded_on:
                result.append(
                    f"{applicant} acceded on {applicant.acceded_on:%d/%m/%Y} (Table 1) but its party's "
                    f"Accession event is dated {applicant.accession:%d/%m/%Y} (Table 3)."
                )
        elif applicant.acceded_on is not None and applicant.acceded_on <= end:
            result.append(
                f"{applicant} acceded on {applicant.acceded_on:%d/%m/%Y} but is linked to no party, so Table 3 "
                "cannot be checked against it: accede it from its page."
            )
        elif applicant.namesake_accession is not None:
            result.append(
                f"Table 1 lists {applicant} as awaiting accession, but the party {applicant} acceded on "
                f"{applicant.namesake_accession:%d/%m/%Y} (Table 3): accede the applicant from its page to link the two."
            )
    return result


@dataclass
class UEPRow:
    party: str
    category: str
    roles: list[str]
    completed_on: datetime.date


def uep_completions(first_day: datetime.date, last_day_: datetime.date) -> list[UEPRow]:
    """Table 2: User Entry Process completions dated within the period (two queries)."""
    return _completion_rows(UEPCompletion.objects.filter(completed_on__gte=first_day, completed_on__lte=last_day_))


def testing_completions(kind: str, first_day: datetime.date, last_day_: datetime.date, ceiling: str) -> list[UEPRow]:
    """An appendix's detail: SREPT or UEPT completions dated within the period (two queries).

    A completion marked above `ceiling`, the classification of the document that prints them,
    is left out.
    """
    return _completion_rows(
        TestCompletion.objects.filter(
            kind=kind,
            completed_on__gte=first_day,
            completed_on__lte=last_day_,
            classification__in=_levels_at_most(ceiling),
        )
    )


def _levels_at_most(ceiling: str) -> list[str]:
    return [level for level in Classification.values if at_most(level, ceiling)]


def _completion_rows(completions: QuerySet[UEPCompletion] | QuerySet[TestCompletion]) -> list[UEPRow]:
    completions = completions.select_related("party__voting_group").prefetch_related("roles")
    return [
        UEPRow(
            c.party.name,
            c.party.get_category_display(),
            [str(role) for role in sorted(c.roles.all(), key=lambda r: (r.position, r.name))],
            c.completed_on,
        )
        for c in completions
    ]


@dataclass
class TestingSummary:
    parties: int = 0
    roles: int = 0


@dataclass
class TestRecord:
    """A testing completion as the paper's review names it: who, what, when and its marking."""

    kind: str  # TestKind value
    party: str
    completed_on: datetime.date
    classification: str
    roles: int

    def above(self, ceiling: str) -> bool:
        """Marked above `ceiling`: a document of that classification must leave it out."""
        return not at_most(self.classification, ceiling)


@dataclass
class TestingCounts:
    by_kind: dict[str, TestingSummary]  # TestKind value -> of the completions at most its kind's ceiling
    records: list[TestRecord]  # every completion in the period, whatever its marking


def testing_summary(first_day: datetime.date, last_day_: datetime.date, ceilings: dict[str, str]) -> TestingCounts:
    """Section 1.3: per kind of testing, how many parties completed it and for how many roles.

    Counts only: the details (party names) may be more restricted than the paper and belong
    to its appendix. `ceilings` gives, per kind (TestKind value), the highest marking counted;
    `records` lists every completion of the period, so that the paper's review can say which
    ones a document leaves out. One query.
    """
    rows = (
        TestCompletion.objects.filter(completed_on__gte=first_day, completed_on__lte=last_day_)
        .order_by("completed_on", "party__name", "pk")
        .values("pk", "kind", "party_id", "party__name", "completed_on", "classification")
        .annotate(roles=Count("roles"))
    )
    counts = TestingCounts({kind: TestingSummary() for kind in TestKind.values}, [])
    parties: dict[str, set[int]] = {kind: set() for kind in TestKind.values}
    for row in rows:
        record = TestRecord(row["kind"], row["party__name"], row["completed_on"], row["classification"], row["roles"])
        counts.records.append(record)
        if record.above(ceilings[row["kind"]]):
            continue
        parties[row["kind"]].add(row["party_id"])
        counts.by_kind[row["kind"]].roles += row["roles"]
    for kind, seen in parties.items():
        counts.by_kind[kind].parties = len(seen)
    return counts


def events_without_note(first_month: datetime.date, last_month: datetime.date) -> list[MembershipEvent]:
    """Defaults, withdrawals and expulsions in the range that have no note for their footnote."""
    return list(
        MembershipEvent.objects.filter(
            kind__in=NOTED_KINDS, note="", date__gte=first_month, date__lte=last_day(last_month)
        )
        .select_related("party")
        .order_by("date", "pk")
    )


@dataclass
class DefaultSpell:
    """A party's time in default: from the "entered default" that opened it (with that event's
    note) to the "left default" that closed it, or None while it runs."""

    party: str
    entered: datetime.date
    left: datetime.date | None
    note: str


def default_spells(day: datetime.date, party: int | None = None) -> dict[int, list[DefaultSpell]]:
    """{party id: [DefaultSpell]}: the default spells of every party (or of `party`) up to `day`.

    The same rule as membership_statistics: "entered default" opens a spell, "left default"
    closes the party's latest one still open (none open: ignored), entering before leaving
    within a day. One query, over the default events alone.
    """
    events = MembershipEvent.objects.filter(
        party__is_dcc=False, kind__in=[EventKind.DEFAULT_ENTERED, EventKind.DEFAULT_LEFT], date__lte=day
    )
    if party is not None:
        events = events.filter(party_id=party)
    rows = events.order_by("party_id", "date", "pk").values_list("party_id", "party__name", "kind", "date", "note")
    spells = defaultdict(list)
    for party_id, name, kind, date, note in sorted(rows, key=lambda e: (e[0], e[3], e[2] == EventKind.DEFAULT_LEFT)):
        if kind == EventKind.DEFAULT_ENTERED:
            spells[party_id].append(DefaultSpell(name, date, None, note))
        else:
            still_open = [spell for spell in spells[party_id] if spell.left is None]
            if still_open:
                still_open[-1].left = date
    return spells


def parties_in_default(month: datetime.date) -> list[DefaultSpell]:
    """Each party counted in default in the month (Table 3's "In Default"), with its spell: a
    spell counts in every month it overlaps (default_spells' rule). One query."""
    result = []
    for party_spells in default_spells(last_day(month)).values():
        overlapping = [spell for spell in party_spells if spell.left is None or spell.left >= month]
        if overlapping:
            result.append(overlapping[-1])  # the party counts once; its latest spell speaks for it
    return sorted(result, key=lambda spell: (spell.entered, spell.party))


def applicants_to_accede(month: datetime.date) -> list[tuple[int, str]]:
    """[(pk, name)] of the applicants accepted by the month's end and linked to no party yet:
    the month page links each to its Accede form. One query."""
    rows = Applicant.objects.filter(applied_on__lte=last_day(month), party__isnull=True).order_by("name")
    return list(rows.values_list("pk", "name"))


def parties_still_in_default(day: datetime.date) -> list[tuple[int, str]]:
    """[(pk, name)] of the parties in default on `day` (default_spells' rule): the month page
    links each to the form that records it leaving default. One query."""
    spells = default_spells(day)
    still = [
        (pk, party_spells[0].party) for pk, party_spells in spells.items() if any(s.left is None for s in party_spells)
    ]
    return sorted(still, key=lambda row: row[1])
