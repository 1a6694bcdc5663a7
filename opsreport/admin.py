import datetime

from django.contrib import admin
from django.utils import timezone

from opsreport.forms import EffortEntryForm, WebsiteMonthForm
from opsreport.lib.admin import (
    MonthAddOrChangeMixin,
    MonthlyRowsAdmin,
    MonthRowsInline,
    RowLabelAdmin,
    SameMonthRaceMixin,
)
from opsreport.lib.admin_history import RecordHistoryAdmin
from opsreport.lib.months import add_months, first_of_month
from opsreport.models import (
    Appendix,
    EffortDriver,
    EffortEntry,
    EffortMonth,
    EffortProduct,
    Grade,
    Paper,
    WebsiteMonth,
)
from opsreport.month import start


class AppendixInline(admin.TabularInline):
    model = Appendix
    extra = 0


@admin.register(Paper)
class PaperAdmin(RecordHistoryAdmin, MonthAddOrChangeMixin, SameMonthRaceMixin, admin.ModelAdmin):
    list_display = ["__str__", "reference", "classification", "issue_date", "status"]
    list_filter = ["status", "classification"]
    readonly_fields = ["status"]
    inlines = [AppendixInline]
    fieldsets = [
        (
            "Front page",
            {
                "fields": [
                    "month",
                    ("panel_meeting_number", "panel_meeting_date", "paper_number"),
                    "classification",
                    "action",
                    ("author", "team"),
                    "issue_date",
                    "purpose",
                    "recommendation",
                    "status",
                ]
            },
        ),
        (
            "2. Monthly SECAS Highlights",
            {
                "fields": [
                    "change_and_release",
                    "technical_support",
                    "security_and_privacy",
                    "party_support",
                ],
                "description": "Separate paragraphs with a blank line.",
            },
        ),
    ]

    def get_readonly_fields(self, request, obj=None):
        # A published issue lives at its month's address: the month cannot move under it.
        if obj is not None and obj.issues.exists():
            return [*self.readonly_fields, "month"]
        return self.readonly_fields

    def get_changeform_initial_data(self, request):
        """A new paper follows the latest, as Start next month does (opsreport/month/start.py):
        next month, next Panel meeting, same numbering, author and team."""
        initial = super().get_changeform_initial_data(request)
        latest = start.latest_paper(timezone.localdate())
        if latest is None:
            initial.setdefault("month", add_months(first_of_month(datetime.date.today()), -1))
            return initial
        fields, _ = start.carried_over(latest)
        return {**fields, **initial}


class EffortEntryInline(MonthRowsInline):
    model = EffortEntry
    form = EffortEntryForm  # the workbook's Effort sheet reads its days with the same form
    fields = ["driver", "product", "grade", "days"]
    label_field = "driver"
    parent_field = "effort_month"
    row_key = ["driver", "product", "grade"]


@admin.register(EffortMonth)
class EffortMonthAdmin(RecordHistoryAdmin, MonthlyRowsAdmin):
    list_display = ["__str__", "total_days"]
    inlines = [EffortEntryInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("entries")

    @admin.display(description="total days")
    def total_days(self, obj):
        return f"{sum(entry.days for entry in obj.entries.all()):.2f}"


@admin.register(EffortDriver, EffortProduct, Grade)
class EffortLabelAdmin(RecordHistoryAdmin, RowLabelAdmin):
    pass


@admin.register(WebsiteMonth)
class WebsiteMonthAdmin(RecordHistoryAdmin, MonthlyRowsAdmin):
    form = WebsiteMonthForm  # and its Website sheet with this one
    # Every figure the model has, so a figure added to WebsiteMonth shows here without a change.
    figures = tuple(f.name for f in WebsiteMonth._meta.concrete_fields if f.name not in ("id", "month"))
    list_display = ["__str__", *figures]
    # One compact screen: the month and its figures, side by side.
    fieldsets = [("SEC Website", {"fields": ["month", figures], "classes": ["compact-figures"]})]
