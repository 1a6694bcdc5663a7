"""6. SEC Meeting Details: the month's meetings by category, each modification footnoted with
its title at its first mention in the paper."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from meetings.models import CommitteeCategory, ModificationStatus
from meetings.reports import Contradiction, MeetingRow, contradicted_decisions, meetings_in_month, status_counts_on
from opsreport.dashboard import charts
from opsreport.dashboard.panel import Axis, Chart, Panel
from opsreport.lib.formats import plural
from opsreport.lib.months import last_day, month_label
from opsreport.paper import fixes
from opsreport.paper.part import Own, Part, Prints, Related
from opsreport.paper.sections.common import MISSING, NOT_PRINTED, WARNING, Context, Finding, Numbering

if TYPE_CHECKING:
    from opsreport.models import Paper


GOVERNANCE = "SEC Governance Meetings"
TRANSITIONAL = "Transitional Groups"
# Words in a summary that send the reader to a link: "available via the link below",
# "the non-confidential meeting headlines can be found below".
PROMISES_LINK = re.compile(r"\b(via the links?|links? below|can be found below)\b", re.IGNORECASE)


@dataclass
class MeetingLine:
    category: str
    category_rowspan: int  # 0 when the cell above spans this row
    committee: str
    modifications: list  # [(reference, Footnote or None)]
    dates: list
    summary: str
    summary_rowspan: int  # 0 when merged with the row above
    links: list


@dataclass
class Meetings:
    month: datetime.date
    lines: list[MeetingLine]
    # Decisions this month that the modification's status at month end contradicts.
    contradictions: list[Contradiction] = field(default_factory=list)
    # [(committee, links)]: confidential meetings whose links do not print (for the review,
    # not the paper's fingerprint, which hashes what prints).
    withheld: list[tuple[str, int]] = field(default_factory=list, metadata=NOT_PRINTED)


def _meeting_lines(rows: list[MeetingRow], numbering: Numbering, mentioned: set[str]) -> list[MeetingLine]:
    lines = []
    for row in rows:
        modifications = []
        for mention in row.modifications:
            note = None
            if mention.reference not in mentioned:
                mentioned.add(mention.reference)
                note = numbering.footnote(f"{mention.reference}: {mention.title}")
            modifications.append((mention.reference, note))
        category = TRANSITIONAL if row.category == CommitteeCategory.TRANSITIONAL else GOVERNANCE
        lines.append(
            # A confidential meeting's minutes and headlines are not for the paper's readers.
            MeetingLine(
                category,
                1,
                row.committee,
                modifications,
                row.dates,
                row.summary,
                1,
                [] if row.confidential else row.links,
            )
        )
    # Merge the category cells of consecutive rows, and identical consecutive summaries.
    for attr in ("category", "summary"):
        span_attr = f"{attr}_rowspan"
        head: MeetingLine | None = None
        for line in lines:
            same = head is not None and getattr(line, attr) == getattr(head, attr)
            if head is not None and attr == "summary":  # a merged cell prints one set of links: merge only equal ones
                same = same and line.links == head.links
            # A summary cell may not span rows whose category cells differ.
            if head is not None and same and line.category == head.category:
                setattr(head, span_attr, getattr(head, span_attr) + 1)
                setattr(line, span_attr, 0)
            else:
                head = line
    return lines


def build(paper: Paper, context: Context) -> Meetings:
    rows = meetings_in_month(paper.month)
    return Meetings(
        paper.month,
        _meeting_lines(rows, context.numbering, set()),
        contradicted_decisions(paper.month, last_day(paper.month)),
        [(row.committee, len(row.links)) for row in rows if row.confidential and row.links],
    )


def promises_missing_link(line: MeetingLine) -> bool:
    """The summary sends the reader to a link, and the row prints none that leads anywhere."""
    return bool(PROMISES_LINK.search(line.summary)) and not any(link.url for link in line.links)


def findings(meetings: Meetings) -> list[Finding]:
    if not meetings.lines:
        text = f"No meetings recorded in {month_label(meetings.month)}."
        return [Finding(MISSING, "", text, fixes.propose_meetings(meetings.month))]
    result = [
        Finding(
            MISSING,
            "",
            f"{line.committee}: the summary promises a link, but the meeting has "
            f"{'no link with an address' if line.links else 'no link'}.",
            fixes.meetings_in(meetings.month),
        )
        for line in meetings.lines
        if line.summary_rowspan and promises_missing_link(line)
    ]
    result += [Finding(WARNING, "", c.text, fixes.modification(c.reference)) for c in meetings.contradictions]
    # Confidential, with links: the paper leaves them out, which an editor may not expect.
    result += [
        Finding(
            WARNING,
            "",
            f"{committee} is confidential: its {plural(count, 'link')} will not print.",
            fixes.meetings_in(meetings.month),
        )
        for committee, count in meetings.withheld
    ]
    return result


def summary(data: Meetings, paper: Paper) -> list[str]:
    if not data.lines:
        return []
    committees = list(dict.fromkeys(line.committee for line in data.lines))
    mentions = {ref for line in data.lines for ref, _ in line.modifications}
    lines = [f"{plural(len(data.lines), 'meeting')}: {', '.join(committees)}."]
    if mentions:
        lines.append(f"{plural(len(mentions), 'modification')} mentioned.")
    return lines


def dashboard_figures(before: datetime.date, last: datetime.date) -> dict[str, int]:
    """How many modifications stood at each status at the end of the range. One query."""
    return status_counts_on(last_day(last))


def dashboard_charts(counts: dict[str, int], axis: Axis) -> list[Chart]:
    statuses = list(ModificationStatus)
    figure = charts.modifications_by_status(
        [status.label for status in statuses],
        [counts.get(status.value, 0) for status in statuses],
        [axis.link("modifications", status=status.value) for status in statuses],
    )
    note = f"Every modification as it stood at the end of {month_label(axis.last)}."
    return [Chart("modifications", "Modifications by status", note, figure)]


# A meeting prints in the months of its dates; its links and modifications with it.
_DATES = "meetings.MeetingDate"
PART = Part(
    key="meetings",
    title="SEC Meeting Details",
    template="paper/sections/meetings.html",
    build=build,
    findings=findings,
    prints=[
        Prints("meetings.meeting", Related(_DATES, "meeting_id", "date")),
        Prints("meetings.meetingdate", Own("date")),
        Prints("meetings.meetinglink", Related(_DATES, "meeting_id", "date", attr="meeting_id")),
        Prints("meetings.meetingmodification", Related(_DATES, "meeting_id", "date", attr="meeting_id")),
        Prints("meetings.committee", Related(_DATES, "meeting__committee_id", "date")),
        Prints("meetings.modification", Related(_DATES, "meeting__decisions__modification_id", "date")),
    ],
    summary=summary,
    screens=lambda month: [fixes.new_meeting(back=month), fixes.meetings_in(month)],
    entry=[
        ("meetings", "meeting"),
        ("meetings", "committee"),
        ("meetings", "modification"),
        ("meetings", "release"),
        ("meetings", "secversion"),
    ],
    sheets=["Meetings"],
    dashboard=Panel(figures=dashboard_figures, charts=dashboard_charts),
)
