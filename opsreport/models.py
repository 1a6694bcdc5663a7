"""The paper itself and the figures that only the Operations Report keeps: effort and website."""

import hashlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.urls import reverse

from opsreport.lib.classification import Classification
from opsreport.lib.constraints import CheckConstraint
from opsreport.lib.fields import MonthField, choices_constraint, first_of_month_constraint, not_negative_constraint
from opsreport.lib.months import month_label


class Action(models.TextChoices):
    INFORMATION = "information", "For Information"
    DECISION = "decision", "For Decision"
    DISCUSSION = "discussion", "For Discussion"


class PaperStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    APPROVED = "approved", "Approved"
    PUBLISHED = "published", "Published"


DEFAULT_RECOMMENDATION = "The Panel are requested to NOTE the contents of this paper."


def default_purpose(month):
    return (
        "The Operations Report is a monthly update based on SECAS activities in support of the "
        "SEC. It includes a breakdown of days by driver, product and grade and provides "
        "commentary related to the activities undertaken by the SECAS team in "
        f"{month_label(month)}."
    )


class Paper(models.Model):
    """The Operations Report for one month: its front page and the highlights narrative."""

    month = MonthField(unique=True, error_messages={"unique": "There is already a paper for this month."})
    panel_meeting_number = models.PositiveSmallIntegerField(help_text="e.g. 58 for SEC Panel meeting 58.")
    panel_meeting_date = models.DateField(help_text="The date of the Panel meeting the paper goes to.")
    paper_number = models.PositiveSmallIntegerField(help_text="The paper's number in that meeting's pack.")
    classification = models.CharField(max_length=8, choices=Classification.choices, default=Classification.WHITE)
    action = models.CharField(max_length=12, choices=Action.choices, default=Action.INFORMATION)
    author = models.CharField(max_length=100)
    team = models.CharField(max_length=100, default="SECAS Team")
    issue_date = models.DateField("date of issue")
    purpose = models.TextField(blank=True, help_text="Left empty, the standard text naming the month is used.")
    recommendation = models.TextField(default=DEFAULT_RECOMMENDATION)
    status = models.CharField(max_length=10, choices=PaperStatus.choices, default=PaperStatus.DRAFT)
    # What the approver approved (the assembled paper's fingerprint): publishing checks it.
    approved_fingerprint = models.CharField(max_length=64, blank=True, editable=False)
    # A paper issued before this application (opsreport/paper/imported.py): its issues are the
    # PDFs as SECAS published them, served as they are; it is never assembled or drawn again.
    imported = models.BooleanField(default=False, editable=False)

    change_and_release = models.TextField("Change and Release Update", blank=True)
    technical_support = models.TextField("Technical Support Update", blank=True)
    security_and_privacy = models.TextField("Security and Privacy Update", blank=True)
    party_support = models.TextField("Party Support Update", blank=True)

    class Meta:
        ordering = ["-month"]
        # Capabilities that opsreport.access asks for; opsreport.roles grants them to the roles.
        permissions = [
            ("approve_paper", "Can approve papers"),
            ("publish_paper", "Can publish approved papers"),
            ("enter_data", "Can enter the month's data"),
            ("read_dashboard", "Can read the dashboard"),
            ("read_green", "Can read published documents classified up to Green"),
            ("read_amber", "Can read published documents classified up to Amber"),
            ("read_red", "Can read documents classified up to Red"),
        ]
        constraints = [
            first_of_month_constraint("paper"),
            models.UniqueConstraint(
                fields=["panel_meeting_number", "paper_number"],
                name="paper_reference_unique",
                violation_error_message="Another paper already has this meeting and paper number.",
            ),
            choices_constraint("paper", "classification", Classification),
            choices_constraint("paper", "status", PaperStatus, "Choose draft, approved or published."),
            choices_constraint("paper", "action", Action),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("paper", args=[self.month])

    @property
    def reference(self):
        """SECP 58 1307 22: Panel meeting 58 on 13 July, paper 22."""
        return f"SECP {self.panel_meeting_number} {self.panel_meeting_date:%d%m} {self.paper_number:02d}"

    @property
    def title(self):
        return f"Operations Report — {month_label(self.month)}"

    @property
    def purpose_text(self):
        return self.purpose or default_purpose(self.month)

    def clean(self):
        if self.month and self.issue_date and self.issue_date < self.month:
            raise ValidationError({"issue_date": "A paper cannot be issued before its month begins."})
        if self.issue_date and self.panel_meeting_date and self.panel_meeting_date < self.issue_date:
            raise ValidationError(
                {"panel_meeting_date": "The Panel meeting cannot be before the paper's date of issue."}
            )


class AppendixContent(models.TextChoices):
    UEPT = "uept", "Testing detail: UEPT completions since the last Panel meeting"
    SREPT = "srept", "Testing detail: SREPT completions since the last Panel meeting"


class Appendix(models.Model):
    """A separate document attached to the paper, with its own classification."""

    paper = models.ForeignKey(Paper, on_delete=models.CASCADE, related_name="appendices")
    letter = models.CharField(max_length=1, help_text="A, B, C…")
    title = models.CharField(max_length=200, help_text="e.g. Testing Update UEPT")
    classification = models.CharField(max_length=8, choices=Classification.choices, default=Classification.AMBER)
    content = models.CharField(
        max_length=8,
        choices=AppendixContent.choices,
        default=AppendixContent.UEPT,
        help_text="What the appendix lists, assembled from the data like the paper.",
    )

    class Meta:
        ordering = ["letter"]
        verbose_name_plural = "appendices"
        constraints = [
            models.UniqueConstraint(
                fields=["paper", "letter"],
                name="appendix_letter_once",
                violation_error_message="This paper already has an appendix with that letter.",
            ),
            CheckConstraint(
                condition=Q(letter__regex=r"^[A-Z]$"),
                name="appendix_letter_capital",
                violation_error_message="An appendix letter is one capital letter.",
            ),
            choices_constraint("appendix", "classification", Classification),
            choices_constraint("appendix", "content", AppendixContent),
        ]

    def __str__(self):
        return f"Appendix {self.letter} - {self.title} ({self.get_classification_display()})"

    def get_absolute_url(self):
        return reverse("paper-appendix", args=[self.paper.month, self.letter])


class FindingResolution(models.Model):
    """A finding of the paper's review the approver has resolved with a note: the figure is
    right as it stands, and the note says why (the July 2017 helpdesk total of 1,459, the sum
    of its categories, against the mailbox's 1,439). The paper prints the note as a footnote
    to that figure, and the finding no longer counts as open."""

    paper = models.ForeignKey(Paper, on_delete=models.CASCADE, related_name="resolutions")
    code = models.CharField(max_length=100, help_text="The finding's code, e.g. helpdesk-total-2017-07.")
    note = models.TextField(help_text="Printed as a footnote to the figure.")
    resolved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    resolved_at = models.DateTimeField()

    class Meta:
        ordering = ["paper_id", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["paper", "code"],
                name="findingresolution_once_per_paper",
                violation_error_message="This finding is resolved already.",
            ),
            CheckConstraint(condition=~Q(note=""), name="findingresolution_note_not_empty"),
        ]

    def __str__(self):
        return f"{self.paper}: {self.code}"


class AcceptedDifference(models.Model):
    """A published figure the register does not give, accepted by the approver with a note
    before going live (opsreport/register/reconcile.py): the paper of `month` printed `printed`
    at (table, row, column) where the register gives `computed` (None: nothing). It holds for
    those two figures only: once either moves, the difference shows as open again."""

    month = MonthField(help_text="The month of the paper that printed the figure.")
    table = models.CharField(max_length=100, help_text="Table 3, Figure 1, or a sentence's figure.")
    row = models.CharField(max_length=200, blank=True)
    column = models.CharField(max_length=20, blank=True)
    printed = models.DecimalField(max_digits=16, decimal_places=2, help_text="As the paper printed it.")
    computed = models.DecimalField(
        max_digits=16, decimal_places=2, null=True, blank=True, help_text="As the register gave it; empty: nothing."
    )
    note = models.TextField(help_text="Why the difference is accepted.")
    accepted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    accepted_at = models.DateTimeField()

    class Meta:
        ordering = ["month", "table", "row", "column"]
        constraints = [
            models.UniqueConstraint(
                fields=["month", "table", "row", "column"],
                name="accepteddifference_once_per_address",
                violation_error_message="This difference is accepted already.",
            ),
            CheckConstraint(condition=~Q(note=""), name="accepteddifference_note_not_empty"),
            first_of_month_constraint("accepteddifference"),
        ]

    def __str__(self):
        where = ", ".join(part for part in (self.table, self.row, self.column) if part)
        return f"{month_label(self.month)} paper, {where}"


class NamedRow(models.Model):
    """A renamable, orderable, retirable row label: a driver, product or grade."""

    name = models.CharField(max_length=100, unique=True)
    position = models.PositiveSmallIntegerField(default=0)
    retired = models.BooleanField(default=False, help_text="Retired rows keep their history.")

    class Meta:
        abstract = True
        ordering = ["position", "name"]

    def __str__(self):
        return self.name


class EffortDriver(NamedRow):
    class Meta(NamedRow.Meta):
        pass


class EffortProduct(NamedRow):
    class Meta(NamedRow.Meta):
        pass


class Grade(NamedRow):
    class Meta(NamedRow.Meta):
        pass


class EffortMonth(models.Model):
    """One month's SECAS effort; its rows are entered together on one screen."""

    month = MonthField(unique=True, error_messages={"unique": "This month is already entered."})

    class Meta:
        ordering = ["-month"]
        constraints = [first_of_month_constraint("effortmonth")]

    def __str__(self):
        return month_label(self.month)


class EffortEntry(models.Model):
    effort_month = models.ForeignKey(EffortMonth, on_delete=models.CASCADE, related_name="entries")
    driver = models.ForeignKey(EffortDriver, on_delete=models.PROTECT, related_name="entries")
    product = models.ForeignKey(EffortProduct, on_delete=models.PROTECT, null=True, blank=True, related_name="entries")
    grade = models.ForeignKey(Grade, on_delete=models.PROTECT, null=True, blank=True, related_name="entries")
    # Days carry four decimals: the paper's total is summed before rounding.
    days = models.DecimalField(max_digits=10, decimal_places=4)

    class Meta:
        ordering = ["driver__position", "pk"]
        verbose_name_plural = "effort entries"
        constraints = [
            models.UniqueConstraint(
                "effort_month",
                "driver",
                Coalesce("product", 0),
                Coalesce("grade", 0),
                name="effort_once_per_month_driver_product_grade",
                violation_error_message="This driver, product and grade already have days for the month.",
            ),
            not_negative_constraint("effortentry", "days"),
        ]

    def __str__(self):
        return f"{self.driver}: {self.days}"


class WebsiteMonth(models.Model):
    month = MonthField(unique=True, error_messages={"unique": "This month is already entered."})
    visits = models.PositiveIntegerField()
    page_views = models.PositiveIntegerField()
    new_visitors = models.PositiveIntegerField(null=True, blank=True)
    returning_visitors = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-month"]
        verbose_name = "website month"
        constraints = [
            first_of_month_constraint("websitemonth"),
            not_negative_constraint("websitemonth", "visits"),
            not_negative_constraint("websitemonth", "page_views"),
            not_negative_constraint("websitemonth", "new_visitors"),
            not_negative_constraint("websitemonth", "returning_visitors"),
        ]

    def __str__(self):
        return month_label(self.month)

    @classmethod
    def figure_fields(cls):
        """The month's figures in order, every field but the month: the screen, its form, the
        workbook's Website sheet and the drill-down list them from here, so a figure added to
        the model shows in each without an edit there."""
        return [f for f in cls._meta.concrete_fields if f.name not in ("id", "month")]


class Frozen(models.Model):
    """A document written once at publication, then never changed or deleted: its PDF bytes,
    its HTML for reading on screen, and the SHA-256 of the PDF, computed here on creation."""

    pdf = models.BinaryField(editable=False)
    html = models.TextField(editable=False, help_text="The document as published, for reading on screen.")
    sha256 = models.CharField("SHA-256 of the PDF", max_length=64, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError(f"A published {self._meta.verbose_name} never changes; publish a new issue instead.")
        self.sha256 = hashlib.sha256(self.pdf).hexdigest()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError(f"A published {self._meta.verbose_name} is kept for good.")


class PaperIssue(Frozen):
    """A published issue of a paper: its PDF frozen, never changed afterwards.

    A corrected paper is published as a new issue; every issue stays available. The
    fingerprint is the assembled paper's (opsreport/paper/assembly.py) at publication, so the paper
    page can tell when the data for its month has changed since.
    """

    paper = models.ForeignKey(Paper, on_delete=models.PROTECT, related_name="issues")
    number = models.PositiveSmallIntegerField()
    fingerprint = models.CharField(max_length=64, editable=False, help_text="SHA-256 of the data printed.")
    # The marking printed on the frozen PDF: who may read it never depends on later edits alone.
    classification = models.CharField(max_length=8, choices=Classification.choices, editable=False)
    # Nobody here published an imported issue (one issued before this application): its
    # published_at is the day SECAS issued it, and imported_at says when it was brought in.
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False, null=True
    )
    published_at = models.DateTimeField(editable=False)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False, null=True
    )
    imported_at = models.DateTimeField(editable=False, null=True)

    class Meta:
        ordering = ["paper", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["paper", "number"],
                name="paperissue_number_once",
                violation_error_message="This paper already has an issue with that number.",
            ),
            CheckConstraint(
                condition=Q(published_by__isnull=False) | Q(imported_at__isnull=False),
                name="paperissue_published_by_someone_or_imported",
                violation_error_message="An issue is published by a user, or imported.",
            ),
        ]

    def __str__(self):
        return f"{self.paper} — issue {self.number}"

    def get_absolute_url(self):
        return reverse("paper-issue-pdf", args=[self.paper.month, self.number])

    @property
    def imported(self):
        """Issued before this application and brought in as its PDF (opsreport/paper/imported.py)."""
        return self.imported_at is not None


class AppendixIssue(Frozen):
    """An appendix as published with an issue of its paper: frozen like the paper itself."""

    issue = models.ForeignKey(PaperIssue, on_delete=models.PROTECT, related_name="appendices")
    letter = models.CharField(max_length=1)
    title = models.CharField(max_length=200)
    classification = models.CharField(max_length=8, choices=Classification.choices)

    class Meta:
        ordering = ["issue", "letter"]
        constraints = [
            models.UniqueConstraint(
                fields=["issue", "letter"],
                name="appendixissue_letter_once",
                violation_error_message="This issue already has an appendix with that letter.",
            )
        ]

    def __str__(self):
        return f"Appendix {self.letter} of {self.issue}"


class DataRevision(models.Model):
    """One row whose value database triggers bump on every write to the data (opsreport/revision.py)."""

    value = models.BigIntegerField(default=1)

    def __str__(self):
        return f"Data revision {self.value}"


class PublishedChange(models.Model):
    """An editor's confirmed change to a record that a published issue printed.

    The admin asks the editor to confirm such a change ("I am changing a figure published in
    ..."); this row is what the approver then reads on the paper's page, beside the notice
    that the data changed since publication: who, when, which record, which table, what.
    """

    issue = models.ForeignKey(PaperIssue, on_delete=models.PROTECT, related_name="changes_after")
    printed_in = models.CharField(max_length=300, help_text="The table or section that printed the record.")
    record = models.CharField(max_length=300, help_text="The record as named when it was changed.")
    record_type = models.CharField(max_length=100)
    record_id = models.CharField(max_length=64)
    changes = models.TextField(help_text="What changed, one line each: field: before → after.")
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    changed_at = models.DateTimeField()

    class Meta:
        ordering = ["-changed_at", "-pk"]
        indexes = [models.Index(fields=["issue", "changed_at"], name="publishedchange_issue")]

    def __str__(self):
        return f"{self.record} ({self.printed_in}) changed by {self.changed_by} on {self.changed_at:%d/%m/%Y %H:%M}"

    def change_lines(self):
        return self.changes.splitlines()
