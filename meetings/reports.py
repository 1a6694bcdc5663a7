"""Questions the paper asks about meetings, answered in a fixed number of queries."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypedDict

from django.db.models import Count, Max, OuterRef, QuerySet, Subquery

from meetings.models import (
    DECIDING_CATEGORIES,
    OUTCOME_STATUS,
    CommitteeCategory,
    Meeting,
    MeetingDate,
    MeetingLink,
    MeetingModification,
    Modification,
    ModificationStatus,
    Outcome,
    StatusChange,
)
from opsreport.lib.months import last_day

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations


def last_panel_meeting_before(day: datetime.date) -> datetime.date | None:
    """The date of the most recent SEC Panel meeting strictly before `day`, or None. One query."""
    return (
        MeetingDate.objects.filter(meeting__committee__category=CommitteeCategory.SEC_PANEL, date__lt=day)
        .order_by("-date")
        .values_list("date", flat=True)
        .first()
    )


def next_panel_meeting_after(day: datetime.date) -> datetime.date | None:
    """The date of the first SEC Panel meeting strictly after `day`, or None. One query."""
    return (
        MeetingDate.objects.filter(meeting__committee__category=CommitteeCategory.SEC_PANEL, date__gt=day)
        .order_by("date")
        .values_list("date", flat=True)
        .first()
    )


@dataclass
class ModificationMention:
    reference: str
    title: str
    outcome: str


@dataclass
class LinkRow:
    label: str
    url: str


@dataclass
class MeetingRow:
    committee: str
    category: str  # the committee category value
    name: str
    dates: list[datetime.date]
    summary: str
    confidential: bool
    modifications: list[ModificationMention] = field(default_factory=list)
    links: list[LinkRow] = field(default_factory=list)
    pk: int | None = None  # the Meeting, for a link to the screen that corrects it


def meetings_in_month(month: datetime.date) -> list[MeetingRow]:
    """The meeting table's rows: meetings with a date in the month, in committee order.

    Four queries (meetings, dates, links, modifications) whatever the number of meetings.
    Plain values rather than prefetched model instances: a month of ten times the meetings
    costs a few milliseconds instead of tens.
    """
    meetings = list(
        Meeting.objects.filter(dates__date__gte=month, dates__date__lte=last_day(month))
        .exclude(committee__category=CommitteeCategory.AUTHORITY)  # not an SEC meeting
        .distinct()
        .order_by("committee__position", "committee__name", "pk")
        .values("pk", "name", "summary", "confidential", "committee__name", "committee__category")
    )
    ids = [m["pk"] for m in meetings]
    dates: defaultdict[int, list[datetime.date]] = defaultdict(list)
    links: defaultdict[int, list[LinkRow]] = defaultdict(list)
    mentions: defaultdict[int, list[ModificationMention]] = defaultdict(list)
    for meeting_id, date in MeetingDate.objects.filter(meeting__in=ids).order_by("date").values_list("meeting", "date"):
        dates[meeting_id].append(date)
    for meeting_id, label, url in (
        MeetingLink.objects.filter(meeting__in=ids).order_by("position", "pk").values_list("meeting", "label", "url")
    ):
        links[meeting_id].append(LinkRow(label, url))
    for meeting_id, reference, title, outcome in (
        MeetingModification.objects.filter(meeting__in=ids)
        .order_by("position", "pk")
        .values_list("meeting", "modification__reference", "modification__title", "outcome")
    ):
        mentions[meeting_id].append(ModificationMention(reference, title, outcome))
    return [
        MeetingRow(
            committee=m["committee__name"],
            category=m["committee__category"],
            name=m["name"] or m["committee__name"],
            dates=dates[m["pk"]],
            summary=m["summary"],
            confidential=m["confidential"],
            modifications=mentions[m["pk"]],
            links=links[m["pk"]],
            pk=m["pk"],
        )
        for m in meetings
    ]


# Modification status, read from its dated history (meetings.models.StatusChange).


def status_on(day: datetime.date, modification: str = "pk") -> Subquery:
    """A subquery: the status of the modification `modification` points at, on `day` (the last
    change dated on or before it; on a day with several, the one recorded last). None before
    its first recorded status."""
    return Subquery(
        StatusChange.objects.filter(modification=OuterRef(modification), date__lte=day)
        .order_by("-date", "-pk")
        .values("status")[:1]
    )


class StatusOn(TypedDict):
    status_on: str | None  # a ModificationStatus value, None before the first recorded status


def with_status_on(
    modifications: QuerySet[Modification], day: datetime.date
) -> "QuerySet[WithAnnotations[Modification, StatusOn]]":
    """The queryset with `status_on` annotated for `day`: no query of its own."""
    return modifications.annotate(status_on=status_on(day))


def statuses_on(day: datetime.date) -> dict[str, str]:
    """{reference: status value} on `day`, for every modification with a status by then. One query."""
    rows = with_status_on(Modification.objects.order_by(), day).values_list("reference", "status_on")
    return {reference: status for reference, status in rows if status is not None}


def status_counts_on(day: datetime.date) -> dict[str, int]:
    """{status value: number of modifications} on `day`. One query, counted by the database."""
    rows = (
        with_status_on(Modification.objects.order_by(), day)
        .filter(status_on__isnull=False)  # type: ignore[misc]  # django-stubs checks isnull against str | None
        .values("status_on")
        .annotate(n=Count("pk"))
        .values_list("status_on", "n")
    )
    return dict(rows)


# After a decision, the statuses that agree with it: an approved modification may since have
# been implemented.
AGREEING: dict[str, set[str]] = {
    Outcome.APPROVED: {ModificationStatus.APPROVED, ModificationStatus.IMPLEMENTED},
    Outcome.REJECTED: {ModificationStatus.REJECTED},
}


@dataclass
class Contradiction:
    reference: str
    committee: str
    meeting: str
    date: datetime.date  # the meeting's last date, which dates the decision
    outcome: str  # the Outcome value
    status: str | None  # the status on `on`, None when none is recorded
    on: datetime.date

    @property
    def text(self) -> str:
        status = ModificationStatus(self.status).label if self.status else "no status"
        return (
            f"{self.reference} was {Outcome(self.outcome).label.lower()} at {self.meeting} on "
            f"{self.date:%d/%m/%Y}, but its status on {self.on:%d/%m/%Y} is {status}: "
            f"record the status the decision set, or correct the decision."
        )


def contradicted_decisions(first_day: datetime.date, last_day_: datetime.date) -> list[Contradiction]:
    """Approvals and rejections by a deciding committee (Change Board, Panel, Authority) at
    meetings dated first_day..last_day_ whose modification's status on last_day_ disagrees.
    One query."""
    in_range = Meeting.objects.filter(dates__date__gte=first_day, dates__date__lte=last_day_).values("pk")
    decisions = (
        MeetingModification.objects.filter(
            meeting__in=in_range,  # the date index narrows it first; the last date decides below
            meeting__committee__category__in=DECIDING_CATEGORIES,
            outcome__in=list(OUTCOME_STATUS),
        )
        .annotate(decided_on=Max("meeting__dates__date"), status_then=status_on(last_day_, "modification"))
        .filter(decided_on__gte=first_day, decided_on__lte=last_day_)
        .order_by("decided_on", "modification__reference", "pk")
        .values_list(
            "modification__reference",
            "meeting__committee__name",
            "meeting__name",
            "decided_on",
            "outcome",
            "status_then",
        )
    )
    return [
        Contradiction(reference, committee, name or committee, day, outcome, status, last_day_)
        for reference, committee, name, day, outcome, status in decisions
        if status not in AGREEING[outcome]
    ]
