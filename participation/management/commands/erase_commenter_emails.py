from django.core.management.base import BaseCommand

from participation.services import erase_commenter_emails
from phases.scoping import across_regions


class Command(BaseCommand):
    help = (
        "Erase commenters' e-mail addresses when the project's retention time after the "
        "round's analysis has passed. The comments stay. Run daily from cron."
    )

    @across_regions
    def handle(self, *args, **options):
        count = erase_commenter_emails()
        self.stdout.write(f"E-mail addresses erased: {count}")
