"""What every action does around its writes: one transaction, the history tag, validated saves,
and the check that a published paper's figures are not changed unawares.

An action opens `action(reason, user, confirm_published=...)` and writes through the Session
it yields:

- each record is saved with `full_clean()` first (never bulk_create), so the model's own
  checks run and its history, where the model keeps one, records every row;
- every instance written or deleted carries `_history_user` and `_change_reason`, the two
  attributes django-simple-history reads, and `tagged()` labels the history rows that no
  instance carries (a completion's DCC user roles);
- a record that a published issue printed (opsreport.paper.printed.published_printing) is
  noted; when the outermost action ends, such a change is refused (PublishedRefused, and the
  transaction rolls back) unless the caller confirmed it, and when confirmed it is recorded as
  a PublishedChange for the approver.

Actions nest: one called inside another (the workbook's apply calls one per row) joins the
outer session, so an import is one transaction, one tag and one published check.
"""

import contextvars
import copy
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, TypeAlias, TypeVar, cast

from django.db import models, transaction
from django.utils import timezone
from django.utils.text import capfirst

from opsreport.history import tagged

if TYPE_CHECKING:  # models are imported where used: this module is imported as the apps load
    from django.contrib.auth.models import AnonymousUser, User

    from opsreport.models import PaperIssue

# Who acts: a signed-in user, the anonymous user of a request (a change is then recorded under
# nobody), or None (a command, the sample's loading).
Actor: TypeAlias = "User | AnonymousUser | None"
# A published issue and the label of its table that printed a record.
IssueTable: TypeAlias = "tuple[PaperIssue, str]"
# (record, [(PaperIssue, table)], [change lines]): what a published issue printed, and how it changed.
Printed: TypeAlias = "tuple[models.Model, list[IssueTable], list[str]]"

M = TypeVar("M", bound=models.Model)

_session: contextvars.ContextVar["Session | None"] = contextvars.ContextVar("opsreport_action", default=None)


class PublishedRefused(Exception):
    """The writes change what a published issue printed and nobody confirmed it: nothing was
    written. `published` lists the records and what printed them."""

    def __init__(self, published: list[Printed]) -> None:
        self.published = published
        super().__init__(f"This changes figures published in {self.issue_names()}.")

    def issues(self) -> list[IssueTable]:
        """[(PaperIssue, table)], each once, in order."""
        return published_issues(self.published)

    def issue_names(self) -> str:
        return ", ".join(dict.fromkeys(f"{issue.paper.title} (issue {issue.number})" for issue, _ in self.issues()))


class Session:
    """The writes of one action (or of the outermost of nested actions)."""

    def __init__(self, user: Actor = None, reason: str = "") -> None:
        self.user = user
        self.reason = reason
        self.published: list[Printed] = []
        # Whether any issue is published, asked once: without one (a first import into an
        # empty database) no save can change a published figure, and none need look.
        self.any_issue: bool | None = None

    def tag(self, obj: M) -> M:
        """Who changed `obj`, and why, for its history (see the module's docstring)."""
        obj._change_reason = self.reason  # type: ignore[attr-defined]
        if self.user is not None and getattr(self.user, "is_authenticated", False):
            obj._history_user = self.user  # type: ignore[attr-defined]
        return obj

    def save(self, obj: M, lines: list[str] | None = None) -> M:
        """Validate and save `obj`; `lines` say what changed, for a published figure's record
        (by default: added)."""
        obj.full_clean()
        self.tag(obj).save()
        self.note_printed(obj, [f"added: {obj}"] if lines is None else lines)
        return obj

    def note_printed(self, obj: models.Model, lines: list[str]) -> None:
        from opsreport.models import PaperIssue
        from opsreport.paper.printed import published_printing

        if self.any_issue is None:
            self.any_issue = PaperIssue.objects.exists()
        if not self.any_issue:
            return
        self.note(obj, published_printing(obj), lines)

    def note(self, obj: models.Model, printed: list[IssueTable], lines: list[str]) -> None:
        """Note a change to `obj` that the published issues in `printed` printed, where the
        caller worked out both (an admin form knows its inline rows and what changed in them):
        the outermost action refuses it unless confirmed, and records it for the approver."""
        if printed:
            # A copy: a deleted record loses its id, which the approver's record keeps.
            self.published.append((copy.copy(obj), list(printed), list(lines)))

    def create(self, model: type[M], **fields: Any) -> M:
        return self.save(model(**fields))

    def update_fields(self, obj: M, **fields: Any) -> M:
        """Set the fields and save, noting each change as 'Label: old → new'."""
        lines = []
        for name, value in fields.items():
            old = getattr(obj, name)
            if old != value:
                field = obj._meta.get_field(name)
                # Only a model's own fields are set here (a reverse relation or a generic key has
                # no verbose name, and no value to set).
                label = capfirst(field.verbose_name) if isinstance(field, models.Field) else name
                lines.append(f"{label}: {'(empty)' if old in (None, '') else old} → {value}")
            setattr(obj, name, value)
        return self.save(obj, lines)

    def put(self, model: type[M], key: dict[str, Any], **fields: Any) -> M:
        """The record named by `key` with `fields` set: created if there is none, otherwise
        changed where a field differs (and not saved again when none does)."""
        obj = model._default_manager.filter(**key).first()
        if obj is None:
            return self.create(model, **key, **fields)
        changed = {name: value for name, value in fields.items() if getattr(obj, name) != value}
        return self.update_fields(obj, **changed) if changed else obj

    def get_or_create(self, model: type[M], **fields: Any) -> M:
        return model._default_manager.filter(**fields).first() or self.create(model, **fields)

    def delete(self, obj: models.Model) -> None:
        self.note_printed(obj, [f"deleted: {obj}"])
        self.tag(obj).delete()


@contextmanager
def action(
    reason: str, user: Actor = None, *, confirm_published: bool = False, rehearsal: bool = False
) -> Iterator[Session]:
    """One action's transaction and session; see the module's docstring.

    `confirm_published`: the user ticked "I am changing figures published in …" (a change
    needs a user to be recorded under). `rehearsal`: the caller rolls the transaction back
    (the workbook's preview), so published figures are only noted in `session.published`.
    """
    outer = _session.get()
    if outer is not None:
        with transaction.atomic():
            yield outer
        return
    session = Session(user, reason)
    token = _session.set(session)
    try:
        with transaction.atomic(), tagged(reason, user):
            yield session
            if session.published and not rehearsal:
                if not confirm_published or not getattr(user, "is_authenticated", False):
                    raise PublishedRefused(session.published)
                # Signed in, so a User (the AnonymousUser is never authenticated).
                record_published_changes(session.published, cast("User", user))
    finally:
        _session.reset(token)


def published_issues(published: list[Printed]) -> list[IssueTable]:
    """The published issues and tables the writes touched, each once, in order."""
    return list(dict.fromkeys(found for _, printed, _ in published for found in printed))


def record_published_changes(published: list[Printed], user: "User") -> None:
    """One PublishedChange a record and issue and table, for the approver's paper page: a
    record saved more than once (made, then its figures set) is listed once."""
    from opsreport.models import PublishedChange

    # {(model, pk): (the record as last saved, {(issue, table): None} in order, [lines])}
    records: dict[tuple[str, Any], tuple[models.Model, dict[IssueTable, None], list[str]]] = {}
    for obj, printed, lines in published:
        key = (obj._meta.label_lower, obj.pk)
        _, issues, kept = records.get(key, (obj, {}, []))
        issues.update(dict.fromkeys(printed))
        kept += [line for line in lines if line not in kept]
        records[key] = (obj, issues, kept)
    now = timezone.now()
    PublishedChange.objects.bulk_create(
        PublishedChange(
            issue=issue,
            printed_in=table,
            record=f"{capfirst(obj._meta.verbose_name)}: {obj}"[:300],
            record_type=obj._meta.label_lower,
            record_id=str(obj.pk),
            changes="\n".join(lines) or "saved without a change to its values",
            changed_by=user,
            changed_at=now,
        )
        for obj, printed, lines in records.values()
        for issue, table in printed
    )
