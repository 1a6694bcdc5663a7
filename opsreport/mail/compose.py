"""The message for one delivery, composed at the moment of sending for its recipient.

Every document is checked here, for this recipient, through opsreport.access: the paper's
issue and each appendix on its own classification (the stricter of the marking it was
published with and its current one). A document the recipient may read is attached (or
linked, if they chose links only); one they may not read is left out, unnamed. An outside
address reads as the public does, so it only ever gets White documents. Nothing is decided
from the permissions of whoever published or asked.

Plain text plus a simple HTML part: no images, no remote resources, no tracking.
"""

from collections import Counter
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from opsreport import access
from opsreport.lib.classification import RANK, Classification
from opsreport.lib.months import month_key, month_label
from opsreport.mail.models import EventKind, Preference
from opsreport.mail.notify import OUTSIDE_READER
from opsreport.models import PublishedChange

UNSUBSCRIBE_SALT = "opsreport.mail.unsubscribe"
PUBLICATIONS, WORKFLOW, OUTSIDE = "publications", "workflow", "outside"


class Skip(Exception):
    """Why this recipient gets no message (logged on the delivery)."""


@dataclass
class Document:
    title: str
    level: str  # the classification it is read under, e.g. "amber"
    url: str
    filename: str
    pdf: bytes | None  # attached when set, linked otherwise

    @property
    def classification(self):
        return level_label(self.level)


def absolute(path):
    return settings.SITE_URL + path


def level_label(level):
    return Classification(level).label


def stricter(*levels):
    return max(levels, key=lambda level: RANK[Classification(level)])


def unsubscribe_token(kind, delivery):
    if delivery.outside_id:
        return signing.dumps([OUTSIDE, delivery.outside_id], salt=UNSUBSCRIBE_SALT)
    return signing.dumps([kind, delivery.user_id], salt=UNSUBSCRIBE_SALT)


def read_unsubscribe_token(token):
    """(kind, pk) from a token, or None if it was not made here."""
    try:
        kind, pk = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    return (kind, pk) if kind in {PUBLICATIONS, WORKFLOW, OUTSIDE} and isinstance(pk, int) else None


def _filename(paper, suffix):
    return f"{paper.reference.replace(' ', '_')}_{suffix}.pdf"


def _reader(delivery):
    if delivery.outside_id:
        if not delivery.outside.active:
            raise Skip("The address has unsubscribed.")
        return OUTSIDE_READER
    user = delivery.user
    if not user.is_active:
        raise Skip("The account is no longer active.")
    return user


def _workflow_reader(delivery, may, what):
    """A user told of the paper's workflow: still in that role, cleared for the paper, and
    not opted out."""
    user = _reader(delivery)
    paper = delivery.event.paper
    if not may(user):
        raise Skip(f"No longer {what}.")
    if not access.can_read_level(user, paper.classification):
        raise Skip(f"Not cleared for {level_label(paper.classification)}.")
    if not Preference.of(user).workflow:
        raise Skip("Unsubscribed from approval requests, comments and reminders.")
    return user


def _publication(delivery):
    event = delivery.event
    issue, paper = event.issue, event.paper
    reader = _reader(delivery)
    if delivery.user_id and not Preference.of(reader).publications:
        raise Skip("Unsubscribed from publications.")
    if not access.can_read_frozen(reader, issue.classification, paper.classification):
        level = level_label(stricter(issue.classification, paper.classification))
        raise Skip(
            f"Outside addresses receive White documents only; this one is {level}."
            if delivery.outside_id
            else f"Not cleared for {level}."
        )
    attach = delivery.outside_id is not None or Preference.of(reader).attach_pdf
    key = month_key(paper.month)
    level = stricter(issue.classification, paper.classification)
    documents = [
        Document(
            f"{paper.title}, issue {issue.number}",
            level,
            absolute(reverse("paper-issue-pdf", args=[key, issue.number])),
            _filename(paper, f"issue_{issue.number}"),
            bytes(issue.pdf) if attach else None,
        )
    ]
    live = {a.letter: a.classification for a in paper.appendices.all()}
    for frozen in issue.appendices.order_by("letter"):
        current = live.get(frozen.letter, frozen.classification)
        if not access.can_read_frozen(reader, frozen.classification, current):
            continue  # left out, unnamed: the recipient may not read it
        documents.append(
            Document(
                f"Appendix {frozen.letter} — {frozen.title}",
                stricter(frozen.classification, current),
                absolute(reverse("paper-appendix-pdf", args=[key, frozen.letter])),
                _filename(paper, f"Appendix_{frozen.letter}"),
                bytes(frozen.pdf) if attach else None,
            )
        )
    changes = []
    if issue.number > 1:
        previous = paper.issues.filter(number=issue.number - 1).only("published_at").first()
        confirmed = PublishedChange.objects.filter(
            issue__paper=paper, changed_at__gte=previous.published_at, changed_at__lte=issue.published_at
        ).values_list("printed_in", flat=True)
        # Which parts changed and how often, not the records' values: a record may carry a
        # classification of its own above this reader's.
        changes = [
            f"{part}: {n} change{'s' if n > 1 else ''}"
            for part, n in sorted(Counter(confirmed).items())
            if "Appendix" not in part
        ]
    verb = "Corrected" if issue.number > 1 else "Published"
    subject = f"{verb}: {paper.title}, {paper.reference}, issue {issue.number}"
    # The message is marked as the strictest document it carries or names: a White paper sent
    # with its Amber appendix is an Amber message.
    marking = stricter(*(document.level for document in documents))
    extra = {
        "issue": issue,
        "documents": documents,
        "changes": changes,
        "attach": attach,
        "paper_level": level_label(level),
    }
    return marking, subject, PUBLICATIONS, extra


def _approval(delivery):
    _workflow_reader(delivery, access.can_approve, "an approver")
    return delivery.event.paper.classification, f"Approval requested: {delivery.event.paper.title}", WORKFLOW, {}


def _sent_back(delivery):
    _workflow_reader(delivery, access.can_enter_data, "an editor")
    return delivery.event.paper.classification, f"Sent back with a comment: {delivery.event.paper.title}", WORKFLOW, {}


def _answer(delivery):
    _workflow_reader(delivery, access.can_approve, "an approver")
    return delivery.event.paper.classification, f"Comment answered: {delivery.event.paper.title}", WORKFLOW, {}


def _reminder(delivery):
    _workflow_reader(delivery, access.can_enter_data, "an editor")
    paper = delivery.event.paper
    subject = f"Reminder: {paper.title} is due on {paper.issue_date:%d/%m/%Y}"
    return paper.classification, subject, WORKFLOW, {}


BUILDERS = {
    EventKind.PUBLICATION: _publication,
    EventKind.APPROVAL_REQUEST: _approval,
    EventKind.SENT_BACK: _sent_back,
    EventKind.ANSWER: _answer,
    EventKind.REMINDER: _reminder,
}


def compose(delivery):
    """The EmailMultiAlternatives for this delivery, or Skip with the reason."""
    event = delivery.event
    paper = event.paper
    level, subject, kind, extra = BUILDERS[event.kind](delivery)
    unsubscribe = absolute(reverse("mail-unsubscribe", args=[unsubscribe_token(kind, delivery)]))
    context = {
        "event": event,
        "paper": paper,
        "month": month_label(paper.month),
        "level": level_label(level),
        "statement_level": level,
        "paper_url": absolute(paper.get_absolute_url()),
        "month_url": absolute(reverse("month", args=[month_key(paper.month)])),
        "preferences_url": absolute(reverse("mail-preferences")),
        "unsubscribe_url": unsubscribe,
        "unsubscribe_what": "publications" if kind != WORKFLOW else "approval requests, comments and reminders",
        "outside": delivery.outside_id is not None,
        "by": (event.created_by.get_full_name() or event.created_by.get_username()) if event.created_by else "",
        **extra,
    }
    full_subject = f"[{level_label(level).upper()}] {subject}"
    context["subject"] = full_subject
    message = EmailMultiAlternatives(
        full_subject,
        render_to_string(f"mail/{event.kind}.txt", context),
        settings.DEFAULT_FROM_EMAIL,
        [delivery.email],
        headers={
            "Message-ID": delivery.message_id,
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
    )
    message.attach_alternative(render_to_string(f"mail/{event.kind}.html", context), "text/html")
    for document in extra.get("documents", []):
        if document.pdf is not None:
            message.attach(document.filename, document.pdf, "application/pdf")
    return message
