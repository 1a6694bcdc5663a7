"""1. Market Entry and Exit: its heading and introduction, and its four subsections in print
order, each a module of its own (1.1 accessions, 1.2 uep, 1.3 testing, 1.4 membership)."""

from dataclasses import dataclass
from typing import ClassVar

from opsreport.paper.sections import accessions, membership, testing, uep

TEMPLATE = "paper/sections/market.html"
SUBSECTIONS = [accessions, uep, testing, membership]


@dataclass
class Market:
    template: ClassVar[str] = TEMPLATE

    subsections: list  # the data of each of SUBSECTIONS, in the same order


def build(paper, context):
    return Market([subsection.build(paper, context) for subsection in SUBSECTIONS])


def findings(market):
    return []  # each subsection states its own
