from django.contrib import admin, messages

from helpdesk.forms import EmailTallyForm, HelpdeskMonthForm
from helpdesk.models import EmailTally, EnquiryCategory, HelpdeskMonth
from opsreport.lib.admin import MonthlyRowsAdmin, MonthRowsInline, RowLabelAdmin
from opsreport.lib.admin_history import RecordHistoryAdmin


class EmailTallyInline(MonthRowsInline):
    model = EmailTally
    form = EmailTallyForm  # the workbook's Helpdesk sheet reads its counts with the same forms
    fields = ["category", "emails"]
    label_field = "category"
    parent_field = "helpdesk_month"


@admin.register(HelpdeskMonth)
class HelpdeskMonthAdmin(RecordHistoryAdmin, MonthlyRowsAdmin):
    form = HelpdeskMonthForm
    list_display = ["__str__", "telephone_enquiries", "mailbox_total", "category_total"]
    fieldsets = [
        (None, {"fields": ["month"]}),
        ("Telephone and mailbox", {"fields": ["telephone_enquiries", "mailbox_total"]}),
    ]
    inlines = [EmailTallyInline]

    def save_related(self, request, form, formsets, change):
        """Saved either way, with a warning when the categories do not add up to the mailbox.

        A warning, not an error: months were published with the two apart (July 2017: 1,459
        by category, 1,439 in the mailbox), their figures must stay correctable, and the
        paper's review keeps a finding for every month where they disagree."""
        super().save_related(request, form, formsets, change)
        mailbox = form.instance.mailbox_total
        total = sum(form.instance.tallies.values_list("emails", flat=True))
        if mailbox is not None and total != mailbox:
            difference = total - mailbox
            side = "more" if difference > 0 else "fewer"
            self.message_user(
                request,
                f"{form.instance}: the categories add up to {total:,}, {abs(difference):,} {side} than the "
                f"mailbox's {mailbox:,}. Saved as entered; the paper prints the categories' total and its "
                "review lists the difference until one of them is corrected.",
                messages.WARNING,
            )

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("tallies")

    @admin.display(description="emails by category, added up")
    def category_total(self, obj):
        return sum(tally.emails for tally in obj.tallies.all())


@admin.register(EnquiryCategory)
class EnquiryCategoryAdmin(RecordHistoryAdmin, RowLabelAdmin):
    pass
