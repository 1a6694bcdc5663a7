"""Admin pieces shared by the data screens: the monthly-figures screens (helpdesk tallies,
effort) and the guard against lost updates and unnoticed changes to published figures."""

from __future__ import annotations  # ModelAdmin[...] and the like are for the type checker only

import datetime
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django.contrib import admin, messages
from django.contrib.admin.utils import flatten_fieldsets, unquote
from django.contrib.admin.widgets import AutocompleteSelect, RelatedFieldWidgetWrapper
from django.core.exceptions import ValidationError
from django.db import IntegrityError, router, transaction
from django.db.models import Field, ForeignKey, Model, Q
from django.forms import Form, ModelForm
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.template.loader import select_template
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import capfirst

from opsreport.lib.edit_state import TOKEN_FIELD, Change, EditState, Inline, changes, deletion, merge_untouched
from opsreport.lib.months import add_months, first_of_month, latest_month_allowed, parse_month_key

if TYPE_CHECKING:
    # Admin classes for any model (Django's are generic only to the type checker), and the
    # mixins below, which are mixed into ModelAdmin subclasses: to the type checker they are one.
    ModelAdmin = admin.ModelAdmin[Any]
    TabularInline = admin.TabularInline[Any, Any]
    _AdminMixin = admin.ModelAdmin[Any]
else:
    ModelAdmin, TabularInline = admin.ModelAdmin, admin.TabularInline
    _AdminMixin = object

# A published issue that printed a record, and the table it printed it in: (PaperIssue, table).
# Any, as the library imports nothing of the project's models.
Printed = tuple[Any, str]


class RowLabelAdmin(ModelAdmin):
    """A renamable, orderable, retirable row label (enquiry category, effort driver...)."""

    list_display = ["name", "position", "retired"]
    list_editable = ["position", "retired"]
    list_filter = ["retired"]
    search_fields = ["name"]


class MonthRowsFormSet(BaseInlineFormSet):
    """Refuses two rows with the same key in one submission, naming the row.

    The database refuses them too, but only at save time; this says so on the form.
    """

    row_key: list[str]  # the fields that name a row, set by MonthRowsInline.get_formset

    def clean(self) -> None:
        super().clean()
        seen: dict[tuple[Any, ...], Form] = {}
        for form in self.forms:
            if not form.cleaned_data or form.cleaned_data.get("DELETE"):
                continue
            key = tuple(form.cleaned_data.get(name) for name in self.row_key)
            if key in seen:
                label = " / ".join(str(part) for part in key if part is not None)
                raise ValidationError(f"{label} is entered twice for this month; enter each row once.")
            seen[key] = form


class MonthRowsInline(TabularInline):
    """The rows of one month, one per label (category, driver).

    `label_field` is the foreign key naming the row and `parent_field` the one to the month.
    Retired labels are offered only where this month already uses them, so history stays
    editable and new months stay clean.
    """

    label_field: str  # each subclass names its two foreign keys
    parent_field: str
    row_key: list[str] | None = None  # the fields that name a row; defaults to the label field
    formset = MonthRowsFormSet
    # static/site/admin.js makes a "month-grid" a grid: running totals, a pasted column fills it.
    classes = ["month-grid"]
    _parent: Model | None = None

    def label_model(self) -> Any:
        """The model of the labels (EnquiryCategory, EffortDriver...), with its `objects`."""
        return self.model._meta.get_field(self.label_field).related_model

    def get_formset(self, request: HttpRequest, obj: Model | None = None, **kwargs: Any) -> Any:
        self._parent = obj  # read by formfield_for_foreignkey while the formset is built
        formset: Any = super().get_formset(request, obj, **kwargs)
        formset.row_key = self.row_key or [self.label_field]
        return formset

    def get_extra(self, request: HttpRequest, obj: Model | None = None, **kwargs: Any) -> int:
        if obj is None:
            return self.label_model().objects.filter(retired=False).count()
        return 1

    def formfield_for_foreignkey(self, db_field: ForeignKey[Any, Any], request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == self.label_field:
            offered = Q(retired=False)
            if self._parent is not None:
                used = self.model.objects.filter(**{self.parent_field: self._parent})
                offered |= Q(pk__in=used.values(self.label_field))
            kwargs["queryset"] = self.label_model().objects.filter(offered)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_dbfield(self, db_field: Field[Any, Any], request: HttpRequest, **kwargs: Any) -> Any:
        """A plain drop-down for the labels: no edit/add/delete/view icons beside it, since
        renaming a category or driver from one month's form would rename it for every month
        (labels are kept on their own screens)."""
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if formfield is not None and isinstance(formfield.widget, RelatedFieldWidgetWrapper):
            formfield.widget = formfield.widget.widget
        return formfield


def month_from_query(request: HttpRequest) -> datetime.date | None:
    """The month a link asks for, `?month=YYYY-MM` (the month page links with it; a first-of-month
    date is read too), or None for no month or anything else."""
    value = request.GET.get("month", "")
    try:
        return parse_month_key(value[:7] if value[7:] == "-01" else value)
    except ValueError:
        return None


def stays_on_page(request: HttpRequest) -> bool:
    """Only a plain Save leaves the page: "Save and continue editing", "Save and add another"
    and "Save as new" mean to stay."""
    return any(key in request.POST for key in ("_continue", "_addanother", "_saveasnew"))


def return_to(request: HttpRequest) -> str | None:
    """The page a link asked to come back to after Save, `?next=/months/2018-07/`: a path of this
    site only, or None."""
    target = request.GET.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return None


class ReturnToMixin(_AdminMixin):
    """An add page opened from the month page with `?next=/months/YYYY-MM/`: a plain Save goes
    back there rather than to the list of records, so the editor carries on where they were.
    "Save and add another" and "Save and continue editing" stay, as they say."""

    def response_add(self, request: HttpRequest, obj: Model, post_url_continue: str | None = None) -> HttpResponse:
        response = super().response_add(request, obj, post_url_continue)
        target = return_to(request)
        if target and not stays_on_page(request) and response.status_code == 302:
            return redirect(target)
        return response


class SameMonthRaceMixin(_AdminMixin):
    """Two editors adding the same month at once: both forms pass validation, the second save
    then meets the database's unique constraint. Run the form again: its validation now sees
    the other editor's month and says so on the form, with this editor's input kept."""

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except IntegrityError:
            if request.method != "POST":
                raise
            return super().changeform_view(request, object_id, form_url, extra_context)


class MonthAddOrChangeMixin(_AdminMixin):
    """`add/?month=2018-07-01` opens the month's record: its change page when the month is
    entered already, else the add page with the month filled in. Links to "the screen for a
    month" (opsreport/paper/fixes.py, the month page) need not know which it is.

    With `&return=month` as well, Save goes back to the month's page (/months/YYYY-MM/) rather
    than the list of records: the editor came from there, and carries on there.
    """

    RETURN_TO_MONTH = ("return", "month")

    def add_view(
        self, request: HttpRequest, form_url: str = "", extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        month = month_from_query(request) if request.method == "GET" else None
        if month is not None:
            pk = self.model.objects.filter(month=month).values_list("pk", flat=True).first()
            if pk is not None:
                opts = self.model._meta
                url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[pk])
                if self._returns_to_month(request):
                    url += "?" + "=".join(self.RETURN_TO_MONTH)
                return redirect(url)
        return super().add_view(request, form_url, extra_context)

    def _returns_to_month(self, request: HttpRequest) -> bool:
        name, value = self.RETURN_TO_MONTH
        return request.GET.get(name) == value

    def _back_to_month(self, request: HttpRequest, obj: Any, response: HttpResponse) -> HttpResponse:
        if self._returns_to_month(request) and not stays_on_page(request) and obj.pk is not None:
            return redirect(reverse("month", args=[obj.month]))
        return response

    def response_add(self, request: HttpRequest, obj: Model, post_url_continue: str | None = None) -> HttpResponse:
        return self._back_to_month(request, obj, super().response_add(request, obj, post_url_continue))

    def response_change(self, request: HttpRequest, obj: Model) -> HttpResponse:
        return self._back_to_month(request, obj, super().response_change(request, obj))

    def get_changeform_initial_data(self, request: HttpRequest) -> dict[str, Any]:
        initial: dict[str, Any] = dict(super().get_changeform_initial_data(request))
        initial.pop("month", None)  # the query's text; read as a month below, or not at all
        month = month_from_query(request)
        if month is not None:
            initial["month"] = month  # a date, shown in the form's own format (not 2018-07-01)
        return initial


class MonthlyRowsAdmin(MonthAddOrChangeMixin, SameMonthRaceMixin, ModelAdmin):
    """A month entered on one screen: a new month's inline starts with every active label."""

    def get_changeform_initial_data(self, request: HttpRequest) -> dict[str, Any]:
        initial = super().get_changeform_initial_data(request)
        if "month" not in initial:
            # The month after the latest entered (a month written around the forms past the
            # range they accept is passed over).
            entered = self.model.objects.filter(month__lte=latest_month_allowed(timezone.localdate()))
            latest = entered.order_by("-month").values_list("month", flat=True).first()
            initial["month"] = add_months(latest, 1) if latest else first_of_month(timezone.localdate())
        return initial

    def get_formset_kwargs(self, request: HttpRequest, obj: Model, inline: Any, prefix: str) -> dict[str, Any]:
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        if obj.pk is None and request.method == "GET" and isinstance(inline, MonthRowsInline):
            labels = inline.label_model().objects.filter(retired=False)
            kwargs["initial"] = [{inline.label_field: label.pk} for label in labels]
        return kwargs


CONFIRM_PUBLISHED_FIELD = "_confirm_published"


class PublishedNotConfirmed(Exception):
    """The admin site's write (its `save_from_admin` or `delete_from_admin`) changed a figure a
    published issue printed, and the box was not ticked: nothing was written. `printed` is
    [(issue, table)], for the form's error and its confirmation box."""

    def __init__(self, printed: list[Printed]) -> None:
        self.printed = printed
        super().__init__("This changes figures published in a paper; nothing was saved.")


def _issue_names(printed: list[Printed]) -> str:
    return ", ".join(f"{issue.paper.title} (issue {issue.number})" for issue, _ in group_printing(printed))


class _Guard:
    """What the mixin learned about one POST: set up before Django's view runs, read by the
    form's clean, the save and the re-rendered page."""

    def __init__(self, confirmed: bool, refused: list[Printed] | None = None) -> None:
        self.confirmed = confirmed  # the editor ticked "I am changing a figure published in ..."
        self.now: EditState | None = None  # read from the database at the POST
        self.inlines: list[Inline] = []
        self.stale = False  # the form was drawn from another state than the database's
        self.changes: list[Change] = []  # what someone else changed since
        self.printed: list[Printed] = []  # published issues that printed the record
        # A first try of this POST was refused (PublishedNotConfirmed): what printed its changes.
        self.refused = refused
        # The record given to save_model: saved by save_related, with its rows, in one action.
        self.saving: Model | None = None
        # The ModelAdmin's messages while the action runs: shown only if it is not refused.
        self.held: list[tuple[Any, tuple[Any, ...], dict[str, Any]]] | None = None


def _wrap_template(response: Any, template_name: str) -> HttpResponse:
    """Render `response`, a TemplateResponse, through `template_name`, which extends the template
    the admin chose (given as `edit_guard_base`): whatever template a ModelAdmin sets is kept."""
    chosen = response.template_name
    response.context_data["edit_guard_base"] = select_template([chosen] if isinstance(chosen, str) else chosen)
    response.template_name = template_name
    return response


def group_printing(printed: list[Printed]) -> list[tuple[Any, list[str]]]:
    """[(issue, [table, ...])] from [(issue, table)], in the order given."""
    groups: dict[int, tuple[Any, list[str]]] = {}
    for issue, table in printed:
        groups.setdefault(issue.pk, (issue, []))[1].append(table)
    return list(groups.values())


class CheckedAutocompleteSelect(AutocompleteSelect):
    """The admin's autocomplete drop-down, drawn again after a refused save with only the values
    that can be keys: Django's own looks the posted value up as it is, so `party=abc` (or a
    number past the column's range) made the form's second drawing a 500, not a form error."""

    def optgroups(self, name: str, value: Sequence[str], attr: dict[str, Any] | None = None) -> Any:
        remote = self.field.remote_field
        key_field = remote.model._meta.get_field(remote.field_name)
        return super().optgroups(name, [v for v in value if _can_be_key(key_field, v)], attr)


def _can_be_key(field: Field, value: Any) -> bool:
    try:
        field.run_validators(field.to_python(value))
    except ValidationError:
        return False
    return True


class EditGuardMixin(_AdminMixin):
    """No lost update, and no published figure changed unawares, on every data admin screen.

    The change form carries a signed token of the state it was drawn from: the record's fields
    and its inline rows' (opsreport.lib.edit_state). When it is saved, the record is locked and
    read again; if the state differs, someone else saved in between: the save is refused, the
    form comes back with this editor's input, the other editor's values in the fields this
    editor left alone, a list of what they changed, and a fresh token, so that saving again
    saves. A delete confirmed from a stale page is refused the same way.

    A record that a published paper printed (the admin site's `published_printing(obj)`)
    shows which issue and table printed it. The form's writes go through the site's
    `save_from_admin(...)` and `delete_from_admin(...)` (the project's actions,
    opsreport/actions/admin.py): one transaction, tagged with the user, in which a change to a
    published figure is refused unless the box "I am changing a figure published in ..." was
    ticked, and recorded for the approver when it was. A refused save comes back as the form
    with its error; a site without them saves as Django does.

    The admin site mixes this into every data ModelAdmin it registers (opsreport/admin_site.py).
    A template a ModelAdmin sets keeps working: the notices go in its `form_top` block.
    """

    def formfield_for_foreignkey(self, db_field: ForeignKey, request: HttpRequest, **kwargs: Any) -> Any:
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = CheckedAutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    # --- the state of a record as its change form shows it

    def _inline_rows(self, request: HttpRequest, obj: Model) -> tuple[list[Inline], dict[str, tuple[Any, type[Model]]]]:
        """([Inline], {key: (formset class, row model)}) for the change form of `obj`, keyed by
        the formset prefixes Django gives them (_create_formsets' rule)."""
        inlines: list[Inline] = []
        formsets: dict[str, tuple[Any, type[Model]]] = {}
        prefixes: dict[str, int] = {}
        for formset_class, inline in super().get_formsets_with_inlines(request, obj):
            prefix = formset_class.get_default_prefix()
            prefixes[prefix] = prefixes.get(prefix, 0) + 1
            if prefixes[prefix] != 1 or not prefix:
                prefix = f"{prefix}-{prefixes[prefix]}"
            fk = formset_class.fk.name
            model = inline.model
            related = [f.name for f in model._meta.concrete_fields if f.many_to_one and f.name != fk]
            rows = list(model._default_manager.filter(**{fk: obj}).select_related(*related).order_by("pk"))
            title = str(capfirst(model._meta.verbose_name_plural))
            inlines.append(Inline(prefix, title, model, fk, rows, tuple(related)))
            formsets[prefix] = (formset_class, model)
        return inlines, formsets

    def _read_state(
        self, request: HttpRequest, obj: Model
    ) -> tuple[EditState, list[Inline], dict[str, tuple[Any, type[Model]]]]:
        inlines, formsets = self._inline_rows(request, obj)
        return EditState.read(obj, inlines), inlines, formsets

    def _lock(self, request: HttpRequest, object_id: str) -> Model | None:
        """The record, its row locked for the rest of the transaction (PostgreSQL; SQLite's
        IMMEDIATE transactions lock the database), or None when there is no such record."""
        try:
            pk = self.model._meta.pk.to_python(unquote(object_id))
            locked = self.model._default_manager.select_for_update().filter(pk=pk).values_list("pk", flat=True)
            if not list(locked):
                return None
        except (ValidationError, ValueError):
            return None
        return self.get_object(request, unquote(object_id))

    # --- published papers, as the admin site knows them

    def published_printing(self, obj: Model | None) -> list[Printed]:
        ask = getattr(self.admin_site, "published_printing", None)
        return ask(obj) if ask is not None and obj is not None else []

    # --- saving

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        if request.method != "POST":
            return super().changeform_view(request, object_id, form_url, extra_context)
        confirmed = request.POST.get(CONFIRM_PUBLISHED_FIELD) == "yes"
        try:
            return self._post_changeform(request, object_id, form_url, extra_context, _Guard(confirmed))
        except PublishedNotConfirmed as refused:
            # Nothing was written (the transactions rolled back): the form again, this time
            # refused by its clean, with the editor's input and the box to tick.
            guard = _Guard(confirmed, refused=refused.printed)
            return self._post_changeform(request, object_id, form_url, extra_context, guard)

    def _post_changeform(
        self,
        request: HttpRequest,
        object_id: str | None,
        form_url: str,
        extra_context: dict[str, Any] | None,
        guard: _Guard,
    ) -> HttpResponse:
        request._edit_guard = guard  # type: ignore[attr-defined]
        if object_id is None or "_saveasnew" in request.POST:
            guard.printed = list(guard.refused or [])
            return super().changeform_view(request, object_id, form_url, extra_context)
        with transaction.atomic(using=router.db_for_write(self.model)):
            obj = self._lock(request, object_id)
            if obj is not None:
                self._check_state(request, obj, guard)
                guard.printed = self.published_printing(obj)
            guard.printed += [found for found in guard.refused or [] if found not in guard.printed]
            return super().changeform_view(request, object_id, form_url, extra_context)

    def _check_state(self, request: HttpRequest, obj: Model, guard: _Guard) -> None:
        """Compare the form's token with the database; when stale, note what changed and merge
        the other editor's values into the fields this editor left alone."""
        guard.now, guard.inlines, formsets = self._read_state(request, obj)
        token = request.POST.get(TOKEN_FIELD)
        if token is None:
            return  # not a form this mixin drew (a script): nothing to compare with
        before = EditState.from_token(token, self.model, obj.pk)
        if before is None:
            guard.stale = True  # unreadable: refuse, and draw the form afresh with a new token
            return
        if before.same_as(guard.now):
            return
        guard.stale = True
        guard.changes = changes(before, guard.now, guard.inlines)
        data = request.POST.copy()
        fields = flatten_fieldsets(self.get_fieldsets(request, obj))
        form_class = super().get_form(request, obj, change=True, fields=fields)
        merge_untouched(data, request.FILES, before, guard.now, form_class, obj, formsets, guard.changes)
        request.POST = data  # type: ignore[assignment]  # the view reads the merged copy on

    def get_form(self, request: HttpRequest, obj: Model | None = None, change: bool = False, **kwargs: Any) -> Any:
        form_class: Any = super().get_form(request, obj, change, **kwargs)
        guard: _Guard | None = getattr(request, "_edit_guard", None)
        if guard is None:
            return form_class
        model_admin, this_post = self, guard

        class GuardedForm(form_class):
            def clean(self) -> dict[str, Any]:
                cleaned = super().clean()
                model_admin._refuse(self, this_post)
                return cleaned

        GuardedForm.__name__ = form_class.__name__
        return GuardedForm

    def _refuse(self, form: ModelForm[Any], guard: _Guard) -> None:
        """Raise the form's error when the save must not happen: a stale form, or a first try
        that the action refused, since it changed a published figure without the editor's
        confirmation (the action decides: EditGuardMixin.save_related)."""
        name = self.model._meta.verbose_name
        if guard.stale:
            raise ValidationError(
                f"This {name} changed after you opened it: check the changes listed above, then save again."
            )
        if guard.refused and not form.errors:
            raise ValidationError(
                f"Not saved: this changes a figure published in {_issue_names(guard.refused)}. Tick “I am "
                "changing a figure published in …” to save it, or leave the figures as they are."
            )

    def save_model(self, request: HttpRequest, obj: Model, form: ModelForm[Any], change: bool) -> None:
        """From the change form: saved by save_related, which Django calls next, so that the
        record and its rows are written by one action. From the list's editable columns (a row
        label's position, retired), which change no figure a paper printed: by the action, with
        nothing for it to check."""
        guard: _Guard | None = getattr(request, "_edit_guard", None)
        if guard is not None:
            guard.saving = obj
            return
        save, save_model = getattr(self.admin_site, "save_from_admin", None), super().save_model

        def write() -> None:
            save_model(request, obj, form, change)

        if save is None:
            write()
        else:
            save(request, obj, write, adding=not change, printed=[], changes=list, confirmed=False)

    def save_related(self, request: HttpRequest, form: ModelForm[Any], formsets: Any, change: bool) -> None:
        """The record (save_model's), its many-to-many fields and its inline rows, and whatever
        the ModelAdmin's own save_model and save_related write, through the admin site's
        `save_from_admin` action: one transaction, the history tag, and the published-figure
        check, which raises PublishedNotConfirmed (changeform_view draws the form again)."""
        guard: _Guard | None = getattr(request, "_edit_guard", None)
        if guard is None or guard.saving is None:
            super().save_related(request, form, formsets, change)
            return
        obj, guard.saving = guard.saving, None
        save = getattr(self.admin_site, "save_from_admin", None)
        save_model, save_related = super().save_model, super().save_related

        def write() -> None:
            save_model(request, obj, form, change)
            save_related(request, form, formsets, change)

        if save is None:  # a site that is not the project's: Django's own saves
            write()
            return
        guard.held = []
        try:
            save(
                request,
                obj,
                write,
                adding=not change,
                printed=self._printed_by(guard, form, formsets),
                changes=lambda: self._saved_changes(request, obj, guard, change),
                confirmed=guard.confirmed,
            )
        finally:
            held, guard.held = guard.held, None
        for message, args, kwargs in held:
            super().message_user(request, message, *args, **kwargs)

    def _printed_by(self, guard: _Guard, form: ModelForm[Any], formsets: Any) -> list[Printed]:
        """The published issues and tables that printed the record as it was (read as the POST
        began), as the form will save it, or a row the form changes, adds or deletes: a
        meeting's date moved into a published month is a published figure too."""
        printed = list(guard.printed)
        records = [form.instance]
        for formset in formsets:
            records += [row.instance for row in formset.forms if row.has_changed() and row.is_valid()]
        for record in records:
            printed += [found for found in self.published_printing(record) if found not in printed]
        return printed

    def _saved_changes(self, request: HttpRequest, obj: Model, guard: _Guard, change: bool) -> list[str]:
        """What the save changed, in words, for the approver: the record's fields and rows, read
        again after the writes and compared with the state read as the POST began."""
        if not change:
            return [str(Change(str(obj), "(none)", "added"))]
        if guard.now is None:
            return []
        after, inlines, _ = self._read_state(request, obj)
        return [str(found) for found in changes(guard.now, after, inlines)]

    def message_user(self, request: HttpRequest, message: Any, *args: Any, **kwargs: Any) -> None:
        """Held while the save's action runs (a ModelAdmin's warning from its save_related): a
        refused save says only that it was refused."""
        guard: _Guard | None = getattr(request, "_edit_guard", None)
        if guard is not None and guard.held is not None:
            guard.held.append((message, args, kwargs))
        else:
            super().message_user(request, message, *args, **kwargs)

    def get_actions(self, request: HttpRequest) -> dict[str, Any]:
        """No "delete selected" from the list: it would delete with no stale check and no
        warning for a published figure. Each record is deleted from its own page."""
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def delete_model(self, request: HttpRequest, obj: Model) -> None:
        """Deleted through the admin site's `delete_from_admin` action. A record a published
        paper printed is deleted only with the box ticked (else PublishedNotConfirmed, and
        delete_view says so), and is listed for the approver as a change is: each value
        printed going to "deleted" (read first, while the record has its id and rows)."""
        delete = getattr(self.admin_site, "delete_from_admin", None)
        if delete is None:
            super().delete_model(request, obj)
            return
        printed = self.published_printing(obj)
        lines: list[str] = []
        if printed:
            state, inlines, _ = self._read_state(request, obj)
            lines = [str(found) for found in deletion(state, inlines)]
        delete_model = super().delete_model
        delete(
            request,
            obj,
            lambda: delete_model(request, obj),
            printed=printed,
            changes=lines,
            confirmed=request.POST.get(CONFIRM_PUBLISHED_FIELD) == "yes",
        )

    # --- drawing the forms

    def render_change_form(
        self,
        request: HttpRequest,
        context: dict[str, Any],
        add: bool = False,
        change: bool = False,
        form_url: str = "",
        obj: Model | None = None,
    ) -> HttpResponse:
        guard = getattr(request, "_edit_guard", None)
        if obj is not None and obj.pk is not None and not add:
            state = guard.now if guard is not None and guard.now is not None else self._read_state(request, obj)[0]
            context["edit_state_token"] = state.token()
        printed = guard.printed if guard is not None else self.published_printing(obj if change else None)
        context.update(
            edit_stale=guard is not None and guard.stale,
            edit_changes=guard.changes if guard is not None else [],
            published_printing=group_printing(printed),
            published_confirmed=guard is not None and guard.confirmed,
        )
        response = super().render_change_form(request, context, add, change, form_url, obj)
        return _wrap_template(response, "admin/edit_guard/change_form.html")

    def delete_view(
        self, request: HttpRequest, object_id: str, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        if request.method != "POST":
            return super().delete_view(request, object_id, extra_context)
        try:
            return self._post_delete(request, object_id, extra_context)
        except PublishedNotConfirmed as refused:  # nothing deleted: the delete page again, saying so
            messages.error(
                request,
                f"Not deleted: this {self.model._meta.verbose_name} is a figure published in "
                f"{_issue_names(refused.printed)}. Tick “I am deleting a figure published in …” to delete "
                "it, or leave it as it is.",
            )
            return HttpResponseRedirect(request.get_full_path())

    def _post_delete(self, request: HttpRequest, object_id: str, extra_context: dict[str, Any] | None) -> HttpResponse:
        """The delete, refused when the page was drawn from another state than the database's."""
        token = request.POST.get(TOKEN_FIELD)
        with transaction.atomic(using=router.db_for_write(self.model)):
            obj = self._lock(request, object_id)
            if obj is not None and token is not None:
                now, inlines, _ = self._read_state(request, obj)
                before = EditState.from_token(token, self.model, obj.pk)
                if before is None or not before.same_as(now):
                    found = changes(before, now, inlines) if before is not None else []
                    listed = "; ".join(str(change) for change in found)
                    messages.error(
                        request,
                        f"Not deleted: someone else saved this {self.model._meta.verbose_name} after you "
                        f"opened this page{': ' + listed if listed else ''}. Check it and confirm again.",
                    )
                    return HttpResponseRedirect(request.get_full_path())
            return super().delete_view(request, object_id, extra_context)

    def render_delete_form(self, request: HttpRequest, context: dict[str, Any]) -> HttpResponse:
        obj = context.get("object")
        if obj is not None:
            context["edit_state_token"] = self._read_state(request, obj)[0].token()
            context["published_printing"] = group_printing(self.published_printing(obj))
        response = super().render_delete_form(request, context)
        return _wrap_template(response, "admin/edit_guard/delete_confirmation.html")
