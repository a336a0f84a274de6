from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from phases.platform.backup import ArchiveRefused, limits, restore
from phases.scoping import across_regions


class Command(BaseCommand):
    help = (
        "Restore a project archive made by export_project (into an empty database or one "
        "that holds other regions). The archive may hold only its own region and project: "
        "anything else refuses it whole, and nothing is written. An account of the archive is "
        "one already here only when the username and the e-mail address are the same and that "
        "account is neither staff nor superuser; otherwise a new account is created (under a "
        "free username, name-2, if the name is taken: a warning says so). Accounts it creates "
        "get an unusable password (--invite sends them the link to set one)."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="path of the .zip file")
        parser.add_argument(
            "--invite",
            action="store_true",
            help="send each account the restore creates the invitation to set a password",
        )

    @across_regions
    def handle(self, *args, archive, invite, **options):
        path = Path(archive)
        if not path.is_file():
            raise CommandError(_("No such file: %(path)s") % {"path": archive})
        cap = limits().archive_bytes
        try:
            if path.stat().st_size > cap:  # refused before it is read into memory
                with path.open("rb") as fh:
                    data = fh.read(cap + 1)
            else:
                data = path.read_bytes()
            restored = restore(data, invite=invite)
        except ArchiveRefused as exc:
            raise CommandError(f"{exc} {_('Nothing was written.')}") from exc
        for note in restored.notes:
            self.stdout.write(self.style.WARNING(note))
        project = restored.project
        self.stdout.write(
            self.style.SUCCESS(
                _("Project %(pk)s (%(project)s) restored.") % {"pk": project.pk, "project": project}
            )
        )
        if restored.created:
            self.stdout.write(
                _(
                    "%(count)s accounts were created without a password; %(invited)s were "
                    "sent an invitation to set one."
                )
                % {"count": len(restored.created), "invited": restored.invited}
            )
