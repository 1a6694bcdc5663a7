"""2. Monthly SECAS Highlights: the team's narrative, in four headed parts."""

import re
from dataclasses import dataclass
from typing import ClassVar

from opsreport.paper import fixes
from opsreport.paper.sections.common import MISSING, Finding

TEMPLATE = "paper/sections/highlights.html"
SECTION = "2. Highlights"
PARTS = [  # (heading, the Paper field it is written in)
    ("Change and Release Update", "change_and_release"),
    ("Technical Support Update", "technical_support"),
    ("Security and Privacy Update", "security_and_privacy"),
    ("Party Support Update", "party_support"),
]


@dataclass
class Highlights:
    template: ClassVar[str] = TEMPLATE

    month: object
    parts: list  # [(heading, [paragraphs])]


def paragraphs(text):
    """Paragraphs are separated by a blank line; browsers end a textarea's lines with CR LF."""
    return [p.strip() for p in re.split(r"\r?\n[ \t]*\r?\n", text or "") if p.strip()]


def build(paper, context):
    return Highlights(paper.month, [(heading, paragraphs(getattr(paper, attr))) for heading, attr in PARTS])


def findings(section):
    fields = dict(PARTS)
    return [
        Finding(
            MISSING,
            SECTION,
            f"{heading} is not written yet.",
            fixes.paper(section.month, f"Write the {heading}", fields[heading]),
        )
        for heading, written in section.parts
        if not written
    ]
