"""Backup of one project into one archive, and its restore into an empty database.

The archive is a zip file with `manifest.json`, `data.json` (Django's JSON serialisation)
and `files/<storage name>` for every stored file (attachments, statement PDFs, decision
PDFs). What belongs to a project is found the way a delete would find it: Django's
collector follows every relation that points at the project (CASCADE and PROTECT), so
participation, indicators, promises, versions, decisions and their histories come along
without this module knowing those apps. The region (with its strategy goals and role
groups) and the users who appear in the data come too.

Catalogue rows (the national model), users and groups are referred to by natural keys, so
a database whose catalogue got other ids restores correctly. Primary keys of everything
else are kept in an empty database; in one that holds other regions they are moved past
that table's largest key, with every reference (history rows and many-to-many rows too).
A link to a previous cycle that is not in the archive is dropped, with a note. A bad
archive is refused with a message and nothing is written (rows nor files).
Times are kept to the millisecond (Django's serialiser format).
"""

from __future__ import annotations

import io
import json
import zipfile
from collections import OrderedDict
from dataclasses import dataclass

from django.contrib.admin.utils import NestedObjects
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import serializers
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import DEFAULT_DB_ALIAS, connection, models, transaction

from .models import PromiseProject, Region

FORMAT = "servicelofte-project-archive"
VERSION = 2  # 2: user groups by username and group name; 1 (pks) is still read
OWN_APPS = {"phases", "promises", "participation", "indicators"}
CATALOGUE_MODELS = {
    "phases.phasedefinition",
    "phases.taskdefinition",
    "phases.resultdefinition",
    "phases.checklistdefinition",
    "phases.checkliststatement",
}


def _label(obj) -> str:
    return obj._meta.label_lower


def _collect(project: PromiseProject) -> list[models.Model]:
    collector = NestedObjects(using=DEFAULT_DB_ALIAS)
    collector.collect([project])
    found: OrderedDict[tuple[str, object], models.Model] = OrderedDict()

    def add(obj):
        key = (_label(obj), obj.pk)
        if key not in found:
            found[key] = obj

    for objs in collector.data.values():
        for obj in objs:
            if obj._meta.auto_created:  # many-to-many rows travel with their owner object
                continue
            add(obj)
    for obj in collector.protected:
        add(obj)
        sub = NestedObjects(using=DEFAULT_DB_ALIAS)
        sub.collect([obj])
        for objs in sub.data.values():
            for o in objs:
                if not o._meta.auto_created:
                    add(o)
    # Historical rows of the project's objects (django-simple-history) are not linked by
    # foreign keys; take them by the ids of the collected objects.
    by_model: dict[type, list] = {}
    for obj in found.values():
        by_model.setdefault(type(obj), []).append(obj.pk)
    for model, pks in by_model.items():
        historical = getattr(getattr(model, "history", None), "model", None)
        if historical is not None and hasattr(historical, "history_id"):
            pk_name = model._meta.pk.attname
            rows = list(historical.objects.filter(**{f"{pk_name}__in": pks}))
            for h in rows:
                add(h)
            # The history of many-to-many fields (simple-history's m2m_fields): rows of a
            # model with a foreign key to the historical model, reached by no collector.
            for m2m_history, field in _pointing_at(historical):
                for row in m2m_history.objects.filter(**{f"{field.name}__in": rows}):
                    add(row)
    return list(found.values())


def _pointing_at(model) -> list[tuple[type, models.Field]]:
    from django.apps import apps

    return [
        (other, field)
        for other in apps.get_models()
        for field in other._meta.concrete_fields
        if isinstance(field, models.ForeignKey) and field.related_model is model
    ]


def _region_objects(region: Region) -> list[models.Model]:
    from .models import RegionGroupObjectPermission, RegionMembership, RegionRoleGroup

    objs: list[models.Model] = [region]
    role_groups = list(RegionRoleGroup.objects.filter(region=region).select_related("group"))
    objs += [rg.group for rg in role_groups]
    objs += role_groups
    objs += list(RegionMembership.objects.filter(region=region))
    objs += list(RegionGroupObjectPermission.objects.filter(content_object=region))
    from .models import RegionUserObjectPermission

    objs += list(RegionUserObjectPermission.objects.filter(content_object=region))
    # Other apps' region-level data (e.g. strategy goals) hang on the region by FK.
    for rel in Region._meta.related_objects:
        model = rel.related_model
        if model._meta.app_label in OWN_APPS - {"phases"} and rel.one_to_many:
            objs += list(model.objects.filter(**{rel.field.name: region}))
    return objs


def _users(objects: list[models.Model]) -> list[models.Model]:
    User = get_user_model()
    ids = set()
    for obj in objects:
        for field in obj._meta.concrete_fields:
            if isinstance(field, models.ForeignKey) and field.related_model is User:
                value = getattr(obj, field.attname)
                if value:
                    ids.add(value)
    ids.update(
        u
        for u in User.groups.through.objects.filter(
            group__in=[o for o in objects if isinstance(o, Group)]
        ).values_list("user_id", flat=True)
    )
    return list(User.objects.filter(pk__in=ids))


def _order(objects: list[models.Model]) -> list[models.Model]:
    """Serialise in dependency order: users and groups, region, then the rest by app."""
    User = get_user_model()

    def rank(obj):
        if isinstance(obj, User):
            return 0
        if isinstance(obj, Group):
            return 1
        if isinstance(obj, Region):
            return 2
        if isinstance(obj, PromiseProject):
            return 3
        return 4

    return sorted(objects, key=rank)


def _previous(project: PromiseProject) -> dict | None:
    previous = project.previous_project
    if previous is None:
        return None
    return {
        "pk": previous.pk,
        "title": previous.title,
        "term_start": previous.term_start,
        "term_end": previous.term_end,
    }


def export_project(project: PromiseProject) -> bytes:
    """The whole project as a zip archive (bytes)."""
    objects = _region_objects(project.region) + _collect(project)
    objects = [o for o in objects if _label(o) not in CATALOGUE_MODELS]
    user_objs = _users(objects)
    User = get_user_model()
    through = list(
        User.groups.through.objects.filter(
            user__in=user_objs, group__in=[o for o in objects if isinstance(o, Group)]
        ).select_related("user", "group")
    )
    ordered = _order(user_objs + objects)
    data = serializers.serialize(
        "json",
        ordered,
        use_natural_foreign_keys=True,
        use_natural_primary_keys=False,
    )
    files = []
    for obj in ordered:
        for field in obj._meta.concrete_fields:
            if isinstance(field, models.FileField):
                f = getattr(obj, field.attname)
                if f and f.name and default_storage.exists(f.name):
                    files.append(f.name)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "manifest.json",
            json.dumps(
                {
                    "format": FORMAT,
                    "version": VERSION,
                    "project": project.pk,
                    "region": project.region.slug,
                    "objects": len(ordered),
                    "files": sorted(set(files)),
                    "user_groups": [[t.user.username, t.group.name] for t in through],
                    "previous_project": _previous(project),
                },
                indent=2,
            ),
        )
        archive.writestr("data.json", data)
        for name in sorted(set(files)):
            with default_storage.open(name, "rb") as fh:
                archive.writestr(f"files/{name}", fh.read())
    return buffer.getvalue()


class ImportError_(Exception):  # noqa: N801 - kept for the management command
    """The archive is refused as a whole, with a message for the operator."""


@dataclass
class Restored:
    project: PromiseProject
    notes: list[str]
    offsets: dict[str, int]  # model label -> what was added to its primary keys


def import_project(archive_bytes: bytes) -> PromiseProject:
    return restore(archive_bytes).project


def restore(archive_bytes: bytes) -> Restored:
    """Restore an archive made by export_project, all of it or nothing (files included).

    Into an empty database the primary keys are kept. Into one that already holds other
    regions every primary key of the archive is moved past the largest one of its table
    (and every reference with it), so nothing there is touched. Users and groups are
    matched by username and name: an existing user is used as is.
    """
    from .catalogue import sync_catalogue

    manifest, rows, files = _read(archive_bytes)
    sync_catalogue()  # the archive refers to the national catalogue by natural keys
    if Region.objects.filter(slug=manifest["region"]).exists():
        raise ImportError_(f"Region {manifest['region']!r} already exists in this database.")
    notes: list[str] = []
    written: list[str] = []
    try:
        with transaction.atomic():
            offsets = _offsets(rows)
            rows = _shift(rows, offsets, notes, manifest)
            renamed = _store_files(files, written)
            _rename_files(rows, renamed)
            # History rows come from the archive; restoring must not write new ones.
            with connection.constraint_checks_disabled():
                saved = []
                data = json.dumps(rows)
                for item in serializers.deserialize("json", data, handle_forward_references=True):
                    # History rows come from the archive: no new ones for this object's
                    # many-to-many or deferred saves (django-simple-history's own switch,
                    # per object: a settings override is not thread-safe).
                    item.object.skip_history_when_saving = True
                    item.save()
                    saved.append(item)
                for item in saved:
                    if item.deferred_fields:
                        item.save_deferred_fields()
            connection.check_constraints(
                table_names=sorted({item.object._meta.db_table for item in saved})
            )
            _user_groups(manifest, rows)
            _reset_sequences({type(item.object) for item in saved})
            project = PromiseProject.objects.get(pk=manifest["project"] + offsets.get(PROJECT, 0))
    except Exception as exc:
        for name in written:  # nothing half-written: the files go with the rows
            default_storage.delete(name)
        if isinstance(exc, ImportError_):
            raise
        raise ImportError_(
            f"The archive could not be restored, nothing was written: {exc}"
        ) from exc
    return Restored(project, notes, offsets)


PROJECT = "phases.promiseproject"
NATURAL = {"auth.user", "auth.group"}  # matched by username and group name


def _read(archive_bytes: bytes) -> tuple[dict, list[dict], dict[str, bytes]]:
    """The manifest, the rows and the files of an archive, or ImportError_."""
    try:
        with zipfile.ZipFile(io.BytesIO(archive_bytes)) as archive:
            manifest = json.loads(archive.read("manifest.json"))
            if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
                raise ImportError_("Not a Servicelöfte project archive.")
            if manifest.get("version") not in (1, VERSION):
                raise ImportError_(
                    f"Archive version {manifest.get('version')!r} is not known to this version."
                )
            rows = json.loads(archive.read("data.json").decode("utf-8"))
            files = {name: archive.read(f"files/{name}") for name in manifest["files"]}
            for key in ("project", "region", "user_groups"):
                manifest[key]  # noqa: B018 - every key must be there
    except ImportError_:
        raise
    except zipfile.BadZipFile as exc:
        raise ImportError_("The file is not a zip archive (or it is damaged).") from exc
    except KeyError as exc:
        raise ImportError_(f"The archive is incomplete: {exc} is missing.") from exc
    except (ValueError, UnicodeDecodeError) as exc:
        raise ImportError_(f"The archive's data cannot be read: {exc}") from exc
    if not isinstance(rows, list) or not all(isinstance(r, dict) and "model" in r for r in rows):
        raise ImportError_("The archive's data.json is not a list of rows.")
    if manifest["version"] == 1:  # user groups by pk: translate them to names
        users = {r["pk"]: r["fields"]["username"] for r in rows if r["model"] == "auth.user"}
        groups = {r["pk"]: r["fields"]["name"] for r in rows if r["model"] == "auth.group"}
        manifest["user_groups"] = [[users[u], groups[g]] for u, g in manifest["user_groups"]]
    return manifest, rows, files


def _model(label: str):
    from django.apps import apps

    try:
        return apps.get_model(label)
    except LookupError as exc:
        raise ImportError_(f"The archive has rows of an unknown model {label!r}.") from exc


def _offsets(rows: list[dict]) -> dict[str, int]:
    """Per model of the archive: 0 for an empty table, else its largest primary key."""
    result = {}
    for label in {r["model"] for r in rows} - NATURAL - CATALOGUE_MODELS:
        model = _model(label)
        largest = model._default_manager.aggregate(m=models.Max("pk"))["m"]
        result[label] = int(largest or 0)
    return result


def _shift(rows: list[dict], offsets: dict[str, int], notes: list[str], manifest) -> list[dict]:
    User = get_user_model()  # noqa: N806
    in_archive = {(r["model"], r["pk"]) for r in rows}
    existing_users = set(
        User.objects.filter(
            username__in=[r["fields"]["username"] for r in rows if r["model"] == "auth.user"]
        ).values_list("username", flat=True)
    )
    existing_groups = set(
        Group.objects.filter(
            name__in=[r["fields"]["name"] for r in rows if r["model"] == "auth.group"]
        ).values_list("name", flat=True)
    )
    result = []
    empty: dict[str, bool] = {}
    for row in rows:
        label, fields = row["model"], dict(row["fields"])
        model = _model(label)
        if label in NATURAL:
            name = fields["username"] if label == "auth.user" else fields["name"]
            if name in (existing_users if label == "auth.user" else existing_groups):
                continue  # the account or group is here already: kept as it is
            # Its own key into an empty table, else a new one from the sequence
            # (references to it go by name anyway).
            keep = empty.setdefault(label, not model._default_manager.exists())
            result.append({**row, "pk": row["pk"] if keep else None, "fields": fields})
            continue
        historical = getattr(model, "instance_type", None)
        if historical is not None:
            original = historical._meta.pk.attname
            if isinstance(fields.get(original), int):
                fields[original] += offsets.get(historical._meta.label_lower, 0)
        for field in model._meta.concrete_fields:
            if not field.is_relation or field.primary_key or field.name not in fields:
                continue
            value = fields[field.name]
            if not isinstance(value, int):
                continue  # empty, or a natural key (catalogue, user, group)
            target = field.related_model._meta.label_lower
            live = getattr(field, "db_constraint", True)
            if (target, value) in in_archive or (not live and target in offsets):
                fields[field.name] = value + offsets.get(target, 0)
            elif field.null:
                fields[field.name] = None
                if label == PROJECT and field.name == "previous_project":
                    previous = manifest.get("previous_project") or {}
                    notes.append(
                        "The previous cycle "
                        f"({previous.get('title', value)!s}, {previous.get('term_start', '?')}"
                        f"–{previous.get('term_end', '?')}) is not in the archive: the link "
                        "to it was dropped."
                    )
                else:
                    notes.append(
                        f"{label} {row['pk']}: {field.name} {value} is not in the archive."
                    )
        for field in model._meta.many_to_many:
            values = fields.get(field.name)
            target = field.related_model._meta.label_lower
            if isinstance(values, list) and target in offsets:
                fields[field.name] = [
                    v + offsets[target] if isinstance(v, int) else v for v in values
                ]
        pk = row["pk"] + offsets[label] if isinstance(row["pk"], int) else row["pk"]
        result.append({**row, "pk": pk, "fields": fields})
    return result


def _store_files(files: dict[str, bytes], written: list[str]) -> dict[str, str]:
    """Write the archive's files; a name already taken by a different file gets a new one.
    Returns {name in the archive: stored name} for those that changed."""
    renamed = {}
    for name, content in files.items():
        if default_storage.exists(name):
            with default_storage.open(name, "rb") as fh:
                if fh.read() == content:
                    continue  # the same file is there already
        stored = default_storage.save(name, ContentFile(content))
        written.append(stored)
        if stored != name:
            renamed[name] = stored
    return renamed


def _rename_files(rows: list[dict], renamed: dict[str, str]) -> None:
    if not renamed:
        return
    for row in rows:
        model = _model(row["model"])
        for field in model._meta.concrete_fields:
            if isinstance(field, models.FileField) and row["fields"].get(field.name) in renamed:
                row["fields"][field.name] = renamed[row["fields"][field.name]]


def _user_groups(manifest: dict, rows: list[dict]) -> None:
    User = get_user_model()  # noqa: N806
    pairs = manifest["user_groups"]
    users = dict(
        User.objects.filter(username__in=[u for u, _g in pairs]).values_list("username", "pk")
    )
    groups = dict(Group.objects.filter(name__in=[g for _u, g in pairs]).values_list("name", "pk"))
    User.groups.through.objects.bulk_create(
        [User.groups.through(user_id=users[u], group_id=groups[g]) for u, g in pairs],
        ignore_conflicts=True,
    )


def _reset_sequences(model_set) -> None:
    from django.core.management.color import no_style

    statements = connection.ops.sequence_reset_sql(no_style(), list(model_set))
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
