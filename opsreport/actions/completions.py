"""The User Entry Process and testing completions of Section 1.2 and 1.3."""

import datetime
from collections.abc import Iterable

from opsreport.actions.core import Actor, action
from parties.models import DCCUserRole, Party, TestCompletion, TestKind, UEPCompletion

Completion = UEPCompletion | TestCompletion


def record_completion(
    party: Party,
    completed_on: datetime.date,
    roles: Iterable[DCCUserRole | int],
    *,
    test_kind: str | None = None,
    classification: str | None = None,
    user: Actor = None,
    confirm_published: bool = False,
) -> Completion:
    """A party completed the User Entry Process (`test_kind` None) or a test (UEPT, SREPT) on a
    day, for the DCC user roles given; a test's classification defaults to the model's."""
    with action(f"Completion by {party}", user, confirm_published=confirm_published) as session:
        completion: Completion
        if test_kind is None:
            completion = session.create(UEPCompletion, party=party, completed_on=completed_on)
        else:
            fields = {"classification": classification} if classification else {}
            completion = session.create(
                TestCompletion, kind=TestKind(test_kind), party=party, completed_on=completed_on, **fields
            )
        completion.roles.set(list(roles))
        return completion


def update_completion(
    completion: Completion,
    roles: Iterable[DCCUserRole | int],
    *,
    classification: str | None = None,
    user: Actor = None,
    confirm_published: bool = False,
) -> Completion:
    """Correct a completion's roles and, for a test, its classification."""
    with action(f"Completion by {completion.party}", user, confirm_published=confirm_published) as session:
        if classification and isinstance(completion, TestCompletion):
            session.update_fields(completion, classification=classification)
        completion.roles.set(list(roles))
        return completion
