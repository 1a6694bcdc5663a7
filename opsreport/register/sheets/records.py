"""What the register's sheets of named records share (committees, releases, SEC versions,
modifications, the figures' categories): a row names its record by a key column (a name, a
number, a reference) and gives its fields; the record's screen form (a ModelForm) checks the
row as the screen would; an empty cell leaves the record's value as it is (a new record takes
the model's default); the row is written by the action that sets the record by its key.

A record a sheet plans is kept, as it will stand, in `planned(planner, Model)` under its
lower-case key, so a later sheet of the same file may name it (a modification's target
release, a meeting's committee) before it is written; the action is then given a Ref to it,
looked up once the earlier sheet has written it.
"""

import copy
from collections.abc import Callable
from typing import Any, ClassVar

from django import forms
from django.db import models

from opsreport.register.plan import RegisterPlanner
from opsreport.workbook.cells import blank, by_name, choice, show, text
from opsreport.workbook.plan import CHANGE, CREATE, SAME, SheetReader, ref
from opsreport.workbook.reading import CellValue, Table

# What names a record of each model, for the Ref a later sheet writes it through.
NATURAL_KEYS: dict[type[models.Model], str] = {}


def planned(planner: RegisterPlanner, model: type[models.Model]) -> dict[str, Any]:
    """{lower-case key: the record as the file leaves it} for the records of `model` that the
    sheets planned so far (on record or not)."""
    return planner.records.setdefault(model, {})


def as_argument(value: Any) -> Any:
    """A value for an action: a record not yet on record as a Ref to it, looked up when written."""
    if isinstance(value, models.Model) and value.pk is None:
        key = NATURAL_KEYS[type(value)]
        return ref(type(value), **{key: getattr(value, key)})
    return value


def known(planner: RegisterPlanner, model: type[models.Model], on_record: dict[str, Any], name: str) -> Any:
    """The record `name` names: one the file plans (as it will stand) or one on record; None."""
    return planned(planner, model).get(name.lower()) or on_record.get(name.lower())


def choice_of(enum: type[models.TextChoices], what: str) -> Callable[[CellValue], str]:
    """A reader of a filled cell as one of `enum`'s values, by its label or its value."""

    def read(value: CellValue) -> str:
        found = choice(value, enum.choices, what)
        assert found is not None  # required: an empty cell is a CellError
        return found

    return read


class RecordSheet:
    """One sheet of records of `model`, keyed by the column `key`; see the module's docstring."""

    sheet: ClassVar[str]
    model: ClassVar[type[models.Model]]
    form: ClassVar[type[forms.ModelForm]]
    key: ClassVar[str]  # the model's field that names a record, and its column's key
    fields: ClassVar[tuple[str, ...]]  # the other fields, each its column's key
    what: ClassVar[str]  # "committee", as messages name a record
    action: ClassVar[Callable[..., Any]]

    def __init__(self, planner: RegisterPlanner, reader: SheetReader) -> None:
        self.planner, self.reader = planner, reader
        self.existing = self.on_record(self.model)
        self.seen: dict[Any, int] = {}

    @staticmethod
    def on_record(model: type[models.Model]) -> dict[str, Any]:
        return by_name(model._default_manager.all(), NATURAL_KEYS[model])

    def read_key(self, value: CellValue) -> str:
        return text(value)

    def read(self, key: str, value: CellValue) -> Any:
        """A filled cell of the column `key` as the field's value; CellError if it cannot be."""
        return text(value)

    def row_model(self, number: int, cells: dict[str, CellValue]) -> type[models.Model] | None:
        return self.model

    def existing_of(self, model: type[models.Model]) -> dict[str, Any]:
        return self.existing

    def plan_row(self, number: int, values: list[CellValue]) -> None:
        cells = self.reader.cells(values)
        model = self.row_model(number, cells)
        name, good = self.reader.parse(number, cells, self.key, self.read_key)
        if not good:
            return
        if not name:
            self.reader.problem(
                number, self.key, f"Give the {self.what}'s {self.reader.spec.column(self.key).header.lower()}."
            )
            return
        if model is None or self.planner.duplicate(
            self.reader, self.seen, (model, name.lower()), number, self.key, name
        ):
            return
        existing = self.existing_of(model).get(name.lower())
        given = self.given(number, cells)
        if given is None:
            return
        fields = self.check(number, model, getattr(existing, self.key) if existing else name, existing, given)
        if fields is None:
            return
        self.plan_fields(number, model, existing, name, fields)

    def given(self, number: int, cells: dict[str, CellValue]) -> dict[str, Any] | None:
        """{field: value} for the cells filled in, or None if one is refused."""
        given, ok = {}, True
        for key in self.fields:
            if blank(cells[key]):
                continue
            value, good = self.reader.parse(number, cells, key, self.read, key)
            ok = ok and good
            given[key] = value
        return given if ok else None

    def check(
        self, number: int, model: type[models.Model], name: str, existing: Any, given: dict[str, Any]
    ) -> dict[str, Any] | None:
        """Every field as the record will stand, checked by the screen's form; None if refused."""
        values = {key: given[key] if key in given else self.current(model, existing, key) for key in self.fields}
        data = {self.key: name, **{key: form_value(value) for key, value in values.items()}}
        # The form sets the instance's fields as it checks them: a copy keeps the record as it is.
        form = self.form_for(model)(data, instance=copy.copy(existing) if existing else None)
        if not form.is_valid():
            self.reader.form_errors(number, form.errors, {key: key for key in (self.key, *self.fields)})
            return None
        fields = {
            key: value if isinstance(value, models.Model) and value.pk is None else form.cleaned_data[key]
            for key, value in values.items()
        }
        record = form.instance
        for key, value in fields.items():
            setattr(record, key, value)
        planned(self.planner, model)[name.lower()] = record
        return fields

    def form_for(self, model: type[models.Model]) -> type[forms.ModelForm]:
        return self.form

    def current(self, model: type[models.Model], existing: Any, key: str) -> Any:
        """A field's value where its cell is empty: the record's, or the model's default."""
        if existing is not None:
            return getattr(existing, key)
        field = model._meta.get_field(key)
        return field.get_default() if isinstance(field, models.Field) else None

    def plan_fields(
        self, number: int, model: type[models.Model], existing: Any, name: str, fields: dict[str, Any]
    ) -> None:
        label = self.label(model, getattr(existing, self.key) if existing else name)
        arguments = {key: as_argument(value) for key, value in fields.items()}
        if existing is None:
            changes = [(self.header(key), "—", self.show(model, key, value)) for key, value in fields.items()]
            changes = [change for change in changes if change[2] != "—"]
            self.write(number, model, label, CREATE, changes, name, arguments)
            return
        changed = [key for key, value in fields.items() if not same(getattr(existing, key), value)]
        if not changed:
            self.planner.row(self.sheet, number, label, SAME)
            return
        changes = [
            (self.header(key), self.show(model, key, getattr(existing, key)), self.show(model, key, fields[key]))
            for key in changed
        ]
        key_value = getattr(existing, self.key)
        self.write(number, model, label, CHANGE, changes, key_value, {key: arguments[key] for key in changed})

    def write(
        self,
        number: int,
        model: type[models.Model],
        label: str,
        status: str,
        changes: list[tuple[str, str, str]],
        name: str,
        arguments: dict[str, Any],
    ) -> None:
        self.planner.row(self.sheet, number, label, status, changes, type(self).action, {self.key: name, **arguments})

    def label(self, model: type[models.Model], name: str) -> str:
        return name

    def header(self, key: str) -> str:
        return self.reader.spec.column(key).header.lower()

    def show(self, model: type[models.Model], key: str, value: Any) -> str:
        choices = getattr(model._meta.get_field(key), "choices", None)
        if choices and value:
            return str(dict(choices)[value])
        return show(value)

    @classmethod
    def plan(cls, planner: RegisterPlanner, reader: SheetReader, table: Table) -> None:
        sheet = cls(planner, reader)
        for number, values in table.rows:
            sheet.plan_row(number, values)


def same(old: Any, new: Any) -> bool:
    if isinstance(old, models.Model) or isinstance(new, models.Model):
        return old is not None and new is not None and old.pk is not None and old.pk == new.pk
    return old == new


def form_value(value: Any) -> Any:
    """A field's value as a form's data: a record by its key (None for one not yet on record:
    its sheet checked it)."""
    if isinstance(value, models.Model):
        return value.pk
    return "" if value is None else value
