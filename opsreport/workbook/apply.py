"""Writing a clean plan: each planned row's action (opsreport/actions), all in one transaction.

The actions save row by row with the model's `full_clean()` (never bulk_create), so each
model's own checks run and its history records every row, tagged "Workbook import: july.xlsx"
with who imported it. The actions called here join the import's one action: the first
refusal anywhere undoes every row before it, and the published-figure check is made once, for
the whole import, when it ends.
"""

from collections.abc import Callable

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import IntegrityError, transaction

from opsreport.actions.core import Actor, IssueTable, PublishedRefused, action, published_issues
from opsreport.workbook.plan import Plan, PlannedRow
from opsreport.workbook.reading import Problem


class ImportRefused(Exception):
    """The plan had errors, or a row was refused as it was written; nothing was written."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = list(problems)


def messages(error: ValidationError) -> str:
    if hasattr(error, "message_dict"):
        return "; ".join(
            f"{'' if field == '__all__' else field + ': '}{' '.join(texts)}"
            for field, texts in error.message_dict.items()
        )
    return " ".join(error.messages)


def published_refusal(published: list[IssueTable]) -> Problem:
    issues = ", ".join(dict.fromkeys(f"{issue.paper.title} (issue {issue.number})" for issue, _ in published))
    return Problem(
        None,
        None,
        None,
        f"This import changes figures published in {issues}. Tick “I am changing figures published "
        "in …” to import it; the change is then recorded for the approver.",
    )


def write_row(row: PlannedRow) -> Problem | None:
    """Write one row in a savepoint (PostgreSQL can go on after a refused row): why not, or None."""
    try:
        with transaction.atomic():
            row.write()
    except ValidationError as error:
        return Problem(row.sheet, row.row, None, messages(error))
    except IntegrityError as error:
        return Problem(row.sheet, row.row, None, f"The database refused this row: {error}.")
    except ObjectDoesNotExist:
        return Problem(row.sheet, row.row, None, "Its record was deleted since the preview.")
    return None


def apply(
    plan: Plan, user: Actor = None, source_name: str = "", confirm_published: bool = False, rehearsal: bool = False
) -> dict[str, int]:
    """Write every row of a clean plan, or nothing: ImportRefused lists why not.

    Returns the plan's counts ({status: rows}). `user` and `source_name` say who imported
    which file, for the history of each row written. A row that a published issue printed is
    written only with `confirm_published` and a user to record it under (PublishedChange);
    a `rehearsal` (rolled back by its caller) only notes them in `plan.published`.
    """
    if plan.errors:
        raise ImportRefused(plan.errors)
    kind = "Workbook import" if plan.month is not None else "Register import"  # the register has no month
    reason = f"{kind}: {source_name or plan.source_name or 'unnamed file'}"
    try:
        with action(reason, user, confirm_published=confirm_published, rehearsal=rehearsal) as session:
            problems = [problem for row in plan.writes() if (problem := write_row(row))]
            if problems:
                raise ImportRefused(problems)  # leaving the block rolls back every row written
            plan.published = published_issues(session.published)
    except PublishedRefused as refused:
        plan.published = refused.issues()
        raise ImportRefused([published_refusal(plan.published)]) from refused
    return plan.counts


class _DryRun(Exception):
    pass


def rehearse(plan: Plan, then: Callable[[], None] | None = None) -> Plan:
    """Write the plan and roll it back, so the preview also shows what the models refuse only
    as rows are written (a default before the party's accession, say). Adds to plan.errors.
    `then`, if given, runs after the writes and before the rollback: it sees the data as the
    import would leave them (the register's reconciliation)."""
    if plan.errors:
        return plan
    try:
        with transaction.atomic():
            apply(plan, rehearsal=True)  # notes the published figures it touches in plan.published
            if then is not None:
                then()
            raise _DryRun
    except _DryRun:
        pass
    except ImportRefused as refused:
        plan.errors.extend(refused.problems)
    return plan
