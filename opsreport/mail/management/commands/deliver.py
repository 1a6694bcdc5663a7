from django.core.management import call_command
from django.core.management.base import BaseCommand

from opsreport.mail.models import Delivery, DeliveryStatus
from opsreport.mail.worker import deliver_until_done


class Command(BaseCommand):
    help = (
        "Deliver the queued mail. --until-done sends everything due now and exits (tests, cron, CI); "
        "without it, runs the long-lived worker (as `make worker`)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--until-done", action="store_true", help="Send what is due now, then exit.")

    def handle(self, *args, until_done=False, **options):
        if not until_done:
            call_command("db_worker", queue_name="*", reload=False, verbosity=options["verbosity"])
            return
        counts = deliver_until_done()
        summary = ", ".join(f"{n} {DeliveryStatus(status).label.lower()}" for status, n in sorted(counts.items()))
        self.stdout.write(f"Deliveries: {summary or 'none'}.")
        waiting = Delivery.objects.filter(status=DeliveryStatus.RETRYING).order_by("next_attempt_at").first()
        if waiting:
            self.stdout.write(f"Next retry at {waiting.next_attempt_at:%Y-%m-%d %H:%M:%S %Z}.")
