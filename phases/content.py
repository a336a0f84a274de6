"""The project's content version: one integer on the project, raised by every write of
its content, under which what is computed from the content alone is cached (the
dashboard's readiness and "what next" rules, `phases.registry.Registry.memo`).

One mechanism for every app: the save and delete signals of every project-owned model
(those whose default manager is `phases.scoping.project_owned`), the admin's and the
services' alike, raise the version inside the writing transaction; a region-owned row
(a strategy goal the commitments link to) or the region itself raises every project of
the region; a row of the national catalogue (phases, tasks, results, checklists) raises
every project; a write that bypasses
the signals (`QuerySet.update`, `bulk_create`) calls `touch` itself. A save that changes
nothing (a form posted back unchanged) raises nothing: each row remembers its columns as
loaded (`_remember`) and a save of the same values, bookkeeping aside (`lock_version`, the
`auto_now` stamps), is no write of the content. The version lives in
the database, read with the project by every project page, so a cache keyed by it may be
per process: a raised version is seen by every process at its next request.
"""

from __future__ import annotations

import copy
import marshal

from django.apps import apps
from django.db import models
from django.db.models import F
from django.db.models.signals import m2m_changed, post_init, post_save, pre_delete

from .scoping import current_project_id, scopes_disabled


def touch_region(region_id) -> None:
    """Raise the content version of every project of a region (a region-owned row the
    projects' content refers to changed, e.g. a strategy goal removed from under their
    commitments): one UPDATE."""
    from .models import PromiseProject

    if region_id is None:
        return
    with scopes_disabled():
        PromiseProject.objects.filter(region_id=region_id).update(
            content_version=F("content_version") + 1
        )


def touch(project) -> None:
    """Raise the content version of `project` (an instance, a pk or a subquery giving
    the pk): one UPDATE."""
    from .models import PromiseProject

    project_id = getattr(project, "pk", project)
    if project_id is None:
        return
    with scopes_disabled():
        PromiseProject.objects.filter(pk=project_id).update(
            content_version=F("content_version") + 1
        )


def touch_projects(project_ids) -> None:
    """Raise the content version of every project whose pk `project_ids` gives (a list, or
    a subquery of pks: e.g. every project following one national statistic): one UPDATE."""
    from .models import PromiseProject

    with scopes_disabled():
        PromiseProject.objects.filter(pk__in=project_ids).update(
            content_version=F("content_version") + 1
        )


def touch_all() -> None:
    """Raise the content version of every project (the national catalogue of phases,
    tasks, results and checklists changed, which every project's dashboard shows): one
    UPDATE, as rare as an edit of the catalogue."""
    from .models import PromiseProject

    with scopes_disabled():
        PromiseProject.objects.update(content_version=F("content_version") + 1)


def _catalogue_models() -> tuple[type, ...]:
    from .models import (
        ChecklistDefinition,
        ChecklistStatement,
        PhaseDefinition,
        ResultDefinition,
        TaskDefinition,
    )

    return (
        PhaseDefinition,
        TaskDefinition,
        ResultDefinition,
        ChecklistDefinition,
        ChecklistStatement,
    )


def project_path(model) -> str | None:
    """The path from a project-owned model to its project; None for any other model."""
    return getattr(type(model._default_manager), "project_path", None)


def _owner_id(instance, path: str) -> int | None:
    """The pk at the end of `path` (a project's or a region's) from a row of `instance`."""
    if "__" not in path:
        return getattr(instance, f"{path}_id", None)
    with scopes_disabled():
        return (
            type(instance)._base_manager.filter(pk=instance.pk).values_list(path, flat=True).first()
        )


def _project_id(instance, path: str) -> int | None:
    current = current_project_id()
    if current is not None:  # the view's project scope: its rows are that project's
        return current
    return _owner_id(instance, path)


def _touch_owner(model, instance) -> None:
    manager = type(model._default_manager)
    path = getattr(manager, "project_path", None)
    if path is not None:
        touch(_project_id(instance, path))
    elif getattr(manager, "region_path", None) is not None:
        touch_region(_owner_id(instance, manager.region_path))


# A save's own bookkeeping: written by every save, no change of the content.
BOOKKEEPING = frozenset({"lock_version", "content_version", "updated_by_id"})
_COLUMNS: dict[type, tuple[tuple[str, ...], tuple[str, ...]]] = {}


def _columns(model) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(the compared columns, those of them holding lists or dicts) of a model."""
    found = _COLUMNS.get(model)
    if found is None:
        compared = [
            f.attname
            for f in model._meta.concrete_fields
            if f.attname not in BOOKKEEPING and not getattr(f, "auto_now", False)
        ]
        mutable = [
            f.attname
            for f in model._meta.concrete_fields
            if f.attname in compared
            and (isinstance(f, models.JSONField) or f.get_internal_type() == "ArrayField")
        ]
        found = _COLUMNS[model] = (tuple(compared), tuple(mutable))
    return found


class _Packed(bytes):
    """A list or dict column (JSON) as loaded, packed by `marshal` (C, many times faster
    than a deep copy of a large value such as a promise version's snapshot, read on most
    pages): unpacked only when a save compares with it."""


def _packed(value):
    if isinstance(value, (list, dict)):
        try:
            return _Packed(marshal.dumps(value))
        except ValueError:  # a value JSON does not make (a custom decoder's)
            pass
    return copy.deepcopy(value)


def _same(loaded, now) -> bool:
    if isinstance(loaded, _Packed):
        return marshal.loads(loaded) == now
    return loaded == now


def _remember(sender, instance, **kwargs) -> None:
    """The row's columns as loaded (or as built), to tell a real change from a save of the
    same values. A shallow copy; lists and dicts (JSON) kept packed (`_Packed`), as they
    are edited in place."""
    _compared, mutable = _columns(sender)
    loaded = dict(instance.__dict__)
    loaded.pop("_content_loaded", None)
    for name in mutable:
        if name in loaded:
            loaded[name] = _packed(loaded[name])
    instance._content_loaded = loaded


_MISSING = object()


def _unchanged(sender, instance, kwargs) -> bool:
    """Whether this save wrote the values the row was loaded with (bookkeeping aside)."""
    loaded = instance.__dict__.get("_content_loaded")
    if kwargs.get("created") or loaded is None:
        return False
    compared, _mutable = _columns(sender)
    fields = kwargs.get("update_fields")
    if fields:
        names = {sender._meta.get_field(name).attname for name in fields}
        compared = [name for name in compared if name in names]
    now = instance.__dict__
    return all(_same(loaded.get(name, _MISSING), now.get(name, _MISSING)) for name in compared)


def _saved(sender, instance, **kwargs) -> None:
    unchanged = _unchanged(sender, instance, kwargs)
    _remember(sender, instance)  # a later save of the same instance compares with this one
    if not unchanged:
        _changed(sender, instance, **kwargs)


def _changed(sender, instance, **kwargs) -> None:
    from .models import PromiseProject, Region

    if sender is PromiseProject:  # its own fields (term, languages of its steps)
        if not kwargs.get("created"):
            touch(instance)
    elif sender is Region:
        touch_region(instance.pk)
    elif sender in _catalogue_models():
        touch_all()
    else:
        _touch_owner(sender, instance)


def _links_changed(sender, instance, action, pk_set=None, **kwargs) -> None:
    if action in ("post_add", "post_remove") and not pk_set:
        return  # links set again as they were: nothing added, nothing removed
    if action in ("post_add", "post_remove", "post_clear"):
        _touch_owner(type(instance), instance)


def _content_models() -> list[type]:
    from .models import PromiseProject, Region

    found = [PromiseProject, Region, *_catalogue_models()]
    for model in apps.get_models():
        manager = type(model._default_manager)
        if getattr(manager, "project_path", None) or getattr(manager, "region_path", None):
            found.append(model)
    return found


def connect() -> None:
    for model in _content_models():  # only the content's rows remember how they were loaded
        post_init.connect(_remember, sender=model, dispatch_uid=f"phases.content.loaded.{model}")
        post_save.connect(_saved, sender=model, dispatch_uid=f"phases.content.saved.{model}")
    # Before the delete: a cascade's parents still exist to find the project by.
    pre_delete.connect(_changed, dispatch_uid="phases.content.deleted")
    m2m_changed.connect(_links_changed, dispatch_uid="phases.content.links")
