"""1.3 Testing Update: how many parties completed SREPT and UEPT since the last SEC Panel
meeting, and for how many roles; the details are in the paper's appendix."""

from dataclasses import dataclass
from typing import ClassVar

from parties.models import TestKind
from parties.reports import testing_summary

TEMPLATE = "paper/sections/testing.html"


@dataclass
class Testing:
    template: ClassVar[str] = TEMPLATE

    since_first: object
    since_last: object
    srept_parties: int
    uept_parties: int
    uept_roles: int
    uept_appendix: str  # "Appendix A", or "" when the paper has no UEPT appendix


def build(paper, context):
    summary = testing_summary(context.since_first, context.since_last)
    appendix = next((a for a in context.appendices if a.content == TestKind.UEPT), None)
    return Testing(
        since_first=context.since_first,
        since_last=context.since_last,
        srept_parties=summary[TestKind.SREPT].parties,
        uept_parties=summary[TestKind.UEPT].parties,
        uept_roles=summary[TestKind.UEPT].roles,
        uept_appendix=f"Appendix {appendix.letter}" if appendix else "",
    )


def findings(section):
    return []
