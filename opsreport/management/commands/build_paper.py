from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from opsreport.lib.months import parse_month_key
from opsreport.models import Paper
from opsreport.paper.assembly import assemble
from opsreport.paper.pdf import paper_pdf, render_html


class Command(BaseCommand):
    help = "Build a month's Operations Report: python manage.py build_paper 2018-06 --output paper.pdf [--html]"

    def add_arguments(self, parser):
        parser.add_argument("month", help="YYYY-MM")
        parser.add_argument("--output", "-o", required=True)
        parser.add_argument("--html", action="store_true", help="Write the HTML instead of the PDF.")

    def handle(self, month, output, html, **options):
        try:
            paper = Paper.objects.prefetch_related("appendices").get(month=parse_month_key(month))
        except (ValueError, Paper.DoesNotExist) as error:
            raise CommandError(f"No paper for {month}: {error}") from None
        assembled = assemble(paper)
        if html:
            Path(output).write_text(render_html(assembled, mode="published"))
        else:
            Path(output).write_bytes(paper_pdf(paper, assembled))
        self.stdout.write(f"Wrote {output}")
