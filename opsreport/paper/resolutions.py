"""The approver resolves a finding with a note, or reopens it.

A resolved finding stays listed, with its note and who resolved it when, and no longer counts
as open; the paper prints the note as a footnote to the figure. Only a finding the section
gave a code can be resolved (opsreport/paper/sections/common.py: Finding.code): one that the
paper has somewhere to print the note.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone

from opsreport.models import FindingResolution
from opsreport.paper.assembly import assemble
from opsreport.paper.findings import findings

NOTE_MAX = 1000


class ResolutionError(Exception):
    """Why a finding was not resolved or reopened, in words for the approver."""


def resolve(paper, code, note, user):
    """Resolve the paper's open finding `code` with `note`, as `user`; the FindingResolution."""
    note = (note or "").strip()
    if not note:
        raise ResolutionError("Not resolved: write the note the paper will print as its footnote.")
    if len(note) > NOTE_MAX:
        raise ResolutionError(f"Not resolved: the note has {len(note)} characters; keep it to {NOTE_MAX}.")
    current = {f.code: f for f in findings(assemble(paper)) if f.code}
    finding = current.get(code)
    if finding is None:
        raise ResolutionError("Not resolved: that finding is no longer raised; the page has been brought up to date.")
    if finding.resolution is not None:
        raise ResolutionError(f"Already resolved by {_name(finding.resolution.resolved_by)}.")
    try:
        with transaction.atomic():
            return FindingResolution.objects.create(
                paper=paper, code=code, note=note, resolved_by=user, resolved_at=timezone.now()
            )
    except IntegrityError as error:  # resolved by someone else a moment ago
        raise ResolutionError("Already resolved: the page has been brought up to date.") from error


def reopen(paper, code):
    """Take back the resolution of finding `code`: it is open again and its footnote goes."""
    deleted, _ = FindingResolution.objects.filter(paper=paper, code=code).delete()
    if not deleted:
        raise ResolutionError("That finding is not resolved.")


def _name(user):
    return user.get_full_name() or user.get_username()
