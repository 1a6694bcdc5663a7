"""Consistency findings and missing data for a month's paper, shown to reviewers before approval.

Each section states its own findings (`findings(data)` in its module of
opsreport/paper/sections/); this gathers them in the paper's print order.

Findings never alter a figure: where the source figures do not reconcile (the June 2018
helpdesk total for July 2017, the effort rows rounding to 500.88), the paper prints what the
data say and the finding says why it looks odd.
"""

from opsreport.paper import sections
from opsreport.paper.sections.common import INFO, MISSING, WARNING, Finding

__all__ = ["INFO", "MISSING", "WARNING", "Finding", "findings", "open_findings"]


def findings(assembled):
    """[Finding] for the assembled paper, section by section. One query of its own, whatever the data size.

    A finding the approver resolved carries its resolution (FindingResolution): it stays in the
    list, to be shown as resolved, and no longer counts as open.
    """
    result = _placed(sections.FRONT, sections.FRONT.findings(assembled.front))
    for part, data in assembled.walk():
        result.extend(_placed(part, part.findings(data)))
    for finding in result:
        if finding.code:
            finding.resolution = assembled.resolutions.get(finding.code)
    return result


def _placed(part, found):
    """The part's findings, each naming the part it belongs to (its heading), unless it names
    another document already (an appendix)."""
    for finding in found:
        finding.part = part.key
        finding.section = finding.section or part.heading
    return found


def open_findings(found):
    """The findings not resolved by the approver."""
    return [f for f in found if f.resolution is None]
