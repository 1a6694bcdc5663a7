from django.contrib import admin
from django.db import transaction
from django.utils import timezone

from meetings.forms import CommitteeForm, ModificationForm, ReleaseForm, SECVersionForm, StatusChangeForm
from meetings.models import (
    Committee,
    Meeting,
    MeetingDate,
    MeetingLink,
    MeetingModification,
    Modification,
    ModificationStatus,
    Release,
    SECVersion,
    StatusChange,
    record_decided_statuses,
)
from meetings.reports import with_status_on
from opsreport.lib.admin import ReturnToMixin
from opsreport.lib.admin_history import RecordHistoryAdmin


class MeetingDateInline(admin.TabularInline):
    model = MeetingDate
    extra = 1
    min_num = 1
    validate_min = True


class MeetingLinkInline(admin.TabularInline):
    model = MeetingLink
    extra = 0

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "url":
            kwargs["assume_scheme"] = "https"  # an address typed without a scheme is the SEC website's
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class MeetingModificationInline(admin.TabularInline):
    model = MeetingModification
    extra = 0
    autocomplete_fields = ["modification"]
    fields = ["modification", "outcome", "position"]


@admin.register(Meeting)
class MeetingAdmin(RecordHistoryAdmin, ReturnToMixin, admin.ModelAdmin):
    list_display = ["__str__", "committee", "date_list", "confidential"]
    list_filter = ["committee__category", "committee", "confidential", "dates__date"]
    list_select_related = ["committee"]
    search_fields = ["name", "summary", "committee__name", "modifications__reference"]
    inlines = [MeetingDateInline, MeetingModificationInline, MeetingLinkInline]
    fields = ["committee", "name", "summary", "confidential"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("dates").distinct()

    def save_related(self, request, form, formsets, change):
        """The inlines save dates and decisions one by one; once all are in, the status each
        decision sets is dated by the meeting's final dates. The admin's one transaction
        covers it all."""
        with transaction.atomic():
            super().save_related(request, form, formsets, change)
            record_decided_statuses(form.instance)

    @admin.display(description="meeting date(s)")
    def date_list(self, obj):
        return ", ".join(f"{d.date:%d/%m/%Y}" for d in obj.dates.all())


@admin.register(Committee)
class CommitteeAdmin(RecordHistoryAdmin, admin.ModelAdmin):
    form = CommitteeForm  # the register's Committees sheet checks its rows with the same form
    list_display = ["name", "category", "position"]
    list_editable = ["position"]
    list_filter = ["category"]
    search_fields = ["name"]
    fieldsets = [
        (None, {"fields": ["name", "category", "position"]}),
        (
            "Proposing the month's meetings",
            {
                "fields": ["standard_summary", "link_pattern"],
                "description": "Placeholders: {committee} (the short name numbered meetings carry, e.g. SSC), "
                "{number}, {ddmm}, {date} and {month}.",
            },
        ),
    ]


class StatusChangeInline(admin.TabularInline):
    model = StatusChange
    form = StatusChangeForm  # and its Modification statuses sheet with this one
    extra = 0
    fields = ["date", "status", "set_by"]
    readonly_fields = ["set_by"]
    verbose_name_plural = "status history (a decision at a Change Board, Panel or Authority meeting adds its own)"

    @admin.display(description="set by")
    def set_by(self, obj):
        decision = obj.decision if obj.pk else None
        if decision is None:
            return "entered here"
        return f"{decision.get_outcome_display()} at {decision.meeting}"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("decision__meeting__committee")

    def get_extra(self, request, obj=None, **kwargs):
        return 0 if obj else 1  # a new modification starts with its first status


class StatusTodayFilter(admin.SimpleListFilter):
    title = "status today"
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return ModificationStatus.choices

    def queryset(self, request, queryset):
        return queryset.filter(status_on=self.value()) if self.value() else queryset


@admin.register(Modification)
class ModificationAdmin(RecordHistoryAdmin, admin.ModelAdmin):
    form = ModificationForm
    list_display = ["reference", "title", "status_today", "target_release"]
    list_filter = [StatusTodayFilter, "target_release"]
    list_select_related = ["target_release"]
    search_fields = ["reference", "title"]
    inlines = [StatusChangeInline]

    def get_queryset(self, request):
        return with_status_on(super().get_queryset(request), timezone.localdate())

    @admin.display(description="status today", ordering="status_on")
    def status_today(self, obj):
        return ModificationStatus(obj.status_on).label if obj.status_on else "—"


@admin.register(Release)
class ReleaseAdmin(RecordHistoryAdmin, admin.ModelAdmin):
    form = ReleaseForm
    list_display = ["name", "go_live", "document_only"]


@admin.register(SECVersion)
class SECVersionAdmin(RecordHistoryAdmin, admin.ModelAdmin):
    form = SECVersionForm
    list_display = ["number", "go_live", "description"]
