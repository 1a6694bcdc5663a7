"""The approver accepts a difference between a published figure and the register with a note,
or withdraws the acceptance, as findings are resolved and reopened (opsreport/actions/papers.py).

An acceptance holds for the two figures it was given: the difference is worked out again from
the database as it stands before it is accepted, and once either figure moves the
reconciliation shows the difference as open again (opsreport/register/reconcile.py).
"""

from typing import TYPE_CHECKING

from django.db import IntegrityError
from django.utils import timezone

from opsreport.actions.core import Actor, action
from opsreport.models import AcceptedDifference
from opsreport.paper.resolutions import NOTE_MAX
from opsreport.register.published import Address
from opsreport.register.reconcile import PrintedFigure, compare

if TYPE_CHECKING:
    from django.contrib.auth.models import User


class AcceptanceError(Exception):
    """Why a difference was not accepted, or its acceptance not withdrawn, in words for the approver."""


def accept_difference(figure: PrintedFigure, note: str, user: "User") -> AcceptedDifference:
    """Accept, with `note`, that the register does not give the printed `figure`; the
    AcceptedDifference (one replacing an acceptance of figures that have moved since)."""
    note = (note or "").strip()
    if not note:
        raise AcceptanceError("Not accepted: write the note that says why the difference is right.")
    if len(note) > NOTE_MAX:
        raise AcceptanceError(f"Not accepted: the note has {len(note)} characters; keep it to {NOTE_MAX}.")
    found = compare([figure])
    if not found:
        raise AcceptanceError("Not accepted: the register now gives the printed figure, so there is nothing to accept.")
    difference = found[0]
    if difference.accepted is not None:
        by = difference.accepted.accepted_by
        raise AcceptanceError(f"Already accepted by {by.get_full_name() or by.get_username()}.")
    address = difference.address
    try:
        with action(f"Difference accepted: {difference}", user):
            AcceptedDifference.objects.filter(
                month=address.month, table=address.table, row=address.row, column=address.column
            ).delete()  # an acceptance of figures that have moved since
            return AcceptedDifference.objects.create(
                month=address.month,
                table=address.table,
                row=address.row,
                column=address.column,
                printed=difference.printed,
                computed=difference.computed,
                note=note,
                accepted_by=user,
                accepted_at=timezone.now(),
            )
    except IntegrityError as error:  # accepted by someone else a moment ago
        raise AcceptanceError("Already accepted: the page has been brought up to date.") from error


def withdraw_acceptance(address: Address, user: Actor = None) -> None:
    """Take back the acceptance of the difference at `address`: it is open again."""
    with action(f"Acceptance withdrawn: {address.label} of {address.month:%B %Y}", user):
        deleted, _ = AcceptedDifference.objects.filter(
            month=address.month, table=address.table, row=address.row, column=address.column
        ).delete()
    if not deleted:
        raise AcceptanceError("That difference is not accepted.")
