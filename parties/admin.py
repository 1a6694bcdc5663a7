from django.contrib import admin
from django.db.models import Count

from opsreport.lib.admin_history import RecordHistoryAdmin
from parties.models import (
    Applicant,
    DCCUserRole,
    MembershipEvent,
    Party,
    TestCompletion,
    UEPCompletion,
    VotingGroup,
)


class MembershipEventInline(admin.TabularInline):
    model = MembershipEvent
    extra = 0
    fields = ["kind", "date", "note"]


class PartyInline(admin.TabularInline):
    model = Party
    extra = 0
    fields = ["name"]
    show_change_link = True


@admin.register(VotingGroup)
class VotingGroupAdmin(RecordHistoryAdmin, admin.ModelAdmin):
    list_display = ["name", "category", "party_count"]
    list_filter = ["category"]
    search_fields = ["name", "parties__name"]
    inlines = [PartyInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(party_count=Count("parties"))

    @admin.display(description="parties", ordering="party_count")
    def party_count(self, obj):
        return obj.party_count


@admin.register(Party)
class PartyAdmin(RecordHistoryAdmin, admin.ModelAdmin):
    list_display = ["name", "category_display", "voting_group", "is_dcc"]
    list_filter = ["voting_group__category", "is_dcc", "events__kind"]
    list_select_related = ["voting_group"]
    search_fields = ["name", "voting_group__name"]
    autocomplete_fields = ["voting_group"]
    inlines = [MembershipEventInline]

    @admin.display(description="party category", ordering="voting_group__category")
    def category_display(self, obj):
        return obj.get_category_display()

    def get_queryset(self, request):
        # The filter on events would otherwise list a party once per matching event.
        return super().get_queryset(request).distinct()


@admin.register(MembershipEvent)
class MembershipEventAdmin(RecordHistoryAdmin, admin.ModelAdmin):
    list_display = ["date", "kind", "party", "note"]
    list_filter = ["kind", "date"]
    list_select_related = ["party"]
    date_hierarchy = "date"
    search_fields = ["party__name", "note"]
    autocomplete_fields = ["party"]


@admin.register(Applicant)
class ApplicantAdmin(RecordHistoryAdmin, admin.ModelAdmin):
    list_display = ["name", "category", "applied_on", "acceded_on"]
    list_filter = ["category"]
    date_hierarchy = "applied_on"
    search_fields = ["name"]


@admin.register(DCCUserRole)
class DCCUserRoleAdmin(RecordHistoryAdmin, admin.ModelAdmin):
    list_display = ["name", "abbreviation", "position"]
    list_editable = ["position"]


@admin.register(UEPCompletion)
class UEPCompletionAdmin(RecordHistoryAdmin, admin.ModelAdmin):
    list_display = ["party", "role_list", "completed_on"]
    list_select_related = ["party"]
    date_hierarchy = "completed_on"
    autocomplete_fields = ["party"]
    filter_horizontal = ["roles"]
    search_fields = ["party__name"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("roles")

    @admin.display(description="DCC user role(s)")
    def role_list(self, obj):
        return ", ".join(str(role) for role in obj.roles.all())


@admin.register(TestCompletion)
class TestCompletionAdmin(UEPCompletionAdmin):
    list_display = ["kind", "party", "role_list", "completed_on", "classification"]
    list_filter = ["kind", "classification"]
