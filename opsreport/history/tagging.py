"""Tagging a batch of changes: every historical row written inside `tagged(reason)` carries it.

A workbook import writes dozens of rows in one go; tagged with "import of july.xlsx by erin,
2018-08-03 10:12", each of them says which import wrote it, in the admin's history of the
record and on the month's changes. A context variable, so it holds for this request or
command alone (threads and async tasks each see their own).
"""

import contextvars
from contextlib import contextmanager
from dataclasses import dataclass


@dataclass(frozen=True)
class Tag:
    reason: str
    user: object = None  # who the rows are written for, when no signed-in request says so


_current = contextvars.ContextVar("opsreport_history_tag", default=None)


@contextmanager
def tagged(reason, user=None):
    """Give every historical row written inside this block `reason` as its change reason.

    `user` names who made the change where no request does (a management command); within a
    request the signed-in user is recorded anyway. Blocks nest: the innermost tag wins.
    """
    token = _current.set(Tag(str(reason), user))
    try:
        yield
    finally:
        _current.reset(token)


def current_tag():
    """The tag in force here, or None."""
    return _current.get()


def apply_tag(sender, history_instance, **kwargs):
    """A pre_create_historical_record receiver: writes the tag in force onto the row.

    A reason given on the record itself (simple-history's `_change_reason`) is kept.
    """
    tag = _current.get()
    if tag is None:
        return
    if not history_instance.history_change_reason:
        history_instance.history_change_reason = tag.reason
    user = tag.user
    if history_instance.history_user_id is None and getattr(user, "is_authenticated", False):
        history_instance.history_user = user
