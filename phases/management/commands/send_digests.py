from django.core.management.base import BaseCommand

from phases.platform import notifications
from phases.scoping import across_regions


class Command(BaseCommand):
    help = (
        "Queue 'due in N days' notices for assigned open tasks, then send each user one "
        "e-mail (in their language) listing what happened since the last run. Run daily."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=notifications.DUE_SOON_DAYS)

    @across_regions
    def handle(self, *args, days, **options):
        queued = notifications.queue_due_tasks(days=days)
        sent = notifications.send_digests()
        self.stdout.write(f"Tasks due soon: {queued}; digests sent: {sent}")
