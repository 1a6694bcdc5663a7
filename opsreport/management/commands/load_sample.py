from django.core.management.base import BaseCommand

from opsreport.models import Paper
from opsreport.sample.load import load


class Command(BaseCommand):
    help = "Load the June 2018 sample data set (idempotent: a second run changes nothing)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing if the database already holds a paper (used by `make run`).",
        )

    def handle(self, *args, if_empty=False, **options):
        if if_empty and Paper.objects.exists():
            self.stdout.write("The database already holds data; the sample was not loaded.")
            return
        load()
        self.stdout.write(self.style.SUCCESS("June 2018 sample loaded."))
