"""Panel and sub-committee meetings, the modifications they handle, SEC releases and versions."""

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q

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


class Committee(models.Model):
    name = models.CharField(max_length=200, unique=True, help_text="As the meeting table names it.")
    category = models.CharField(max_length=20, choices=CommitteeCategory.choices)
    position = models.PositiveSmallIntegerField(
        default=0, help_text="Order of the committee's rows in the meeting table."
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
    status = models.CharField(max_length=20, choices=ModificationStatus.choices, default=ModificationStatus.PROPOSED)
    target_release = models.ForeignKey(
        Release, on_delete=models.SET_NULL, null=True, blank=True, related_name="modifications"
    )

    class Meta:
        ordering = ["reference"]
        constraints = [
            models.CheckConstraint(
                condition=Q(reference__regex=r"^SECMP[0-9]{4}$"),
                name="modification_reference_format",
                violation_error_message="A modification reference is SECMP and four digits.",
            ),
            choices_constraint("modification", "status", ModificationStatus),
        ]

    def __str__(self):
        return self.reference


class Meeting(models.Model):
    """One row of the meeting table: a committee's meeting(s) in a month, with a summary."""

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="meetings")
    name = models.CharField(
        max_length=200, blank=True, help_text="e.g. SSC 56; leave empty to use the committee's name."
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
