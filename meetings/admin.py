from django.contrib import admin

from meetings.models import (
    Committee,
    Meeting,
    MeetingDate,
    MeetingLink,
    MeetingModification,
    Modification,
    Release,
    SECVersion,
)
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
class MeetingAdmin(RecordHistoryAdmin, admin.ModelAdmin):
    list_display = ["__str__", "committee", "date_list", "confidential"]
    list_filter = ["committee__category", "committee", "confidential", "dates__date"]
    list_select_related = ["committee"]
    search_fields = ["name", "summary", "committee__name", "modifications__reference"]
    inlines = [MeetingDateInline, MeetingModificationInline, MeetingLinkInline]
    fields = ["committee", "name", "summary", "confidential"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("dates").distinct()

    @admin.display(description="meeting date(s)")
    def date_list(self, obj):
        return ", ".join(f"{d.date:%d/%m/%Y}" for d in obj.dates.all())


@admin.register(Committee)
class CommitteeAdmin(RecordHistoryAdmin, admin.ModelAdmin):
    list_display = ["name", "category", "position"]
    list_editable = ["position"]
    list_filter = ["category"]
    search_fields = ["name"]


@admin.register(Modification)
class ModificationAdmin(RecordHistoryAdmin, admin.ModelAdmin):
    list_display = ["reference", "title", "status", "target_release"]
    list_filter = ["status", "target_release"]
    list_select_related = ["target_release"]
    search_fields = ["reference", "title"]


@admin.register(Release)
class ReleaseAdmin(RecordHistoryAdmin, admin.ModelAdmin):
    list_display = ["name", "go_live", "document_only"]


@admin.register(SECVersion)
class SECVersionAdmin(RecordHistoryAdmin, admin.ModelAdmin):
    list_display = ["number", "go_live", "description"]
