"""Sending one delivery: claimed, composed for its recipient, sent, recorded.

Record before send: the delivery row exists before any worker touches it, and a worker first
claims it with one conditional UPDATE (queued or due for retry -> sending), committed before
SMTP is spoken to; a second worker, or the same task run twice, finds nothing to claim. The
Message-ID was fixed when the delivery was recorded: if a worker dies after the SMTP server
took the message but before "sent" was written, the delivery is sent again after STALE_AFTER
with the same Message-ID, which mail clients and most servers treat as the same message.
"""

import logging
import smtplib
from datetime import timedelta

from django.db.models import F
from django.utils import timezone

from opsreport.mail.compose import Skip, compose
from opsreport.mail.models import Delivery, DeliveryStatus

logger = logging.getLogger(__name__)

# Seconds before each retry: a minute, five, fifteen, an hour, three hours. After the last the
# delivery is marked failed, and the approver can send it again from the paper's page.
BACKOFF = [60, 300, 900, 3600, 3 * 3600]
MAX_ATTEMPTS = len(BACKOFF) + 1
# A delivery left "sending" this long lost its worker (the SMTP timeout is 30 s).
STALE_AFTER = timedelta(minutes=10)


def deliver(delivery_id):
    """Send delivery `delivery_id` if it is due and nobody else has it. Returns its status."""
    now = timezone.now()
    claimed = (
        Delivery.objects.due(now)
        .filter(pk=delivery_id)
        .update(status=DeliveryStatus.SENDING, attempts=F("attempts") + 1, claimed_at=now)
    )
    if not claimed:
        return "not due"  # sent, being sent by another worker, or waiting for its retry time
    delivery = Delivery.objects.select_related("event__paper", "event__issue", "user", "outside").get(pk=delivery_id)
    try:
        message = compose(delivery)
    except Skip as skip:
        _finish(delivery, DeliveryStatus.SKIPPED, reason=str(skip))
        return DeliveryStatus.SKIPPED
    try:
        message.send()
    except (smtplib.SMTPException, OSError) as error:
        return _failed(delivery, error)
    _finish(delivery, DeliveryStatus.SENT, sent_at=timezone.now(), last_error="", summary=describe(message))
    return DeliveryStatus.SENT


def describe(message):
    names = [a[0] for a in message.attachments]
    attached = f"; attached: {', '.join(names)}" if names else "; no attachment"
    return f"{message.subject}{attached}"


def smtp_reply(error):
    """The SMTP server's words, or the connection error, for the delivery log."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return "; ".join(f"{code} {text.decode(errors='replace')}" for code, text in error.recipients.values())
    if isinstance(error, smtplib.SMTPResponseException):
        text = error.smtp_error.decode(errors="replace") if isinstance(error.smtp_error, bytes) else error.smtp_error
        return f"{error.smtp_code} {text}"
    return f"{type(error).__name__}: {error}"


def _permanent(error):
    """A 5xx reply (address unknown, message refused) will not change by waiting."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _ in error.recipients.values())
    return isinstance(error, smtplib.SMTPResponseException) and error.smtp_code >= 500


def _failed(delivery, error):
    from opsreport.mail.tasks import enqueue_deliveries

    reply = smtp_reply(error)
    attempts = delivery.attempts  # read after the claim, which counted this attempt
    if _permanent(error) or attempts >= MAX_ATTEMPTS:
        _finish(delivery, DeliveryStatus.FAILED, last_error=reply)
        logger.warning("Mail to %s failed for good: %s", delivery.email, reply)
        return DeliveryStatus.FAILED
    retry_at = timezone.now() + timedelta(seconds=BACKOFF[attempts - 1])
    _finish(delivery, DeliveryStatus.RETRYING, last_error=reply, next_attempt_at=retry_at)
    enqueue_deliveries([delivery.pk], run_after=retry_at)
    logger.warning("Mail to %s failed (%s); retrying at %s", delivery.email, reply, retry_at.isoformat())
    return DeliveryStatus.RETRYING


def _finish(delivery, status, **fields):
    # Only from "sending": whatever happened to the row meanwhile is not overwritten.
    Delivery.objects.filter(pk=delivery.pk, status=DeliveryStatus.SENDING).update(status=status, **fields)


def requeue_stale(now=None):
    """Deliveries whose worker died while sending: due again (same Message-ID), or failed
    after the last attempt. Returns how many were due again."""
    now = now or timezone.now()
    stale = Delivery.objects.filter(status=DeliveryStatus.SENDING, claimed_at__lt=now - STALE_AFTER)
    stale.filter(attempts__gte=MAX_ATTEMPTS).update(
        status=DeliveryStatus.FAILED, last_error="The worker stopped while sending; given up after the last attempt."
    )
    return stale.update(status=DeliveryStatus.RETRYING, next_attempt_at=now)


def send_again(delivery):
    """The approver's "send again" for a failed delivery: due now, with its Message-ID."""
    from opsreport.mail.tasks import enqueue_deliveries

    changed = Delivery.objects.filter(pk=delivery.pk, status=DeliveryStatus.FAILED).update(
        status=DeliveryStatus.RETRYING, next_attempt_at=timezone.now(), attempts=0
    )
    if changed:
        enqueue_deliveries([delivery.pk])
    return bool(changed)
