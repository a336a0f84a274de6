"""Which kinds of rows (models) a project archive holds: the export writes these and the
restore refuses any other.

- the region's own: the region, its role groups and memberships, its object permissions
  and the feature apps' region-level rows (strategy goals);
- what a delete of the project would reach (Django's collector follows every relation
  that cascades to, or protects, the project): computed from the models, so a new model
  of participation or indicators that hangs on the project comes along by itself;
- the django-simple-history rows of both, and the history of their many-to-many fields;
- accounts (`auth.user`) and the region's role groups (`auth.group`), by name.

The national catalogue, the other auth tables, sessions, identities and profiles are
never in an archive: rows refer to the catalogue and to permissions by natural key.
"""

from __future__ import annotations

from functools import cache

from django.apps import apps
from django.db import models

USER = "auth.user"
GROUP = "auth.group"
PERMISSION = "auth.permission"
CATALOGUE = {
    "phases.phasedefinition",
    "phases.taskdefinition",
    "phases.resultdefinition",
    "phases.checklistdefinition",
    "phases.checkliststatement",
}
REGION_MODELS = [
    "phases.region",
    "phases.regionrolegroup",
    "phases.regionmembership",
    "phases.regiongroupobjectpermission",
    "phases.regionuserobjectpermission",
]
PROJECT = "phases.promiseproject"
REGION = "phases.region"


def label(model_or_obj) -> str:
    return model_or_obj._meta.label_lower


def _deleted_with(model) -> list:
    """The models whose rows a delete of `model`'s rows collects (as Django's collector
    finds them: hidden relations too)."""
    return [
        rel.related_model
        for rel in model._meta.get_fields(include_hidden=True)
        if rel.auto_created
        and not rel.concrete
        and (rel.one_to_one or rel.one_to_many)
        and not rel.related_model._meta.auto_created
        and rel.on_delete in (models.CASCADE, models.PROTECT, models.RESTRICT)
    ]


@cache
def region_level_models() -> tuple:
    """The region's own rows other than projects, in the order the export writes them:
    the core's (REGION_MODELS), then every model of another app that belongs to a region
    (a foreign key to it: the strategy goals), whichever apps are installed."""
    from phases.models import Region

    result = [apps.get_model(name) for name in REGION_MODELS]
    for rel in Region._meta.related_objects:
        model = rel.related_model
        if model._meta.app_label != Region._meta.app_label and rel.one_to_many:
            result.append(model)
    return tuple(result)


@cache
def project_models() -> frozenset:
    from phases.models import PromiseProject

    seen: set = set()
    todo = [PromiseProject]
    while todo:
        model = todo.pop()
        if model not in seen:
            seen.add(model)
            todo.extend(_deleted_with(model))
    return frozenset(seen)


def historical(model):
    """The django-simple-history model of `model`, or None."""
    history = getattr(getattr(model, "history", None), "model", None)
    return history if history is not None and hasattr(history, "history_id") else None


def pointing_at(model) -> list[tuple[type, models.Field]]:
    """(model, field) of every foreign key to `model` (the history of many-to-many fields
    points at the historical row)."""
    return [
        (other, field)
        for other in apps.get_models()
        for field in other._meta.concrete_fields
        if isinstance(field, models.ForeignKey) and field.related_model is model
    ]


@cache
def archive_models() -> dict[str, type]:
    """label -> model of every kind of row an archive may hold besides accounts and groups."""
    live = set(region_level_models()) | set(project_models())
    result = {label(m): m for m in live}
    for model in live:
        history = historical(model)
        if history is not None:
            result[label(history)] = history
            for m2m_history, _field in pointing_at(history):
                result[label(m2m_history)] = m2m_history
    return result


@cache
def schema(model) -> dict[str, tuple[models.Field, str, str | None]]:
    """name -> (field, kind, label of the model it refers to) of every field a row of
    `model` may carry; kind is "pk", "m2m", "fk", "file", "role" or "plain"."""
    result = {}
    for f in model._meta.get_fields():
        if f.many_to_many and not f.auto_created:
            result[f.name] = (f, "m2m", label(f.related_model))
        elif getattr(f, "concrete", False):
            if f.primary_key:
                kind = "pk"
            elif f.is_relation:
                kind = "fk"
            elif isinstance(f, models.FileField):
                kind = "file"
            elif f.choices and f.name == "role":
                kind = "role"
            else:
                kind = "plain"
            result[f.name] = (f, kind, label(f.related_model) if f.is_relation else None)
    return result
