import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from opsreport.mail import notify
from opsreport.mail.reminders import papers_due


class Command(BaseCommand):
    help = (
        "Remind the editors of what is missing, MAIL_REMINDER_WORKING_DAYS working days before each "
        "unpublished paper's issue date (run daily: cron, a systemd timer or the task scheduler)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--today", help="YYYY-MM-DD instead of today (for a trial run).")

    def handle(self, *args, today=None, **options):
        try:
            day = datetime.date.fromisoformat(today) if today else timezone.localdate()
        except ValueError as error:
            raise CommandError(f"--today is YYYY-MM-DD: {error}") from error
        papers = papers_due(day, settings.MAIL_REMINDER_WORKING_DAYS)
        if not papers:
            self.stdout.write("No paper is due a reminder.")
        for paper in papers:
            event = notify.reminder(paper, day)
            if event is None:
                self.stdout.write(f"{paper.title}: complete, or reminded already; nobody told.")
            else:
                self.stdout.write(f"{paper.title}: {event.deliveries.count()} editor(s) reminded.")
