from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from phases.models import PromiseProject
from phases.platform.backup import export_project
from phases.scoping import across_regions


class Command(BaseCommand):
    help = (
        "Write one project (phases, promises, versions, participation, indicators, decision "
        "with its PDFs) to a zip archive."
    )

    def add_arguments(self, parser):
        parser.add_argument("project", type=int, help="project id")
        parser.add_argument("archive", help="path of the .zip file to write")

    @across_regions
    def handle(self, *args, project, archive, **options):
        try:
            obj = PromiseProject.objects.select_related("region").get(pk=project)
        except PromiseProject.DoesNotExist as exc:
            raise CommandError(f"No project with id {project}.") from exc
        data = export_project(obj)
        Path(archive).write_bytes(data)
        self.stdout.write(
            self.style.SUCCESS(
                f"Project {obj.pk} ({obj}) written to {archive} ({len(data)} bytes)."
            )
        )
