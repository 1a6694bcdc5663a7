"""Where a month stands: each part of its paper, in the paper's order, with what is entered,
what is missing and its open findings, each with the screen that puts it right.

It reads the assembled paper (opsreport/paper/assembly.py) and its findings
(opsreport/paper/findings.py), so the month page says exactly what the paper will print and
what its review panel will say; it adds only the words of a summary and the screens where
each part is entered (opsreport/paper/fixes.py). Nothing here renders or writes.
"""

from dataclasses import dataclass, field

from opsreport.lib.formats import plural
from opsreport.paper import fixes, sections
from opsreport.paper.assembly import assemble
from opsreport.paper.findings import MISSING, findings

APPENDICES = "Appendices"
OTHER = "Other findings"


@dataclass
class SectionStatus:
    """One part of the paper on the month page."""

    key: str  # its anchor on the page
    title: str
    entered: list = field(default_factory=list)  # [str]: what the paper will print, in short
    missing: list = field(default_factory=list)  # [Finding] of level MISSING
    findings: list = field(default_factory=list)  # [Finding]: warnings and notes to check
    resolved: list = field(default_factory=list)  # [Finding] the approver resolved with a note
    screens: list = field(default_factory=list)  # [Fix]: where this part's data are entered

    @property
    def open_count(self):
        return len(self.missing) + len(self.findings)


@dataclass
class MonthStatus:
    month: object
    paper: object  # the month's Paper
    assembled: object  # its AssembledPaper
    sections: list  # [SectionStatus], in the paper's order

    @property
    def missing_count(self):
        return sum(len(s.missing) for s in self.sections)

    @property
    def findings_count(self):
        return sum(len(s.findings) for s in self.sections)


def _appendices(paper, assembled):
    testing = assembled.section("testing")
    counts = {"uept": testing.uept_parties, "srept": testing.srept_parties}
    lines = []
    for appendix in paper.appendices.all():
        listed = counts.get(appendix.content)
        what = f": lists {plural(listed, 'party', 'parties')}" if listed is not None else ""
        lines.append(f"Appendix {appendix.letter} - {appendix.title} ({appendix.get_classification_display()}){what}.")
    return lines


def _sections(paper, assembled):
    """[SectionStatus] in the paper's order: each part as its declaration sums it up (the front
    page, then the body's parts and subparts), then the appendices."""
    data = {part.key: d for part, d in assembled.walk()}
    data[sections.FRONT.key] = assembled.front
    statuses = [
        SectionStatus(
            part.key,
            part.heading,
            part.summary(data[part.key], paper),
            screens=part.screens(paper.month),
        )
        for part in sections.every_part()
        if not part.subparts  # a part with subparts is summed up by them
    ]
    statuses.append(
        SectionStatus(
            "appendices",
            APPENDICES,
            _appendices(paper, assembled),
            screens=[fixes.paper(paper.month, "Edit the appendices")],
        )
    )
    return statuses


def month_status(paper, assembled=None):
    """The month page's content for `paper` (best with its appendices prefetched).

    Costs the paper's assembly, its findings' one query, and one query each for the applicants
    to accede and the parties in default that the screens link to; nothing more.
    """
    assembled = assembled or assemble(paper)
    statuses = _sections(paper, assembled)
    by_key = {status.key: status for status in statuses}
    other = SectionStatus("other", OTHER)
    for finding in findings(assembled):
        key = "appendices" if finding.section.startswith("Appendix") else finding.part
        target = by_key.get(key, other)
        if finding.resolution is not None:
            target.resolved.append(finding)
        elif finding.level == MISSING:
            target.missing.append(finding)
        else:
            target.findings.append(finding)
    if other.open_count or other.resolved:
        statuses.append(other)  # findings of a part with subparts, stated by none of them
    return MonthStatus(paper.month, paper, assembled, statuses)
