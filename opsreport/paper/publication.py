"""Approval and publication. A published issue is frozen; a correction is a new issue.

The approval and the publication themselves are actions (opsreport/actions/papers.py); here are
the questions the paper page asks about them.
"""

from opsreport.models import Paper, PaperStatus


class PublicationError(Exception):
    pass


def latest_issue(paper):
    return paper.issues.order_by("-number").first()


_LOOK_IT_UP = object()


def data_changed_since_publication(paper, assembled, issue=_LOOK_IT_UP):
    """True when what the paper would print now differs from its latest published issue."""
    issue = latest_issue(paper) if issue is _LOOK_IT_UP else issue
    return issue is not None and issue.fingerprint != assembled.fingerprint()


def published_changes(paper, issue):
    """The changes editors confirmed to figures this paper printed, since `issue` (its latest)
    was published: who, when, which record and table, what. One query."""
    from opsreport.models import PublishedChange

    return list(
        PublishedChange.objects.filter(issue__paper=paper, changed_at__gte=issue.published_at)
        .select_related("changed_by", "issue")
        .order_by("changed_at", "pk")
    )


def earlier_unpublished(paper):
    """Papers of earlier months not yet published: publishing this one first is allowed, but
    the approver should know."""
    return list(Paper.objects.filter(month__lt=paper.month).exclude(status=PaperStatus.PUBLISHED).order_by("month"))


def changed_since_approval(paper, assembled):
    return paper.status == PaperStatus.APPROVED and paper.approved_fingerprint != assembled.fingerprint()
