"""The Django admin's own change, add and delete forms, for every data model: one action each.

The admin's forms write through Django's machinery (the form's save, its inline formsets, a
ModelAdmin's save_related, which may write more, as a meeting's decided statuses). These
actions run those writes inside `action(...)`, so they are one transaction, tagged with the user
and "Changed in the admin: helpdesk month", and checked for published figures like every other
write: a change to what a published issue printed is refused (PublishedRefused, nothing
written) unless the editor ticked the confirmation, and is then recorded for the approver.

The admin (opsreport/lib/admin.py's EditGuardMixin, through the admin site) says which
published issues printed the record and its changed rows, and what changed in words, since it
knows the form's inline rows; the session refuses or records it, once.
"""

from collections.abc import Callable, Sequence

from django.db import models

from opsreport.actions.core import Actor, IssueTable, action


def admin_reason(verb: str, record: models.Model) -> str:
    """The history tag of an admin form's writes: "Changed in the admin: helpdesk month"."""
    return f"{verb} in the admin: {record._meta.verbose_name}"


def save_from_admin(
    record: models.Model,
    write: Callable[[], None],
    *,
    adding: bool,
    printed: Sequence[IssueTable] = (),
    changes: Callable[[], list[str]] = list,
    user: Actor = None,
    confirm_published: bool = False,
) -> None:
    """Save an admin form: `write()` saves `record`, its many-to-many fields and its inline rows
    (whatever the ModelAdmin's save_model and save_related do).

    `printed`: the published issues and tables that printed the record or a row the form
    changed, worked out before the writes (a deleted row is gone after). `changes()`: what
    changed, in words ("Telephone enquiries: 40 → 45"), read after the writes; asked only when
    something printed, and a save that changed nothing needs no confirmation.
    """
    with action(
        admin_reason("Added" if adding else "Changed", record), user, confirm_published=confirm_published
    ) as session:
        session.tag(record)
        write()
        lines = changes() if printed else []
        if lines:
            session.note(record, list(printed), lines)


def delete_from_admin(
    record: models.Model,
    delete: Callable[[], None],
    *,
    printed: Sequence[IssueTable] = (),
    changes: Sequence[str] = (),
    user: Actor = None,
    confirm_published: bool = False,
) -> None:
    """Delete a record from its admin page: `delete()` deletes it (and the rows that go with
    it). `printed` and `changes` as for save_from_admin, both worked out before the delete: a
    printed record's deletion is noted as each of its values going to "deleted"."""
    with action(admin_reason("Deleted", record), user, confirm_published=confirm_published) as session:
        session.note(record, list(printed), list(changes))
        session.tag(record)
        delete()
