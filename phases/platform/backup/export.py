"""Export: one project, its region and the people in them, as a zip archive (bytes).

What belongs to a project is found the way a delete would find it: Django's collector
follows every relation that points at the project (CASCADE and PROTECT), so
participation, indicators, promises, versions, decisions and their histories come along
without this module knowing those apps. The region (with its strategy goals, role groups,
memberships and object permissions) and the accounts that appear in the data come too.

Accounts are written without password, staff or superuser flags, groups or permissions:
`username`, names, e-mail, whether active and when joined. Their groups travel as
(username, group name) pairs in the manifest, for the region's own role groups only.
Catalogue rows (the national model), accounts, groups and permissions are referred to by
natural keys. Times are kept to the millisecond (Django's serialiser format).
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
from django.core.files.storage import default_storage
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, models

from phases.models import PromiseProject, Region

from .archive import FILES, FORMAT, MANIFEST, VERSION
from .kinds import CATALOGUE, historical, pointing_at, region_level_models
from .kinds import label as _label

USER_FIELDS = ("username", "first_name", "last_name", "email", "is_active", "date_joined")
GROUP_FIELDS = ("name",)


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
        history = historical(model)
        if history is not None:
            pk_name = model._meta.pk.attname
            rows = list(history.objects.filter(**{f"{pk_name}__in": pks}))
            for h in rows:
                add(h)
            # The history of many-to-many fields (simple-history's m2m_fields): rows of a
            # model with a foreign key to the historical model, reached by no collector.
            for m2m_history, field in pointing_at(history):
                for row in m2m_history.objects.filter(**{f"{field.name}__in": rows}):
                    add(row)
    return list(found.values())


def _region_objects(region: Region) -> list[models.Model]:
    """The region, its role groups, and every region-level row (kinds.region_level_models)."""
    from phases.models import RegionRoleGroup

    objs: list[models.Model] = [region]
    objs += [
        rg.group for rg in RegionRoleGroup.objects.filter(region=region).select_related("group")
    ]
    for model in region_level_models():
        if model is Region:
            continue
        field = next(
            f for f in model._meta.concrete_fields if f.is_relation and f.related_model is Region
        )
        objs += list(model._default_manager.filter(**{field.name: region}).order_by("pk"))
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


def _natural(field) -> bool:
    return hasattr(field.remote_field.model, "natural_key")


def _relations_read_at_once(objects: list[models.Model], depth: int = 4) -> None:
    """The rows that the natural keys name, and the many-to-many relations, read for all
    objects of a kind at once: the serialiser reads each object's foreign key, and each of
    its many-to-many relations, on its own (about one query an object: 750 for a demo
    project). A natural key may name its target's own relations in turn (a checklist
    statement's names its checklist's phase), hence the levels."""
    seen: set[int] = set()
    level = objects
    for _ in range(depth):
        kinds: dict[type, list[models.Model]] = {}
        for obj in level:
            if id(obj) not in seen:
                seen.add(id(obj))
                kinds.setdefault(type(obj), []).append(obj)
        following: list[models.Model] = []
        for model, objs in kinds.items():
            keys = [
                f
                for f in model._meta.concrete_fields
                if (f.many_to_one or f.one_to_one) and _natural(f)
            ]
            many = [
                f for f in model._meta.many_to_many if f.remote_field.through._meta.auto_created
            ]
            if not keys and not many:
                continue
            models.prefetch_related_objects(objs, *(f.name for f in keys + many))
            for obj in objs:
                following += [f.get_cached_value(obj) for f in keys if f.is_cached(obj)]
                cached = getattr(obj, "_prefetched_objects_cache", {})
                following += [o for f in many if _natural(f) for o in cached.get(f.name, ())]
        level = [obj for obj in following if obj is not None]
        if not level:
            return


def _serialised(objects: list[models.Model]) -> list[dict]:
    """Django's serialisation of the objects (natural foreign keys), accounts and groups
    with only their own fields."""
    _relations_read_at_once(objects)
    User = get_user_model()  # noqa: N806
    rows = []
    for kind, only in ((User, USER_FIELDS), (Group, GROUP_FIELDS), (None, None)):
        chosen = [
            o for o in objects if (isinstance(o, kind) if kind else not isinstance(o, User | Group))
        ]
        rows += serializers.serialize(
            "python",
            chosen,
            fields=only,
            use_natural_foreign_keys=True,
            use_natural_primary_keys=False,
        )
    return rows


def export_project(project: PromiseProject) -> bytes:
    """The whole project as a zip archive (bytes)."""
    objects = _region_objects(project.region) + _collect(project)
    objects = [o for o in objects if _label(o) not in CATALOGUE]
    user_objs = _users(objects)
    User = get_user_model()  # noqa: N806
    groups = [o for o in objects if isinstance(o, Group)]
    through = list(
        User.groups.through.objects.filter(user__in=user_objs, group__in=groups)
        .select_related("user", "group")
        .order_by("pk")
    )
    ordered = _order(user_objs + objects)
    data = json.dumps(_serialised(ordered), cls=DjangoJSONEncoder)
    files = set()
    for obj in ordered:
        for field in obj._meta.concrete_fields:
            if isinstance(field, models.FileField):
                f = getattr(obj, field.attname)
                if f and f.name and default_storage.exists(f.name):
                    files.add(f.name)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            MANIFEST,
            json.dumps(
                {
                    "format": FORMAT,
                    "version": VERSION,
                    "project": project.pk,
                    "region": project.region.slug,
                    "objects": len(ordered),
                    "files": sorted(files),
                    "user_groups": [[t.user.username, t.group.name] for t in through],
                    "previous_project": _previous(project),
                },
                indent=2,
                cls=DjangoJSONEncoder,
            ),
        )
        archive.writestr("data.json", data)
        for name in sorted(files):
            with default_storage.open(name, "rb") as fh:
                archive.writestr(FILES + name, fh.read())
    return buffer.getvalue()
