from django.core.management.base import BaseCommand

from phases.catalogue import sync_catalogue
from phases.scoping import across_regions


class Command(BaseCommand):
    help = "Load or update the national six-phase model (phases/catalogue_data.py)."

    @across_regions
    def handle(self, *args, **options):
        sync_catalogue()
        self.stdout.write(self.style.SUCCESS("Catalogue loaded."))
