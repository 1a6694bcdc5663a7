"""The Papers sheet: each month's paper as its front page and highlights print it: the Panel
meeting it goes to, its number, date of issue, author, classification, the four highlights,
and its appendices.

A paper's status is not carried: a paper the register brings in is a draft until it is
approved and published, and a paper issued before the application existed is brought into the
archive as that month's issue by import_issue. Each row is checked by a ModelForm of the Paper
(the admin's checks: every field's own, the paper's clean(), one paper a month and one
meeting and paper number a paper) over the paper on record, so an empty cell keeps its value;
each appendix by the Appendix model's. opsreport.actions.set_paper_record writes each row.
"""

import datetime
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import model_to_dict

from opsreport.actions import set_paper_record
from opsreport.lib.classification import Classification
from opsreport.lib.months import month_key, month_label, parse_month_key
from opsreport.models import Action, Appendix, AppendixContent, Paper
from opsreport.register.plan import RegisterPlanner
from opsreport.workbook.cells import CellError, blank, choice, required_date, show, text
from opsreport.workbook.plan import CHANGE, CREATE, SAME, SheetReader
from opsreport.workbook.reading import CellValue, Table
from opsreport.workbook.sheets import Column, Sheet

PAPERS = "Papers"
APPENDIX_CONTENT = [(AppendixContent.UEPT.value, "UEPT"), (AppendixContent.SREPT.value, "SREPT")]

# (column key, its header, width, reference list or None, README note): the Paper's fields, in the
# sheet's order. The key is the model field's name.
FIELDS = [
    ("panel_meeting_number", "Panel meeting", 10, None, "The SEC Panel meeting's number, e.g. 58."),
    ("panel_meeting_date", "Panel meeting date", 14, None, "DD/MM/YYYY."),
    ("paper_number", "Paper number", 10, None, "The paper's number in the meeting's pack."),
    ("issue_date", "Issue date", 12, None, "DD/MM/YYYY."),
    ("author", "Author", 24, None, ""),
    ("team", "Team", 18, None, "Empty for a new paper: SECAS Team."),
    ("classification", "Classification", 14, "Classification", "White, Green, Amber or Red."),
    ("action", "Action", 16, "Paper action", "For Information, For Decision or For Discussion."),
    ("purpose", "Purpose", 50, None, "Empty: the standard text naming the month."),
    ("recommendation", "Recommendation", 50, None, "Empty for a new paper: the standard recommendation."),
    ("change_and_release", "Change and Release Update", 60, None, "Paragraphs separated by a blank line."),
    ("technical_support", "Technical Support Update", 60, None, ""),
    ("security_and_privacy", "Security and Privacy Update", 60, None, ""),
    ("party_support", "Party Support Update", 60, None, ""),
]
DATES = {"panel_meeting_date", "issue_date"}
CHOICES: dict[str, list[tuple[str, str]]] = {
    "classification": list(Classification.choices),
    "action": list(Action.choices),
}
HEADERS = {key: header for key, header, *_ in FIELDS}

SHEET = Sheet(
    PAPERS,
    (
        Column("Month", "month", 10, note="YYYY-MM: the month the paper reports on; one row a month."),
        *(Column(header, key, width, lists, note) for key, header, width, lists, note in FIELDS),
        Column(
            "Appendices",
            "appendices",
            40,
            note="One a line: letter | title | classification | UEPT or SREPT, e.g. A | Testing Update UEPT | "
            "Amber | UEPT. An appendix not listed is left as it is.",
        ),
    ),
    "Each month's paper: front page, highlights and appendices. Its status is not carried: a paper "
    "brought in is a draft; a paper already issued goes into the archive with import_issue.",
)


def lists() -> dict[str, list[str]]:
    return {"Paper action": [str(label) for label in Action.labels]}


class PaperForm(forms.ModelForm):
    """The Paper's fields as the admin checks them."""

    class Meta:
        model = Paper
        fields = ["month", *HEADERS]


@dataclass(frozen=True)
class AppendixRow:
    letter: str
    title: str
    classification: str
    content: str

    def __str__(self) -> str:
        return f"{self.letter} | {self.title} | {Classification(self.classification).label} | {dict(APPENDIX_CONTENT)[self.content]}"


def shown(key: str, value: Any) -> Any:
    """A field's value as the sheet writes it: a choice by its label."""
    return dict(CHOICES[key]).get(value, value) if key in CHOICES else value


def read_month(value: CellValue) -> datetime.date:
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value.replace(day=1)  # a spreadsheet that turned 2018-06 into a date
    if blank(value):
        raise CellError("Give the month, as YYYY-MM.")
    return parse_month_key(text(value))


def read_appendices(value: CellValue) -> list[AppendixRow] | None:
    """The appendices a cell lists, checked by the Appendix model; None for an empty cell."""
    if blank(value):
        return None
    out = []
    for line in (line.strip() for line in text(value).splitlines()):
        if not line:
            continue
        parts = [part.strip() for part in line.split("|")]
        if len(parts) != 4:
            raise CellError(f"{line!r}: write letter | title | classification | UEPT or SREPT.")
        classification = str(choice(parts[2], list(Classification.choices), "classification"))
        content = str(choice(parts[3], APPENDIX_CONTENT, "appendix content"))
        appendix = Appendix(letter=parts[0], title=parts[1], classification=classification, content=content)
        try:
            appendix.full_clean(exclude=["paper"], validate_unique=False)
        except ValidationError as error:
            raise CellError(f"{line!r}: {' '.join(error.messages)}") from None
        out.append(AppendixRow(parts[0], parts[1], classification, content))
    letters = [row.letter for row in out]
    if len(set(letters)) != len(letters):
        raise CellError("Each appendix letter once.")
    return out


def field_value(key: str, value: CellValue) -> Any:
    """A cell as the form takes it (None: empty, the paper's value stays)."""
    if blank(value):
        return None
    if key in DATES:
        return required_date(value)
    if key in CHOICES:
        return choice(value, CHOICES[key], HEADERS[key].lower())
    return text(value).replace("\r\n", "\n")


class PapersSheet:
    def __init__(self, planner: RegisterPlanner, reader: SheetReader) -> None:
        self.planner, self.reader = planner, reader
        self.papers = {paper.month: paper for paper in Paper.objects.prefetch_related("appendices")}
        self.seen: dict[Any, int] = {}
        self.references: dict[tuple[Any, Any], int] = {}  # {(meeting, paper number): row}

    def read(
        self, number: int, cells: dict[str, CellValue]
    ) -> tuple[datetime.date, dict[str, Any], list[AppendixRow] | None] | None:
        month, ok = self.reader.parse(number, cells, "month", read_month)
        given: dict[str, Any] = {}
        for key in HEADERS:
            value, good = self.reader.parse(number, cells, key, field_value, key)
            ok = ok and good
            if value is not None:
                given[key] = value
        appendices, good = self.reader.parse(number, cells, "appendices", read_appendices)
        if not (ok and good):
            return None
        return month, given, appendices

    def plan_row(self, number: int, values: list[CellValue]) -> None:
        read = self.read(number, self.reader.cells(values))
        if read is None:
            return
        month, given, appendices = read
        label = f"Operations Report — {month_label(month)}"
        if self.planner.duplicate(self.reader, self.seen, month, number, "month", month_label(month)):
            return
        paper = self.papers.get(month)
        data = model_to_dict(paper if paper is not None else Paper(month=month), fields=["month", *HEADERS])
        form = PaperForm({**data, **given, "month": month}, instance=paper)
        if not form.is_valid():
            self.reader.form_errors(number, form.errors, {key: key for key in HEADERS})
            return
        if not self.unique_reference(number, form.cleaned_data):
            return
        changes = self.changes(paper, form.cleaned_data, given, appendices)
        if paper is not None and not changes:
            self.planner.row(PAPERS, number, label, SAME)
            return
        arguments = {
            "month": month,
            "fields": {key: form.cleaned_data[key] for key in HEADERS if paper is None or key in given},
            "appendices": [(a.letter, a.title, a.classification, a.content) for a in appendices or []],
        }
        self.planner.row(
            PAPERS, number, label, CREATE if paper is None else CHANGE, changes, set_paper_record, arguments
        )

    def unique_reference(self, number: int, data: dict[str, Any]) -> bool:
        """One meeting and paper number a paper, across the file's rows (the form checks the
        papers on record)."""
        key = (data["panel_meeting_number"], data["paper_number"])
        if key in self.references:
            self.reader.problem(
                number,
                "paper_number",
                f"Paper {key[1]} of Panel meeting {key[0]} is already the paper on row {self.references[key]}.",
            )
            return False
        self.references[key] = number
        return True

    @staticmethod
    def changes(
        paper: Paper | None, data: dict[str, Any], given: dict[str, Any], appendices: list[AppendixRow] | None
    ) -> list[tuple[str, str, str]]:
        changes = []
        for key, header in HEADERS.items():
            old = getattr(paper, key) if paper is not None else None
            new = data[key]
            if (paper is None or key in given) and new != old and not (old is None and new in ("", None)):
                changes.append((header, show(shown(key, old)), show(shown(key, new))))
        on_record = {a.letter: a for a in paper.appendices.all()} if paper is not None else {}
        for row in appendices or []:
            old_appendix = on_record.get(row.letter)
            old = (
                AppendixRow(old_appendix.letter, old_appendix.title, old_appendix.classification, old_appendix.content)
                if old_appendix
                else None
            )
            if old != row:
                changes.append((f"appendix {row.letter}", show(old and str(old)), str(row)))
        return changes


def plan(planner: RegisterPlanner, reader: SheetReader, table: Table) -> None:
    sheet = PapersSheet(planner, reader)
    for number, values in table.rows:
        sheet.plan_row(number, values)


def rows() -> list[list[Any]]:
    """Every paper on record, by month."""
    out = []
    for paper in Paper.objects.order_by("month").prefetch_related("appendices"):
        values = [getattr(paper, key) for key in HEADERS]
        values = [
            str(dict(CHOICES[key])[value]) if key in CHOICES else (value if value != "" else None)
            for key, value in zip(HEADERS, values)
        ]
        appendices = "\n".join(
            str(AppendixRow(a.letter, a.title, a.classification, a.content)) for a in paper.appendices.all()
        )
        out.append([month_key(paper.month), *values, appendices or None])
    return out
