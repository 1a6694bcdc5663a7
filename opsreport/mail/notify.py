"""Who is told what, as the site's flows call it: one function per event.

Each records the event and one Delivery per recipient in one transaction, queues the
deliveries and returns at once; nothing here waits for SMTP. Who receives a message is chosen
here by opsreport.access; what the message may carry is decided again, for each recipient, at
the moment of sending (opsreport/mail/compose.py), never from the sender's permissions.

Hooks in the existing flows (one line each):
- opsreport/actions/papers.py, publish_paper: `notify.publication(issue)` in the action's
  transaction, so an issue and its queued deliveries commit together;
- templates/month/month.html: the "Ask for approval" form (opsreport/mail/templatetags);
- templates/paper/_review.html: "Send back with a comment", the comment until answered, and
  the delivery log for the approver.
"""

import uuid

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.db import IntegrityError, transaction

from opsreport import access
from opsreport.mail.models import Delivery, Event, EventKind, OutsideAddress, Preference
from opsreport.mail.tasks import enqueue_deliveries

NOTE_MAX = 2000
# An outside address reads as the public does: White only (opsreport.access decides).
OUTSIDE_READER = AnonymousUser()


class NotifyError(Exception):
    """Why nobody was told, in words for the person who asked."""


def _people(test, paper):
    """Active users with an address who pass `test` and may read the paper's classification."""
    users = get_user_model().objects.filter(is_active=True).exclude(email="").order_by("pk")
    return [u for u in users if test(u) and access.can_read_level(u, paper.classification)]


def _record(kind, paper, key, recipients, outside=(), **fields):
    """The event and its deliveries, all or nothing; the deliveries queued. None if an event
    with this key was recorded already (told once)."""
    try:
        with transaction.atomic():
            event = Event.objects.create(kind=kind, paper=paper, key=key, **fields)
            seen = set()
            rows = []
            for user in recipients:
                if user.email.lower() not in seen:
                    seen.add(user.email.lower())
                    rows.append(Delivery(event=event, user=user, email=user.email))
            for address in outside:
                if address.email.lower() not in seen:
                    seen.add(address.email.lower())
                    rows.append(Delivery(event=event, outside=address, email=address.email))
            deliveries = Delivery.objects.bulk_create(rows)
            enqueue_deliveries([d.pk for d in deliveries])
    except IntegrityError:
        if Event.objects.filter(key=key).exists():
            return None
        raise
    return event


def _note(text, what):
    text = (text or "").strip()
    if len(text) > NOTE_MAX:
        raise NotifyError(f"Not sent: the {what} has {len(text)} characters; keep it to {NOTE_MAX}.")
    return text


def _month_facts(paper):
    """The counts (and lists) the month page shows: what is missing and which findings are open."""
    from opsreport.month.status import month_status  # the month page's own reading of the paper

    status = month_status(paper)
    return {
        "missing_count": status.missing_count,
        "findings_count": status.findings_count,
        "missing": [f"{s.title}: {f.text}" for s in status.sections for f in s.missing],
        "findings": [f"{s.title}: {f.text}" for s in status.sections for f in s.findings],
    }


def approval_requested(paper, user, note=""):
    """The editor asks for approval: every approver who may read the paper is told."""
    note = _note(note, "note")
    recipients = _people(access.can_approve, paper)
    if not recipients:
        raise NotifyError("Nobody to ask: no active approver with an email address may read this paper.")
    return _record(
        EventKind.APPROVAL_REQUEST,
        paper,
        f"approval:{uuid.uuid4().hex}",
        recipients,
        note=note,
        facts=_month_facts(paper),
        created_by=user,
    )


def sent_back(paper, user, comment):
    """The approver sends the draft back with a comment: the editors are told, and the paper's
    page shows the comment until an editor answers it."""
    comment = _note(comment, "comment")
    if not comment:
        raise NotifyError("Not sent back: write the comment the editors are to answer.")
    recipients = _people(access.can_enter_data, paper)
    return _record(
        EventKind.SENT_BACK, paper, f"sent_back:{uuid.uuid4().hex}", recipients, note=comment, created_by=user
    )


def open_comments(paper):
    """The paper's comments not yet answered, oldest first."""
    return list(
        Event.objects.filter(paper=paper, kind=EventKind.SENT_BACK, answer__isnull=True)
        .select_related("created_by")
        .order_by("created_at", "pk")
    )


def answered(comment, user, text):
    """An editor answers a comment: whoever sent the paper back is told, and the comment is closed."""
    text = _note(text, "answer")
    if not text:
        raise NotifyError("Not answered: write the answer.")
    approver = comment.created_by
    recipients = [approver] if approver and approver.is_active and approver.email else []
    event = _record(
        EventKind.ANSWER,
        comment.paper,
        f"answer:{comment.pk}",
        recipients,
        note=text,
        in_reply_to=comment,
        created_by=user,
    )
    if event is None:
        raise NotifyError("This comment has been answered already.")
    return event


def distribution(paper):
    """Who is sent a published paper: every active user who may read its classification and
    has not opted out, and the outside addresses on the list (White papers only; composing
    checks every document again per recipient)."""
    opted_out = set(Preference.objects.filter(publications=False).values_list("user_id", flat=True))
    users = [u for u in _people(lambda u: True, paper) if u.pk not in opted_out]
    outside = (
        list(OutsideAddress.objects.filter(active=True))
        if access.can_read_level(OUTSIDE_READER, paper.classification)
        else []
    )
    return users, outside


def publication(issue):
    """A paper was published (a first issue or a correction): its distribution is told once."""
    users, outside = distribution(issue.paper)
    return _record(
        EventKind.PUBLICATION,
        issue.paper,
        f"publication:{issue.pk}",
        users,
        outside,
        issue=issue,
        created_by=issue.published_by,
    )


def reminder(paper, today):
    """The editors are reminded of what is missing before the paper's issue date; nothing when
    the month is complete, and once per paper and issue date."""
    facts = _month_facts(paper)
    if not facts["missing_count"] and not facts["findings_count"]:
        return None
    recipients = _people(access.can_enter_data, paper)
    facts["issue_date"] = paper.issue_date.isoformat()
    facts["today"] = today.isoformat()
    return _record(
        EventKind.REMINDER, paper, f"reminder:{paper.pk}:{paper.issue_date.isoformat()}", recipients, facts=facts
    )
