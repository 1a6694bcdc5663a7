"""Approval and publication. A published issue is frozen; a correction is a new issue.

Views call these after opsreport.access has said the user may approve (can_approve).
"""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from opsreport.lib.months import month_key
from opsreport.models import AppendixIssue, Paper, PaperIssue, PaperStatus
from opsreport.paper.assembly import assemble, assemble_appendix
from opsreport.paper.pdf import ChartsFailed, appendix_pdf, paper_pdf, render_appendix_html, render_html


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


def approve(paper, user, seen, seen_parts=None):
    """Approve the paper the approver was shown, whose fingerprint is `seen`.

    If the data changed since the page was drawn, nobody reviewed what the paper would now
    print: approval is refused, naming the parts that changed (`seen_parts`, the page's
    part_fingerprints()). Publishing later checks that nothing has moved since approval.
    """
    if paper.status != PaperStatus.DRAFT:
        raise PublicationError("Only a draft paper can be approved.")
    assembled = assemble(paper)
    now = assembled.fingerprint()
    if seen != now:
        changed = [
            name for name, digest in assembled.part_fingerprints().items() if (seen_parts or {}).get(name) != digest
        ]
        where = f" ({', '.join(changed)})" if changed else ""
        raise PublicationError(
            f"Not approved: the paper changed since you opened it{where}. The page now shows it as "
            "it stands; check it and approve again."
        )
    # Conditional, so two approvals at once approve once.
    Paper.objects.filter(pk=paper.pk, status=PaperStatus.DRAFT).update(
        status=PaperStatus.APPROVED, approved_fingerprint=now
    )


def changed_since_approval(paper, assembled):
    return paper.status == PaperStatus.APPROVED and paper.approved_fingerprint != assembled.fingerprint()


def publish(paper, user):
    """Freeze the paper as it stands into a new issue: PDF bytes, SHA-256, who and when.

    Its appendices are frozen with it, each as its own document with its own classification.

    An approved paper gets its first issue, if it still prints what was approved (otherwise
    it goes back to draft); a published paper whose data have changed since gets a corrected
    issue. Publishing unchanged data again is refused.
    """
    with transaction.atomic():
        paper = Paper.objects.select_for_update().prefetch_related("appendices").get(pk=paper.pk)
        assembled = assemble(paper)
        stale = changed_since_approval(paper, assembled)
        if stale:
            # Nobody approved what it would print now: back to draft (committed), checked again.
            Paper.objects.filter(pk=paper.pk).update(status=PaperStatus.DRAFT, approved_fingerprint="")
        else:
            return _publish_locked(paper, assembled, user)
    raise PublicationError(
        "Not published: the paper has changed since it was approved. It is a draft again; "
        "check it and approve it once more."
    )


def _publish_locked(paper, assembled, user):
    previous = latest_issue(paper)
    if paper.status == PaperStatus.DRAFT:
        raise PublicationError("The paper must be approved before it is published.")
    if paper.status == PaperStatus.PUBLISHED and not data_changed_since_publication(paper, assembled, previous):
        raise PublicationError("Nothing has changed since the last issue.")
    try:
        pdf = paper_pdf(paper, assembled, require_charts=True, published=True)
    except ChartsFailed as error:
        raise PublicationError(f"Not published: {error}") from error
    issue = PaperIssue.objects.create(
        paper=paper,
        number=(previous.number + 1) if previous else 1,
        pdf=pdf,
        html=render_html(assembled, mode="published"),
        fingerprint=assembled.fingerprint(),
        classification=paper.classification,
        published_by=user,
        published_at=timezone.now(),
    )
    for appendix in paper.appendices.all():
        assembled_appendix = assemble_appendix(paper, appendix)
        appendix_bytes = appendix_pdf(assembled_appendix, mark=None)  # as published: unmarked
        AppendixIssue.objects.create(
            issue=issue,
            letter=appendix.letter,
            title=appendix.title,
            classification=appendix.classification,
            pdf=appendix_bytes,
            html=render_appendix_html(
                assembled_appendix,
                mode="published",
                pdf_url=reverse("paper-appendix-pdf", args=[month_key(paper.month), appendix.letter]),
            ),
        )
    paper.status = PaperStatus.PUBLISHED
    paper.save(update_fields=["status"])
    return issue
