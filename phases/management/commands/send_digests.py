from django.core.management.base import BaseCommand

from phases.platform import notifications, tasks
from phases.scoping import across_regions


class Command(BaseCommand):
    help = (
        "Queue 'due in N days' notices for assigned open tasks, then send each user one "
        "e-mail (in their language) listing what happened since the last run. Run daily."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=notifications.DUE_SOON_DAYS)
        parser.add_argument(
            "--queue", action="store_true", help="queue it as a background task for the worker"
        )

    @across_regions
    def handle(self, *args, days, queue=False, **options):
        if queue:
            tasks.send_digests.enqueue(days)
            self.stdout.write("Digests queued")
            return
        queued = notifications.queue_due_tasks(days=days)
        sent = notifications.send_digests()
        self.stdout.write(f"Tasks due soon: {queued}; digests sent: {sent}")
