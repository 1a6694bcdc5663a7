"""What an admin form was drawn from, so that a save from a stale form can be refused.

A change form carries a signed token of the state it showed: the record's editable fields and
each inline row's (`EditState`). When the form comes back, the state is read again; if it
differs, someone else saved in between. `changes()` says what they changed, field by field
and row by row, for the editor to read; `merge_untouched()` puts their values into the fields
this editor left alone, so that saving again keeps both editors' work.

Values are kept plain (strings, numbers, lists of primary keys) so that the token is JSON.
"""

from __future__ import annotations  # ModelForm[...] and the like are for the type checker only

import datetime
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Self

from django.core import signing
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.forms import BaseForm, BaseInlineFormSet, CheckboxInput, ModelForm, MultiWidget, SelectMultiple
from django.http import QueryDict
from django.utils.datastructures import MultiValueDict
from django.utils.text import capfirst

SALT = "opsreport.edit-state"
TOKEN_FIELD = "_edit_state"

# A field's value as the token keeps it: a string, number or boolean, or a list of primary keys.
Scalar = str | int | bool | None
Plain = Scalar | list[Scalar]
Values = dict[str, Plain]  # {field name: plain value}


def _plain(value: object) -> Scalar:
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, (datetime.date, datetime.datetime, datetime.time)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value.normalize()) if value == value.to_integral() else str(value)
    return str(value)


def field_values(obj: Model, exclude: Iterable[str] = ()) -> Values:
    """{field name: plain value} for the fields of `obj` an editor can change; many-to-many
    fields (without a model of their own) as sorted primary keys, one query each."""
    values: Values = {}
    field: Any  # a concrete field or a many-to-many, whose attributes differ by kind
    for field in obj._meta.concrete_fields:
        if field.primary_key or not field.editable or field.name in exclude:
            continue
        values[field.name] = _plain(field.value_from_object(obj))
    for field in obj._meta.many_to_many:
        if field.editable and field.remote_field.through._meta.auto_created and obj.pk is not None:
            pks = getattr(obj, field.name).values_list("pk", flat=True)
            values[field.name] = [_plain(pk) for pk in sorted(pks)]
    return values


def _field(model: type[Model], name: str) -> Any:
    """The model field `name`: a plain field, a foreign key or a many-to-many, whose attributes
    differ by kind (target_field, related_model, flatchoices), hence Any to the type checker."""
    return model._meta.get_field(name)


def python_value(model: type[Model], name: str, plain: Plain) -> Any:
    """A plain value back as the model field's Python value (a date, a Decimal, a pk)."""
    field = _field(model, name)
    if plain is None:
        return None
    if field.many_to_many and isinstance(plain, list):
        return list(plain)
    if field.is_relation:
        return field.target_field.to_python(plain)
    return field.to_python(plain)


@dataclass
class Inline:
    """An inline's rows on the form: `key` is its formset prefix, `fk` the field to the record."""

    key: str
    title: str
    model: type[Model]
    fk: str
    rows: list[Model]
    names: tuple[str, ...] = ()  # the row's other foreign keys, which name it ("Applications"); else str(row)

    def label(self, row: Model) -> str:
        parts = [str(getattr(row, name)) for name in self.names if getattr(row, f"{name}_id") is not None]
        return " / ".join(parts) or str(row)


class EditState:
    """The record's values and its inline rows' values, as a form shows them."""

    def __init__(
        self,
        model: type[Model],
        pk: str,
        record: Values,
        rows: dict[str, dict[str, Values]],
        labels: dict[str, Any],
        objects: dict[str, dict[str, Model]] | None = None,
    ) -> None:
        self.model = model
        self.pk = pk
        self.record = record  # {field: value}
        self.rows = rows  # {inline key: {row pk: {field: value}}}
        self.labels = labels  # {"record": str, inline key: {"title": str, row pk: str}}
        self.objects = objects or {}  # {inline key: {row pk: instance}}, when read from the database

    @classmethod
    def read(cls, obj: Model, inlines: list[Inline]) -> Self:
        """The state of `obj` and its `inlines` ([Inline]) as they are now: a query per inline."""
        rows: dict[str, dict[str, Values]] = {}
        labels: dict[str, Any] = {"record": str(obj)}
        objects: dict[str, dict[str, Model]] = {}
        for inline in inlines:
            rows[inline.key], objects[inline.key] = {}, {}
            labels[inline.key] = {"title": inline.title}
            for row in inline.rows:
                pk = str(row.pk)
                rows[inline.key][pk] = field_values(row, exclude=(inline.fk,))
                labels[inline.key][pk] = inline.label(row)
                objects[inline.key][pk] = row
        return cls(type(obj), str(obj.pk), field_values(obj), rows, labels, objects)

    def digest(self) -> str:
        data = json.dumps([self.record, self.rows], sort_keys=True, default=str)
        return hashlib.sha256(data.encode()).hexdigest()

    def token(self) -> str:
        payload = {
            "model": self.model._meta.label_lower,
            "pk": self.pk,
            "digest": self.digest(),
            "record": self.record,
            "rows": self.rows,
            "labels": self.labels,
        }
        return signing.dumps(payload, salt=SALT, compress=True)

    @classmethod
    def from_token(cls, token: str, model: type[Model], pk: object) -> Self | None:
        """The state a form was drawn from, or None when the token is not one of ours for
        this record (tampered with, or from another record's form)."""
        try:
            payload = signing.loads(token, salt=SALT)
        except signing.BadSignature:
            return None
        if payload.get("model") != model._meta.label_lower or payload.get("pk") != str(pk):
            return None
        return cls(model, payload["pk"], payload["record"], payload["rows"], payload["labels"])

    def same_as(self, other: EditState) -> bool:
        return self.digest() == other.digest()


@dataclass
class Change:
    """One thing someone else changed: where, what, the value the form showed and the value now."""

    where: str  # "Telephone enquiries" or "Email tallies — Applications: emails"
    before: str
    after: str
    spot: tuple[str | None, ...] = ()  # (inline key or None, row pk or None, field name): what merging matches on
    conflict: bool = False  # this editor typed something else there too: their input is kept

    def __str__(self) -> str:
        return f"{self.where}: {self.before} → {self.after}"


def display(model: type[Model], name: str, plain: Plain) -> str:
    """A plain value as an editor reads it: a choice's label, a related record's name, a date
    as dd/mm/yyyy, “(empty)”."""
    field = _field(model, name)
    if plain is None or plain == "" or plain == []:
        return "(empty)"
    if field.many_to_many:
        return ", ".join(str(o) for o in field.related_model._default_manager.filter(pk__in=plain)) or "(empty)"
    if field.is_relation:
        related = field.related_model._default_manager.filter(pk=plain).first()
        return str(related) if related is not None else f"#{plain} (since deleted)"
    if field.choices:
        return str(dict(field.flatchoices).get(plain, plain))
    if isinstance(plain, bool):
        return "yes" if plain else "no"
    value = python_value(model, name, plain)
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return value.strftime("%d/%m/%Y")
    return str(plain)


def _label(model: type[Model], name: str) -> str:
    return str(capfirst(_field(model, name).verbose_name))


def _row_model(inlines: list[Inline], key: str) -> type[Model]:
    return next(inline.model for inline in inlines if inline.key == key)


def changes(before: EditState, now: EditState, inlines: list[Inline]) -> list[Change]:
    """[Change] from `before` (the form's state) to `now`, record fields first, then each
    inline's rows: changed, added and removed."""
    found = []
    for name, value in now.record.items():
        if before.record.get(name) != value:
            shown, now_shown = display(now.model, name, before.record.get(name)), display(now.model, name, value)
            found.append(Change(_label(now.model, name), shown, now_shown, (None, None, name)))
    for key, rows_now in now.rows.items():
        model = _row_model(inlines, key)
        rows_before = before.rows.get(key, {})
        title = now.labels[key]["title"]
        for pk, values in rows_now.items():
            label = now.labels[key][pk]
            if pk not in rows_before:
                shown = ", ".join(f"{_label(model, n).lower()} {display(model, n, v)}" for n, v in values.items())
                found.append(Change(f"{title} — {label}", "(no row)", f"added ({shown})"))
                continue
            for name, value in values.items():
                if rows_before[pk].get(name) != value:
                    where = f"{title} — {before.labels.get(key, {}).get(pk, label)} — {_label(model, name)}"
                    shown, now_shown = display(model, name, rows_before[pk].get(name)), display(model, name, value)
                    found.append(Change(where, shown, now_shown, (key, pk, name)))
        for pk in rows_before:
            if pk not in rows_now:
                label = before.labels.get(key, {}).get(pk, f"row {pk}")
                found.append(Change(f"{title} — {label}", "present", "removed"))
    return found


def deletion(state: EditState, inlines: list[Inline]) -> list[Change]:
    """[Change] for deleting the record `state` was read from: each of its values, and each of
    its inline rows with theirs, going from what they were to "deleted" (as a change lists them)."""
    found = [
        Change(_label(state.model, name), display(state.model, name, value), "deleted", (None, None, name))
        for name, value in state.record.items()
    ]
    for key, rows in state.rows.items():
        model = _row_model(inlines, key)
        title = state.labels[key]["title"]
        for pk, values in rows.items():
            shown = ", ".join(f"{_label(model, n).lower()} {display(model, n, v)}" for n, v in values.items())
            found.append(Change(f"{title} — {state.labels[key][pk]}", shown, "deleted"))
    return found


def _set_field(data: QueryDict, form: BaseForm, name: str, value: Any) -> bool:
    """Put `value` (a field's prepared Python value) into submitted form data as its widget would
    send it. False when the widget is one we do not write (a split widget): the input is kept."""
    widget = form.fields[name].widget
    inner: Any = getattr(widget, "widget", widget)  # the admin's related-field wrapper
    key = form.add_prefix(name)
    if isinstance(inner, MultiWidget):
        return False
    if isinstance(inner, CheckboxInput):
        if value:
            data[key] = "on"
        else:
            data.pop(key, None)
    elif isinstance(inner, SelectMultiple):
        data.setlist(key, [str(v) for v in value or []])
    else:
        formatted = inner.format_value(value)
        if isinstance(formatted, list):  # a select gives its chosen values as a list
            formatted = formatted[0] if formatted else ""
        data[key] = "" if formatted is None else formatted
    return True


def merge_form(
    data: QueryDict,
    files: MultiValueDict[str, Any],
    form_class: type[ModelForm[Any]],
    prefix: str | None,
    model: type[Model],
    before: Values,
    now: Values,
    now_instance: Model,
    spot: tuple[str | None, str | None],
    change_list: list[Change],
) -> None:
    """Where someone else changed a field (`before` → `now`, plain values) and this editor left
    it as the form showed it, put their value into `data`; where both changed it, keep this
    editor's input and mark the change a conflict."""
    bound = form_class(data, files, prefix=prefix, instance=now_instance)
    current = form_class(prefix=prefix, instance=now_instance)
    for name in bound.fields:
        if name not in now or before.get(name) == now.get(name):
            continue
        field = bound.fields[name]
        typed = field.widget.value_from_datadict(data, files, bound.add_prefix(name))
        try:
            shown = python_value(model, name, before.get(name))
        except (ValidationError, ValueError):  # a value the field no longer reads: treat as touched
            shown = object()
        if field.has_changed(shown, typed):
            for change in change_list:
                if change.spot == (*spot, name):
                    change.conflict = True
            continue
        _set_field(data, bound, name, current[name].value())


def _drop_form(data: QueryDict, prefix: str, index: int) -> None:
    """Take form `index` off a submitted formset, renumbering the forms after it."""
    total = int(data.get(f"{prefix}-TOTAL_FORMS", "0"))
    head = f"{prefix}-{index}-"
    for name in [name for name in data if name.startswith(head)]:
        del data[name]
    for later in range(index + 1, total):
        old, new = f"{prefix}-{later}-", f"{prefix}-{later - 1}-"
        for name in [name for name in data if name.startswith(old)]:
            data.setlist(new + name[len(old) :], data.getlist(name))
            del data[name]
    data[f"{prefix}-TOTAL_FORMS"] = str(total - 1)
    data[f"{prefix}-INITIAL_FORMS"] = str(max(int(data.get(f"{prefix}-INITIAL_FORMS", "1")) - 1, 0))


def merge_untouched(
    data: QueryDict,
    files: MultiValueDict[str, Any],
    before: EditState,
    now: EditState,
    form_class: type[ModelForm[Any]],
    obj: Model,
    formsets_by_key: dict[str, tuple[type[BaseInlineFormSet[Any, Any, Any]], type[Model]]],
    found: list[Change],
) -> None:
    """Apply merge_form to the record (`obj`, as it is now) and to each inline row both states
    have; mark rows the other editor removed for deletion (their removal stands).
    `formsets_by_key` is {inline key: (formset class, row model)}."""
    merge_form(data, files, form_class, None, now.model, before.record, now.record, obj, (None, None), found)
    for key, (formset_class, model) in formsets_by_key.items():
        rows_before, rows_now = before.rows.get(key, {}), now.rows.get(key, {})
        total = data.get(f"{key}-TOTAL_FORMS", "0")
        gone = []  # forms of rows the other editor removed: taken off the form, the removal stands
        for index in range(int(total) if str(total).isdigit() else 0):
            pk = data.get(f"{key}-{index}-id", "")
            if pk not in rows_before:
                continue
            if pk not in rows_now:
                gone.append(index)
                continue
            if rows_before[pk] != rows_now[pk]:
                instance = now.objects[key][pk]
                merge_form(
                    data,
                    files,
                    formset_class.form,
                    f"{key}-{index}",
                    model,
                    rows_before[pk],
                    rows_now[pk],
                    instance,
                    (key, pk),
                    found,
                )
        for index in reversed(gone):
            _drop_form(data, key, index)
