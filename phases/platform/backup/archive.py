"""Reading an archive: its size, its members and its rows within caps, before anything else.

Everything here is pure (no database): bytes in, an `Archive` or `ArchiveRefused` out.
A cap is checked on what the zip file declares before anything is unpacked (the archive's
size, the number of members from its end record, the sum of the members' declared sizes)
and again on what is read (a member is never read past its declared size or its cap), so
a small archive that unpacks into gigabytes (a zip bomb) costs nothing.
"""

from __future__ import annotations

import io
import json
import struct
import zipfile
from collections import Counter
from dataclasses import dataclass, fields, replace

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

FORMAT = "servicelofte-project-archive"
# 3: accounts without password hashes, groups or permissions. 1 and 2 (which carried
# password hashes) are refused.
VERSION = 3
OLD_VERSIONS = (1, 2)
MANIFEST = "manifest.json"
DATA = "data.json"
FILES = "files/"
MANIFEST_BYTES = 1024 * 1024
MB = 1024 * 1024


class ArchiveRefused(Exception):
    """The archive is refused as a whole; the message (in the active language) says why.
    Nothing was written: neither rows nor files."""


@dataclass(frozen=True)
class Limits:
    """The caps of one restore (override any of them with settings.RESTORE_LIMITS, a dict).

    Measured on one core (see tests/phases/test_backup_limits.py): an archive at the row
    caps restores in about two seconds; files cost what writing their bytes costs."""

    archive_bytes: int = 200 * MB  # the zip file itself
    unpacked_bytes: int = 400 * MB  # the sum of its members, unpacked (zip bombs)
    data_bytes: int = 16 * MB  # data.json, unpacked
    members: int = 2_000  # members of the zip file (files + the manifest and the data)
    rows: int = 12_000  # rows in data.json
    rows_per_table: int = 6_000  # rows of one kind (one table)


def limits() -> Limits:
    overrides = getattr(settings, "RESTORE_LIMITS", None) or {}
    known = {f.name for f in fields(Limits)}
    return replace(Limits(), **{k: int(v) for k, v in overrides.items() if k in known})


@dataclass
class Archive:
    manifest: dict
    rows: list[dict]
    files: dict[str, bytes]  # storage name -> content


def refuse(message: str, **params) -> ArchiveRefused:
    return ArchiveRefused(message % params if params else message)


def shown(value, length: int = 80) -> str:
    """A value from the archive as a message may show it: one line, bounded."""
    text = value if isinstance(value, str) else repr(value)
    text = "".join(c if c.isprintable() else "?" for c in text)
    return text if len(text) <= length else text[: length - 1] + "…"


def _size_cap(size: int, limit: int, kind: str) -> ArchiveRefused:
    what, cap = {
        "archive": (_("The archive"), _("the archive's size")),
        "unpacked": (_("Unpacked, the archive"), _("the unpacked size")),
        "data": (_("The archive's data"), _("the data's size")),
        "manifest": (_("The archive's manifest"), _("the manifest's size")),
    }[kind]
    return refuse(
        _("%(what)s is %(size)s; a restore takes at most %(limit)s (the cap on %(cap)s)."),
        what=what,
        size=filesizeformat(size),
        limit=filesizeformat(limit),
        cap=cap,
    )


def _entries(data: bytes) -> int | None:
    """The number of members the zip file's end record declares, read before the
    central directory is parsed (None: no end record, so not a zip file)."""
    tail = data[-(65535 + 22) :]
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) - at < 22:
        return None
    (total,) = struct.unpack("<H", tail[at + 10 : at + 12])
    return total  # 0xFFFF (a zip64 archive) is past any cap


def read_archive(data: bytes, caps: Limits | None = None) -> Archive:
    """The manifest, the rows and the files of an archive, or ArchiveRefused."""
    caps = caps or limits()
    if not isinstance(data, bytes | bytearray):
        raise refuse(_("The file is not a zip archive (or it is damaged)."))
    if len(data) > caps.archive_bytes:
        raise _size_cap(len(data), caps.archive_bytes, "archive")
    declared = _entries(data)
    if declared is None:
        raise refuse(_("The file is not a zip archive (or it is damaged)."))
    if declared > caps.members:
        raise _members_cap(declared, caps)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return _read_members(archive, caps)
    except ArchiveRefused:
        raise
    except Exception as exc:  # zipfile, zlib, struct: a damaged or unsupported archive
        raise refuse(
            _("The file is not a zip archive (or it is damaged): %(error)s"),
            error=shown(str(exc), 200),
        ) from exc


def _members_cap(count: int, caps: Limits) -> ArchiveRefused:
    return refuse(
        _(
            "The archive holds %(count)s files; a restore takes at most %(limit)s "
            "(the cap on files in an archive)."
        ),
        count=count,
        limit=caps.members,
    )


def _read_members(archive: zipfile.ZipFile, caps: Limits) -> Archive:
    infos = archive.infolist()
    if len(infos) > caps.members:
        raise _members_cap(len(infos), caps)
    names = Counter(info.filename for info in infos)
    doubled = [name for name, n in names.items() if n > 1]
    if doubled:
        raise refuse(_("The archive holds %(name)s twice."), name=shown(doubled[0]))
    unpacked = sum(info.file_size for info in infos)
    if unpacked > caps.unpacked_bytes:
        raise _size_cap(unpacked, caps.unpacked_bytes, "unpacked")
    by_name = {info.filename: info for info in infos}
    for required in (MANIFEST, DATA):
        if required not in by_name:
            raise refuse(_("The archive is incomplete: %(name)s is missing."), name=required)
    manifest = check_manifest(
        _json(_member(archive, by_name[MANIFEST], MANIFEST_BYTES, "manifest"))
    )
    expected = {MANIFEST, DATA} | {FILES + name for name in manifest["files"]}
    extra = sorted(set(by_name) - expected)
    if extra:
        raise refuse(
            _("The archive holds %(name)s, which its manifest does not list."),
            name=shown(extra[0]),
        )
    missing = sorted(expected - set(by_name))
    if missing:
        raise refuse(_("The archive is incomplete: %(name)s is missing."), name=shown(missing[0]))
    rows = check_rows(_json(_member(archive, by_name[DATA], caps.data_bytes, "data")), caps)
    files = {
        name: _member(archive, by_name[FILES + name], caps.unpacked_bytes, "unpacked")
        for name in manifest["files"]
    }
    return Archive(manifest, rows, files)


def _member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int, kind: str) -> bytes:
    """A member's bytes, never more than `limit` nor than it declares."""
    if info.file_size > limit:
        raise _size_cap(info.file_size, limit, kind)
    with archive.open(info) as fh:
        content = fh.read(limit + 1)
    if len(content) > limit:
        raise _size_cap(len(content), limit, kind)
    if len(content) != info.file_size:
        raise refuse(_("The archive is damaged: %(name)s is cut short."), name=shown(info.filename))
    return content


def _no_constant(name):
    raise ValueError(name)


def _json(content: bytes):
    try:
        return json.loads(content.decode("utf-8"), parse_constant=_no_constant)
    except (ValueError, UnicodeDecodeError, RecursionError) as exc:
        raise refuse(
            _("The archive's data cannot be read: %(error)s"), error=shown(str(exc))
        ) from exc


def _positive(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value < 2**63


def safe_file_name(name) -> bool:
    """A storage name as the app writes them: relative, '/'-separated, no '..'."""
    if not isinstance(name, str) or not 0 < len(name) <= 255:
        return False
    if name.startswith("/") or "\\" in name or not name.isprintable():
        return False
    return all(part not in ("", ".", "..") for part in name.split("/"))


def check_manifest(manifest) -> dict:
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise refuse(_("Not a Servicelöfte project archive."))
    version = manifest.get("version")
    if version in OLD_VERSIONS:
        raise refuse(
            _(
                "This archive was made by an earlier version (archive version %(version)s), "
                "which stored password hashes: such archives are no longer restored. Export "
                "the project again with this version."
            ),
            version=version,
        )
    if version != VERSION:
        raise refuse(
            _("Archive version %(version)s is not known to this version."),
            version=shown(version),
        )
    for key in ("project", "region", "files", "user_groups"):
        if key not in manifest:
            raise refuse(_("The archive is incomplete: %(name)s is missing."), name=key)
    if not _positive(manifest["project"]) or not isinstance(manifest["region"], str):
        raise refuse(_("The archive's manifest does not name its project and region."))
    files = manifest["files"]
    if not isinstance(files, list) or not all(safe_file_name(n) for n in files):
        bad = (
            next((n for n in files if not safe_file_name(n)), files)
            if isinstance(files, list)
            else files
        )
        raise refuse(_("The archive names a file %(name)s that cannot be stored."), name=shown(bad))
    if len(set(files)) != len(files):
        raise refuse(_("The archive's manifest lists a file twice."))
    pairs = manifest["user_groups"]
    if not isinstance(pairs, list) or not all(
        isinstance(p, list) and len(p) == 2 and all(isinstance(x, str) for x in p) for p in pairs
    ):
        raise refuse(_("The archive's group memberships cannot be read."))
    previous = manifest.get("previous_project")
    if not isinstance(previous, dict):
        manifest["previous_project"] = None
    return manifest


def check_rows(rows, caps: Limits) -> list[dict]:
    """data.json as a list of {"model": str, "pk": positive int, "fields": dict}, within
    the row caps."""
    if not isinstance(rows, list):
        raise refuse(_("The archive's data.json is not a list of rows."))
    if len(rows) > caps.rows:
        raise refuse(
            _(
                "The archive has %(count)s rows; a restore takes at most %(limit)s "
                "(the cap on rows)."
            ),
            count=len(rows),
            limit=caps.rows,
        )
    for row in rows:
        if (
            not isinstance(row, dict)
            or set(row) != {"model", "pk", "fields"}
            or not isinstance(row["model"], str)
            or not _positive(row["pk"])
            or not isinstance(row["fields"], dict)
        ):
            raise refuse(
                _("The archive's data.json is not a list of rows: %(row)s"), row=shown(row)
            )
    per_table = Counter(row["model"] for row in rows)
    label, count = max(per_table.items(), key=lambda item: item[1], default=("", 0))
    if count > caps.rows_per_table:
        raise refuse(
            _(
                "The archive has %(count)s rows of %(model)s; a restore takes at most "
                "%(limit)s of one kind (the cap on rows per table)."
            ),
            count=count,
            model=shown(label),
            limit=caps.rows_per_table,
        )
    return rows
