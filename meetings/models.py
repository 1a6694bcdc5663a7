"""Panel and sub-committee meetings, the modifications they handle, SEC releases and versions."""

import string

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models, transaction
from django.db.models import Q

from opsreport.lib.constraints import CheckConstraint
from opsreport.lib.fields import choices_constraint


class CommitteeCategory(models.TextChoices):
    SEC_PANEL = "sec_panel", "SEC Panel"
    SECCO_BOARD = "secco_board", "SECCo Board"
    TABASC = "tabasc", "TABASC"
    CHANGE_BOARD = "change_board", "SEC Change Board"
    WORKING_GROUP = "working_group", "Working Group"
    SSC = "ssc", "Security Sub-Committee (SSC)"
    SMKI_PMA = "smki_pma", "SMKI PMA"
    OPSG = "opsg", "Operations Group (OPSG)"
    TAG = "tag", "Testing Advisory Group (TAG)"
    MQH = "mqh", "Modifications Question Hour"
    TRANSITIONAL = "transitional", "Transitional group"
    AUTHORITY = "authority", "The Authority (Ofgem)"


# Whose decisions on a modification set its status. The Authority's decisions are recorded as
# meetings of a committee of this category; they are not SEC meetings, so the paper's meeting
# table leaves them out (meetings.reports.meetings_in_month).
DECIDING_CATEGORIES = {CommitteeCategory.SEC_PANEL, CommitteeCategory.CHANGE_BOARD, CommitteeCategory.AUTHORITY}

# The placeholders a committee's standard summary and link-label pattern may use, filled in by
# meetings.schedule when the month's meetings are proposed.
PATTERN_FIELDS = {
    "committee": "the meetings' short name, e.g. SSC (from the last meeting's name)",
    "number": "the meeting's number, e.g. 58",
    "ddmm": "the meeting's day and month, e.g. 1107",
    "date": "the meeting's date, e.g. 11/07/2018",
    "month": "the month, e.g. July 2018",
}


def validate_pattern(value):
    """Only the placeholders PATTERN_FIELDS names, so a proposal can always be filled in."""
    try:
        fields = [(name, spec, conversion) for _, name, spec, conversion in string.Formatter().parse(value)]
    except ValueError:
        raise ValidationError("Braces must come in pairs around a placeholder, e.g. {number}.") from None
    fields = [field for field in fields if field[0] is not None]
    if any(spec or conversion for _, spec, conversion in fields):
        raise ValidationError("Write a placeholder as it is, e.g. {number}, without a format after it.")
    names = {name for name, _, _ in fields}
    unknown = sorted(n for n in names if n not in PATTERN_FIELDS)
    if unknown:
        raise ValidationError(
            "Unknown placeholder %(unknown)s: use %(known)s.",
            params={
                "unknown": ", ".join("{" + n + "}" for n in unknown),
                "known": ", ".join("{" + n + "}" for n in PATTERN_FIELDS),
            },
        )


class Committee(models.Model):
    name = models.CharField(max_length=200, unique=True, help_text="As the meeting table names it.")
    category = models.CharField(max_length=20, choices=CommitteeCategory.choices)
    position = models.PositiveSmallIntegerField(
        default=0, help_text="Order of the committee's rows in the meeting table."
    )
    standard_summary = models.TextField(
        blank=True,
        validators=[validate_pattern],
        help_text='The summary proposed for each new meeting, e.g. "The TABASC\'s regular monthly meeting." '
        "May use {month}.",
    )
    link_pattern = models.CharField(
        max_length=200,
        blank=True,
        validators=[validate_pattern],
        help_text="The label proposed for each meeting date's link, e.g. "
        '"{committee} {number} {ddmm} — Meeting Headlines"; leave empty for none.',
    )

    class Meta:
        ordering = ["position", "name"]
        constraints = [choices_constraint("committee", "category", CommitteeCategory, "Choose a committee category.")]

    def __str__(self):
        return self.name


class Release(models.Model):
    name = models.CharField(max_length=100, unique=True, help_text="e.g. November 2018 SEC Release")
    go_live = models.DateField(null=True, blank=True, help_text="Leave empty until the date is set.")
    document_only = models.BooleanField(
        default=False, help_text="A document-only release has no impact on DCC Systems."
    )

    class Meta:
        ordering = ["go_live"]
        verbose_name = "SEC release"

    def __str__(self):
        return self.name


class SECVersion(models.Model):
    number = models.CharField(
        max_length=10,
        unique=True,
        validators=[RegexValidator(r"^\d+\.\d+$", "Write the version as major.minor, e.g. 5.19.")],
    )
    go_live = models.DateField()
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["go_live"]
        verbose_name = "SEC version"

    def __str__(self):
        return f"SEC Version {self.number}"


class ModificationStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    DEVELOPMENT = "development", "Development"
    REFINEMENT = "refinement", "Refinement Process"
    REPORT = "report", "Report Phase"
    DECISION = "decision", "Change Board vote"
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Rejected"
    IMPLEMENTED = "implemented", "Implemented"
    WITHDRAWN = "withdrawn", "Withdrawn"


validate_reference = RegexValidator(
    r"^SECMP\d{4}$", "A modification reference is SECMP and four digits, e.g. SECMP0027."
)


class Modification(models.Model):
    reference = models.CharField(max_length=9, unique=True, validators=[validate_reference])
    title = models.CharField(max_length=300)
    target_release = models.ForeignKey(
        Release, on_delete=models.SET_NULL, null=True, blank=True, related_name="modifications"
    )

    class Meta:
        ordering = ["reference"]
        constraints = [
            CheckConstraint(
                condition=Q(reference__regex=r"^SECMP[0-9]{4}$"),
                name="modification_reference_format",
                violation_error_message="A modification reference is SECMP and four digits.",
            ),
        ]

    def __str__(self):
        return self.reference


class StatusChange(models.Model):
    """A modification's status from a date on: its history, from which the status on any day
    is read (meetings.reports.statuses_on). A decision to approve or reject at a deciding
    meeting writes its own row (MeetingModification.record_status); others are typed in.
    On a day with several rows the one recorded last counts."""

    modification = models.ForeignKey(Modification, on_delete=models.CASCADE, related_name="status_changes")
    status = models.CharField(max_length=20, choices=ModificationStatus.choices)
    date = models.DateField(help_text="The status holds from this day on.")
    decision = models.OneToOneField(
        "MeetingModification",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        editable=False,
        related_name="status_change",
        help_text="The meeting decision that set it, if any.",
    )

    class Meta:
        ordering = ["date", "pk"]
        verbose_name = "status change"
        indexes = [models.Index(fields=["modification", "date"], name="statuschange_by_day")]
        constraints = [choices_constraint("statuschange", "status", ModificationStatus, "Choose a status.")]

    def __str__(self):
        return f"{self.modification}: {self.get_status_display()} from {self.date:%d/%m/%Y}"


class Meeting(models.Model):
    """One row of the meeting table: a committee's meeting(s) in a month, with a summary."""

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="meetings")
    name = models.CharField(
        max_length=200,
        blank=True,
        help_text="e.g. SSC 56: tells the committee's meetings apart on these screens and in the workbook; "
        "the paper's meeting table prints the committee's name, and the numbers only in the links' labels.",
    )
    summary = models.TextField(help_text="Summary of events, as printed in the meeting table.")
    confidential = models.BooleanField(default=False, help_text="Its proceedings and minutes are confidential.")
    modifications = models.ManyToManyField(
        Modification, through="MeetingModification", related_name="meetings", blank=True
    )

    class Meta:
        ordering = ["committee__position", "pk"]

    def __str__(self):
        return self.name or self.committee.name


class MeetingDate(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="dates")
    date = models.DateField(db_index=True)  # the paper finds a month's meetings by date

    class Meta:
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "date"],
                name="meetingdate_once",
                violation_error_message="This date is already listed for the meeting.",
            )
        ]

    def __str__(self):
        return f"{self.date:%d/%m/%Y}"


class MeetingLink(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="links")
    label = models.CharField(max_length=200, help_text="e.g. TABASC 31 2106 — Meeting Headlines")
    url = models.URLField(max_length=500, blank=True, help_text="Leave empty if the address is not known.")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self):
        return self.label


class Outcome(models.TextChoices):
    DISCUSSED = "discussed", "Discussed"
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Rejected"


class MeetingModification(models.Model):
    """What a meeting did with a modification."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    modification = models.ForeignKey(Modification, on_delete=models.PROTECT, related_name="decisions")
    outcome = models.CharField(max_length=12, choices=Outcome.choices, default=Outcome.DISCUSSED)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = "modification at the meeting"
        verbose_name_plural = "modifications at the meeting"
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "modification"],
                name="decision_once_per_meeting",
                violation_error_message="This modification is already listed for the meeting.",
            ),
            choices_constraint("decision", "outcome", Outcome, "Choose discussed, approved or rejected."),
        ]

    def __str__(self):
        return f"{self.modification} ({self.get_outcome_display()})"

    def save(self, *args, **kwargs):
        with transaction.atomic():
            super().save(*args, **kwargs)
            self.record_status()

    def decided_status(self):
        """The status this decision sets, or None: only an approval or rejection by a deciding
        committee (Change Board, Panel, Authority) sets one."""
        if self.meeting.committee.category not in DECIDING_CATEGORIES:
            return None
        return OUTCOME_STATUS.get(self.outcome)

    def record_status(self):
        """Write (or remove) the status change this decision makes, dated the meeting's last
        date: a meeting over several days has decided by then. A meeting with no date yet
        gets its row when its dates are saved (record_decided_statuses)."""
        status = self.decided_status()
        day = self.meeting.dates.aggregate(last=models.Max("date"))["last"]
        if status is None or day is None:
            StatusChange.objects.filter(decision=self).delete()
            return
        StatusChange.objects.update_or_create(
            decision=self, defaults={"modification_id": self.modification_id, "status": status, "date": day}
        )


OUTCOME_STATUS = {Outcome.APPROVED: ModificationStatus.APPROVED, Outcome.REJECTED: ModificationStatus.REJECTED}


def record_decided_statuses(meeting):
    """Bring the status changes of a meeting's decisions in line with its dates and committee.

    A decision is dated by its meeting's last date, so whatever changes a meeting's dates or
    committee calls this once they are saved: the meeting actions (opsreport/actions/meetings.py)
    and the meeting's admin screen (MeetingAdmin.save_related)."""
    for decision in meeting.decisions.select_related("meeting__committee"):
        decision.record_status()
