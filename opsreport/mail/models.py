"""What the mail app keeps: each person's choices, the outside addresses on the distribution,
the events people are told of, and one delivery per event and recipient (the delivery log)."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from opsreport.lib.constraints import CheckConstraint
from opsreport.models import Paper, PaperIssue


class Preference(models.Model):
    """A person's choices. Someone with no row has the defaults: everything, PDF attached."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mail_preference")
    publications = models.BooleanField("Tell me when a paper is published", default=True)
    attach_pdf = models.BooleanField(
        "Attach the PDFs",
        default=True,
        help_text="Untick for a link only: the documents stay on the site, behind sign-in.",
    )
    workflow = models.BooleanField(
        "Tell me about approval requests, papers sent back and reminders",
        default=True,
        help_text="Only editors and approvers receive these.",
    )

    def __str__(self):
        return f"Mail preferences of {self.user}"

    @classmethod
    def of(cls, user):
        """The user's preferences, the defaults (unsaved) if they never chose."""
        return cls.objects.filter(user=user).first() or cls(user=user)


class OutsideAddress(models.Model):
    """A named address outside the site's users on the Panel's distribution list (the approver
    keeps it). Outside addresses only ever receive White documents."""

    email = models.EmailField(unique=True, error_messages={"unique": "This address is on the list already."})
    name = models.CharField(max_length=200, blank=True)
    active = models.BooleanField(default=True, help_text="Off once the address unsubscribes.")
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["email"]
        verbose_name_plural = "outside addresses"

    def __str__(self):
        return f"{self.name} <{self.email}>" if self.name else self.email


class EventKind(models.TextChoices):
    APPROVAL_REQUEST = "approval", "Approval requested"
    SENT_BACK = "sent_back", "Sent back with a comment"
    ANSWER = "answer", "Answer to a comment"
    PUBLICATION = "publication", "Publication"
    REMINDER = "reminder", "Reminder"


class Event(models.Model):
    """Something people are told of once: each recipient gets one message for it."""

    kind = models.CharField(max_length=12, choices=EventKind.choices)
    paper = models.ForeignKey(Paper, on_delete=models.CASCADE, related_name="mail_events")
    issue = models.ForeignKey(PaperIssue, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    # What makes the event one event: a second publication of the same issue, or a second
    # reminder for the same paper and issue date, finds this key taken and tells nobody again.
    key = models.CharField(max_length=100, unique=True)
    note = models.TextField(blank=True, help_text="The editor's note, the approver's comment or the answer.")
    facts = models.JSONField(default=dict, blank=True, help_text="What the month looked like when it was sent.")
    in_reply_to = models.OneToOneField(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="answer",
        help_text="The comment answered.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            CheckConstraint(condition=Q(kind__in=[k.value for k in EventKind]), name="mail_event_kind_valid"),
            CheckConstraint(
                condition=Q(kind="publication", issue__isnull=False) | ~Q(kind="publication"),
                name="mail_event_publication_has_issue",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.paper}"


class DeliveryStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    SENDING = "sending", "Sending"
    SENT = "sent", "Sent"
    RETRYING = "retrying", "Failed, to be retried"
    FAILED = "failed", "Failed"
    SKIPPED = "skipped", "Not sent"


def new_message_id():
    domain = settings.DEFAULT_FROM_EMAIL.rsplit("@", 1)[-1].strip(" >") or "opsreport.invalid"
    return f"<{uuid.uuid4().hex}@{domain}>"


class DeliveryQuerySet(models.QuerySet):
    def due(self, now=None):
        """Deliveries a worker may take now: queued, or failed and their retry time come."""
        now = now or timezone.now()
        return self.filter(status__in=[DeliveryStatus.QUEUED, DeliveryStatus.RETRYING], next_attempt_at__lte=now)


class Delivery(models.Model):
    """One message of one event to one recipient: recorded before it is sent, and claimed by
    one worker at a time (opsreport/mail/delivery.py). The Message-ID is fixed here, so a
    message sent again after a crash is the same message, not a second one."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="deliveries")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    outside = models.ForeignKey(OutsideAddress, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    email = models.EmailField()
    message_id = models.CharField(max_length=200, unique=True, default=new_message_id)
    status = models.CharField(max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    last_error = models.TextField(blank=True, help_text="The SMTP server's reply or the connection error.")
    # Why a message was not sent: the reader's clearance or choice at the moment of sending.
    reason = models.CharField(max_length=300, blank=True)
    summary = models.TextField(blank=True, help_text="What the message carried: subject and attachments.")
    created_at = models.DateTimeField(default=timezone.now)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    objects = DeliveryQuerySet.as_manager()

    class Meta:
        ordering = ["event", "email"]
        verbose_name_plural = "deliveries"
        constraints = [
            # Never twice to the same person for the same event.
            models.UniqueConstraint(fields=["event", "email"], name="mail_delivery_once_per_event_and_address"),
            CheckConstraint(
                condition=Q(user__isnull=True, outside__isnull=False) | Q(user__isnull=False, outside__isnull=True),
                name="mail_delivery_one_recipient",
            ),
            CheckConstraint(
                condition=Q(status__in=[s.value for s in DeliveryStatus]), name="mail_delivery_status_valid"
            ),
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="mail_delivery_due")]

    def __str__(self):
        return f"{self.event} to {self.email}: {self.get_status_display()}"

    @property
    def recipient_name(self):
        if self.user_id:
            return self.user.get_full_name() or self.user.get_username()
        return self.outside.name or "outside address"
