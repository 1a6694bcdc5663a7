"""July 2018 as an editor would enter it on top of the June sample, through the month's workbook:
the July export filled with plausible figures. Used by the workbook's tests and by `make bench`.
"""

import datetime
import io

from openpyxl import load_workbook

from opsreport.workbook.export import workbook_bytes
from opsreport.workbook.sheets import (
    APPLICANTS,
    COMPLETIONS,
    EFFORT,
    HELPDESK,
    MAILBOX,
    MEETINGS,
    MEMBERSHIP,
    PAPER,
    TELEPHONE,
    WEBSITE,
)

D = datetime.date
JULY = D(2018, 7, 1)

TELEPHONE_CALLS = 52
EMAILS = {
    "Applications": 51,
    "Sub-Committees": 166,
    "Consultation Correspondence": 4,
    "Contact Info": 70,
    "General Queries": 61,
    "Panel & Board Correspondence": 120,
    "Modifications": 341,
    "User CIO Assessments": 248,
    "Party/RDP Signifiers": 3,
    "Training Days/Seminars": 18,
    "Other": 157,
}
MAILBOX_TOTAL = sum(EMAILS.values())
DAYS = {
    "Core Panel and Board": 61.25,
    "Security and Privacy": 101.5,
    "Modifications and Release Management": 150.75,
    "Party Support and Engagement": 66,
    "Technical and Operational": 98.125,
    "Projects Centralisation Projects/Smarter Markets": 12.5,
    "Technical Effectiveness": 1,
    "Annual Security Obligations": 0.5,
}
WEBSITE_FIGURES = [7012, 21044, 2210, 1301]
MEETINGS_ROWS = [
    [
        "SEC Panel",
        "SEC Panel 58",
        "13/07/2018",
        "The Panel noted the Operations Report and approved the SEC releases plan.",
        "No",
    ],
    [
        "TABASC",
        "TABASC 32",
        "05/07/2018",
        "TABASC reviewed the Technical Architecture Document updates.",
        "No",
        # An address alone takes its label from the committee's link pattern.
        "https://smartenergycodecompany.co.uk/tabasc-32-headlines/",
        "",
    ],
    [
        "SEC Change Board",
        "",
        "25/07/2018",
        "The Change Board voted on SECMP0050.",
        "No",
        "SEC Change Board 2507 — Meeting Headlines | https://smartenergycodecompany.co.uk/change-board-2507/",
        "SECMP0050 (approved), SECMP0051",  # a decision, and a modification only discussed
    ],
    [
        "Security Sub-Committee (SSC)",
        "SSC 58 and 59",
        "04/07/2018, 18/07/2018",
        "The SSC considered User Security Assessments.",
        "Yes",
    ],
]
# The Paper sheet: the front page's dates and the four highlights (paragraphs split by a blank line).
PAPER_VALUES = {
    "SEC Panel meeting date": D(2018, 8, 10),
    "Issue date": D(2018, 8, 3),
    "Change and Release Update": "The Change Board approved SECMP0050 for the November 2018 release.\n\n"
    "The June 2018 SEC release was implemented on 29 June 2018.",
    "Technical Support Update": "TABASC reviewed the Technical Architecture Document updates.",
    "Security and Privacy Update": "The SSC considered User Security Assessments at two meetings.",
    "Party Support Update": "Two parties were welcomed to the SEC in July.\n\n"
    "SECAS ran a training day for new parties.",
}
NEW_PARTY = "Leep Gas Networks Limited"
# An organisation that applies and accedes in July, both in this one workbook.
NEW_APPLICANT = "Northwold Energy Limited"
APPLICANT_ROWS = [[NEW_APPLICANT, "Small Supplier", D(2018, 7, 3)]]
MEMBERSHIP_ROWS = [
    [NEW_PARTY, "Accession", D(2018, 7, 10), "", None],  # an applicant: its category is known
    [NEW_APPLICANT, "Accession", D(2018, 7, 24), "", None],  # the applicant of this workbook's Applicants sheet
    ["Sample Small Supplier 050 Limited", "Left default", D(2018, 7, 20), "", None],
]
COMPLETION_ROWS = [
    ["UEP", NEW_PARTY, D(2018, 7, 27), "Other User", None],
    ["UEPT", "Sample Small Supplier 113 Limited", D(2018, 7, 16), "Import Supplier, Export Supplier", "Amber"],
]


def july_workbook() -> bytes:
    """The July 2018 export, filled in with every fact of the month: XLSX bytes."""
    return fill(workbook_bytes(JULY))


def fill(export: bytes) -> bytes:
    """`export` (July 2018's workbook as the site gives it) filled in with every fact of the
    month, as an editor would: the figures in their columns, the Paper sheet's values, and a
    row appended to each list sheet. XLSX bytes."""
    workbook = load_workbook(io.BytesIO(export))
    helpdesk = workbook[HELPDESK]
    for row in helpdesk.iter_rows(min_row=2):
        figure = row[1].value
        row[2].value = {TELEPHONE: TELEPHONE_CALLS, MAILBOX: MAILBOX_TOTAL}.get(figure, EMAILS.get(figure))
    for row in workbook[EFFORT].iter_rows(min_row=2):
        if row[1].value in DAYS:
            row[4].value = DAYS[row[1].value]
    website = workbook[WEBSITE]
    for column, value in enumerate(WEBSITE_FIGURES, start=2):
        website.cell(row=2, column=column, value=value)
    for row in workbook[PAPER].iter_rows(min_row=2):
        row[1].value = PAPER_VALUES.get(row[0].value, row[1].value)
    sheets = (
        (MEETINGS, MEETINGS_ROWS),
        (APPLICANTS, APPLICANT_ROWS),
        (MEMBERSHIP, MEMBERSHIP_ROWS),
        (COMPLETIONS, COMPLETION_ROWS),
    )
    for name, rows in sheets:
        for values in rows:
            workbook[name].append(values)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
