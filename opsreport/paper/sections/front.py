"""The front page: classification, reference, action, title, purpose, recommendation, the
author's signature and the attachments (the paper's appendices)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

from opsreport.lib import classification as policy
from opsreport.lib.formats import short_date
from opsreport.lib.months import month_key, month_label
from opsreport.paper import fixes
from opsreport.paper.part import Own, Parent, Part, Prints
from opsreport.paper.sections.common import Context, Finding

if TYPE_CHECKING:
    from opsreport.models import Paper


@dataclass
class FrontPage:
    month: datetime.date
    month_key: str
    month_label: str
    reference: str
    footer_reference: str
    title: str
    classification: str
    classification_label: str
    classification_statement: str
    action: str
    purpose: str
    recommendation: str
    author: str
    team: str
    issue_date: datetime.date
    appendices: list[tuple[str, str, str]]  # [(letter, title, classification label)]


def build(paper: Paper, context: Context) -> FrontPage:
    return FrontPage(
        month=paper.month,
        month_key=month_key(paper.month),
        month_label=month_label(paper.month),
        reference=paper.reference,
        footer_reference=paper.reference.replace(" ", "_"),
        title=paper.title,
        classification=paper.classification,
        classification_label=policy.Classification(paper.classification).label,
        classification_statement=policy.statement(paper.classification),
        action=paper.get_action_display(),
        purpose=paper.purpose_text,
        recommendation=paper.recommendation,
        author=paper.author,
        team=paper.team,
        issue_date=paper.issue_date,
        appendices=[(a.letter, a.title, a.get_classification_display()) for a in context.appendices],
    )


def findings(front: FrontPage) -> list[Finding]:
    return []


def summary(data: FrontPage, paper: Paper) -> list[str]:
    """The month page's lines: the reference and numbering, the marking and author, the attachments."""
    appendices = ", ".join(f"Appendix {letter} ({level})" for letter, _, level in data.appendices)
    return [
        f"{data.reference}: SEC Panel meeting {paper.panel_meeting_number} on {short_date(paper.panel_meeting_date)}, "
        f"paper {paper.paper_number}.",
        f"{data.classification_label}, {data.action}; by {data.author}, {data.team}; "
        f"issued {short_date(data.issue_date)}.",
        f"Attachments: {appendices}." if appendices else "No appendix attached.",
    ]


PART = Part(
    key="front",
    title="Front page",
    template="paper/sections/front.html",
    build=build,
    findings=findings,
    numbered=False,
    prints=[
        Prints("opsreport.paper", Own("month"), where="Front page"),
        Prints("opsreport.appendix", Parent("paper", "month"), where="Appendices listed on the front page"),
    ],
    summary=summary,
    screens=lambda month: [fixes.paper(month, "Edit the front page")],
    entry=[("opsreport", "paper")],
    sheets=["Paper"],
)
