"""The June 2018 paper's printed figures, as data. Readings of the OCR are in docs/sample-data.md."""

import datetime
from decimal import Decimal

D = datetime.date

PAPER = {
    "month": D(2018, 6, 1),
    "panel_meeting_number": 58,
    "panel_meeting_date": D(2018, 7, 13),
    "paper_number": 22,
    "classification": "white",
    "action": "information",
    "author": "Hollie McGovern",
    "team": "SECAS Team",
    "issue_date": D(2018, 7, 6),
}
APPENDICES = [("A", "Testing Update UEPT", "amber")]

# Table 3, June 2017 to June 2018: accessions in each month.
WINDOW_START = D(2017, 6, 1)
ACCESSIONS_BY_MONTH = [9, 3, 7, 8, 6, 3, 3, 1, 3, 0, 15, 2, 6]
# Its other rows as printed (the events behind them are below and in load.py).
IN_DEFAULT_BY_MONTH = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1]
WITHDRAWALS_BY_MONTH = [0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0]
EXPULSIONS_BY_MONTH = [1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0]

# Figure 1 at the end of June 2018: (category, voting groups, parties in them).
# The paper prints the groups; how the 309 parties spread over them is our reading.
GROUPS = [
    ("large_supplier", 12, 34),
    ("other", 86, 95),
    ("small_supplier", 114, 128),
    ("gas_network", 13, 22),
    ("electricity_network", 17, 30),
]

# Named in the paper: parties that left in the Table 3 window, with their footnotes.
DEPARTED = [
    (
        "Enterprise Gas Ltd",
        "small_supplier",
        "expulsion",
        D(2017, 6, 20),
        "This expulsion was due to the company Enterprise Gas Ltd being dissolved.",
    ),
    (
        "CNG (Group) Limited",
        "small_supplier",
        "withdrawal",
        D(2017, 7, 14),
        "CNG (Group) Limited voluntarily requested to be withdrawn.",
    ),
    (
        "Wingas UK Limited",
        "other",
        "withdrawal",
        D(2017, 11, 17),
        "Wingas UK Limited voluntarily requested to be withdrawn.",
    ),
    (
        "Future Energy (Supply) Ltd",
        "small_supplier",
        "expulsion",
        D(2018, 2, 16),
        "This expulsion was due to the company Future Energy (Supply) Ltd ceasing trading.",
    ),
]

# Named parties in the paper that are still Parties at the end of June 2018.
NAMED_PARTIES = [
    ("Foxglove Energy Supply Limited", "small_supplier", D(2018, 4, 12)),
    ("IMServ Europe Limited", "other", D(2017, 10, 13)),
]

DEFAULT_NOTE = (
    "One SEC Party entered Default in both May and June. The SEC Panel is maintaining a watching brief on the Party."
)

APPLICANTS = [("Leep Gas Networks Limited", "other", D(2018, 6, 22))]

UEP_COMPLETIONS = [
    ("Foxglove Energy Supply Limited", ["Gas Supplier", "Export Supplier", "Import Supplier"], D(2018, 6, 18)),
    ("IMServ Europe Limited", ["Registered Supplier Agent"], D(2018, 6, 21)),
]

# Appendix A (Amber) is not in the seed: three parties, five roles, per section 1.3.
UEPT_COMPLETIONS = [
    ("Sample Small Supplier 101 Limited", ["Import Supplier", "Export Supplier"], D(2018, 6, 20)),
    ("Sample Other SEC Party 080 Limited", ["Registered Supplier Agent", "Other User"], D(2018, 6, 26)),
    ("Sample Small Supplier 102 Limited", ["Gas Supplier"], D(2018, 6, 29)),
]

EFFORT_MONTH = D(2018, 6, 1)
# Four decimals, as timesheets carry them: each rounds to the printed figure and the
# total (500.866) rounds to the printed 500.87, while the printed rows add up to 500.88.
EFFORT = [
    ("Core Panel and Board", Decimal("59.1080")),
    ("Security and Privacy", Decimal("107.4680")),
    ("Modifications and Release Management", Decimal("146.0980")),
    ("Party Support and Engagement", Decimal("70.0680")),
    ("Technical and Operational", Decimal("106.1280")),
    ("Projects Centralisation Projects/Smarter Markets", Decimal("11.5980")),
    ("Technical Effectiveness", Decimal("0.0000")),
    ("Annual Security Obligations", Decimal("0.3980")),
]

HELPDESK_START = D(2017, 7, 1)
HELPDESK = [
    ("Applications", [133, 113, 62, 72, 56, 32, 29, 38, 44, 41, 23, 43]),
    ("Sub-Committees", [143, 116, 195, 237, 439, 116, 737, 481, 223, 228, 208, 108]),
    ("Consultation Correspondence", [1, 2, 0, 12, 4, 14, 15, 5, 6, 0, 0, 13]),
    ("Contact Info", [101, 48, 69, 62, 110, 46, 25, 60, 41, 34, 81, 75]),
    ("General Queries", [98, 102, 99, 113, 80, 102, 110, 90, 87, 59, 40, 43]),
    ("Panel & Board Correspondence", [186, 299, 230, 111, 56, 23, 21, 34, 33, 48, 55, 203]),
    ("Modifications", [165, 178, 169, 182, 200, 145, 249, 389, 500, 415, 369, 376]),
    ("User CIO Assessments", [350, 225, 246, 256, 375, 230, 359, 210, 230, 235, 262, 276]),
    ("Party/RDP Signifiers", [4, 1, 5, 4, 4, 1, 4, 4, 4, 1, 1, 6]),
    ("Training Days/Seminars", [72, 83, 63, 76, 11, 0, 0, 57, 91, 22, 73, 1]),
    ("Other", [206, 265, 11, 124, 245, 225, 178, 135, 126, 128, 93, 184]),
]
# The printed Total row is the mailbox's own count; July 2017's categories add up to 1,459.
MAILBOX_TOTALS = [1439, 1432, 1149, 1249, 1580, 934, 1727, 1503, 1385, 1211, 1205, 1328]
TELEPHONE = {D(2018, 6, 1): 47}

WEBSITE_START = D(2017, 7, 1)
VISITS = [5775, 5499, 5498, 5728, 6445, 9984, 10419, 6099, 8017, 8062, 6803, 6825]
PAGE_VIEWS = [17808, 16765, 15821, 16845, 19854, 25224, 28344, 22712, 27240, 24155, 19924, 20292]
VISITORS = {D(2018, 6, 1): (2118, 1254)}

RELEASES = [
    ("November 2018 SEC Release", D(2018, 11, 1), True),
    ("June 2019 SEC Release", None, False),
    ("November 2019 SEC Release", None, False),
]
SEC_VERSIONS = [
    (
        "5.19",
        D(2018, 6, 25),
        "Implements Version 2.0 of the SEC Variation Testing Approach Document (SVTAD), as directed by BEIS.",
    ),
]

MODIFICATIONS = [
    ("SECMP0027", "Amending Service Request Forecasting", "approved", None),
    ("SECMP0039", "Communication Hub returns notification mechanism for Other SEC Parties", "refinement", None),
    (
        "SECMP0041",
        "Amending the Change Board decision making rules for Modification Proposals",
        "refinement",
        "November 2018 SEC Release",
    ),
    ("SECMP0047", "Default Provisions for Other SEC Parties", "approved", None),
    ("SECMP0049", "Section D Review: Amendments to the Modification Process", "report", "November 2018 SEC Release"),
    (
        "SECMP0050",
        "Section D Review: Moving the Working Group Terms of Reference to a separate document",
        "report",
        "November 2018 SEC Release",
    ),
    (
        "SECMP0051",
        "Section D Review: Amendments to the Fast Track Modification process",
        "report",
        "November 2018 SEC Release",
    ),
    ("SECMP0052", "Updates to the DCCKI CP and DCCKI RAPP", "approved", None),
]

# (name, category, position)
COMMITTEES = [
    ("SEC Panel", "sec_panel", 1),
    ("SECCo Board", "secco_board", 2),
    ("TABASC", "tabasc", 3),
    ("SEC Change Board", "change_board", 4),
    ("Working Group", "working_group", 5),
    ("Security Sub-Committee (SSC)", "ssc", 6),
    ("SMKI PMA", "smki_pma", 7),
    ("Operations Group (OPSG)", "opsg", 8),
    ("Testing Advisory Group (TAG)", "tag", 9),
    ("Modifications Question Hour", "mqh", 10),
    ("BEIS Implementation Managers Forum", "transitional", 11),
    ("Smart Metering Delivery Group", "transitional", 12),
    ("Technical and Business Design Group", "transitional", 13),
    ("DCC Test Design and Execution Group", "transitional", 14),
]

TRANSITIONAL_SUMMARY = (
    "These transitional groups continue to meet on a regular monthly basis. Further information "
    "on all transitional meetings is available in the Transitional Governance Update paper, "
    "available as part of the monthly SEC Panel paper Pack."
)
HEADLINES = "The meeting headlines are available via the link below."
MEETING_HEADLINES = "{committee} {number} {ddmm} — Meeting Headlines"

# Each committee's standard summary and link-label pattern, from which the next month's
# meetings are proposed (meetings/schedule.py); placeholders as meetings.models.PATTERN_FIELDS.
COMMITTEE_PATTERNS = {
    "SEC Panel": (
        "The Panel’s regular monthly meeting. Further information on the proceedings of this "
        "meeting is available in the public minutes on the SEC Website.",
        "{committee} {number} — Public minutes",
    ),
    "SECCo Board": (
        "The SECCo Board’s regular monthly meeting. The proceedings and minutes of the SECCo Board are confidential.",
        "",
    ),
    "TABASC": ("The TABASC's regular monthly meeting. " + HEADLINES, MEETING_HEADLINES),
    "SEC Change Board": ("The Change Board met in {month}.", ""),
    "Working Group": ("Working Group meetings took place in {month} to discuss the progression of modifications.", ""),
    "Security Sub-Committee (SSC)": (
        "The SSC met in {month}. The non-confidential meeting headlines can be found below.",
        MEETING_HEADLINES,
    ),
    "SMKI PMA": ("The SMKI PMA continue to meet on a monthly basis. " + HEADLINES, MEETING_HEADLINES),
    "Operations Group (OPSG)": ("The OPSG continue to meet on a monthly basis. " + HEADLINES, MEETING_HEADLINES),
    "Testing Advisory Group (TAG)": ("The TAG met in {month}.", ""),
    "Modifications Question Hour": (
        "Each month SECAS host a teleconference, offering SEC Parties the opportunity to speak to a "
        "Modifications specialist.",
        "",
    ),
}

# (committee, meeting name, dates, summary, confidential, [(modification, outcome)], [(label, url)])
MEETINGS = [
    (
        "SEC Panel",
        "SEC Panel 57",
        [D(2018, 6, 15)],
        "The Panel’s regular monthly meeting. Further information on the proceedings of this "
        "meeting is available in the public minutes on the SEC Website.",
        False,
        [],
        [("SEC Panel 57 — Public minutes", "https://smartenergycodecompany.co.uk/meeting/sec-panel-meeting-57/")],
    ),
    (
        "SECCo Board",
        "",
        [D(2018, 6, 15)],
        "The SECCo Board’s regular monthly meeting. The proceedings and minutes of the SECCo Board are confidential.",
        True,
        [],
        [],
    ),
    (
        "TABASC",
        "TABASC 31",
        [D(2018, 6, 21)],
        "The TABASC's regular monthly meeting. " + HEADLINES,
        False,
        [],
        [("TABASC 31 2106 — Meeting Headlines", "https://smartenergycodecompany.co.uk/download/7321/")],
    ),
    (
        "SEC Change Board",
        "",
        [D(2018, 6, 20)],
        "The Change Board met in June 2018, where it voted to approve SECMP0027, SECMP0047 and SECMP0052.",
        False,
        [("SECMP0027", "approved"), ("SECMP0047", "approved"), ("SECMP0052", "approved")],
        [],
    ),
    (
        "Working Group",
        "",
        [D(2018, 6, 14), D(2018, 6, 19), D(2018, 6, 25)],
        "Four Working Group meetings took place in June 2018 to discuss the progression of "
        "SECMP0025, SECMP0043, SECMP0044, SECMP0049, SECMP0050 and SECMP0051.",
        False,
        [
            ("SECMP0039", "discussed"),
            ("SECMP0041", "discussed"),
            ("SECMP0049", "discussed"),
            ("SECMP0050", "discussed"),
            ("SECMP0051", "discussed"),
        ],
        [],
    ),
    (
        "Security Sub-Committee (SSC)",
        "SSC 56 and 57",
        [D(2018, 6, 14), D(2018, 6, 27)],
        "The SSC held two meetings in June 2018. The non-confidential meeting headlines can be found below.",
        False,
        [],
        [
            ("SSC 56 1406 — Meeting Headlines", "https://smartenergycodecompany.co.uk/meeting/ssc-meeting-56/"),
            ("SSC 57 2706 — Meeting Headlines", "https://smartenergycodecompany.co.uk/meeting/ssc-meeting-57/"),
        ],
    ),
    (
        "SMKI PMA",
        "SMKI PMA 47",
        [D(2018, 6, 19)],
        "The SMKI PMA continue to meet on a monthly basis. " + HEADLINES,
        False,
        [],
        [("SMKI PMA 47 1906 — Meeting Headlines", "https://smartenergycodecompany.co.uk/meeting/smki-pma-meeting-47/")],
    ),
    (
        "Operations Group (OPSG)",
        "OPSG 09",
        [D(2018, 6, 26)],
        "The OPSG continue to meet on a monthly basis. " + HEADLINES,
        False,
        [],
        [("OPSG 09 2606 — Meeting Headlines", "https://smartenergycodecompany.co.uk/meeting/opsg-meeting-09/")],
    ),
    (
        "Testing Advisory Group (TAG)",
        "",
        [D(2018, 6, 27)],
        "The TAG met once in June 2018. The minutes will be available in July 2018.",
        False,
        [],
        [],
    ),
    (
        "Modifications Question Hour",
        "",
        [D(2018, 6, 11)],
        "Each month SECAS host a teleconference, offering SEC Parties the opportunity to speak to a "
        "Modifications specialist.",
        False,
        [],
        [],
    ),
    ("BEIS Implementation Managers Forum", "", [D(2018, 6, 28)], TRANSITIONAL_SUMMARY, False, [], []),
    ("Smart Metering Delivery Group", "", [D(2018, 6, 13)], TRANSITIONAL_SUMMARY, False, [], []),
    ("Technical and Business Design Group", "", [D(2018, 6, 20)], TRANSITIONAL_SUMMARY, False, [], []),
    ("DCC Test Design and Execution Group", "", [D(2018, 6, 12)], TRANSITIONAL_SUMMARY, False, [], []),
]
