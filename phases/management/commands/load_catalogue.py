from django.core.management.base import BaseCommand

from phases.catalogue import sync_catalogue


class Command(BaseCommand):
    help = "Load or update the national six-phase model (phases/catalogue_data.py)."

    def handle(self, *args, **options):
        sync_catalogue()
        self.stdout.write(self.style.SUCCESS("Catalogue loaded."))
