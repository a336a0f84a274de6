"""Tenancy by construction: every region's and project's rows are reached only in a scope.

Each model that belongs to a region or a project has a scoped default manager
(django-scopes, as pretix and pretalx use it): a query through it outside a scope raises
`ScopeError` instead of returning another tenant's rows, and inside a scope it is filtered
to that scope. The two dimensions:

- `region`: the region's pk; every region-owned and project-owned row is filtered by it;
- `project`: the project's pk, or `None` for "every project of the region" (a region page).

The staff base views (`phases.views.mixins.RegionMixin`, `ProjectMixin`) enter the scope of the
URL's region and project before any lookup, so an object id of another region or project
is simply not found (404) — a view cannot forget the filter. Public pages of one region
enter `region_scope`. The few places that read across regions on purpose (the national
view, the regions list, management commands, the admin, the demo and bench seeding) say so
with `scopes_disabled()`.

`ScopeResetMiddleware` starts each request with no scope, so code that runs before a view
has entered its scope (or a view that forgot) fails loudly in tests too.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import models
from django_scopes import get_scope, scope, scopes_disabled
from django_scopes.exceptions import ScopeError
from django_scopes.manager import DisabledQuerySet
from django_scopes.state import state

__all__ = [
    "ScopeError",
    "ScopeResetMiddleware",
    "across_regions",
    "current_project_id",
    "get_scope",
    "project_owned",
    "project_scope",
    "region_owned",
    "region_scope",
    "scopes_disabled",
]


def region_owned(path: str = "region", manager_class=models.Manager):
    """The default manager of a region-owned model; `path` leads from the model to its
    region (e.g. "region")."""
    return _scoped_manager(manager_class, region_path=path, project_path=None)


def project_owned(path: str = "project", manager_class=models.Manager):
    """The default manager of a project-owned model; `path` leads from the model to its
    project (e.g. "cell__promise__project"). In a project's scope the rows are that
    project's; in a region-wide scope, those of every project of the region."""
    return _scoped_manager(manager_class, region_path=f"{path}__region", project_path=path)


def _scoped_manager(manager_class, *, region_path: str, project_path: str | None):
    """django-scopes' ScopedManager, filtering by the narrowest dimension in force (the
    project when there is one: it implies the region, and one join is enough)."""

    class Manager(manager_class):
        def get_queryset(self):
            current = get_scope()
            if not current.get("_enabled", True):
                return super().get_queryset()
            if "region" not in current:
                return DisabledQuerySet(self.model, using=self._db, missing_scopes=["region"])
            queryset = super().get_queryset()
            project = current.get("project")
            if project_path and project is not None:
                return queryset.filter(**{project_path: project})
            return queryset.filter(**{region_path: current["region"]})

        def all(self):
            queryset = super().all()
            if isinstance(queryset, DisabledQuerySet):
                queryset = queryset.all()  # raises: no scope
            return queryset

    Manager.__name__ = f"Scoped{manager_class.__name__}"
    # phases.content: whose content a write changes
    Manager.project_path, Manager.region_path = project_path, region_path
    return Manager()


@contextmanager
def region_scope(region) -> Iterator[None]:
    """Every row of one region, across its projects."""
    with scope(region=_pk(region), project=None):
        yield


@contextmanager
def project_scope(project) -> Iterator[None]:
    """The rows of one project (and its region's region-owned rows)."""
    with scope(region=project.region_id, project=project.pk):
        yield


def current_project_id() -> int | None:
    return get_scope().get("project")


def _pk(obj) -> int:
    return obj if isinstance(obj, int) else obj.pk


ADMIN_PATH = re.compile(r"^/(?:[a-z]{2}(?:-[a-z]+)?/)?admin/")


class ScopeResetMiddleware:
    """Each request starts with scopes enabled and none entered (the admin excepted: it
    is the site administrators' cross-region tool). A test's or a thread's leftover scope
    never leaks into a request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        admin = bool(ADMIN_PATH.match(request.path_info))
        token = state.set({"_enabled": not admin})
        try:
            return self.get_response(request)
        finally:
            state.reset(token)


def across_regions(func):
    """Marks a function that reads every region on purpose (a management command, a cron
    job, the national view): it runs with scopes disabled."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        with scopes_disabled():
            return func(*args, **kwargs)

    return wrapper
