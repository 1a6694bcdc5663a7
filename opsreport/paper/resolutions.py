"""The approver resolves a finding with a note, or reopens it (opsreport.actions.resolve_finding
and reopen_finding).

A resolved finding stays listed, with its note and who resolved it when, and no longer counts
as open; the paper prints the note as a footnote to the figure. Only a finding the section
gave a code can be resolved (opsreport/paper/sections/common.py: Finding.code): one that the
paper has somewhere to print the note.
"""

NOTE_MAX = 1000


class ResolutionError(Exception):
    """Why a finding was not resolved or reopened, in words for the approver."""
