from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import translation

from phases.demo import credentials_text, seed_demo
from phases.scoping import across_regions


class Command(BaseCommand):
    help = "Create the demo region 'esimerkki' with users, projects and content. Idempotent."

    @across_regions
    def handle(self, *args, **options):
        seed_demo()
        with translation.override("en"):
            self.stdout.write(self.style.SUCCESS(credentials_text(settings.SITE_URL)))
