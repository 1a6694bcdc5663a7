"""2. Monthly SECAS Highlights: the team's narrative, in four headed parts."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from opsreport.lib.formats import plural
from opsreport.paper import fixes
from opsreport.paper.part import Own, Part, Prints
from opsreport.paper.sections.common import MISSING, Context, Finding

if TYPE_CHECKING:
    from opsreport.models import Paper


PARTS = [  # (heading, the Paper field it is written in)
    ("Change and Release Update", "change_and_release"),
    ("Technical Support Update", "technical_support"),
    ("Security and Privacy Update", "security_and_privacy"),
    ("Party Support Update", "party_support"),
]


@dataclass
class Highlights:
    month: datetime.date
    parts: list[tuple[str, list[str]]]  # [(heading, [paragraphs])]


def paragraphs(text: str | None) -> list[str]:
    """Paragraphs are separated by a blank line; browsers end a textarea's lines with CR LF."""
    return [p.strip() for p in re.split(r"\r?\n[ \t]*\r?\n", text or "") if p.strip()]


def build(paper: Paper, context: Context) -> Highlights:
    return Highlights(paper.month, [(heading, paragraphs(getattr(paper, attr))) for heading, attr in PARTS])


def findings(section: Highlights) -> list[Finding]:
    fields = dict(PARTS)
    return [
        Finding(
            MISSING,
            "",
            f"{heading} is not written yet.",
            fixes.paper(section.month, f"Write the {heading}", fields[heading]),
        )
        for heading, written in section.parts
        if not written
    ]


def summary(data: Highlights, paper: Paper) -> list[str]:
    written = [f"{heading} ({plural(len(paras), 'paragraph')})" for heading, paras in data.parts if paras]
    return [f"Written: {'; '.join(written)}."] if written else []


PART = Part(
    key="highlights",
    title="Monthly SECAS Highlights",
    template="paper/sections/highlights.html",
    build=build,
    findings=findings,
    prints=[Prints("opsreport.paper", Own("month"))],
    summary=summary,
    screens=lambda month: [fixes.paper(month, "Edit the highlights", PARTS[0][1])],
    entry=[("opsreport", "paper")],  # written on the paper's own screen
    sheets=["Paper"],
)
