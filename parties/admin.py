from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from opsreport.actions import PublishedRefused, accede, record_party_event
from opsreport.lib.admin import CONFIRM_PUBLISHED_FIELD, ReturnToMixin, group_printing, return_to
from opsreport.lib.admin_history import RecordHistoryAdmin
from parties.forms import PARTY_EVENT_ACTIONS, AccessionForm, PartyEventForm, TestCompletionForm, UEPCompletionForm
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
    # A footnote is a sentence or two: a short box keeps the party's history on one screen.
    formfield_overrides = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 70})}}


class PartyInline(admin.TabularInline):
    model = Party
    extra = 0
    fields = ["name"]
    show_change_link = True


@admin.register(VotingGroup)
class VotingGroupAdmin(RecordHistoryAdmin, admin.ModelAdmin):
    list_display = ["name", "category", "party_count"]
    list_filter = ["category"]
    # Said here, not only in Meta: the party count's GROUP BY drops Meta.ordering, and the Party
    # form's voting group autocomplete pages the groups unordered (UnorderedObjectListWarning).
    ordering = ["name"]
    search_fields = ["name", "parties__name"]
    inlines = [PartyInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(party_count=Count("parties"))

    @admin.display(description="parties", ordering="party_count")
    def party_count(self, obj):
        return obj.party_count


class SmallFormMixin:
    """A small form of our own on an object's admin page (templates/admin/parties/small_form.html)."""

    def small_form_object(self, request, object_id, *related_models):
        """The object, if this user may change it and add the rows the form writes."""
        obj = self.get_object(request, object_id)
        if obj is None:
            raise Http404
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        for model in related_models:
            if not request.user.has_perm(f"{model._meta.app_label}.add_{model._meta.model_name}"):
                raise PermissionDenied
        return obj

    def run_action(self, request, form, run):
        """run(confirmed) calls the action (opsreport.actions), whose refusal becomes the form's
        error, with nothing written: a change to a figure a published issue printed needs the
        confirmation ticked, as on the admin's own screens (opsreport.lib.admin.EditGuardMixin),
        and the action then records it for the approver. Returns what the action returned, or
        None; `form.printed` is [(issue, table)] for the confirmation box."""
        form.printed = []
        try:
            return run(request.POST.get(CONFIRM_PUBLISHED_FIELD) == "yes")
        except PublishedRefused as refused:
            form.printed = refused.issues()
            issues = ", ".join(
                f"{issue.paper.title} (issue {issue.number})" for issue, _ in group_printing(form.printed)
            )
            form.add_error(
                None,
                f"Not saved: this changes a figure published in {issues}. Tick “I am changing a "
                "figure published in …” to save it.",
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        except IntegrityError:
            form.add_error(None, "Another change was saved at the same time; nothing was recorded. Try again.")
        return None

    def render_small_form(self, request, obj, form, title, button, printed=()):
        opts = self.model._meta
        context = {
            "published_printing": group_printing(printed),
            **self.admin_site.each_context(request),
            "title": title,
            "subtitle": str(obj),
            "opts": opts,
            "original": obj,
            "form": form,
            "button": button,
            "change_url": reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]),
            "media": self.media + form.media,
        }
        return TemplateResponse(request, "admin/parties/small_form.html", context)


@admin.register(Party)
class PartyAdmin(RecordHistoryAdmin, SmallFormMixin, admin.ModelAdmin):
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

    def get_urls(self):
        view = self.admin_site.admin_view(self.event_view)
        return [path("<path:object_id>/event/", view, name="parties_party_event"), *super().get_urls()]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {**(extra_context or {}), "event_actions": PARTY_EVENT_ACTIONS.items()}
        return super().change_view(request, object_id, form_url, extra_context)

    def event_view(self, request, object_id):
        """Record that the party entered or left default, withdrew or was expelled, with its
        footnote, from the party's own page (`?kind=` picks the button pressed)."""
        party = self.small_form_object(request, object_id, MembershipEvent)
        if request.method == "POST":
            form = PartyEventForm(request.POST, party=party)
            data = form.cleaned_data if form.is_valid() else None
            event = data and self.run_action(
                request,
                form,
                lambda confirmed: record_party_event(
                    party, data["kind"], data["date"], data["note"], user=request.user, confirm_published=confirmed
                ),
            )
            if event:
                self.message_user(request, f"Recorded: {event}.", messages.SUCCESS)
                return redirect(return_to(request) or reverse("admin:parties_party_change", args=[party.pk]))
        else:
            kind = request.GET.get("kind")
            form = PartyEventForm(party=party, initial={"kind": kind} if kind in PARTY_EVENT_ACTIONS else {})
        title = f"Record an event for {party}"
        return self.render_small_form(request, party, form, title, "Record", getattr(form, "printed", []))


@admin.register(MembershipEvent)
class MembershipEventAdmin(RecordHistoryAdmin, ReturnToMixin, admin.ModelAdmin):
    list_display = ["date", "kind", "party", "note"]
    list_filter = ["kind", "date"]
    list_select_related = ["party"]
    date_hierarchy = "date"
    search_fields = ["party__name", "note"]
    autocomplete_fields = ["party"]


@admin.register(Applicant)
class ApplicantAdmin(RecordHistoryAdmin, SmallFormMixin, ReturnToMixin, admin.ModelAdmin):
    list_display = ["name", "category", "applied_on", "acceded_on", "party"]
    list_filter = ["category"]
    list_select_related = ["party"]
    date_hierarchy = "applied_on"
    search_fields = ["name"]
    # Acceding is one step (the Accede button), so the party and its date are never typed here.
    readonly_fields = ["acceded_on", "party"]
    actions = ["accede"]

    def get_urls(self):
        view = self.admin_site.admin_view(self.accede_view)
        return [path("<path:object_id>/accede/", view, name="parties_applicant_accede"), *super().get_urls()]

    @admin.action(description="Accede the selected applicant (one at a time)", permissions=["change"])
    def accede(self, request, queryset):
        applicants = list(queryset[:2])
        if len(applicants) != 1:
            self.message_user(request, "Choose one applicant to accede at a time.", messages.WARNING)
            return None
        return redirect(reverse("admin:parties_applicant_accede", args=[applicants[0].pk]))

    def accede_view(self, request, object_id):
        """The applicant accedes: party, voting group and category, and the dated Accession
        event, in one transaction; the applicant is linked to its party."""
        applicant = self.small_form_object(request, object_id, Party, MembershipEvent)
        if applicant.party_id is not None:
            self.message_user(request, f"{applicant} acceded on {applicant.acceded_on:%d/%m/%Y}.", messages.INFO)
            return redirect(reverse("admin:parties_applicant_change", args=[applicant.pk]))
        if request.method == "POST":
            form = AccessionForm(request.POST, applicant=applicant)
            party = form.is_valid() and self.run_action(
                request, form, lambda confirmed: self._accede(request, applicant, form.cleaned_data, confirmed)
            )
            if party:
                self.message_user(
                    request,
                    f"{applicant} acceded on {applicant.acceded_on:%d/%m/%Y} as the SEC Party {party}.",
                    messages.SUCCESS,
                )
                return redirect(return_to(request) or reverse("admin:parties_party_change", args=[party.pk]))
        else:
            form = AccessionForm(applicant=applicant)
        title = f"{applicant} accedes to the SEC"
        return self.render_small_form(request, applicant, form, title, "Accede", getattr(form, "printed", []))

    def _accede(self, request, applicant, data, confirmed):
        return accede(
            data["party_name"],
            data["date"],
            category=data["category"],
            applicant=applicant,
            voting_group=data["voting_group"],
            new_voting_group=data["new_voting_group"],
            user=request.user,
            confirm_published=confirmed,
        )


@admin.register(DCCUserRole)
class DCCUserRoleAdmin(RecordHistoryAdmin, admin.ModelAdmin):
    list_display = ["name", "abbreviation", "position"]
    list_editable = ["position"]


@admin.register(UEPCompletion)
class UEPCompletionAdmin(RecordHistoryAdmin, ReturnToMixin, admin.ModelAdmin):
    form = UEPCompletionForm  # the workbook's Completions sheet checks its rows with it too
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
    form = TestCompletionForm
    list_display = ["kind", "party", "role_list", "completed_on", "classification"]
    list_filter = ["kind", "classification"]
