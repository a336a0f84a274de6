"""Backup of one project into one archive, and its restore (`manage.py export_project`,
`manage.py import_project`).

The archive is a zip file with `manifest.json`, `data.json` (Django's JSON serialisation)
and `files/<storage name>` for every stored file (attachments, statement PDFs, decision
PDFs). It holds one project, its region and the people in them, and nothing else:

- export.py writes it; accounts without passwords, flags, groups or permissions;
- archive.py reads it within caps (bytes, files, unpacked size, rows): `Limits`;
- checks.py refuses any archive that holds more than its own region and project, or a
  password, a staff or superuser account, another region's group, an unknown kind of row;
- restore.py writes it, all or nothing, into an empty database or one that holds other
  regions (keys moved past theirs).

A refused archive raises `ArchiveRefused` with a message in the active language, and
nothing is written: neither rows nor files.
"""

from .archive import FORMAT, VERSION, ArchiveRefused, Limits, limits, read_archive
from .export import export_project
from .restore import Restored, restore

__all__ = [
    "FORMAT",
    "VERSION",
    "ArchiveRefused",
    "Limits",
    "Restored",
    "export_project",
    "limits",
    "read_archive",
    "restore",
]
