"""Questions the paper asks about meetings, answered in a fixed number of queries."""

from collections import defaultdict
from dataclasses import dataclass, field

from meetings.models import CommitteeCategory, Meeting, MeetingDate, MeetingLink, MeetingModification
from opsreport.lib.months import last_day


def last_panel_meeting_before(day):
    """The date of the most recent SEC Panel meeting strictly before `day`, or None. One query."""
    return (
        MeetingDate.objects.filter(meeting__committee__category=CommitteeCategory.SEC_PANEL, date__lt=day)
        .order_by("-date")
        .values_list("date", flat=True)
        .first()
    )


def next_panel_meeting_after(day):
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
    dates: list
    summary: str
    confidential: bool
    modifications: list = field(default_factory=list)  # [ModificationMention]
    links: list = field(default_factory=list)  # [LinkRow]


def meetings_in_month(month):
    """The meeting table's rows: meetings with a date in the month, in committee order.

    Four queries (meetings, dates, links, modifications) whatever the number of meetings.
    Plain values rather than prefetched model instances: a month of ten times the meetings
    costs a few milliseconds instead of tens.
    """
    meetings = list(
        Meeting.objects.filter(dates__date__gte=month, dates__date__lte=last_day(month))
        .distinct()
        .order_by("committee__position", "committee__name", "pk")
        .values("pk", "name", "summary", "confidential", "committee__name", "committee__category")
    )
    ids = [m["pk"] for m in meetings]
    dates, links, mentions = defaultdict(list), defaultdict(list), defaultdict(list)
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
        )
        for m in meetings
    ]
