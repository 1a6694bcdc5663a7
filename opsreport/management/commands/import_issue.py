"""`manage.py import_issue 2018-05 may.pdf --classification white --published 2018-06-08`: a
paper issued before this application, kept as that month's published issue (opsreport/paper/imported.py)."""

from pathlib import Path
from typing import Any, NoReturn

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.datastructures import MultiValueDict

from opsreport import actions
from opsreport.lib.classification import Classification
from opsreport.paper.imported import MAX_PDF_BYTES, ImportIssueForm


class Command(BaseCommand):
    help = (
        "Import a paper issued before this application as its month's published issue: the PDF is kept "
        "as it is, with its SHA-256, and listed in the archive. Exit status 1, with every error, when refused."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("month", help="The month the paper reports on, YYYY-MM.")
        parser.add_argument("file", help="The paper's PDF as issued.")
        parser.add_argument("--classification", required=True, choices=Classification.values)
        parser.add_argument("--published", required=True, help="The day it was issued, YYYY-MM-DD.")
        parser.add_argument(
            "--panel-meeting", dest="panel_meeting_number", help="Default: the month before's plus one."
        )
        parser.add_argument(
            "--panel-date", dest="panel_meeting_date", help="Default: the next SEC Panel meeting recorded."
        )
        parser.add_argument("--paper-number", dest="paper_number", help="Default: the month before's.")
        parser.add_argument("--issue-date", dest="issue_date", help="Default: the day it was published.")
        parser.add_argument("--author", help="Default: the month before's, else SECAS Team.")

    def handle(self, month: str, file: str, **options: Any) -> None:
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No such file: {file}")
        with path.open("rb") as handle:
            data = handle.read(MAX_PDF_BYTES + 1)  # bounded: the form refuses anything longer
        given = ["classification", "published", "panel_meeting_number", "panel_meeting_date", "paper_number"]
        form = ImportIssueForm(
            {"month": month, **{name: options[name] or "" for name in [*given, "issue_date", "author"]}},
            MultiValueDict({"pdf": [SimpleUploadedFile(path.name, data, "application/pdf")]}),
        )
        if not form.is_valid():
            self.fail(form.messages())
        try:
            issue = actions.import_issue(
                form.cleaned_data["month"],
                form.cleaned_data["pdf"],
                classification=form.cleaned_data["classification"],
                published=form.cleaned_data["published"],
                front_page=form.cleaned_data["front_page"],
            )
        except ValidationError as error:
            self.fail(error.messages)
        paper = issue.paper
        self.stdout.write(
            f"Imported {paper.title} ({paper.reference}, {issue.get_classification_display()}) as issue "
            f"{issue.number}, published {timezone.localtime(issue.published_at):%d/%m/%Y}.\nSHA-256 {issue.sha256}"
        )

    def fail(self, messages: list[str]) -> NoReturn:
        for message in messages:
            self.stderr.write(f"ERROR {message}")
        raise CommandError(f"{len(messages)} error(s): nothing was imported.", returncode=1)
