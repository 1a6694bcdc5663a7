"""The front page: classification, reference, action, title, purpose, recommendation, the
author's signature and the attachments (the paper's appendices)."""

from dataclasses import dataclass
from typing import ClassVar

from opsreport.lib import classification as policy
from opsreport.lib.months import month_key, month_label

SECTION = "Front page"
TEMPLATE = "paper/sections/front.html"


@dataclass
class FrontPage:
    template: ClassVar[str] = TEMPLATE

    month: object
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
    issue_date: object
    appendices: list  # [(letter, title, classification label)]


def build(paper, context):
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


def findings(front):
    return []
