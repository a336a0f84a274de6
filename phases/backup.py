"""Backup of one project into one archive, and its restore into an empty database.

The archive is a zip file with `manifest.json`, `data.json` (Django's JSON serialisation)
and `files/<storage name>` for every stored file (attachments, statement PDFs, decision
PDFs). What belongs to a project is found the way a delete would find it: Django's
collector follows every relation that points at the project (CASCADE and PROTECT), so
participation, indicators, promises, versions, decisions and their histories come along
without this module knowing those apps. The region (with its strategy goals and role
groups) and the users who appear in the data come too.

Catalogue rows (the national model) are referred to by natural keys, so a database whose
catalogue got other ids restores correctly. Primary keys of everything else are kept: the
restore is meant for an empty database (a new installation or a disaster recovery).
Times are kept to the millisecond (Django's serialiser format).
"""

from __future__ import annotations

import io
import json
import zipfile
from collections import OrderedDict

from django.contrib.admin.utils import NestedObjects
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import serializers
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import DEFAULT_DB_ALIAS, connection, models, transaction
from django.test.utils import override_settings

from .models import PromiseProject, Region

FORMAT = "servicelofte-project-archive"
VERSION = 1
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
            for h in historical.objects.filter(**{f"{pk_name}__in": pks}):
                add(h)
    return list(found.values())


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


def export_project(project: PromiseProject) -> bytes:
    """The whole project as a zip archive (bytes)."""
    objects = _region_objects(project.region) + _collect(project)
    objects = [o for o in objects if _label(o) not in CATALOGUE_MODELS]
    user_objs = _users(objects)
    User = get_user_model()
    through = list(
        User.groups.through.objects.filter(
            user__in=user_objs, group__in=[o for o in objects if isinstance(o, Group)]
        )
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
                    "user_groups": [[t.user_id, t.group_id] for t in through],
                },
                indent=2,
            ),
        )
        archive.writestr("data.json", data)
        for name in sorted(set(files)):
            with default_storage.open(name, "rb") as fh:
                archive.writestr(f"files/{name}", fh.read())
    return buffer.getvalue()


class ImportError_(Exception):
    pass


def import_project(archive_bytes: bytes) -> PromiseProject:
    """Restore an archive made by export_project into this (empty) database."""
    with zipfile.ZipFile(io.BytesIO(archive_bytes)) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        if manifest.get("format") != FORMAT or manifest.get("version") != VERSION:
            raise ImportError_("Not a Servicelöfte project archive of a known version.")
        data = archive.read("data.json").decode("utf-8")
        if Region.objects.filter(slug=manifest["region"]).exists():
            raise ImportError_(f"Region {manifest['region']!r} already exists in this database.")
        # History rows come from the archive; restoring must not write new ones.
        with transaction.atomic(), override_settings(SIMPLE_HISTORY_ENABLED=False):
            with connection.constraint_checks_disabled():
                saved = []
                for item in serializers.deserialize("json", data, handle_forward_references=True):
                    item.save()
                    saved.append(item)
                for item in saved:
                    if item.deferred_fields:
                        item.save_deferred_fields()
            table_names = {item.object._meta.db_table for item in saved}
            connection.check_constraints(table_names=list(table_names))
            User = get_user_model()
            User.groups.through.objects.bulk_create(
                [User.groups.through(user_id=u, group_id=g) for u, g in manifest["user_groups"]],
                ignore_conflicts=True,
            )
            _reset_sequences({type(item.object) for item in saved})
        for name in manifest["files"]:
            content = archive.read(f"files/{name}")
            if default_storage.exists(name):
                default_storage.delete(name)
            stored = default_storage.save(name, ContentFile(content))
            if stored != name:
                raise ImportError_(f"Storage renamed {name!r} to {stored!r}.")
    return PromiseProject.objects.get(pk=manifest["project"])


def _reset_sequences(model_set) -> None:
    from django.core.management.color import no_style

    statements = connection.ops.sequence_reset_sql(no_style(), list(model_set))
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
