"""The month's meetings proposed from each committee's last occurrence, and saving those the
editor confirms.

Cadence: committees meet on a fixed weekday of a fixed week of the month ("the second
Thursday"), so each date of a committee's last meeting gives a date in the new month on the
same weekday in the same week of the month (the nth such weekday; a meeting on a fifth
weekday, which some months lack, goes to the month's last one). "+4 weeks" was the other
choice: it drifts a week earlier every few months against a monthly calendar, where the Panel
and its sub-committees book "the third Thursday".

A committee is proposed when it met in the three months before the month and has no meeting
dated in the month yet. The Authority's decisions are not meetings held to a schedule, and are
never proposed.
"""

import calendar
import datetime
import re
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Exists, OuterRef, Subquery

from meetings.models import Committee, CommitteeCategory, Meeting, MeetingDate
from opsreport.lib.months import add_months, last_day, month_label

LOOKBACK_MONTHS = 3

# "SSC 56 and 57", "OPSG 09", "SEC Panel 57", "Working Group 3, 4 and 5": a short name, then numbers.
_NUMBERED = re.compile(r"^(?P<short>.*?\S)\s+(?P<numbers>\d+(?:(?:\s*,\s*|\s+and\s+)\d+)*)$")


def same_week_of_month(day, month):
    """The date in `month` on `day`'s weekday, in the same week of the month (the nth such
    weekday); the month's last such weekday when it has no nth (a fifth Friday)."""
    nth = (day.day - 1) // 7  # 0 for the first such weekday of its month
    first = month.replace(day=1)
    first_match = first + datetime.timedelta(days=(day.weekday() - first.weekday()) % 7)
    candidate = first_match + datetime.timedelta(weeks=nth)
    while candidate.month != month.month:
        candidate -= datetime.timedelta(weeks=1)
    return candidate


def numbering(name):
    """(short name, [numbers as printed]) of a meeting's name, or (name, []) when it has none."""
    match = _NUMBERED.match(name or "")
    if not match:
        return name, []
    return match.group("short"), re.findall(r"\d+", match.group("numbers"))


def next_numbers(last_numbers, count):
    """The `count` numbers after the last one, zero-padded as it was ("09" -> "10", "11")."""
    if not last_numbers:
        return [""] * count
    last = last_numbers[-1]
    return [str(int(last) + i).zfill(len(last)) for i in range(1, count + 1)]


def joined(short, numbers):
    """ "SSC 58", "SSC 58 and 59", "WG 1, 2 and 3"."""
    if not numbers or not numbers[0]:
        return ""
    if len(numbers) == 1:
        text = numbers[0]
    else:
        text = ", ".join(numbers[:-1]) + " and " + numbers[-1]
    return f"{short} {text}"


@dataclass
class Proposal:
    committee_id: int
    committee: str
    name: str
    dates: list
    summary: str
    confidential: bool
    links: list = field(default_factory=list)  # [label], one per date, addresses to be filled in
    last_name: str = ""
    last_dates: list = field(default_factory=list)


def _fill(pattern, **values):
    return pattern.format_map(values) if pattern else ""


def propose(committee, last_name, last_summary, confidential, last_dates, month, known=None):
    """One committee's proposed meeting in `month`, from its last meeting, or on a date and with
    a number already known elsewhere (`known`: (date, number), the Panel meeting a paper is for)."""
    short, numbers = numbering(last_name)
    if known:
        dates, numbers = [known[0]], [str(known[1]).zfill(len(numbers[-1]) if numbers else 0)]
    else:
        dates = sorted({same_week_of_month(day, month) for day in last_dates})
        numbers = next_numbers(numbers, len(dates))
    short = short if numbering(last_name)[1] else committee.name
    common = {"committee": short, "month": month_label(month)}
    first = {"number": numbers[0], "ddmm": f"{dates[0]:%d%m}", "date": f"{dates[0]:%d/%m/%Y}"}
    summary = _fill(committee.standard_summary, **common, **first) or last_summary
    links = [
        _fill(committee.link_pattern, **common, number=number, ddmm=f"{day:%d%m}", date=f"{day:%d/%m/%Y}")
        for day, number in zip(dates, numbers, strict=True)
        if committee.link_pattern
    ]
    return Proposal(
        committee_id=committee.pk,
        committee=committee.name,
        name=joined(short, numbers) if numbering(last_name)[1] else "",
        dates=dates,
        summary=summary,
        confidential=confidential,
        links=[" ".join(label.split()) for label in links],
        last_name=last_name or committee.name,
        last_dates=sorted(last_dates),
    )


def proposals(month, panel_meeting=None):
    """[Proposal] for `month`, in committee order. Three queries whatever the history.

    `panel_meeting`, (date, number) when a paper names the Panel meeting it goes to, dates and
    numbers the SEC Panel's proposal instead of its cadence."""
    in_month = MeetingDate.objects.filter(meeting__committee=OuterRef("pk"), date__gte=month, date__lte=last_day(month))
    last = MeetingDate.objects.filter(
        meeting__committee=OuterRef("pk"), date__lt=month, date__gte=add_months(month, -LOOKBACK_MONTHS)
    ).order_by("-date", "-meeting")
    committees = list(
        Committee.objects.exclude(category=CommitteeCategory.AUTHORITY)
        .annotate(last_meeting=Subquery(last.values("meeting")[:1]), entered=Exists(in_month))
        .filter(last_meeting__isnull=False, entered=False)
        .order_by("position", "name")
    )
    ids = [c.last_meeting for c in committees]
    meetings = {m["pk"]: m for m in Meeting.objects.filter(pk__in=ids).values("pk", "name", "summary", "confidential")}
    dates = {}
    for meeting_id, day in MeetingDate.objects.filter(meeting__in=ids).values_list("meeting", "date"):
        dates.setdefault(meeting_id, []).append(day)
    result = []
    for committee in committees:
        meeting = meetings[committee.last_meeting]
        result.append(
            propose(
                committee,
                meeting["name"],
                meeting["summary"],
                meeting["confidential"],
                dates[meeting["pk"]],
                month,
                known=panel_meeting if committee.category == CommitteeCategory.SEC_PANEL else None,
            )
        )
    return result


@dataclass
class NewMeeting:
    """A meeting as the editor confirmed it."""

    committee: Committee
    name: str
    dates: list
    summary: str
    confidential: bool = False
    links: list = field(default_factory=list)  # [(label, url)]


def weekday_phrase(day):
    """ "2nd Thursday", or "last Friday" for a fifth one: the cadence same_week_of_month keeps."""
    nth = (day.day - 1) // 7
    ordinal = ["1st", "2nd", "3rd", "4th", "last"][nth]
    return f"{ordinal} {calendar.day_name[day.weekday()]}"


def pattern_labels(
    committee: Committee, name: str, dates: list[Any], month: Any, links: list[tuple[str | None, str]]
) -> list[tuple[str, str]]:
    """Each link with its label: an address alone takes the committee's link pattern, filled
    for the meeting's n-th date and number, as the schedule proposes it."""
    short, numbers = numbering(name)
    short = short if numbers else committee.name
    labelled = []
    for index, (label, address) in enumerate(links):
        if label is None:
            day = dates[min(index, len(dates) - 1)]
            number = numbers[index] if index < len(numbers) else (numbers[-1] if numbers else "")
            values = {
                "committee": short,
                "number": number,
                "ddmm": f"{day:%d%m}",
                "date": f"{day:%d/%m/%Y}",
                "month": month_label(month),
            }
            pattern = committee.link_pattern or "{committee} {number} {ddmm} — Meeting Headlines"
            label = " ".join(pattern.format_map(values).split())
        labelled.append((label, address))
    return labelled
