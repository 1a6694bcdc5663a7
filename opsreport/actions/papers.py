"""The paper's own steps: start the next month, approve, publish, resolve or reopen a finding.

The questions around them stay with the paper (opsreport/paper/publication.py,
resolutions.py; opsreport/month/start.py); views call these after opsreport.access has said
the user may.
"""

import datetime
from typing import TYPE_CHECKING, Any, cast

from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from opsreport.actions.core import Actor, action
from opsreport.lib.months import add_months, month_key, month_label
from opsreport.mail import notify
from opsreport.models import Appendix, AppendixIssue, FindingResolution, Paper, PaperIssue, PaperStatus
from opsreport.month.start import Started, StartError, carried_over
from opsreport.paper.assembly import AssembledPaper, assemble, assemble_appendix
from opsreport.paper.findings import findings
from opsreport.paper.imported import FrontPage, published_issue_problem
from opsreport.paper.pdf import ChartsFailed, appendix_pdf, paper_pdf, render_appendix_html, render_html
from opsreport.paper.publication import (
    PublicationError,
    changed_since_approval,
    data_changed_since_publication,
    latest_issue,
)
from opsreport.paper.resolutions import NOTE_MAX, ResolutionError

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def start_next_month(latest: Paper, user: Actor = None) -> Started:
    """Create the paper for the month after `latest`, with its appendices; StartError if it
    cannot be (it exists already, or would break a rule of the paper). All or nothing; two
    editors pressing at once get one paper and one refusal."""
    next_month = add_months(latest.month, 1)
    label = month_label(next_month)
    if Paper.objects.filter(month=next_month).exists():
        raise StartError(f"{label} is started already.")
    fields, known = carried_over(latest)
    paper = Paper(**fields)
    try:
        paper.full_clean(validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        raise StartError(f"{label} could not be started: {' '.join(error.messages)}") from error
    appendices = list(latest.appendices.all())
    try:
        with action(f"{label} started", user):
            paper.save()
            # With their history (opsreport/history/): a plain bulk_create would write none.
            copies = [
                Appendix(
                    paper=paper, letter=a.letter, title=a.title, classification=a.classification, content=a.content
                )
                for a in appendices
            ]
            bulk_create_with_history(copies, Appendix)
    except IntegrityError as error:
        if Paper.objects.filter(month=next_month).exists():
            raise StartError(f"{label} is started already.") from error
        raise StartError(
            f"{label} could not be started: another paper already has Panel meeting {paper.panel_meeting_number} "
            f"and paper number {paper.paper_number}. Create it in the admin with its own numbers."
        ) from error
    return Started(paper, known)


def start_month(month: datetime.date, *, user: Actor = None, confirm_published: bool = False) -> Paper:
    """Start `month`'s paper as Start next month does from the month before's (the workbook's
    import, when its Paper sheet has values); ValidationError, in words for the editor, if it
    cannot be started."""
    previous = Paper.objects.filter(month=add_months(month, -1)).first()
    if previous is None:
        raise ValidationError(f"{month_label(month)} cannot be started: the month before has no paper.")
    try:
        return start_next_month(previous, user).paper
    except StartError as error:
        raise ValidationError(str(error)) from error


def start_first_month(month: datetime.date, front_page: dict[str, Any], user: Actor = None) -> Paper:
    """Start the first paper of an install that has none: `front_page` gives what Start next
    month would carry over (the Panel meeting's number and date, the paper number, date of
    issue, author, classification). Every later month is started from the one before it;
    ValidationError, in words for the editor, if a paper exists already or the fields break a
    rule of the paper."""
    label = month_label(month)
    with action(f"{label} started", user) as session:
        # Locked, so two first starts at once make one paper.
        if Paper.objects.select_for_update().exists():
            raise ValidationError(
                f"{label} was not started: a paper exists already. Start each month from the month before's page."
            )
        try:
            return session.save(Paper(month=month, **front_page))
        except IntegrityError as error:
            raise ValidationError(f"{label} was not started: another paper was started at the same moment.") from error


def import_issue(
    month: datetime.date,
    pdf: bytes,
    *,
    classification: str,
    published: datetime.date,
    front_page: FrontPage,
    user: Actor = None,
) -> PaperIssue:
    """Keep `pdf`, a paper issued before this application, as `month`'s published issue 1.

    The month's Paper is made from `front_page` if it has none (else its front page is set to
    it) and marked imported: the application never assembles or draws it again, and serves the
    PDF's bytes as they are. Refused (ValidationError) if the month has a published paper."""
    label = month_label(month)
    try:
        return _import_issue(month, pdf, classification, published, front_page, user)
    except IntegrityError as error:  # the same month imported or started at the same moment
        raise ValidationError(
            f"{label} was not imported: its paper was written at the same moment. Try again."
        ) from error


def _import_issue(
    month: datetime.date, pdf: bytes, classification: str, published: datetime.date, front_page: FrontPage, user: Actor
) -> PaperIssue:
    label = month_label(month)
    with action(f"{label} imported: the paper as issued on {published:%d/%m/%Y}", user) as session:
        paper = Paper.objects.select_for_update().filter(month=month).first()
        problem = published_issue_problem(paper)
        if problem:
            raise ValidationError(problem)
        fields = {
            **front_page.fields(),
            "classification": classification,
            "status": PaperStatus.PUBLISHED,
            "imported": True,
            "approved_fingerprint": "",
        }
        if paper is None:
            paper = session.save(Paper(month=month, **fields))
        else:
            paper = session.update_fields(paper, **fields)
        at_midnight = datetime.datetime.combine(published, datetime.time())
        return PaperIssue.objects.create(
            paper=paper,
            number=1,
            pdf=pdf,
            html="",  # none: the paper's page offers the PDF (templates/paper/imported.html)
            fingerprint="",  # no data printed by this application
            classification=classification,
            published_by=None,
            published_at=timezone.make_aware(at_midnight),
            # Signed in, so a User (the AnonymousUser is never authenticated); None from the command.
            imported_by=cast("User", user) if getattr(user, "is_authenticated", False) else None,
            imported_at=timezone.now(),
        )


def set_paper_fields(paper: Paper, *, user: Actor = None, confirm_published: bool = False, **fields: Any) -> Paper:
    """Set the paper's front-page dates and highlights (`fields`, by the Paper's field names),
    checked together by the model, so a Panel meeting moved with its issue date is one change."""
    with action(f"Front page and highlights of {paper}", user, confirm_published=confirm_published) as session:
        return session.update_fields(paper, **fields)


def approve_paper(paper: Paper, user: Actor, seen: str, seen_parts: dict[str, str] | None = None) -> None:
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
    with action(f"Approval of {paper}", user):
        # Conditional, so two approvals at once approve once.
        Paper.objects.filter(pk=paper.pk, status=PaperStatus.DRAFT).update(
            status=PaperStatus.APPROVED, approved_fingerprint=now
        )


def publish_paper(paper: Paper, user: "User") -> PaperIssue:
    """Freeze the paper as it stands into a new issue: PDF bytes, SHA-256, who and when.

    Its appendices are frozen with it, each as its own document with its own classification.

    An approved paper gets its first issue, if it still prints what was approved (otherwise
    it goes back to draft); a published paper whose data have changed since gets a corrected
    issue. Publishing unchanged data again is refused.
    """
    with action(f"Publication of {paper}", user) as session:
        paper = Paper.objects.select_for_update().prefetch_related("appendices").get(pk=paper.pk)
        assembled = assemble(paper)
        stale = changed_since_approval(paper, assembled)
        if stale:
            # Nobody approved what it would print now: back to draft (committed), checked again.
            Paper.objects.filter(pk=paper.pk).update(status=PaperStatus.DRAFT, approved_fingerprint="")
        else:
            issue = _publish_locked(paper, assembled, user)
            session.any_issue = True  # a later save in the same action may change what it printed
            # Mail (opsreport/mail/): the distribution's deliveries are queued in this transaction,
            # so an issue is never published untold; nothing here waits for SMTP.
            notify.publication(issue)
            return issue
    raise PublicationError(
        "Not published: the paper has changed since it was approved. It is a draft again; "
        "check it and approve it once more."
    )


def _publish_locked(paper: Paper, assembled: AssembledPaper, user: "User") -> PaperIssue:
    previous = latest_issue(paper)
    if paper.imported:
        raise PublicationError("An imported paper is kept as it was issued: the application never publishes it again.")
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


def resolve_finding(paper: Paper, code: str, note: str, user: "User") -> FindingResolution:
    """Resolve the paper's open finding `code` with `note`, as `user`; the FindingResolution."""
    note = (note or "").strip()
    if not note:
        raise ResolutionError("Not resolved: write the note the paper will print as its footnote.")
    if len(note) > NOTE_MAX:
        raise ResolutionError(f"Not resolved: the note has {len(note)} characters; keep it to {NOTE_MAX}.")
    current = {f.code: f for f in findings(assemble(paper)) if f.code}
    finding = current.get(code)
    if finding is None:
        raise ResolutionError("Not resolved: that finding is no longer raised; the page has been brought up to date.")
    if finding.resolution is not None:
        raise ResolutionError(f"Already resolved by {_name(finding.resolution.resolved_by)}.")
    try:
        with action(f"Finding {code} resolved", user):
            return FindingResolution.objects.create(
                paper=paper, code=code, note=note, resolved_by=user, resolved_at=timezone.now()
            )
    except IntegrityError as error:  # resolved by someone else a moment ago
        raise ResolutionError("Already resolved: the page has been brought up to date.") from error


def reopen_finding(paper: Paper, code: str, user: Actor = None) -> None:
    """Take back the resolution of finding `code`: it is open again and its footnote goes."""
    with action(f"Finding {code} reopened", user):
        deleted, _ = FindingResolution.objects.filter(paper=paper, code=code).delete()
    if not deleted:
        raise ResolutionError("That finding is not resolved.")


def _name(user: "User") -> str:
    return user.get_full_name() or user.get_username()


def set_paper_record(
    month: datetime.date,
    fields: dict[str, Any],
    appendices: list[tuple[str, str, str, str]] | None = None,
    *,
    user: Actor = None,
    confirm_published: bool = False,
) -> Paper:
    """A month's paper as the register records it: made with `fields` (by the Paper's field
    names) if the month has none, else those fields set; each appendix (letter, title,
    classification, content) made or corrected. An appendix not given is left as it is."""
    with action(f"Register: the paper for {month_label(month)}", user, confirm_published=confirm_published) as session:
        paper = Paper.objects.filter(month=month).first()
        if paper is None:
            paper = session.create(Paper, month=month, **fields)
        elif any(getattr(paper, name) != value for name, value in fields.items()):
            session.update_fields(paper, **fields)
        for letter, title, classification, content in appendices or []:
            appendix = paper.appendices.filter(letter=letter).first()
            if appendix is None:
                session.create(
                    Appendix, paper=paper, letter=letter, title=title, classification=classification, content=content
                )
            elif (appendix.title, appendix.classification, appendix.content) != (title, classification, content):
                session.update_fields(appendix, title=title, classification=classification, content=content)
        return paper
