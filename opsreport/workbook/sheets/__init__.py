"""The workbook's sheets and columns, shared by the export and the import so they cannot drift.

SHEETS is the one list of the sheets, in the workbook's order; each sheet's rows are planned
by the module of its name in this package (paper.py, helpdesk.py, effort.py, website.py,
meetings.py, applicants.py, membership.py, completions.py: `plan(planner, reader, table)`), which checks them with the
forms its screen uses and says which action (opsreport/actions) writes each row.

A sheet is a table: one header row, then one row per figure or record. The header names are
what the import looks for (case and surrounding spaces aside); the columns may come in any
order. The reference lists (the "Lists" sheet) feed the drop-downs and are read nowhere: the
import checks each name against the database itself.
"""

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.text import capfirst

from helpdesk.models import EnquiryCategory
from meetings.models import Committee
from opsreport.lib.classification import Classification
from opsreport.models import EffortDriver, EffortProduct, Grade, WebsiteMonth
from parties.models import DCCUserRole, EventKind, Party, PartyCategory

if TYPE_CHECKING:  # the paper imports this module; only its type is wanted here
    from opsreport.paper.part import Part

README = "README"
PAPER = "Paper"
APPLICANTS = "Applicants"
LISTS = "Lists"
HELPDESK = "Helpdesk"
EFFORT = "Effort"
WEBSITE = "Website"
MEETINGS = "Meetings"
MEMBERSHIP = "Membership"
COMPLETIONS = "Completions"

# The helpdesk sheet's two figures that are not categories.
TELEPHONE = "Telephone enquiries"
MAILBOX = "Emails to the SECAS mailbox"

# Completion kinds as the sheet names them.
UEP = "UEP"
UEPT = "UEPT"
SREPT = "SREPT"
COMPLETION_KINDS = [UEP, UEPT, SREPT]
YES_NO = ["Yes", "No"]

# The Paper sheet's rows: (Field as the sheet names it, the Paper model's field). The names are
# the workbook's contract with editors' own spreadsheets (issue 16): change them only with it.
PAPER_FIELDS = [
    ("SEC Panel meeting date", "panel_meeting_date"),
    ("Issue date", "issue_date"),
    ("Change and Release Update", "change_and_release"),
    ("Technical Support Update", "technical_support"),
    ("Security and Privacy Update", "security_and_privacy"),
    ("Party Support Update", "party_support"),
]
PAPER_DATES = {"panel_meeting_date", "issue_date"}


@dataclass(frozen=True)
class Column:
    header: str
    key: str
    width: int = 16
    choices: str | None = None  # the reference list offered as a drop-down
    note: str = ""  # what the README says about the column


@dataclass(frozen=True)
class Sheet:
    name: str
    columns: tuple[Column, ...]
    about: str

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)


def meeting_columns(dates: str | None, decided_on: str) -> tuple[Column, ...]:
    """The Meetings sheet's columns, one definition for the month's workbook and the register
    (opsreport/register/sheets/meetings.py), so a meeting is written the same way in both
    files. They differ only in what their README notes say: which dates a row may give
    (`dates`: "all in the month", or None for any) and which of a meeting's dates a decision
    counts from (`decided_on`)."""
    return (
        Column("Committee", "committee", 34, "Committee"),
        Column("Name", "name", 16, note="e.g. SSC 58; empty to use the committee's name."),
        Column("Dates", "dates", 24, note=f"DD/MM/YYYY, several separated by commas{f', {dates}' if dates else ''}."),
        Column("Summary", "summary", 70, note="As printed in the meeting table."),
        Column("Confidential", "confidential", 12, "Yes/No", "Yes or No (empty: No)."),
        Column(
            "Links",
            "links",
            50,
            note="One a line, as label | address (http or https); an address alone takes its label from "
            "the committee's link pattern. A confidential meeting's links do not print.",
        ),
        Column(
            "Modifications",
            "modifications",
            34,
            note="The references the meeting took up, separated by commas, each with its decision in "
            "brackets where there was one: SECMP0051 (approved), SECMP0052. A decision of the Change "
            f"Board, the Panel or the Authority sets the modification's status from the meeting's {decided_on}.",
        ),
    )


SHEETS = [
    Sheet(
        PAPER,
        (
            Column("Field", "field", 30, note=", ".join(name for name, _ in PAPER_FIELDS) + "."),
            Column(
                "Value",
                "value",
                100,
                note="Dates as DD/MM/YYYY; each highlight's paragraphs separated by a blank line in the cell. "
                "An empty value leaves the paper's as it is.",
            ),
        ),
        "The paper's front page and highlights, as the paper holds them.",
    ),
    Sheet(
        HELPDESK,
        (
            Column("Month", "month", 10, note="YYYY-MM, the workbook's month."),
            Column("Figure", "figure", 34, "Helpdesk figure", f"{TELEPHONE}, {MAILBOX}, or an enquiry category."),
            Column("Count", "count", 10, note="A whole number."),
        ),
        "Table 5: telephone enquiries, the mailbox's own total and the emails by enquiry category.",
    ),
    Sheet(
        EFFORT,
        (
            Column("Month", "month", 10),
            Column("Driver", "driver", 44, "Effort driver"),
            Column("Product", "product", 24, "Product", "Optional."),
            Column("Grade", "grade", 16, "Grade", "Optional."),
            Column("Days", "days", 10, note="Days of effort, up to four decimals."),
        ),
        "SECAS effort: days by driver, optionally by product and grade.",
    ),
    Sheet(
        WEBSITE,
        (
            Column("Month", "month", 10),
            # A column for each of the month's figures, as the model has them.
            *(
                Column(
                    capfirst(f.verbose_name),
                    f.name,
                    max(12, len(f.verbose_name) + 2),
                    note="Optional." if f.null else "",
                )
                for f in WebsiteMonth.figure_fields()
            ),
        ),
        "Website statistics: one row for the month.",
    ),
    Sheet(
        MEETINGS,
        meeting_columns(dates="all in the month", decided_on="date"),
        "The month's meetings, with their links and the modifications they took up.",
    ),
    Sheet(
        APPLICANTS,
        (
            Column("Applicant", "name", 44, note="As Table 1 is to name it."),
            Column("Category", "category", 22, "Party category"),
            Column("Applied on", "date", 12, note="DD/MM/YYYY, in the month: when the application was accepted."),
        ),
        "Applications received in the month. An applicant acceding in the same month is named in the "
        "Membership sheet's Accession row of the same file.",
    ),
    Sheet(
        MEMBERSHIP,
        (
            Column("Party", "party", 44, "Party"),
            Column("Event", "kind", 18, "Event"),
            Column("Date", "date", 12, note="DD/MM/YYYY, in the month."),
            Column("Note", "note", 60, note="Printed as a footnote in Table 3."),
            Column(
                "Category (new party)",
                "category",
                22,
                "Party category",
                "Only for the accession of a party not yet on record: it is created in a voting group of its own.",
            ),
        ),
        "Membership events of the month: accessions, defaults, withdrawals, expulsions.",
    ),
    Sheet(
        COMPLETIONS,
        (
            Column("Completion", "kind", 12, "Completion", "UEP, UEPT or SREPT."),
            Column("Party", "party", 44, "Party"),
            Column("Date", "date", 12, note="DD/MM/YYYY, in the month."),
            Column("DCC user roles", "roles", 50, note="Names from the Lists sheet, separated by commas."),
            Column("Classification", "classification", 14, "Classification", "Testing only (empty: Amber)."),
        ),
        "User Entry Process and entry-process testing completions of the month.",
    ),
]


def parts_carried_by(name: str) -> list["Part"]:
    """The parts of the paper whose data the sheet `name` carries, as each part declares
    (`Part.sheets`, opsreport/paper/part.py), in print order."""
    from opsreport.paper import sections

    return [part for part in sections.every_part() if name in part.sheets]


def reference_lists() -> dict[str, list[str]]:
    """{list name: [values]}, in the Lists sheet's column order: what the drop-downs offer."""
    return {
        "Helpdesk figure": [
            TELEPHONE,
            MAILBOX,
            *EnquiryCategory.objects.filter(retired=False).values_list("name", flat=True),
        ],
        "Effort driver": list(EffortDriver.objects.filter(retired=False).values_list("name", flat=True)),
        "Product": list(EffortProduct.objects.filter(retired=False).values_list("name", flat=True)),
        "Grade": list(Grade.objects.filter(retired=False).values_list("name", flat=True)),
        "Party": list(Party.objects.order_by("name").values_list("name", flat=True)),
        "Committee": list(Committee.objects.values_list("name", flat=True)),
        "Event": [str(label) for label in EventKind.labels],
        "Party category": [str(label) for label in PartyCategory.labels],
        "Completion": COMPLETION_KINDS,
        "DCC user role": list(DCCUserRole.objects.values_list("name", flat=True)),
        "Classification": [str(label) for label in Classification.labels],
        "Yes/No": YES_NO,
    }
