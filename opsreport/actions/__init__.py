"""Every change of the data, one named function each: screens, the workbook's import and the
commands call the same function, so a rule is enforced once.

Each action owns its transaction, its history tag and its published-figure check
(opsreport/actions/core.py); actions called inside another (the workbook's apply) join its
transaction. A write that changes what a published issue printed raises PublishedRefused
unless the caller passes confirm_published=True (and a user to record it under).
"""

from opsreport.actions.admin import admin_reason, delete_from_admin, save_from_admin
from opsreport.actions.completions import record_completion, update_completion
from opsreport.actions.core import PublishedRefused, Session, action, record_published_changes
from opsreport.actions.differences import AcceptanceError, accept_difference, withdraw_acceptance
from opsreport.actions.figures import (
    set_effort_days,
    set_effort_entries,
    set_email_tally,
    set_helpdesk_figures,
    set_row_label,
    set_website_figures,
)
from opsreport.actions.meetings import (
    enter_meeting,
    enter_proposed_meetings,
    record_status,
    set_committee,
    set_modification,
    set_release,
    set_sec_version,
    update_meeting,
)
from opsreport.actions.membership import (
    accede,
    record_application,
    record_party_event,
    set_applicant_record,
    set_default_spell,
    set_event_note,
    set_party_record,
)
from opsreport.actions.papers import (
    approve_paper,
    import_issue,
    publish_paper,
    reopen_finding,
    resolve_finding,
    set_paper_fields,
    set_paper_record,
    start_first_month,
    start_month,
    start_next_month,
)

__all__ = [
    "AcceptanceError",
    "PublishedRefused",
    "Session",
    "accede",
    "accept_difference",
    "action",
    "admin_reason",
    "approve_paper",
    "delete_from_admin",
    "enter_meeting",
    "import_issue",
    "enter_proposed_meetings",
    "publish_paper",
    "record_application",
    "record_completion",
    "record_party_event",
    "record_published_changes",
    "record_status",
    "reopen_finding",
    "resolve_finding",
    "save_from_admin",
    "set_applicant_record",
    "set_committee",
    "set_default_spell",
    "set_effort_days",
    "set_effort_entries",
    "set_email_tally",
    "set_event_note",
    "set_helpdesk_figures",
    "set_modification",
    "set_paper_fields",
    "set_paper_record",
    "set_party_record",
    "set_release",
    "set_row_label",
    "set_sec_version",
    "set_website_figures",
    "start_first_month",
    "start_month",
    "start_next_month",
    "update_completion",
    "update_meeting",
    "withdraw_acceptance",
]
