"""The one place an import writes: a clean plan, in one transaction, row by row.

Each row is written with the model's `full_clean()` and `save()` (never bulk_create), so each
model's own checks run and its history, where a model keeps one, records every row. The
transaction makes it all or nothing: the first refusal anywhere undoes every row before it.

History: every instance written or deleted carries `_history_user` (who imported) and
`_change_reason` ("Workbook import: july.xlsx"), the two attributes django-simple-history reads
when it records a row, so a model that keeps history says who imported which file. Nothing
else here knows about history.
"""

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import capfirst

from opsreport.history import tagged
from opsreport.paper.printed import published_printing
from opsreport.workbook.reading import Problem


class ImportRefused(Exception):
    """The plan had errors, or a row was refused as it was written; nothing was written."""

    def __init__(self, problems):
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = list(problems)


class Writer:
    """What the plan's write functions use: validated saves, and the month's parent records
    made the first time a row needs them."""

    def __init__(self, plan, user=None, source_name=""):
        self.plan = plan
        self.month = plan.month
        self.user = user
        self.reason = f"Workbook import: {source_name or plan.source_name or 'unnamed file'}"
        self._helpdesk = self._effort = None
        self._parties = {}
        # [(record, [(PaperIssue, table)], [change lines])]: what a published issue printed.
        self.published = []

    def tag(self, obj):
        """Who imported which file, for the history of `obj` (see the module's docstring)."""
        obj._change_reason = self.reason
        if self.user is not None and getattr(self.user, "is_authenticated", False):
            obj._history_user = self.user
        return obj

    def save(self, obj, lines=("added",)):
        obj.full_clean()
        self.tag(obj).save()
        printed = published_printing(obj)
        if printed:
            self.published.append((obj, printed, list(lines)))
        return obj

    def create(self, model, **fields):
        return self.save(model(**fields))

    def update_fields(self, obj, **fields):
        lines = []
        for name, value in fields.items():
            old = getattr(obj, name)
            if old != value:
                label = capfirst(obj._meta.get_field(name).verbose_name)
                lines.append(f"{label}: {'(empty)' if old in (None, '') else old} → {value}")
            setattr(obj, name, value)
        return self.save(obj, lines)

    def helpdesk_month(self):
        from helpdesk.models import HelpdeskMonth

        if self._helpdesk is None:
            self._helpdesk = HelpdeskMonth.objects.filter(month=self.month).first() or self.create(
                HelpdeskMonth, month=self.month
            )
        return self._helpdesk

    def effort_month(self):
        from opsreport.models import EffortMonth

        if self._effort is None:
            self._effort = EffortMonth.objects.filter(month=self.month).first() or self.create(
                EffortMonth, month=self.month
            )
        return self._effort

    def party(self, name):
        """The party of this name; a new party the Membership sheet accedes is made once, in a
        voting group of its own named after it (as a new SEC Party's group is)."""
        from parties.models import Party, VotingGroup

        key = name.lower()
        if key not in self._parties:
            party = Party.objects.filter(name__iexact=name).first()
            if party is None:
                name, category = self.plan.new_parties[key]
                group = VotingGroup.objects.filter(name__iexact=name).first() or self.create(
                    VotingGroup, name=name, category=category
                )
                party = self.create(Party, name=name, voting_group=group)
            self._parties[key] = party
        return self._parties[key]

    def set_meeting_dates(self, meeting, dates):
        from meetings.models import MeetingDate

        for old in meeting.dates.exclude(date__in=dates):
            self.tag(old).delete()
        have = set(meeting.dates.values_list("date", flat=True))
        for day in dates:
            if day not in have:
                self.create(MeetingDate, meeting=meeting, date=day)


def messages(error):
    if hasattr(error, "message_dict"):
        return "; ".join(
            f"{'' if field == '__all__' else field + ': '}{' '.join(texts)}"
            for field, texts in error.message_dict.items()
        )
    return " ".join(error.messages)


def published_issues(published):
    """The published issues and tables a writer's rows touched, each once, in order."""
    return list(dict.fromkeys(found for _, printed, _ in published for found in printed))


def published_refusal(published):
    issues = ", ".join(dict.fromkeys(f"{issue.paper.title} (issue {issue.number})" for issue, _ in published))
    return Problem(
        None,
        None,
        None,
        f"This import changes figures published in {issues}. Tick “I am changing figures published "
        "in …” to import it; the change is then recorded for the approver.",
    )


def apply(plan, user=None, source_name="", confirm_published=False, rehearsal=False):
    """Write every row of a clean plan, or nothing: ImportRefused lists why not.

    Returns the plan's counts ({status: rows}). `user` and `source_name` say who imported
    which file, for the history of each row written. A row that a published issue printed is
    written only with `confirm_published` and a user to record it under (PublishedChange);
    a `rehearsal` (rolled back by its caller) only notes them in `plan.published`.
    """
    if plan.errors:
        raise ImportRefused(plan.errors)
    problems = []
    writer = Writer(plan, user, source_name)
    # The tag also reaches history rows no instance carries: the DCC user roles of a completion.
    with transaction.atomic(), tagged(writer.reason, user):
        for row in plan.writes():
            try:
                with transaction.atomic():  # a savepoint: PostgreSQL can go on after a refused row
                    row.write(writer)
            except ValidationError as error:
                problems.append(Problem(row.sheet, row.row, None, messages(error)))
            except IntegrityError as error:
                problems.append(Problem(row.sheet, row.row, None, f"The database refused this row: {error}."))
            except ObjectDoesNotExist:
                problems.append(Problem(row.sheet, row.row, None, "Its record was deleted since the preview."))
        if problems:
            raise ImportRefused(problems)  # leaving the block rolls back every row written
        plan.published = published_issues(writer.published)
        if writer.published and not rehearsal:
            if not confirm_published or user is None:
                raise ImportRefused([published_refusal(plan.published)])
            record_published_changes(writer.published, user)
    return plan.counts


def record_published_changes(published, user):
    """One PublishedChange a record and issue and table, for the approver's paper page: a
    record saved more than once by the import (made, then its figures set) is listed once."""
    from opsreport.models import PublishedChange

    records = {}  # (model, pk): [record, {(issue, table)}, [lines]]
    for obj, printed, lines in published:
        entry = records.setdefault((obj._meta.label_lower, obj.pk), [obj, {}, []])
        entry[0] = obj
        entry[1].update(dict.fromkeys(printed))
        entry[2] += [line for line in lines if line not in entry[2]]
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


class _DryRun(Exception):
    pass


def rehearse(plan):
    """Write the plan and roll it back, so the preview also shows what the models refuse only
    as rows are written (a default before the party's accession, say). Adds to plan.errors."""
    if plan.errors:
        return plan
    try:
        with transaction.atomic():
            apply(plan, rehearsal=True)  # notes the published figures it touches in plan.published
            raise _DryRun
    except _DryRun:
        pass
    except ImportRefused as refused:
        plan.errors.extend(refused.problems)
    return plan
