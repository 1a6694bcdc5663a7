"""Questions the paper asks about meetings, answered in a fixed number of queries."""

from dataclasses import dataclass, field

from django.db.models import Prefetch

from meetings.models import CommitteeCategory, Meeting, MeetingDate, MeetingLink, MeetingModification
from opsreport.months import last_day


def last_panel_meeting_before(day):
    """The date of the most recent SEC Panel meeting strictly before `day`, or None. One query."""
    return (
        MeetingDate.objects.filter(meeting__committee__category=CommitteeCategory.SEC_PANEL, date__lt=day)
        .order_by("-date")
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
    dates: list
    summary: str
    confidential: bool
    modifications: list = field(default_factory=list)  # [ModificationMention]
    links: list = field(default_factory=list)  # [LinkRow]


def meetings_in_month(month):
    """The meeting table's rows: meetings with a date in the month, in committee order.

    Four queries (meetings, dates, links, modifications) whatever the number of meetings.
    """
    meetings = (
        Meeting.objects.filter(dates__date__gte=month, dates__date__lte=last_day(month))
        .distinct()
        .select_related("committee")
        .order_by("committee__position", "committee__name", "pk")
        .prefetch_related(
            Prefetch("dates", queryset=MeetingDate.objects.order_by("date")),
            Prefetch("links", queryset=MeetingLink.objects.order_by("position", "pk")),
            Prefetch(
                "decisions",
                queryset=MeetingModification.objects.select_related("modification").order_by("position", "pk"),
            ),
        )
    )
    return [
        MeetingRow(
            committee=m.committee.name,
            category=m.committee.category,
            name=str(m),
            dates=[d.date for d in m.dates.all()],
            summary=m.summary,
            confidential=m.confidential,
            modifications=[
                ModificationMention(d.modification.reference, d.modification.title, d.outcome)
                for d in m.decisions.all()
            ],
            links=[LinkRow(link.label, link.url) for link in m.links.all()],
        )
        for m in meetings
    ]
