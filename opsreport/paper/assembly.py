"""The Operations Report for a month, composed section by section as plain data.

Nothing here renders: templates turn the result into the on-screen paper and, through
WeasyPrint, the PDF. Each section is a module of opsreport/paper/sections/ with its own
partial; assembly builds them in print order through one Numbering, so tables, figures and
footnotes carry the same numbers on screen and in the PDF.

The number of queries is fixed whatever the size of the data (see tests/test_paper_view.py).
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from operator import attrgetter
from typing import TYPE_CHECKING, Any

from meetings.reports import last_panel_meeting_before
from opsreport.lib import classification as policy
from opsreport.lib.formats import short_date
from opsreport.lib.months import month_label, since_last_panel
from opsreport.paper import sections as paper_sections
from opsreport.paper.part import Node, Part
from opsreport.paper.sections.common import NOT_PRINTED, Caption, Context, FigureData, Numbering
from parties.models import TestKind
from parties.reports import testing_completions

if TYPE_CHECKING:
    from opsreport.models import Appendix, Paper


def _plain(value: Any) -> Any:
    # Dataclasses by their fields, without asdict's deep copy: the PDF cache asks on every request.
    if dataclasses.is_dataclass(value):
        return {f.name: getattr(value, f.name) for f in dataclasses.fields(value) if f.metadata != NOT_PRINTED}
    return str(value)


def fingerprint(assembled: Any) -> str:
    """SHA-256 of an assembled document's data, as JSON with sorted keys."""
    return hashlib.sha256(json.dumps(assembled, default=_plain, sort_keys=True).encode()).hexdigest()


def _front(name: str) -> property:
    return property(attrgetter(f"front.{name}"), doc=f"The front page's {name}.")


@dataclass
class AssembledPaper:
    """The paper: its front page, its body sections in print order, and every footnote."""

    front: object  # sections.front.FrontPage
    sections: list  # the data of each body part (sections.parts()), in the same order
    footnotes: list  # [Footnote], in print order

    # What the base template, the PDF and its file name ask of the paper.
    month = _front("month")
    month_key = _front("month_key")
    month_label = _front("month_label")
    reference = _front("reference")
    footer_reference = _front("footer_reference")
    title = _front("title")
    author = _front("author")
    team = _front("team")
    classification = _front("classification")
    classification_label = _front("classification_label")
    classification_statement = _front("classification_statement")

    # The parts as built for this paper, and {finding code: FindingResolution}: who resolved
    # what is not printed (only the notes are, as footnotes). Neither is in the fingerprint.
    tree: list[Node] = field(default_factory=list, metadata=NOT_PRINTED)
    resolutions: dict[str, Any] = field(default_factory=dict, metadata=NOT_PRINTED)

    @property
    def front_part(self) -> Part:
        return paper_sections.FRONT

    def walk(self) -> Iterator[tuple[Part, Any]]:
        """(part, data) for every body part and subpart, in print order."""

        def nodes(level: list[Node]) -> Iterator[tuple[Part, Any]]:
            for node in level:
                yield node.part, node.data
                yield from nodes(node.children)

        return nodes(self.tree)

    def section(self, part: Any) -> Any:
        """The data that `part` (a Part, a part's key or its section module) built for this paper."""
        key = getattr(part, "key", None) or getattr(getattr(part, "PART", None), "key", part)
        for found, data in self.walk():
            if found.key == key:
                return data
        raise LookupError(f"{key!r} is not a part of the paper")

    @property
    def tables(self) -> list[Caption]:
        return [table for _, data in self.walk() for table in getattr(data, "tables", ())]

    @property
    def figures(self) -> list[FigureData]:
        return [figure for _, data in self.walk() for figure in getattr(data, "figures", ())]

    def fingerprint(self) -> str:
        """SHA-256 of everything the paper prints: equal fingerprints, equal papers.

        Worked out once: the review page, approval, publication and the PDF cache each ask, and
        an assembled paper does not change (it is not a dataclass field, so not in its own hash).
        """
        if getattr(self, "_fingerprint", None) is None:
            self._fingerprint = fingerprint(self)
        return self._fingerprint

    def part_fingerprints(self) -> dict[str, str]:
        """{part's name: SHA-256} for the front page and each section that prints its own
        content (a section with subsections is covered by them), to say where a paper changed."""
        parts = {paper_sections.FRONT.heading: fingerprint(self.front)}
        for part, data in self.walk():
            if not part.subparts:
                parts[part.heading] = fingerprint(data)
        return parts


def since_words(last_panel: datetime.date | None, month: datetime.date, previous_issue: datetime.date | None) -> str:
    """What the period of lib.months.since_last_panel runs from, in words that say so.

    The period starts the day after the previous paper's issue when there is one (July 2018:
    from 07/07/2018, although the Panel met on 13/07/2018), so the words name that paper and
    not the Panel meeting; with no previous paper, the Panel meeting; with neither, the month.
    """
    if previous_issue is not None:
        return f"since the last Operations Report (issued {short_date(previous_issue)})"
    if last_panel is not None:
        return f"since the last SEC Panel meeting ({short_date(last_panel)})"
    return f"in {month_label(month)}"


def reporting_period(paper: Paper) -> tuple[datetime.date, datetime.date, str]:
    """(first day, last day, since_words) of this paper's reporting period. Two queries."""
    last_panel = last_panel_meeting_before(paper.panel_meeting_date)
    previous_issue = (
        type(paper)
        .objects.filter(month__lt=paper.month)
        .order_by("-month")
        .values_list("issue_date", flat=True)
        .first()
    )
    first, last = since_last_panel(last_panel, paper.month, paper.issue_date, previous_issue)
    return first, last, since_words(last_panel, paper.month, previous_issue)


def assemble(paper: Paper) -> AssembledPaper:
    """The whole paper for `paper` (a Paper, best with its appendices prefetched), as plain data."""
    numbering = Numbering()
    resolutions = {r.code: r for r in paper.resolutions.select_related("resolved_by")}
    notes = {code: r.note for code, r in resolutions.items()}
    context = Context(numbering, list(paper.appendices.all()), *reporting_period(paper), resolutions=notes)
    front = paper_sections.FRONT.build(paper, context)
    tree = [_built(part, part.build(paper, context)) for part in paper_sections.parts()]
    sections = [node.data for node in tree]
    return AssembledPaper(front, sections, numbering.footnotes, tree=tree, resolutions=resolutions)


def _built(part: Part, data: Any) -> Node:
    """The part's node: a part with subparts keeps their data in its own `subsections`."""
    children = [_built(sub, sub_data) for sub, sub_data in zip(part.subparts, getattr(data, "subsections", ()))]
    return Node(part, data, children)


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
    since_words: str  # assembly.since_words
    rows: list  # [UEPRow]: party, category, roles, completed_on

    @property
    def role_count(self) -> int:
        return sum(len(row.roles) for row in self.rows)

    def fingerprint(self) -> str:
        return fingerprint(self)


def assemble_appendix(paper: Paper, appendix: Appendix) -> AssembledAppendix:
    """The appendix's document: the testing completions of its kind in the paper's period, less
    any marked above the appendix (the paper's review names them: sections/testing.py)."""
    first, last, words = reporting_period(paper)
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
        since_words=words,
        rows=testing_completions(kind, first, last, appendix.classification),
    )
