from django.core.management.base import BaseCommand

from participation import tasks
from participation.services import send_statement_reminders
from phases.scoping import across_regions


class Command(BaseCommand):
    help = (
        "Remind bodies that have not yet given their statement, N days before the deadline "
        "(default 3). Run daily from cron; a body is reminded only once."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=3)
        parser.add_argument(
            "--queue", action="store_true", help="queue it as a background task for the worker"
        )

    @across_regions
    def handle(self, *args, days, queue=False, **options):
        if queue:
            tasks.send_statement_reminders.enqueue(days)
            self.stdout.write("Reminders queued")
            return
        # Each body is written to in its own language (or the region's languages).
        count = send_statement_reminders(days=days)
        self.stdout.write(f"Reminders sent: {count}")
