"""What every section shares: the one numbering of tables, figures and footnotes, the context a
section is built in, and the shapes of captions, footnotes, cells, figures and findings."""

import datetime
from dataclasses import dataclass, field
from typing import Any

WARNING = "warning"
MISSING = "missing"
INFO = "info"


@dataclass
class Caption:
    kind: str  # "Table" or "Figure"
    number: int
    text: str

    def __str__(self) -> str:
        return f"{self.kind} {self.number}: {self.text}"


@dataclass
class Footnote:
    number: int
    text: str


@dataclass
class Cell:
    value: Any
    footnotes: list[Footnote] = field(default_factory=list)


@dataclass
class FigureData:
    caption: Caption
    title: str
    labels: list[str]
    series: list[tuple[str, list[Any]]]  # [(series name, [values])]
    kind: str  # "bar" or "grouped_bar"


@dataclass(frozen=True)
class Fix:
    """Where a finding is put right: a screen's address and what following it does
    (opsreport/paper/fixes.py makes them)."""

    label: str
    url: str


@dataclass
class Finding:
    level: str  # warning, missing or info
    # Where it is shown: the heading of the part that states it (opsreport/paper/findings.py
    # fills it in), or the document it concerns ("Appendix A").
    section: str
    text: str
    fix: Fix | None = None  # the screen that puts it right, shown beside it on review and month pages
    # A finding the approver may resolve with a note has a code, unique within its paper; the
    # section that states it prints the note as a footnote to the figure (FindingResolution).
    code: str = ""
    resolution: Any = None  # its FindingResolution once resolved (opsreport/paper/findings.py)
    part: str = ""  # the key of the part that states it (opsreport/paper/findings.py)


class Numbering:
    """Hands out table, figure and footnote numbers in the order the paper prints them.

    One numbering is shared by every section of a paper, and sections are built in print
    order, so the screen and the PDF carry the same numbers.
    """

    def __init__(self) -> None:
        self.tables = 0
        self.figures = 0
        self.footnotes: list[Footnote] = []

    def table(self, text: str) -> Caption:
        self.tables += 1
        return Caption("Table", self.tables, text)

    def figure(self, text: str) -> Caption:
        self.figures += 1
        return Caption("Figure", self.figures, text)

    def footnote(self, text: str) -> Footnote:
        note = Footnote(len(self.footnotes) + 1, text)
        self.footnotes.append(note)
        return note


@dataclass
class Context:
    """What a section's build gets besides the paper: the paper's shared numbering, its
    appendices and its reporting period."""

    numbering: Numbering
    appendices: list[Any]  # the paper's Appendix rows, in letter order
    since_first: datetime.date  # the reporting period's first day, included
    since_last: datetime.date  # and last day, included
    # What the period runs from, in words that match its dates: "since the last Operations
    # Report (issued 06/07/2018)", "since the last SEC Panel meeting (15/06/2018)" or "in May 2018".
    since_words: str = "since the last SEC Panel meeting"
    resolutions: dict[str, str] = field(default_factory=dict)  # {finding code: the approver's note}, to print
