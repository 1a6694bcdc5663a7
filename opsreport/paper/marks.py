"""What a paper that is not published says about itself, so that nobody mistakes it for an issue.

A render of the live paper, on screen or as a PDF (and its appendices), carries a mark while
what it prints is not a published issue: the PDF's running header on every page, a light
diagonal word behind every page and its document title; the on-screen page a banner
(templates/paper/base.html). A published issue is rendered without one (publication.py asks
for the PDF as published), and so is a live render of a published paper that prints what its
latest issue printed, since it is that issue.

The diagonal words are outlines, not text (static/paper/marks/), so that they add nothing to
the text layer that copying, searching and screen readers meet in the middle of the page.
"""

from __future__ import annotations

from dataclasses import dataclass

from opsreport.models import PaperStatus


@dataclass(frozen=True)
class Mark:
    text: str  # in the running header, the document title and the on-screen banner
    image: str  # the diagonal word behind every page: a static file


DRAFT = Mark("DRAFT — not approved", "paper/marks/draft.svg")
APPROVED = Mark("APPROVED — not yet published", "paper/marks/not-published.svg")


def draft_mark(paper, changed):
    """The mark of a live render of `paper`, or None for one that is its published issue.

    `changed`: what the paper prints now differs from what was approved (an approved paper) or
    from its latest issue (a published one). Either way nobody approved it as it stands.
    """
    if paper.status == PaperStatus.PUBLISHED and not changed:
        return None
    if paper.status == PaperStatus.APPROVED and not changed:
        return APPROVED
    return DRAFT


def live_mark(paper, assembled):
    """draft_mark for `assembled`, the paper as it stands. A query for a published paper."""
    if paper.status == PaperStatus.APPROVED:
        changed = paper.approved_fingerprint != assembled.fingerprint()
    elif paper.status == PaperStatus.PUBLISHED:
        latest = paper.issues.order_by("-number").values_list("fingerprint", flat=True).first()
        changed = latest != assembled.fingerprint()
    else:
        changed = True
    return draft_mark(paper, changed)


def appendix_mark(paper):
    """An appendix of the live paper is marked by its paper's status: a published paper's
    appendices are read from its latest issue by everyone but its editors and approver."""
    return draft_mark(paper, changed=False)
