"""The Operations Report for a month, composed from the apps' report functions as plain data.

Nothing here renders: templates turn the result into the on-screen paper and, through
WeasyPrint, the PDF. Tables, figures and footnotes are numbered here, through the paper,
in the order the paper prints them, so the screen and the PDF carry the same numbers.

The number of queries is fixed whatever the size of the data (see tests/test_paper_view.py).
"""

import dataclasses
import hashlib
import json
import re
from dataclasses import dataclass, field
from decimal import Decimal

from helpdesk.reports import email_table
from meetings.models import CommitteeCategory
from meetings.reports import last_panel_meeting_before, meetings_in_month
from opsreport.lib import classification as policy
from opsreport.lib.months import add_months, month_label, since_last_panel
from opsreport.reports import effort_by_driver, website_months
from parties.models import CATEGORY_PLURALS, PartyCategory, TestKind
from parties.reports import (
    TABLE3_LABELS,
    TABLE3_ROWS,
    applicants_awaiting,
    membership_statistics,
    testing_completions,
    testing_summary,
    uep_completions,
)

MEMBERSHIP_MONTHS = 13
HELPDESK_MONTHS = 12
WEBSITE_MONTHS = 12

VISITS_NOTE = (
    "A visit is the period time a user is actively engaged with our website. "
    "All usage data is associated with a visit."
)
PAGE_VIEWS_NOTE = "Pageviews is the total number of pages viewed. Repeated views of a single page are counted."
GOVERNANCE = "SEC Governance Meetings"
TRANSITIONAL = "Transitional Groups"
HIGHLIGHT_PARTS = [
    ("Change and Release Update", "change_and_release"),
    ("Technical Support Update", "technical_support"),
    ("Security and Privacy Update", "security_and_privacy"),
    ("Party Support Update", "party_support"),
]


def _plain(value):
    # Dataclasses by their fields, without asdict's deep copy: the PDF cache asks on every request.
    if dataclasses.is_dataclass(value):
        return {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}
    return str(value)


def fingerprint(assembled):
    """SHA-256 of an assembled document's data, as JSON with sorted keys."""
    return hashlib.sha256(json.dumps(assembled, default=_plain, sort_keys=True).encode()).hexdigest()


@dataclass
class Caption:
    kind: str  # "Table" or "Figure"
    number: int
    text: str

    def __str__(self):
        return f"{self.kind} {self.number}: {self.text}"


@dataclass
class Footnote:
    number: int
    text: str


@dataclass
class Cell:
    value: object
    footnotes: list = field(default_factory=list)  # [Footnote]


@dataclass
class FigureData:
    caption: Caption
    title: str
    labels: list
    series: list  # [(series name, [values])]
    kind: str  # "bar" or "grouped_bar"


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
class AssembledPaper:
    # Front page
    month: object
    month_key: str
    month_label: str
    reference: str
    footer_reference: str
    title: str
    classification: str
    classification_label: str
    classification_statement: str
    action: str
    purpose: str
    recommendation: str
    author: str
    team: str
    issue_date: object
    appendices: list  # [(letter, title, classification label)]
    # 1. Market entry and exit
    since_first: object = None
    since_last: object = None
    table1: Caption = None
    applicants: list = field(default_factory=list)
    table2: Caption = None
    uep: list = field(default_factory=list)
    srept_parties: int = 0
    uept_parties: int = 0
    uept_roles: int = 0
    uept_appendix: str = ""
    table3: Caption = None
    membership_months: list = field(default_factory=list)
    membership_rows: list = field(default_factory=list)  # [(label, [Cell])]
    parties_total: int = 0
    previous_parties_total: int = 0  # at the end of the month before
    voting_groups_total: int = 0
    figure1: FigureData = None
    # 2. Highlights
    highlights: list = field(default_factory=list)  # [(heading, [paragraphs])]
    # 3. Effort
    effort_entered: bool = False
    effort_rows: list = field(default_factory=list)  # [(driver, Decimal)]
    effort_total: Decimal = Decimal(0)
    table4: Caption = None
    # 4. Helpdesk
    telephone: object = None
    emails: object = None
    table5: Caption = None
    helpdesk_months: list = field(default_factory=list)
    helpdesk_rows: list = field(default_factory=list)  # [(category, [count])]
    helpdesk_totals: list = field(default_factory=list)
    helpdesk_mailbox_totals: list = field(default_factory=list)
    # 5. Website
    new_visitors: object = None
    returning_visitors: object = None
    table6: Caption = None
    website_months: list = field(default_factory=list)
    website_years: list = field(default_factory=list)  # [(year, number of columns)]
    visits: list = field(default_factory=list)
    page_views: list = field(default_factory=list)
    visits_note: Footnote = None
    page_views_note: Footnote = None
    figure2: FigureData = None
    # 6. Meetings
    meetings: list = field(default_factory=list)  # [MeetingLine]
    footnotes: list = field(default_factory=list)  # every footnote, in order

    @property
    def tables(self):
        return [self.table1, self.table2, self.table3, self.table4, self.table5, self.table6]

    @property
    def figures(self):
        return [self.figure1, self.figure2]

    def fingerprint(self):
        """SHA-256 of everything the paper prints: equal fingerprints, equal papers."""
        return fingerprint(self)


class _Numbering:
    """Hands out table, figure and footnote numbers in the order the paper prints them."""

    def __init__(self):
        self.tables = 0
        self.figures = 0
        self.footnotes = []

    def table(self, text):
        self.tables += 1
        return Caption("Table", self.tables, text)

    def figure(self, text):
        self.figures += 1
        return Caption("Figure", self.figures, text)

    def footnote(self, text):
        note = Footnote(len(self.footnotes) + 1, text)
        self.footnotes.append(note)
        return note


def _paragraphs(text):
    """Paragraphs are separated by a blank line; browsers end a textarea's lines with CR LF."""
    return [p.strip() for p in re.split(r"\r?\n[ \t]*\r?\n", text or "") if p.strip()]


def _year_spans(months):
    spans = []
    for month in months:
        if spans and spans[-1][0] == month.year:
            spans[-1] = (month.year, spans[-1][1] + 1)
        else:
            spans.append((month.year, 1))
    return spans


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
            MeetingLine(category, 1, row.committee, modifications, row.dates, row.summary, 1,
                        [] if row.confidential else row.links)
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


def _since_last_panel(paper):
    """(first day, last day) of "since the last SEC Panel meeting" for this paper. Two queries."""
    last_panel = last_panel_meeting_before(paper.panel_meeting_date)
    previous_issue = (
        type(paper).objects.filter(month__lt=paper.month).order_by("-month").values_list("issue_date", flat=True).first()
    )
    return since_last_panel(last_panel, paper.month, paper.issue_date, previous_issue)


@dataclass
class AssembledAppendix:
    """An appendix: a separate document with its own classification, listed on the paper's front page."""

    letter: str
    title: str
    heading: str  # "Appendix A - Testing Update UEPT"
    paper_reference: str
    footer_reference: str
    paper_title: str
    month_label: str
    classification: str
    classification_label: str
    classification_statement: str
    kind_label: str
    since_first: object
    since_last: object
    rows: list  # [UEPRow]: party, category, roles, completed_on

    @property
    def role_count(self):
        return sum(len(row.roles) for row in self.rows)

    def fingerprint(self):
        return fingerprint(self)


def assemble_appendix(paper, appendix):
    """The appendix's document: the testing completions of its kind in the paper's period."""
    first, last = _since_last_panel(paper)
    kind = TestKind(appendix.content)
    return AssembledAppendix(
        letter=appendix.letter,
        title=appendix.title,
        heading=f"Appendix {appendix.letter} - {appendix.title}",
        paper_reference=paper.reference,
        footer_reference=paper.reference.replace(" ", "_"),
        paper_title=paper.title,
        month_label=month_label(paper.month),
        classification=appendix.classification,
        classification_label=policy.Classification(appendix.classification).label,
        classification_statement=policy.statement(appendix.classification),
        kind_label=kind.label,
        since_first=first,
        since_last=last,
        rows=testing_completions(kind, first, last),
    )


def assemble(paper):
    """The whole paper for `paper` (a Paper with its appendices prefetched), as plain data."""
    month = paper.month
    numbering = _Numbering()
    appendices = list(paper.appendices.all())
    result = AssembledPaper(
        month=month,
        month_key=month.strftime("%Y-%m"),
        month_label=month_label(month),
        reference=paper.reference,
        footer_reference=paper.reference.replace(" ", "_"),
        title=paper.title,
        classification=paper.classification,
        classification_label=policy.Classification(paper.classification).label,
        classification_statement=policy.statement(paper.classification),
        action=paper.get_action_display(),
        purpose=paper.purpose_text,
        recommendation=paper.recommendation,
        author=paper.author,
        team=paper.team,
        issue_date=paper.issue_date,
        appendices=[(a.letter, a.title, a.get_classification_display()) for a in appendices],
    )

    # 1. Market entry and exit
    result.since_first, result.since_last = _since_last_panel(paper)
    result.applicants = applicants_awaiting(month)
    result.table1 = numbering.table("Applicants that will accede to the SEC")
    result.uep = uep_completions(result.since_first, result.since_last)
    result.table2 = numbering.table("Parties that completed UEP since the last SEC Panel meeting")
    testing = testing_summary(result.since_first, result.since_last)
    result.srept_parties = testing[TestKind.SREPT].parties
    result.uept_parties = testing[TestKind.UEPT].parties
    result.uept_roles = testing[TestKind.UEPT].roles
    uept_appendix = next((a for a in appendices if a.content == TestKind.UEPT), None)
    result.uept_appendix = f"Appendix {uept_appendix.letter}" if uept_appendix else ""

    membership = membership_statistics(add_months(month, -(MEMBERSHIP_MONTHS - 1)), month)
    result.membership_months = [m.month for m in membership]
    for row, _ in TABLE3_ROWS:
        cells = []
        for stats in membership:
            notes = [numbering.footnote(event.note) for event in stats.notes[row]]
            cells.append(Cell(getattr(stats, row), notes))
        result.membership_rows.append((TABLE3_LABELS[row], cells))
    result.table3 = numbering.table("SEC Party Statistics")
    last = membership[-1]
    result.parties_total = last.parties
    result.previous_parties_total = membership[-2].parties
    result.voting_groups_total = last.voting_groups
    result.figure1 = FigureData(
        caption=numbering.figure("Breakdown of SEC Party Voting Groups"),
        title="Voting Groups",
        labels=[CATEGORY_PLURALS[PartyCategory(c)] for c in last.groups_by_category],
        series=[("Voting Groups", list(last.groups_by_category.values()))],
        kind="bar",
    )

    # 2. Highlights
    result.highlights = [(heading, _paragraphs(getattr(paper, attr))) for heading, attr in HIGHLIGHT_PARTS]

    # 3. Effort
    effort = effort_by_driver(month)
    result.effort_entered = effort.entered
    result.effort_rows = effort.rows
    result.effort_total = effort.total
    result.table4 = numbering.table("Division of Effort by Driver (Days Worked)")

    # 4. Helpdesk
    helpdesk = email_table(add_months(month, -(HELPDESK_MONTHS - 1)), month)
    result.telephone = helpdesk.telephone[-1]
    result.emails = helpdesk.mailbox_totals[-1] if helpdesk.mailbox_totals[-1] is not None else helpdesk.totals[-1]
    result.helpdesk_months = helpdesk.months
    result.helpdesk_rows = helpdesk.rows
    result.helpdesk_totals = helpdesk.totals
    result.helpdesk_mailbox_totals = helpdesk.mailbox_totals
    result.table5 = numbering.table("SECAS Helpdesk Emails")

    # 5. Website
    website = website_months(add_months(month, -(WEBSITE_MONTHS - 1)), month)
    result.website_months = [m for m, _ in website]
    result.website_years = _year_spans(result.website_months)
    result.visits = [w.visits if w else None for _, w in website]
    result.page_views = [w.page_views if w else None for _, w in website]
    this_month = website[-1][1]
    result.new_visitors = this_month.new_visitors if this_month else None
    result.returning_visitors = this_month.returning_visitors if this_month else None
    result.visits_note = numbering.footnote(VISITS_NOTE)
    result.page_views_note = numbering.footnote(PAGE_VIEWS_NOTE)
    result.table6 = numbering.table("SEC Website Statistics")
    result.figure2 = FigureData(
        caption=numbering.figure("SEC Website Usage"),
        title="SEC Website Statistics",
        labels=[m.strftime("%b %Y") for m in result.website_months],
        series=[("Visits", result.visits), ("Page Views", result.page_views)],
        kind="grouped_bar",
    )

    # 6. Meetings: each modification footnoted at its first mention in the paper.
    result.meetings = _meeting_lines(meetings_in_month(month), numbering, set())
    result.footnotes = numbering.footnotes
    return result

