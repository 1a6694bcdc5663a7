"""1. Market Entry and Exit: its heading and introduction, and its four subparts in print
order, each a module of its own (1.1 accessions, 1.2 uep, 1.3 testing, 1.4 membership)."""

from dataclasses import dataclass

from opsreport.paper.part import Part
from opsreport.paper.sections import accessions, membership, testing, uep

SUBPARTS = [accessions.PART, uep.PART, testing.PART, membership.PART]


@dataclass
class Market:
    subsections: list  # the data of each subpart, in the same order


def build(paper, context):
    return Market([subpart.build(paper, context) for subpart in SUBPARTS])


PART = Part(
    key="market",
    title="Market Entry and Exit",
    template="paper/sections/market.html",
    build=build,
    subparts=SUBPARTS,
    # Its subparts are entered on the screens of the Parties and their events.
    entry=[
        ("parties", "applicant"),
        ("parties", "uepcompletion"),
        ("parties", "testcompletion"),
        ("parties", "membershipevent"),
        ("parties", "party"),
        ("parties", "votinggroup"),
        ("parties", "dccuserrole"),
    ],
)
