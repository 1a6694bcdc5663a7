"""A CheckConstraint that a model's `full_clean()` checks in Python, not by a query; a
conditional UniqueConstraint that asks the database only when its condition can hold.

Django validates a CheckConstraint by compiling its condition into a query and running it
against the database (`Q.check`), in a savepoint of its own: a few milliseconds for each
constraint of each record saved. A monthly figures record has a constraint for each figure,
and a register import saves thousands of records, so those queries were most of an import's
validation.

The conditions here are simple: a field compared with a value or with another field
(exact, in, gt, gte, lt, lte, regex, isnull, and a date's day), joined by AND, OR and NOT. Such
a condition is evaluated in Python with the database's three-valued logic: a comparison with
a NULL is unknown, and a CHECK constraint refuses a row only when its condition is false, so
an unknown passes, as in the database. A condition outside that (a join, a function, another
lookup) is left to Django's query, so the verdict is always the database's:
tests/test_check_constraints.py compares the two on every constraint of every model.

A conditional UniqueConstraint (one accession per party) uses the same evaluation to skip its
query for a record its condition is false for: such a record cannot break it.

To migrations they are Django's own constraints: changing to them writes no migration, and
the database's CHECKs and indexes are the same.
"""

import operator
import re
from collections.abc import Callable, Collection, Sequence
from typing import Any

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import DEFAULT_DB_ALIAS, models
from django.db.models.expressions import F
from django.db.models.query_utils import Q

# None stands for SQL's unknown (a comparison with NULL).
Verdict = bool | None


class NotInPython(Exception):
    """The condition uses something evaluated here only by the database."""


def matches(value: str, pattern: str) -> bool:
    """A regex lookup as both databases read it. Python's `$` also matches before a final
    newline, PostgreSQL's does not: a value with a newline is left to the database."""
    if "\n" in value:
        raise NotInPython("a newline in a regex lookup's value")
    return re.search(pattern, value) is not None


COMPARISONS: dict[str, Callable[[Any, Any], bool]] = {
    "exact": operator.eq,
    "gt": operator.gt,
    "gte": operator.ge,
    "lt": operator.lt,
    "lte": operator.le,
    "in": lambda value, choices: value in choices,
    "regex": matches,
}
TRANSFORMS: dict[str, Callable[[Any], Any]] = {"day": operator.attrgetter("day")}


class Excluded(Exception):
    """The condition names a field that the caller excluded from validation."""


def field_value(instance: models.Model, name: str) -> Any:
    try:
        field = instance._meta.get_field(name)
    except FieldDoesNotExist as missing:
        raise NotInPython(name) from missing
    if not isinstance(field, models.Field) or not field.concrete or field.many_to_many:
        raise NotInPython(name)
    return getattr(instance, field.attname)  # a foreign key's id, as the database holds it


def parse(path: str) -> tuple[str, list[str], str]:
    """`month__day__gte` → ("month", ["day"], "gte"); the lookup is exact when none is named."""
    name, *parts = path.split("__")
    kind = parts[-1] if parts and parts[-1] in (*COMPARISONS, "isnull") else "exact"
    transforms = parts[:-1] if parts and parts[-1] == kind else parts
    if len(transforms) > 1 or any(transform not in TRANSFORMS for transform in transforms):
        raise NotInPython(path)
    if kind == "isnull" and transforms:
        raise NotInPython(path)
    return name, transforms, kind


def right_hand(instance: models.Model, rhs: Any) -> Any:
    """The value compared with: a literal, or another field of the same record (F)."""
    if isinstance(rhs, F):
        if "__" in rhs.name:
            raise NotInPython(rhs.name)
        return field_value(instance, rhs.name)
    if hasattr(rhs, "resolve_expression"):
        raise NotInPython(repr(rhs))
    return rhs


def lookup(instance: models.Model, path: str, rhs: Any, excluded: Collection[str]) -> Verdict:
    name, transforms, kind = parse(path)
    if name in excluded or (isinstance(rhs, F) and rhs.name in excluded):
        raise Excluded
    value = field_value(instance, name)
    if kind == "isnull":
        return (value is None) == bool(rhs)
    for transform in transforms:
        value = None if value is None else TRANSFORMS[transform](value)
    rhs = right_hand(instance, rhs)
    if kind == "exact" and rhs is None:  # Django reads `field=None` as `field__isnull=True`
        return value is None
    if value is None or rhs is None:
        return None
    try:
        return COMPARISONS[kind](value, rhs)
    except TypeError as mismatch:  # a value not yet cleaned (a string for a date): the database decides
        raise NotInPython(path) from mismatch


def evaluate(condition: Q, instance: models.Model, excluded: Collection[str] = ()) -> Verdict:
    """True, False or None (unknown) for `condition` on `instance`, as the database would say."""
    verdicts: list[Verdict] = []
    for child in condition.children:
        if isinstance(child, Q):
            verdicts.append(evaluate(child, instance, excluded))
        elif isinstance(child, tuple):
            verdicts.append(lookup(instance, child[0], child[1], excluded))
        else:
            raise NotInPython(repr(child))
    if condition.connector == Q.AND:
        verdict: Verdict = False if False in verdicts else None if None in verdicts else True
    elif condition.connector == Q.OR:
        verdict = True if True in verdicts else None if None in verdicts else False
    else:
        raise NotInPython(condition.connector)
    if condition.negated:
        verdict = None if verdict is None else not verdict
    return verdict


class CheckConstraint(models.CheckConstraint):
    """Django's CheckConstraint, validated in Python where its condition allows (see above)."""

    def validate(
        self, model: type[models.Model], instance: models.Model, exclude: Any = None, using: str = DEFAULT_DB_ALIAS
    ) -> None:
        condition = self.condition if isinstance(self.condition, Q) else Q(self.condition)
        try:
            verdict = evaluate(condition, instance, exclude or ())
        except Excluded:
            return  # as Django does: a condition on an excluded field is not checked
        except NotInPython:
            # Django's query (the stubs leave BaseConstraint.validate out).
            super().validate(model, instance, exclude=exclude, using=using)  # type: ignore[misc]
            return
        if verdict is False:
            raise ValidationError(self.get_violation_error_message(), code=self.violation_error_code)

    def deconstruct(self) -> tuple[str, Sequence[Any], dict[str, Any]]:
        _, args, kwargs = super().deconstruct()
        return "django.db.models.CheckConstraint", args, kwargs


class UniqueConstraint(models.UniqueConstraint):
    """Django's UniqueConstraint; a conditional one (one accession per party) asks the database
    only about a record its condition can hold for. A record the condition is false for (a
    default, for the accession's constraint) cannot break it, and Django's own check would
    have said so after a query."""

    def validate(
        self, model: type[models.Model], instance: models.Model, exclude: Any = None, using: str = DEFAULT_DB_ALIAS
    ) -> None:
        if self.condition is not None:
            try:
                if evaluate(self.condition, instance, exclude or ()) is False:
                    return
            except (Excluded, NotInPython):
                pass  # Django's check decides, as for any other record
        super().validate(model, instance, exclude=exclude, using=using)  # type: ignore[misc]

    def deconstruct(self) -> tuple[str, Sequence[Any], dict[str, Any]]:
        _, args, kwargs = super().deconstruct()
        return "django.db.models.UniqueConstraint", args, kwargs
