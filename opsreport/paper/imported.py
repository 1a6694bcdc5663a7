"""Past issues into the archive: a paper SECAS issued before this application, kept as its PDF.

`manage.py import_issue 2018-05 may.pdf --classification white --published 2018-06-08` and the
approver's page (/papers/import/) fill the same form, ImportIssueForm, and write through the same
action (opsreport.actions.import_issue). The month's Paper, if it has none yet, is made with a
minimal front page (FrontPage below says where each value comes from when it is not given) and
marked `imported`; the PDF becomes its issue 1, frozen with its SHA-256 like any published issue,
and is served byte for byte as imported. The application never assembles or draws the paper:
its page says it is an imported PDF and offers the file.
"""

import datetime
from dataclasses import asdict, dataclass
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone

from meetings.reports import next_panel_meeting_after
from opsreport.lib.classification import Classification
from opsreport.lib.months import add_months, first_of_month, month_label, parse_month_key
from opsreport.models import Paper, PaperStatus
from opsreport.month.start import DEFAULT_LEAD_DAYS

MAX_PDF_BYTES = 20 * 1024 * 1024  # a monthly paper is about 1 MB; a scanned one a few
PDF_MAGIC = b"%PDF-"
PDF_END = b"%%EOF"  # every complete PDF ends with it (a trailing newline or two may follow)
DEFAULT_AUTHOR = "SECAS Team"
DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]


@dataclass
class FrontPage:
    """The Paper's fields an imported issue needs. Not given, each comes from the month's paper
    if it has one already (the register's papers sheet makes them), else from its neighbours:

    - the Panel meeting number: the month before's plus one, or the month after's minus one;
    - the paper number and the author: the month before's, or the month after's (author: "SECAS Team");
    - the date of issue: the date the issue was published;
    - the Panel meeting date: the first SEC Panel meeting recorded on or after the date of
      issue, else a week after it (as Start next month estimates it).
    """

    panel_meeting_number: int
    panel_meeting_date: datetime.date
    paper_number: int
    issue_date: datetime.date
    author: str

    def fields(self) -> dict[str, Any]:
        return asdict(self)


def published_issue_problem(paper: Paper | None) -> str:
    """Why an issue cannot be imported for the month of `paper`: it has a published issue already."""
    if paper is None:
        return ""
    issue = paper.issues.order_by("-number").only("number", "published_at").first()
    if issue is None and paper.status != PaperStatus.PUBLISHED:
        return ""
    said = f" (issue {issue.number}, published {timezone.localtime(issue.published_at):%d/%m/%Y})" if issue else ""
    return (
        f"{month_label(paper.month)} already has a published paper{said}: an imported PDF never replaces "
        "a published issue, so nothing was imported."
    )


def front_page(month: datetime.date, published: datetime.date, given: dict[str, Any]) -> FrontPage:
    """The imported paper's front page: `given` (None where not given) completed as FrontPage
    says. ValidationError, by field, for a number that cannot be worked out."""
    existing = Paper.objects.filter(month=month).first()
    before = Paper.objects.filter(month=add_months(month, -1)).first()
    after = Paper.objects.filter(month=add_months(month, 1)).first()
    closest = existing or before or after  # the paper whose paper number and author carry over
    number = given.get("panel_meeting_number")
    if number is None and existing:
        number = existing.panel_meeting_number
    elif number is None and before:
        number = before.panel_meeting_number + 1
    elif number is None and after:
        number = after.panel_meeting_number - 1
    paper_number = given.get("paper_number") or (closest.paper_number if closest else None)
    if not number or not paper_number:
        missing = {"panel_meeting_number": number, "paper_number": paper_number}
        raise ValidationError(
            {
                name: f"Give the {name.replace('_', ' ').replace('panel', 'Panel')}: no paper of this month "
                "or the months next to it has one."
                for name, value in missing.items()
                if not value
            }
        )
    issue_date = given.get("issue_date") or (existing.issue_date if existing else published)
    panel_date = given.get("panel_meeting_date") or (
        existing.panel_meeting_date
        if existing
        else next_panel_meeting_after(issue_date - datetime.timedelta(days=1))
        or issue_date + datetime.timedelta(days=DEFAULT_LEAD_DAYS)
    )
    author = given.get("author") or (closest.author if closest else DEFAULT_AUTHOR)
    return FrontPage(number, panel_date, paper_number, issue_date, author)


def read_pdf(upload: UploadedFile) -> bytes:
    """The uploaded file's bytes if they are a whole PDF within MAX_PDF_BYTES; ValidationError
    otherwise. The size is checked before a byte is read, and at most one byte past it is read."""
    limit = f"{MAX_PDF_BYTES // (1024 * 1024)} MB"
    if upload.size is not None and upload.size > MAX_PDF_BYTES:
        raise ValidationError(
            f"The file is {upload.size / (1024 * 1024):.1f} MB; a paper's PDF may be at most {limit}."
        )
    data = upload.read(MAX_PDF_BYTES + 1)
    if len(data) > MAX_PDF_BYTES:
        raise ValidationError(f"The file is over {limit}; a paper's PDF may be at most {limit}.")
    if not data:
        raise ValidationError("The file is empty.")
    if not data.startswith(PDF_MAGIC):
        raise ValidationError("This is not a PDF: a PDF file begins with %PDF-. Export the paper as PDF and try again.")
    if PDF_END not in data[-1024:]:
        raise ValidationError("This PDF is incomplete: it does not end with %%EOF. Copy the file again and retry.")
    return data


class ImportIssueForm(forms.Form):
    """The command's arguments and the approver's page: one set of checks for both."""

    month = forms.CharField(
        max_length=20, help_text="The month the paper reports on, as YYYY-MM (2018-05 for the May 2018 paper)."
    )
    pdf = forms.FileField(
        label="The paper's PDF", help_text=f"As it was issued; at most {MAX_PDF_BYTES // (1024 * 1024)} MB."
    )
    classification = forms.ChoiceField(
        choices=Classification.choices, help_text="The marking printed on the issued paper: who may read it."
    )
    published = forms.DateField(
        label="Published on", input_formats=DATE_FORMATS, help_text="The day SECAS issued it (YYYY-MM-DD)."
    )
    panel_meeting_number = forms.IntegerField(required=False, min_value=1, max_value=32767)
    panel_meeting_date = forms.DateField(required=False, input_formats=DATE_FORMATS)
    paper_number = forms.IntegerField(required=False, min_value=1, max_value=32767)
    issue_date = forms.DateField(label="Date of issue", required=False, input_formats=DATE_FORMATS)
    author = forms.CharField(required=False, max_length=100)

    def clean_month(self) -> datetime.date:
        try:
            month = parse_month_key(self.cleaned_data["month"].strip())
        except ValueError as error:
            raise ValidationError(f"{error}.") from None
        if month > first_of_month(timezone.localdate()):
            raise ValidationError(f"{month_label(month)} has not begun: only a paper already issued is imported.")
        return month

    def clean_pdf(self) -> bytes:
        return read_pdf(self.cleaned_data["pdf"])

    def clean_published(self) -> datetime.date:
        published = self.cleaned_data["published"]
        if published > timezone.localdate():
            raise ValidationError("That day has not come yet: give the day the paper was issued.")
        return published

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        month, published = data.get("month"), data.get("published")
        if month is None or published is None:
            return data
        if published < month:
            self.add_error(
                "published", f"A paper for {month_label(month)} cannot be published before its month begins."
            )
            return data
        problem = published_issue_problem(Paper.objects.filter(month=month).first())
        if problem:
            self.add_error("month", problem)
            return data
        given = {name: data.get(name) for name in FrontPage.__dataclass_fields__}
        try:
            data["front_page"] = front_page(month, published, given)
        except ValidationError as error:
            self.add_error(None, error)
        return data

    def messages(self) -> list[str]:
        """Every error, each with its field's name, for the command's output."""
        return [
            f"{name if name != '__all__' else 'error'}: {message}"
            for name, errors in self.errors.items()
            for message in errors
        ]
