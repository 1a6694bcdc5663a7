from django.contrib import admin

from helpdesk.models import EmailTally, EnquiryCategory, HelpdeskMonth
from opsreport.lib.admin import MonthlyRowsAdmin, MonthRowsInline, RowLabelAdmin
from opsreport.lib.admin_history import RecordHistoryAdmin


class EmailTallyInline(MonthRowsInline):
    model = EmailTally
    fields = ["category", "emails"]
    label_field = "category"
    parent_field = "helpdesk_month"


@admin.register(HelpdeskMonth)
class HelpdeskMonthAdmin(RecordHistoryAdmin, MonthlyRowsAdmin):
    list_display = ["__str__", "telephone_enquiries", "mailbox_total", "category_total"]
    fieldsets = [
        (None, {"fields": ["month"]}),
        ("Telephone and mailbox", {"fields": ["telephone_enquiries", "mailbox_total"]}),
    ]
    inlines = [EmailTallyInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("tallies")

    @admin.display(description="emails by category, added up")
    def category_total(self, obj):
        return sum(tally.emails for tally in obj.tallies.all())


@admin.register(EnquiryCategory)
class EnquiryCategoryAdmin(RecordHistoryAdmin, RowLabelAdmin):
    pass
