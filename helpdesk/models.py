"""SECAS Helpdesk: email enquiries by category and telephone calls, month by month."""

from django.db import models

from opsreport.lib.fields import MonthField, first_of_month_constraint, not_negative_constraint


class EnquiryCategory(models.Model):
    """A row of Table 5. Rename freely; retire rather than delete, so history keeps its rows."""

    name = models.CharField(max_length=100, unique=True)
    position = models.PositiveSmallIntegerField(default=0, help_text="Order of the row in Table 5.")
    retired = models.BooleanField(
        default=False, help_text="Retired categories take no new tallies but keep their history."
    )

    class Meta:
        ordering = ["position", "name"]
        verbose_name_plural = "enquiry categories"

    def __str__(self):
        return self.name


class HelpdeskMonth(models.Model):
    """One month's helpdesk figures: calls, the mailbox total and the emails by category."""

    month = MonthField(unique=True, error_messages={"unique": "This month is already entered."})
    telephone_enquiries = models.PositiveIntegerField(null=True, blank=True)
    mailbox_total = models.PositiveIntegerField(
        "emails to the SECAS mailbox",
        null=True,
        blank=True,
        help_text="The mailbox's own count; the categories below should add up to it.",
    )

    class Meta:
        ordering = ["-month"]
        constraints = [
            first_of_month_constraint("helpdeskmonth"),
            not_negative_constraint("helpdeskmonth", "telephone_enquiries"),
            not_negative_constraint("helpdeskmonth", "mailbox_total"),
        ]

    def __str__(self):
        return self.month.strftime("%B %Y")


class EmailTally(models.Model):
    helpdesk_month = models.ForeignKey(HelpdeskMonth, on_delete=models.CASCADE, related_name="tallies")
    category = models.ForeignKey(EnquiryCategory, on_delete=models.PROTECT, related_name="tallies")
    emails = models.PositiveIntegerField()

    class Meta:
        ordering = ["category__position", "category__name"]
        verbose_name_plural = "email tallies"
        constraints = [
            models.UniqueConstraint(
                fields=["helpdesk_month", "category"],
                name="emailtally_once_per_month_category",
                violation_error_message="This category already has a tally for the month.",
            ),
            not_negative_constraint("emailtally", "emails"),
        ]

    def __str__(self):
        return f"{self.category}: {self.emails}"
