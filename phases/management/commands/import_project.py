from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from phases.backup import ImportError_, restore
from phases.catalogue import sync_catalogue
from phases.scoping import across_regions


class Command(BaseCommand):
    help = (
        "Restore a project archive made by export_project (into an empty database or one "
        "that holds other regions)."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="path of the .zip file")

    @across_regions
    def handle(self, *args, archive, **options):
        path = Path(archive)
        if not path.is_file():
            raise CommandError(f"No such file: {archive}")
        sync_catalogue()
        try:
            restored = restore(path.read_bytes())
        except ImportError_ as exc:
            raise CommandError(str(exc)) from exc
        for note in restored.notes:
            self.stdout.write(self.style.WARNING(note))
        project = restored.project
        self.stdout.write(self.style.SUCCESS(f"Project {project.pk} ({project}) restored."))
