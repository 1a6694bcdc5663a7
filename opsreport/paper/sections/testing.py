"""1.3 Testing Update: how many parties completed SREPT and UEPT in the paper's period (since the last
Operations Report or SEC Panel meeting), and for how many roles; the details are in its appendix.

Every completion carries its own classification: how widely its details may be shared. The
appendix of a kind of testing lists the details, so it leaves out a completion marked above
the appendix. The paper only counts, and counts what that appendix details ("the details are
provided in Appendix A"), so paper and appendix always agree: the seed's White paper counts
the completions its Amber appendix lists, as the real June 2018 paper does. Where a kind has
no appendix, the paper counts only the completions marked no higher than itself. A warning
names each completion left out, for the editor to decide whether to raise the document.
"""

import datetime
from dataclasses import dataclass

from opsreport.lib.classification import Classification
from opsreport.lib.formats import plural
from opsreport.paper import fixes
from opsreport.paper.part import Own, Part, Prints, Related
from opsreport.paper.sections.common import WARNING, Finding
from opsreport.paper.sections.uep import period
from parties.models import TestKind
from parties.reports import TestRecord, testing_summary


@dataclass
class LeftOut:
    """A completion marked above the document that would print or count it, and so left out."""

    record: TestRecord
    appendix: str  # the appendix's letter, or "" when the paper counts the kind itself
    heading: str  # "the paper", or "Appendix A - Testing Update UEPT"
    classification: str  # the document's


@dataclass
class Testing:
    month: datetime.date
    since_first: datetime.date
    since_last: datetime.date
    since_words: str  # Context.since_words
    srept_parties: int
    uept_parties: int
    uept_roles: int
    uept_appendix: str  # "Appendix A", or "" when the paper has no UEPT appendix
    left_out: list  # [LeftOut], in date order


def build(paper, context):
    # The first appendix of each kind is the one the paper refers to and counts with.
    detailed_in = {}
    for appendix in context.appendices:
        detailed_in.setdefault(appendix.content, appendix)
    ceilings = {
        kind: detailed_in[kind].classification if kind in detailed_in else paper.classification
        for kind in TestKind.values
    }
    counts = testing_summary(context.since_first, context.since_last, ceilings)
    left_out = []
    for record in counts.records:
        for appendix in context.appendices:  # each appendix lists the completions of its kind
            if record.kind == appendix.content and record.above(appendix.classification):
                heading = f"Appendix {appendix.letter} - {appendix.title}"
                left_out.append(LeftOut(record, appendix.letter, heading, appendix.classification))
        if record.kind not in detailed_in and record.above(paper.classification):
            left_out.append(LeftOut(record, "", "the paper", paper.classification))
    uept_appendix = detailed_in.get(TestKind.UEPT)
    return Testing(
        month=paper.month,
        since_first=context.since_first,
        since_last=context.since_last,
        since_words=context.since_words,
        srept_parties=counts.by_kind[TestKind.SREPT].parties,
        uept_parties=counts.by_kind[TestKind.UEPT].parties,
        uept_roles=counts.by_kind[TestKind.UEPT].roles,
        uept_appendix=f"Appendix {uept_appendix.letter}" if uept_appendix else "",
        left_out=left_out,
    )


def findings(testing):
    """A warning for each completion left out of a document because it is marked above it."""
    result = []
    for item in testing.left_out:
        record, level, ceiling = item.record, _label(item.record.classification), _label(item.classification)
        what = f"The {TestKind(record.kind).name} completion of {record.party} on {record.completed_on:%d/%m/%Y}"
        if item.appendix:
            text = (
                f"{what} is marked {level}, above {item.heading} ({ceiling}), so that appendix leaves it out "
                f"and the paper, which counts what the appendix lists, does not count it. Raising Appendix "
                f"{item.appendix}'s classification to {level} would include it."
            )
            fix = fixes.paper(testing.month, f"Change Appendix {item.appendix}'s classification")
            result.append(Finding(WARNING, f"Appendix {item.appendix}", text, fix))
        else:
            text = (
                f"{what} is marked {level}, above the paper ({ceiling}), which has no appendix for it, so "
                f"the paper does not count it. Raising the paper's classification to {level} would include it."
            )
            fix = fixes.paper(testing.month, "Change the paper's classification", "classification")
            result.append(Finding(WARNING, "", text, fix))
    return result


def _label(level):
    return Classification(level).label


def summary(data, paper):
    uept = f"UEPT: {plural(data.uept_parties, 'party', 'parties')} for {plural(data.uept_roles, 'role')}"
    where = f", detailed in {data.uept_appendix}" if data.uept_appendix and data.uept_parties else ""
    return [f"From {period(data)}. SREPT: {plural(data.srept_parties, 'party', 'parties')}; {uept}{where}."]


PART = Part(
    key="testing",
    title="Testing Update",
    template="paper/sections/testing.html",
    build=build,
    findings=findings,
    prints=[
        Prints("parties.testcompletion", Own("completed_on"), where="{part} and its appendix", before=1),
        Prints(
            "parties.party",
            Related("parties.TestCompletion", "party_id", "completed_on"),
            "{part} and its appendix",
            before=1,
        ),
        Prints(
            "parties.dccuserrole",
            Related("parties.TestCompletion", "roles", "completed_on"),
            "{part} and its appendix",
            before=1,
        ),
    ],
    summary=summary,
    screens=lambda month: [fixes.new_test_completion(back=month)],
)
