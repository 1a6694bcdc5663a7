"""6. SEC Meeting Details: the month's meetings by category, each modification footnoted with
its title at its first mention in the paper."""

from dataclasses import dataclass
from typing import ClassVar

from meetings.models import CommitteeCategory
from meetings.reports import meetings_in_month
from opsreport.lib.months import month_label
from opsreport.paper import fixes
from opsreport.paper.sections.common import MISSING, Finding

TEMPLATE = "paper/sections/meetings.html"
SECTION = "6. Meetings"
GOVERNANCE = "SEC Governance Meetings"
TRANSITIONAL = "Transitional Groups"


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
    template: ClassVar[str] = TEMPLATE

    month: object
    lines: list  # [MeetingLine]


def _meeting_lines(rows, numbering, mentioned):
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
        head = None
        for line in lines:
            same = head is not None and getattr(line, attr) == getattr(head, attr)
            if attr == "summary":  # a merged cell prints one set of links: merge only equal ones
                same = same and line.links == head.links
            # A summary cell may not span rows whose category cells differ.
            if same and line.category == head.category:
                setattr(head, span_attr, getattr(head, span_attr) + 1)
                setattr(line, span_attr, 0)
            else:
                head = line
    return lines


def build(paper, context):
    return Meetings(paper.month, _meeting_lines(meetings_in_month(paper.month), context.numbering, set()))


def findings(meetings):
    if not meetings.lines:
        text = f"No meetings recorded in {month_label(meetings.month)}."
        return [Finding(MISSING, SECTION, text, fixes.new_meeting())]
    return []
