"""The three roles, as groups with their permissions. Read by a migration and by the tests."""

EDITOR = "SECAS editor"
APPROVER = "SECAS approver"
PANEL_MEMBER = "Panel member"

DATA_APPS = ["parties", "helpdesk", "meetings", "opsreport"]
READ_PAPERS = ("opsreport", "read_panel_papers")
APPROVE_PAPER = ("opsreport", "approve_paper")


def permissions_for(role, all_data_permissions):
    """(app_label, codename) pairs for a role, from the data apps' model permissions."""
    if role == EDITOR:
        return [p for p in all_data_permissions if p != APPROVE_PAPER]
    if role == APPROVER:
        return [
            p
            for p in all_data_permissions
            if p[1].startswith("view_") or p in (APPROVE_PAPER, READ_PAPERS, ("opsreport", "change_paper"))
        ]
    if role == PANEL_MEMBER:
        return [READ_PAPERS]
    raise ValueError(role)


ROLES = [EDITOR, APPROVER, PANEL_MEMBER]
STAFF_ROLES = {EDITOR, APPROVER}
