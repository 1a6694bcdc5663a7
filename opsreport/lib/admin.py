"""Admin pieces shared by the monthly-figures screens (helpdesk tallies, effort)."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.db.models import Q
from django.forms.models import BaseInlineFormSet
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone

from opsreport.lib.months import add_months, first_of_month, latest_month_allowed


class RowLabelAdmin(admin.ModelAdmin):
    """A renamable, orderable, retirable row label (enquiry category, effort driver...)."""

    list_display = ["name", "position", "retired"]
    list_editable = ["position", "retired"]
    list_filter = ["retired"]
    search_fields = ["name"]


class MonthRowsFormSet(BaseInlineFormSet):
    """Refuses two rows with the same key in one submission, naming the row.

    The database refuses them too, but only at save time; this says so on the form.
    """

    def clean(self):
        super().clean()
        seen = {}
        for form in self.forms:
            if not form.cleaned_data or form.cleaned_data.get("DELETE"):
                continue
            key = tuple(form.cleaned_data.get(name) for name in self.row_key)
            if key in seen:
                label = " / ".join(str(part) for part in key if part is not None)
                raise ValidationError(f"{label} is entered twice for this month; enter each row once.")
            seen[key] = form


class MonthRowsInline(admin.TabularInline):
    """The rows of one month, one per label (category, driver).

    `label_field` is the foreign key naming the row and `parent_field` the one to the month.
    Retired labels are offered only where this month already uses them, so history stays
    editable and new months stay clean.
    """

    label_field = None
    parent_field = None
    row_key = None  # the fields that name a row; defaults to the label field
    formset = MonthRowsFormSet
    _parent = None

    def label_model(self):
        return self.model._meta.get_field(self.label_field).related_model

    def get_formset(self, request, obj=None, **kwargs):
        self._parent = obj  # read by formfield_for_foreignkey while the formset is built
        formset = super().get_formset(request, obj, **kwargs)
        formset.row_key = self.row_key or [self.label_field]
        return formset

    def get_extra(self, request, obj=None, **kwargs):
        if obj is None:
            return self.label_model().objects.filter(retired=False).count()
        return 1

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == self.label_field:
            offered = Q(retired=False)
            if self._parent is not None:
                used = self.model.objects.filter(**{self.parent_field: self._parent})
                offered |= Q(pk__in=used.values(self.label_field))
            kwargs["queryset"] = self.label_model().objects.filter(offered)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class SameMonthRaceMixin:
    """Two editors adding the same month at once: both forms pass validation, the second save
    then meets the database's unique constraint. Run the form again: its validation now sees
    the other editor's month and says so on the form, with this editor's input kept."""

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except IntegrityError:
            if request.method != "POST":
                raise
            return super().changeform_view(request, object_id, form_url, extra_context)


class MonthAddOrChangeMixin:
    """`add/?month=2018-07-01` opens the month's record: its change page when the month is
    entered already, else the add page with the month filled in. Links to "the screen for a
    month" (opsreport/paper/fixes.py, the month page) need not know which it is.

    With `&return=month` as well, Save goes back to the month's page (/months/YYYY-MM/) rather
    than the list of records: the editor came from there, and carries on there.
    """

    RETURN_TO_MONTH = ("return", "month")

    def _month_from_query(self, request):
        try:
            return forms.DateField().clean(request.GET.get("month"))
        except ValidationError:
            return None

    def add_view(self, request, form_url="", extra_context=None):
        month = self._month_from_query(request) if request.method == "GET" else None
        if month is not None:
            pk = self.model.objects.filter(month=month).values_list("pk", flat=True).first()
            if pk is not None:
                opts = self.model._meta
                url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[pk])
                if self._returns_to_month(request):
                    url += "?" + "=".join(self.RETURN_TO_MONTH)
                return redirect(url)
        return super().add_view(request, form_url, extra_context)

    def _returns_to_month(self, request):
        name, value = self.RETURN_TO_MONTH
        return request.GET.get(name) == value

    def _back_to_month(self, request, obj, response):
        # Only a plain Save: "Save and continue editing" and "Save and add another" mean to stay.
        stays = any(key in request.POST for key in ("_continue", "_addanother", "_saveasnew"))
        if self._returns_to_month(request) and not stays and obj.pk is not None:
            return redirect(reverse("month", args=[obj.month]))
        return response

    def response_add(self, request, obj, post_url_continue=None):
        return self._back_to_month(request, obj, super().response_add(request, obj, post_url_continue))

    def response_change(self, request, obj):
        return self._back_to_month(request, obj, super().response_change(request, obj))

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        month = self._month_from_query(request)
        if month is not None:
            initial["month"] = month  # a date, shown in the form's own format (not 2018-07-01)
        return initial


class MonthlyRowsAdmin(MonthAddOrChangeMixin, SameMonthRaceMixin, admin.ModelAdmin):
    """A month entered on one screen: a new month's inline starts with every active label."""

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        if "month" not in initial:
            # The month after the latest entered (a month written around the forms past the
            # range they accept is passed over).
            entered = self.model.objects.filter(month__lte=latest_month_allowed(timezone.localdate()))
            latest = entered.order_by("-month").values_list("month", flat=True).first()
            initial["month"] = add_months(latest, 1) if latest else first_of_month(timezone.localdate())
        return initial

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        if obj.pk is None and request.method == "GET" and isinstance(inline, MonthRowsInline):
            labels = inline.label_model().objects.filter(retired=False)
            kwargs["initial"] = [{inline.label_field: label.pk} for label in labels]
        return kwargs
