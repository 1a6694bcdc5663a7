"""1.3 Testing Update: how many parties completed SREPT and UEPT since the last SEC Panel
meeting, and for how many roles; the details are in the paper's appendix.

Every completion carries its own classification. One marked above the paper is not counted
here, and one marked above an appendix is not listed there (parties/reports.py); a warning
names each record left out of each document, for the editor to decide whether the document's
classification should be raised.
"""

from dataclasses import dataclass
from typing import ClassVar

from opsreport.lib.classification import Classification
from opsreport.paper.sections.common import WARNING, Finding
from parties.models import TestKind
from parties.reports import TestRecord, testing_summary

TEMPLATE = "paper/sections/testing.html"
SECTION = "1.3 Testing Update"


@dataclass
class LeftOut:
    """A completion marked above the document that would print it, and so left out of it."""

    record: TestRecord
    appendix: str  # "" for the paper itself, else the appendix's letter
    heading: str  # "the paper", or "Appendix A - Testing Update UEPT"
    classification: str  # the document's


@dataclass
class Testing:
    template: ClassVar[str] = TEMPLATE

    since_first: object
    since_last: object
    srept_parties: int
    uept_parties: int
    uept_roles: int
    uept_appendix: str  # "Appendix A", or "" when the paper has no UEPT appendix
    left_out: list  # [LeftOut]: by the paper's counts, then by each appendix


def build(paper, context):
    counts = testing_summary(context.since_first, context.since_last, paper.classification)
    left_out = [
        LeftOut(r, "", "the paper", paper.classification) for r in counts.records if r.above(paper.classification)
    ]
    for appendix in context.appendices:  # each lists the completions of its own kind
        heading = f"Appendix {appendix.letter} - {appendix.title}"
        left_out += [
            LeftOut(r, appendix.letter, heading, appendix.classification)
            for r in counts.records
            if r.kind == appendix.content and r.above(appendix.classification)
        ]
    uept_appendix = next((a for a in context.appendices if a.content == TestKind.UEPT), None)
    return Testing(
        since_first=context.since_first,
        since_last=context.since_last,
        srept_parties=counts.by_kind[TestKind.SREPT].parties,
        uept_parties=counts.by_kind[TestKind.UEPT].parties,
        uept_roles=counts.by_kind[TestKind.UEPT].roles,
        uept_appendix=f"Appendix {uept_appendix.letter}" if uept_appendix else "",
        left_out=left_out,
    )


def findings(testing):
    """A warning for each record left out of a document because it is marked above it."""
    result = []
    for item in testing.left_out:
        record, level, ceiling = item.record, _label(item.record.classification), _label(item.classification)
        what = f"The {TestKind(record.kind).name} completion of {record.party} on {record.completed_on:%d/%m/%Y}"
        if item.appendix:
            text = (
                f"{what} is marked {level}, above {item.heading} ({ceiling}), so that appendix leaves it out. "
                f"Raising Appendix {item.appendix}'s classification to {level} would include it."
            )
            result.append(Finding(WARNING, f"Appendix {item.appendix}", text))
        else:
            text = (
                f"{what} is marked {level}, above the paper ({ceiling}), so the paper does not count it. "
                f"Raising the paper's classification to {level} would include it."
            )
            result.append(Finding(WARNING, SECTION, text))
    return result


def _label(level):
    return Classification(level).label
