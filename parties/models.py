"""SEC Parties and their history: who joined, defaulted, left or was expelled."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from opsreport.lib.classification import Classification
from opsreport.lib.constraints import CheckConstraint, UniqueConstraint
from opsreport.lib.fields import choices_constraint


class PartyCategory(models.TextChoices):
    LARGE_SUPPLIER = "large_supplier", "Large Supplier"
    SMALL_SUPPLIER = "small_supplier", "Small Supplier"
    ELECTRICITY_NETWORK = "electricity_network", "Electricity Network"
    GAS_NETWORK = "gas_network", "Gas Network"
    OTHER = "other", "Other SEC Party"


# Figure 1 of the paper names the categories in the plural, in this order.
CATEGORY_PLURALS = {
    PartyCategory.LARGE_SUPPLIER: "Large Suppliers",
    PartyCategory.OTHER: "Other SEC Parties",
    PartyCategory.SMALL_SUPPLIER: "Small Suppliers",
    PartyCategory.GAS_NETWORK: "Gas Networks",
    PartyCategory.ELECTRICITY_NETWORK: "Electricity Networks",
}


class VotingGroup(models.Model):
    """Parties that are affiliates vote as one group; a group belongs to one party category."""

    name = models.CharField(max_length=200, unique=True)
    category = models.CharField(max_length=32, choices=PartyCategory.choices)

    class Meta:
        ordering = ["name"]
        constraints = [
            choices_constraint("votinggroup", "category", PartyCategory, "Choose one of the five party categories.")
        ]

    def __str__(self):
        return self.name


class PartyQuerySet(models.QuerySet):
    def sec_parties(self):
        """Every party but the DCC, which the paper counts apart."""
        return self.filter(is_dcc=False)

    def in_membership_on(self, day):
        """SEC Parties that had acceded by `day` and not withdrawn or been expelled by then.

        The same rule as parties/reports.membership_statistics, as a queryset for the
        dashboard's sortable, paginated tables.
        """
        joined = MembershipEvent.objects.filter(party=models.OuterRef("pk"), kind=EventKind.ACCESSION, date__lte=day)
        left = MembershipEvent.objects.filter(party=models.OuterRef("pk"), kind__in=LEAVING_KINDS, date__lte=day)
        return self.sec_parties().filter(models.Exists(joined)).exclude(models.Exists(left))


class Party(models.Model):
    name = models.CharField(max_length=200, unique=True)
    voting_group = models.ForeignKey(
        VotingGroup,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="parties",
        help_text="Affiliated parties share one voting group. The DCC has none.",
    )
    is_dcc = models.BooleanField(
        "is the DCC",
        default=False,
        help_text="The Data Communications Company is a party apart: it has no voting group.",
    )

    objects = PartyQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "parties"
        constraints = [
            UniqueConstraint(
                fields=["is_dcc"],
                condition=Q(is_dcc=True),
                name="party_one_dcc",
                violation_error_message="There is only one DCC.",
            ),
            CheckConstraint(
                condition=Q(is_dcc=True, voting_group__isnull=True) | Q(is_dcc=False, voting_group__isnull=False),
                name="party_voting_group_unless_dcc",
                violation_error_message="Every SEC Party but the DCC belongs to a voting group.",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def category(self):
        return self.voting_group.category if self.voting_group_id else None

    def get_category_display(self):
        if self.is_dcc:
            return "DCC"
        return PartyCategory(self.voting_group.category).label if self.voting_group_id else ""


class EventKind(models.TextChoices):
    ACCESSION = "accession", "Accession"
    DEFAULT_ENTERED = "default_entered", "Entered default"
    DEFAULT_LEFT = "default_left", "Left default"
    WITHDRAWAL = "withdrawal", "Withdrawal"
    EXPULSION = "expulsion", "Expulsion"


# Kinds whose note the paper prints as a footnote, and so should have one.
NOTED_KINDS = (EventKind.DEFAULT_ENTERED, EventKind.WITHDRAWAL, EventKind.EXPULSION)
LEAVING_KINDS = (EventKind.WITHDRAWAL, EventKind.EXPULSION)


class MembershipEvent(models.Model):
    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=EventKind.choices)
    date = models.DateField()
    note = models.TextField(
        blank=True,
        help_text="Printed as a footnote in Table 3 (e.g. why a party withdrew or was expelled).",
    )

    class Meta:
        ordering = ["date", "party__name"]
        # The paper reads a window of months: its events by date, and the history before it
        # summed up by kind and date (with the party, so that the index alone answers), so
        # that it costs what the window holds rather than the years before it.
        indexes = [
            models.Index(fields=["date"], name="event_date"),
            models.Index(fields=["kind", "date", "party"], name="event_kind_date_party"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["party", "kind", "date"],
                name="event_once_per_party_kind_date",
                violation_error_message="This party already has this event on this date.",
            ),
            UniqueConstraint(
                fields=["party"],
                condition=Q(kind="accession"),
                name="event_one_accession_per_party",
                violation_error_message="This party has already acceded.",
            ),
            UniqueConstraint(
                fields=["party"],
                condition=Q(kind__in=["withdrawal", "expulsion"]),
                name="event_one_leaving_per_party",
                violation_error_message="This party has already withdrawn or been expelled.",
            ),
            choices_constraint("event", "kind", EventKind, "Choose a kind of event."),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.party} on {self.date:%d/%m/%Y}"

    def save(self, *args, **kwargs):
        """An accession's date is the applicant's "acceded on": a corrected date follows to the
        applicant linked to the party, so Table 1 and Table 3 keep to one date."""
        super().save(*args, **kwargs)
        if self.kind == EventKind.ACCESSION:
            # Saved one by one rather than update(), so the applicant's history records it.
            for applicant in Applicant.objects.filter(party_id=self.party_id).exclude(acceded_on=self.date):
                applicant.acceded_on = self.date
                applicant.save(update_fields=["acceded_on"])

    def clean(self):
        if not self.party_id or self.date is None:
            return
        if self.kind == EventKind.ACCESSION:
            applied = Applicant.objects.filter(party_id=self.party_id, applied_on__gt=self.date).first()
            if applied is not None:
                raise ValidationError(
                    {"date": f"{applied.name} applied on {applied.applied_on:%d/%m/%Y}: it cannot accede before."}
                )
            return
        if self.party.is_dcc:
            raise ValidationError("The DCC's membership is not recorded as events.")
        accession = self.party.events.filter(kind=EventKind.ACCESSION).exclude(pk=self.pk).first()
        if accession is None or accession.date > self.date:
            raise ValidationError({"date": "A party must accede before it can default, withdraw or be expelled."})


class Applicant(models.Model):
    """An organisation approved to accede, awaiting the SECCo Board's Accession Agreement."""

    name = models.CharField(max_length=200)
    category = models.CharField("party category", max_length=32, choices=PartyCategory.choices)
    applied_on = models.DateField(help_text="When the application was accepted.")
    acceded_on = models.DateField(
        null=True,
        blank=True,
        help_text="Set by the applicant's accession (the Accede button), from its party's Accession event.",
    )
    party = models.OneToOneField(
        Party,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="application",
        help_text="The SEC Party the applicant became: its Accession event gives the date above.",
    )

    class Meta:
        ordering = ["applied_on", "name"]
        # Table 1 asks for the applicants still awaiting accession: found by acceded_on, not by
        # reading every applicant there ever was.
        indexes = [models.Index(fields=["acceded_on"], name="applicant_acceded_on")]
        constraints = [
            models.UniqueConstraint(
                fields=["name", "applied_on"],
                name="applicant_once_per_date",
                violation_error_message="This applicant is already recorded for that date.",
            ),
            CheckConstraint(
                condition=Q(acceded_on__isnull=True) | Q(acceded_on__gte=models.F("applied_on")),
                name="applicant_accedes_after_applying",
                violation_error_message="An applicant cannot accede before applying.",
            ),
            choices_constraint("applicant", "category", PartyCategory, "Choose one of the five party categories."),
            CheckConstraint(
                condition=Q(party__isnull=True) | Q(acceded_on__isnull=False),
                name="applicant_linked_party_has_acceded",
                violation_error_message="An applicant linked to its party has the date it acceded.",
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        """Linked to its party, the applicant acceded on the party's Accession date.

        The errors name no field: the admin shows the party and the date read-only (they are
        set by the Accede button), and a form cannot carry an error for a field it lacks."""
        if self.party_id is None:
            return
        if self.party.is_dcc:
            raise ValidationError("The DCC does not accede as an applicant.")
        accession = self.party.events.filter(kind=EventKind.ACCESSION).values_list("date", flat=True).first()
        if accession is None:
            raise ValidationError(f"{self.party} has no Accession event: record the accession first.")
        if self.acceded_on != accession:
            raise ValidationError(f"{self.party} acceded on {accession:%d/%m/%Y}, the date of its Accession event.")


class DCCUserRole(models.Model):
    name = models.CharField(max_length=100, unique=True)
    abbreviation = models.CharField(max_length=10, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = "DCC user role"

    def __str__(self):
        return f"{self.name} ({self.abbreviation})" if self.abbreviation else self.name


class UEPCompletion(models.Model):
    """A party completing the User Entry Process for one or more DCC user roles."""

    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="uep_completions")
    roles = models.ManyToManyField(DCCUserRole, related_name="+", verbose_name="DCC user roles")
    completed_on = models.DateField("date of UEP completion")

    class Meta:
        ordering = ["completed_on", "party__name"]
        verbose_name = "UEP completion"
        indexes = [models.Index(fields=["completed_on"], name="uep_completed_on")]  # a period's, by date
        constraints = [
            models.UniqueConstraint(
                fields=["party", "completed_on"],
                name="uep_once_per_party_date",
                violation_error_message="This party already completed UEP on that date.",
            )
        ]

    def __str__(self):
        return f"{self.party} ({self.completed_on:%d/%m/%Y})"


class TestKind(models.TextChoices):
    __test__ = False
    SREPT = "srept", "SMKI and Repository Entry Process Testing (SREPT)"
    UEPT = "uept", "User Entry Process Testing (UEPT)"


class TestCompletion(models.Model):
    """A party completing entry-process testing; details may be more restricted than the paper."""

    __test__ = False  # not a test case, whatever pytest makes of the name

    kind = models.CharField(max_length=8, choices=TestKind.choices)
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="test_completions")
    roles = models.ManyToManyField(DCCUserRole, related_name="+", verbose_name="DCC user roles")
    completed_on = models.DateField()
    classification = models.CharField(max_length=8, choices=Classification.choices, default=Classification.AMBER)

    class Meta:
        ordering = ["completed_on", "party__name"]
        indexes = [models.Index(fields=["completed_on"], name="test_completed_on")]  # a period's, by date
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "party", "completed_on"],
                name="test_once_per_kind_party_date",
                violation_error_message="This party already completed this testing on that date.",
            ),
            choices_constraint("test", "kind", TestKind, "Choose SREPT or UEPT."),
            choices_constraint("test", "classification", Classification),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.party} ({self.completed_on:%d/%m/%Y})"
