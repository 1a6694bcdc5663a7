"""The history of each record in the admin (django-simple-history), for every data ModelAdmin.

Kept apart from opsreport/lib/admin.py's entry helpers: a ModelAdmin adds `RecordHistoryAdmin`
first among its bases and keeps everything else it does.
"""

from collections.abc import Iterable
from typing import Any

from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from simple_history.admin import SimpleHistoryAdmin
from simple_history.exceptions import NotHistoricalModelError
from simple_history.template_utils import HistoricalRecordContextHelper
from simple_history.utils import get_history_manager_for_model


def shown_value(field: Any, value: Any) -> Any:
    """A field's value as a person reads it: a choice's label, Yes/No, a list of names, a blank
    as a dash."""
    if isinstance(value, list | tuple):
        return ", ".join(str(item) for item in value) or "—"
    if value is None or value == "":
        return "—"
    if getattr(field, "choices", None):
        return dict(field.flatchoices).get(value, value)
    if isinstance(value, bool):
        return "Yes" if value else "No"
    return value


def version_instance(version: Any) -> Model:
    """The record as this historical version saw it, its foreign keys filled from what the
    version's query selected (so that naming it asks the database nothing more)."""
    instance = version.instance
    for field in type(version).tracked_fields:
        if field.many_to_one and version.__class__._meta.get_field(field.name).is_cached(version):
            related = getattr(version, field.name)
            instance._meta.get_field(field.name).set_cached_value(instance, related)
    return instance


class ReadableChanges(HistoricalRecordContextHelper):
    """simple-history's field-by-field diff, with choices shown by their labels."""

    def prepare_delta_change_value(self, change: Any, value: Any) -> Any:
        value = super().prepare_delta_change_value(change, value)
        return shown_value(self.model._meta.get_field(change.field), value)


def row_changes(
    parent_model: type[Model], parent_pk: object, inline_models: Iterable[type[Model]]
) -> list[dict[str, Any]]:
    """The changes to the rows of one record's inlines (a month's tallies or effort entries),
    newest first, each with the field-by-field diff against the row's previous version.

    One query per inline model: the rows' whole history, from which each version's previous
    one is found here rather than asked for one by one.
    """
    changes: list[dict[str, Any]] = []
    for model in inline_models:
        try:
            history = get_history_manager_for_model(model)
        except NotHistoricalModelError:
            continue  # an untracked inline has no rows to list
        fk = next(
            (f for f in model._meta.fields if f.is_relation and f.related_model is parent_model),
            None,
        )
        if fk is None:
            continue
        versions = list(
            history.filter(**{fk.attname: parent_pk})
            .select_related("history_user")
            ._select_related_history_tracked_objs()
            .order_by("history_date", "history_id")
        )
        previous: dict[int, Any] = {}  # row id -> its latest version so far
        for version in versions:
            before = previous.get(version.id)
            previous[version.id] = version
            fields = []
            if before is not None and version.history_type == "~":
                delta = version.diff_against(before, foreign_keys_are_objs=True)
                helper = ReadableChanges(model, version)
                fields = helper.context_for_delta_changes(delta)
                if not fields:
                    continue  # saved unchanged
            changes.append(
                {
                    "record": version,
                    "row": str(version_instance(version)),
                    "model": model._meta.verbose_name,
                    "kind": version.get_history_type_display(),
                    "changes": fields,
                }
            )
    changes.sort(key=lambda change: (change["record"].history_date, change["record"].history_id), reverse=True)
    return changes


class RecordHistoryAdmin(SimpleHistoryAdmin):
    """Each record's history in the admin ("History" on its change screen): who changed it, when,
    with which tag (an import), and what changed field by field; for a month entered with its
    rows on one screen, the rows' own changes are listed below.

    Read only: reverting from history would save past the change form's own checks, so the
    history's version screen shows the version and never saves (SIMPLE_HISTORY_REVERT_DISABLED).
    Additive: a ModelAdmin lists it first among its bases and keeps everything else it does.
    """

    object_history_template = "admin/history/object_history.html"
    object_history_list_template = "admin/history/object_history_list.html"
    history_list_per_page = 50
    row_changes_shown = 100  # the latest changes to the rows (a voting group's parties can be many)

    def get_historical_record_context_helper(self, request: HttpRequest, historical_record: Any) -> ReadableChanges:
        return ReadableChanges(self.model, historical_record)

    def _valid_pk(self, value: str, model: type[Model] | None = None) -> Any:
        """The key from the URL, or None when it is no key at all (`12/change`, `abc`, a number
        past the column's range): Django's own history answers those with a redirect,
        simple-history's with a 500."""
        pk_field = (model or self.model)._meta.pk
        try:
            pk = pk_field.to_python(unquote(value))
            pk_field.run_validators(pk)  # within the column's range: a key past 64 bits is none
        except ValidationError:
            return None
        return pk

    def history_view(
        self, request: HttpRequest, object_id: str, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        pk = self._valid_pk(object_id)
        if pk is None:
            return self._get_obj_does_not_exist_redirect(request, self.model._meta, object_id)
        inline_models = [inline.model for inline in self.inlines]
        changes = row_changes(self.model, pk, inline_models) if inline_models else []
        extra_context = {
            **(extra_context or {}),
            "row_changes": changes[: self.row_changes_shown],
            "row_changes_count": len(changes),
        }
        return super().history_view(request, object_id, extra_context)

    def history_form_view(
        self, request: HttpRequest, object_id: str, version_id: str, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        if request.method != "GET":
            return HttpResponseNotAllowed(["GET"])
        history_model = get_history_manager_for_model(self.model).model
        if self._valid_pk(object_id) is None or self._valid_pk(version_id, history_model) is None:
            raise Http404("No such version.")
        return super().history_form_view(request, object_id, version_id, extra_context)
