"""A month's changes: what changed in the records of one month, by whom and when, field by field.

"The records of a month" are those opsreport/paper/printed.py says belong to it (`months_of`):
the month's helpdesk, effort and website figures and their rows, its paper and appendices, its
membership events, completions and meeting dates, and the reference rows its figures use (a
category with tallies that month, a party with an event or completion that month, a committee
meeting that month). By default the changes listed are those since the month's last published
issue, or all of them while the month is unpublished; changes made after the month's paper was
first published are flagged, for they touch figures a published paper printed.

Queries: one for the month's issues, one to find the tracked models changed since, then for
each of those one for its versions (with who made them and the rows they point to), one per
many-to-many field tracked and one per rule that reads a record's months from other records
(printed.py's `Related` finders); never one per record.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.apps import apps
from django.contrib import admin
from django.db import connection
from django.urls import NoReverseMatch, reverse
from django.utils.text import capfirst

from opsreport.paper import printed
from opsreport.paper.part import Related

CREATED, CHANGED, DELETED = "+", "~", "-"
KIND_LABELS = {CREATED: "Created", CHANGED: "Changed", DELETED: "Deleted"}
LONG_TEXT = 160  # characters of a long text shown on either side of a change

# Fields that are the paper's workflow, not what it prints: publishing sets the status just
# after the issue is made, which is no change to the month's data. The admin's history keeps it.
WORKFLOW_FIELDS = {"opsreport.paper": {"status"}}


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: str
    new: str


@dataclass
class Change:
    """One save or delete of one record: who, when, what, and the import that made it, if any."""

    when: datetime.datetime
    user: str
    model: str
    record: str
    kind: str  # Created, Changed or Deleted
    fields: list[FieldChange]
    tag: str
    after_publication: bool
    history_url: str | None = None


@dataclass
class MonthChanges:
    month: datetime.date
    since: datetime.datetime | None
    issue: object | None  # the month's last published issue, if any
    changes: list[Change] = field(default_factory=list)
    # While the month has no issue of its own: the last issue of an earlier month's paper, the
    # changes since which are listed (the last issue the Panel read).
    earlier_issue: object | None = None

    @property
    def published(self):
        return self.issue is not None

    @property
    def after_publication(self):
        return [change for change in self.changes if change.after_publication]


def tracked_models():
    """The models with a history (opsreport/history/models.py), in the data apps' order."""
    return [model for model in apps.get_models() if hasattr(model._meta, "simple_history_manager_attribute")]


def month_changes(month, since=None, everything=False):
    """The changes to the records of `month` (a first-of-month date), newest first.

    `since` (a datetime) lists only the changes after it; by default, those after the month's
    last published issue or, while it has none, after the last issue of an earlier month's
    paper (the last one the Panel read); all of them when there is no issue at all, or with
    `everything`.
    """
    from opsreport.models import PaperIssue

    issues = list(
        PaperIssue.objects.filter(paper__month=month).only("id", "number", "published_at").order_by("published_at")
    )
    issue = issues[-1] if issues else None
    earlier_issue = None
    if since is None and issue is not None and not everything:
        since = issue.published_at
    elif since is None and not everything:
        earlier_issue = last_issue_before(month)
        since = earlier_issue.published_at if earlier_issue else None
    first_published = issues[0].published_at if issues else None

    versions = {model: _versions(model, since) for model in _changed_models(since)}
    _fill_deleted_parents(versions)
    membership = _Membership(month)
    changes = []
    for model, model_versions in versions.items():
        if model_versions:
            changes.extend(_model_changes(model, model_versions, since, membership, first_published))
    changes.sort(key=lambda change: change.when, reverse=True)
    return MonthChanges(month=month, since=since, issue=issue, changes=changes, earlier_issue=earlier_issue)


def last_issue_before(month):
    """The last issue published of a paper for a month before `month`, or None. One query."""
    from opsreport.models import PaperIssue

    latest = PaperIssue.objects.filter(paper__month__lt=month).select_related("paper").order_by("-published_at")
    return latest.only("id", "number", "published_at", "paper__month").first()


def _changed_models(since):
    """The tracked models with a version after `since` (with any version, with no `since`),
    asked of every history table in one query, so that a month with few changes since its
    issue costs a few queries more, not one per table."""
    models = tracked_models()
    parts, params = [], []
    for position, model in enumerate(models):
        table = connection.ops.quote_name(model.history.model._meta.db_table)
        condition = " WHERE history_date > %s" if since is not None else ""
        parts.append(f"SELECT {position} WHERE EXISTS (SELECT 1 FROM {table}{condition})")
        params += [connection.ops.adapt_datetimefield_value(since)] if since is not None else []
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        changed = {row[0] for row in cursor.fetchall()}
    return [model for position, model in enumerate(models) if position in changed]


def _versions(model, since):
    """Every version of the records changed since `since` (all of them with no `since`), each
    record's versions oldest first: the version before `since` is what the first change after
    it is compared with."""
    history = model.history.model.objects
    versions = history.all()
    if since is not None:
        versions = history.filter(id__in=history.filter(history_date__gt=since).values("id"))
    related = [f.name for f in model.history.model.tracked_fields if f.many_to_one]
    versions = versions.select_related("history_user", *related).order_by("history_date", "history_id")
    return list(versions)


def _fill_deleted_parents(versions):
    """A row whose parent was deleted with it (a tally of a deleted helpdesk month) finds no
    parent to join; give it the parent's last version, which printed.py reads its month from."""
    latest = {model: {version.id: version for version in model_versions} for model, model_versions in versions.items()}
    for model, model_versions in versions.items():
        foreign_keys = [f for f in model.history.model.tracked_fields if f.many_to_one and f.related_model in latest]
        for version in model_versions:
            for fk in foreign_keys:
                if version._state.fields_cache.get(fk.name, False) is None:
                    parent = latest[fk.related_model].get(getattr(version, fk.attname))
                    if parent is not None:
                        version._state.fields_cache[fk.name] = parent


class _Membership:
    """Whether a version belongs to the month, by the parts' own rules (printed.rules()): a
    record with a month of its own is read from the version; one that belongs to a month
    through other records (a party through its events) is looked up the other way round,
    for every record of the model at once, once per rule (`Related.keys_in`)."""

    def __init__(self, month):
        self.month = month
        self._keys = {}

    def keys(self, finder):
        if finder not in self._keys:
            self._keys[finder] = finder.keys_in(self.month)
        return self._keys[finder]

    def __call__(self, label, version):
        for finder in printed.finders(label):
            if isinstance(finder, Related):
                if finder.key(version) in self.keys(finder):
                    return True
            elif self.month in finder(version):
                return True
        return False


def _model_changes(model, model_versions, since, belongs, first_published):
    label = model._meta.label_lower
    m2m = _m2m_values(model, model_versions)
    workflow = WORKFLOW_FIELDS.get(label, set())
    fields = [f for f in model.history.model.tracked_fields if f.editable and f.name not in workflow]
    history_url = _history_url(model)
    previous = {}
    for version in model_versions:
        before = previous.get(version.id)
        previous[version.id] = version
        if since is not None and version.history_date <= since:
            continue
        if not (belongs(label, version) or (before is not None and belongs(label, before))):
            continue
        field_changes = []
        if version.history_type == CHANGED and before is not None:
            field_changes = _field_changes(fields, m2m, before, version)
            if not field_changes:
                continue  # saved as it was
        yield Change(
            when=version.history_date,
            user=_user_name(version.history_user),
            model=capfirst(model._meta.verbose_name),
            record=str(_as_record(version)),
            kind=KIND_LABELS.get(version.history_type, version.history_type),
            fields=field_changes,
            tag=version.history_change_reason or "",
            after_publication=first_published is not None and version.history_date > first_published,
            history_url=history_url(version),
        )


def _m2m_values(model, model_versions):
    """{field: {history_id: sorted names}} for the many-to-many fields tracked (the DCC user roles
    of a completion): one query per field for all the versions."""
    from simple_history.models import HistoricalRecords

    values = {}
    history_ids = [version.history_id for version in model_versions]
    for m2m_field in model.history.model._history_m2m_fields:
        through_history = HistoricalRecords.m2m_models[m2m_field]
        target = m2m_field.m2m_reverse_field_name()
        rows = through_history.objects.filter(history_id__in=history_ids).select_related(target)
        by_version = {}
        for row in rows:
            by_version.setdefault(row.history_id, []).append(str(getattr(row, target)))
        values[m2m_field] = {key: sorted(names) for key, names in by_version.items()}
    return values


def _field_changes(fields, m2m, before, after):
    changes = []
    for model_field in fields:
        if getattr(before, model_field.attname) != getattr(after, model_field.attname):
            changes.append(
                FieldChange(_field_label(model_field), _shown(model_field, before), _shown(model_field, after))
            )
    for m2m_field, by_version in m2m.items():
        old, new = by_version.get(before.history_id, []), by_version.get(after.history_id, [])
        if old != new:
            changes.append(FieldChange(_field_label(m2m_field), ", ".join(old) or "—", ", ".join(new) or "—"))
    return changes


def _field_label(model_field):
    return capfirst(model_field.verbose_name)


def _shown(model_field, version):
    """A field's value as a person reads it."""
    if model_field.many_to_one:
        key = getattr(version, model_field.attname)
        if key is None:
            return "—"
        related = version._state.fields_cache.get(model_field.name)
        return (
            str(_as_record(related) if hasattr(related, "instance_type") else related)
            if related
            else f"#{key} (deleted)"
        )
    value = getattr(version, model_field.attname)
    if value is None or value == "":
        return "—"
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime.datetime):
        return f"{value:%d/%m/%Y %H:%M}"
    if isinstance(value, datetime.date):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    text = str(value)
    return text if len(text) <= LONG_TEXT else text[: LONG_TEXT - 1] + "…"


def _as_record(version):
    """The record as the version saw it, its foreign keys from the version's own query."""
    instance = version.instance
    for model_field in type(version).tracked_fields:
        if model_field.many_to_one and model_field.name in version._state.fields_cache:
            related = version._state.fields_cache[model_field.name]
            if hasattr(related, "instance_type"):  # a deleted parent's last version
                related = related.instance
            instance._state.fields_cache[model_field.name] = related
    return instance


def _user_name(user):
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def _history_url(model):
    """A function giving a version's admin history page: its record's own, or for a row entered
    on its parent's screen (a tally), the parent's, which lists the rows' changes."""
    if model in admin.site._registry:
        return lambda version: _reverse_history(model, version.id)
    for model_field in model._meta.fields:
        if model_field.many_to_one and model_field.related_model in admin.site._registry:
            parent = model_field.related_model
            return lambda version, attname=model_field.attname: _reverse_history(parent, getattr(version, attname))
    return lambda version: None


def _reverse_history(model, pk):
    if pk is None:
        return None
    try:
        return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_history", args=[pk])
    except NoReverseMatch:
        return None
