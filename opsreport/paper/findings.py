"""Consistency findings and missing data for a month's paper, shown to reviewers before approval.

Each section states its own findings (`findings(data)` in its module of
opsreport/paper/sections/); this gathers them in the paper's print order.

Findings never alter a figure: where the source figures do not reconcile (the June 2018
helpdesk total for July 2017, the effort rows rounding to 500.88), the paper prints what the
data say and the finding says why it looks odd.
"""

from opsreport.paper import sections
from opsreport.paper.sections.common import INFO, MISSING, WARNING, Finding

__all__ = ["INFO", "MISSING", "WARNING", "Finding", "findings"]


def findings(assembled):
    """[Finding] for the assembled paper, section by section. One query of its own, whatever the data size."""
    result = list(sections.FRONT.findings(assembled.front))
    for module, data in assembled.walk():
        result.extend(module.findings(data))
    return result
