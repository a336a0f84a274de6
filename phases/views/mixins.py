"""The permission mixins every app's pages use: a region's and a project's staff pages (the
project and its permissions read by one statement each), pages across regions and public
pages in a region's scope."""

from __future__ import annotations

from contextlib import nullcontext

from django.contrib.auth import get_user_model
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db import connection
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from guardian.core import ObjectPermissionChecker

from .. import roles, scoping
from ..models import (
    ProjectGroupObjectPermission,
    ProjectUserObjectPermission,
    PromiseProject,
    Region,
)
from ..permissions import DeclaredPermission, allows
from ..platform.rows import reader
from ..registry import registry

User = get_user_model()


def rendered(response):
    """A template response rendered now, while the view's scope is still in force (its
    lazy querysets are evaluated in the template)."""
    if hasattr(response, "render") and not getattr(response, "is_rendered", True):
        response.render()
    return response


class PublicScopeMixin:
    """A page without login runs in the scope of what its URL names: `<region>` in the
    URL → that region's scope (404 for an unknown region); otherwise `public_project()`
    may name the project by a public key (a round's number, a statement link's token),
    looked up across regions, and the page runs in that project's scope. A page that
    names neither runs in no scope: it cannot read any region's rows."""

    def public_project(self, **kwargs) -> PromiseProject | None:
        """The project a URL without a region names (404 if none), or None."""
        return None

    def public_region(self, slug: str) -> int:
        """The pk of the URL's region (404 if there is none)."""
        self.region = get_object_or_404(Region, slug=slug)
        return self.region.pk

    def dispatch(self, request, *args, **kwargs):
        if "region" in kwargs:
            entered = scoping.region_scope(self.public_region(kwargs["region"]))
        else:
            with scoping.scopes_disabled():
                project = self.public_project(**kwargs)
            entered = scoping.project_scope(project) if project else nullcontext()
        with entered:
            return rendered(self.dispatch_in_scope(request, *args, **kwargs))

    def dispatch_in_scope(self, request, *args, **kwargs):
        return super().dispatch(request, *args, **kwargs)


class AcrossRegionsMixin:
    """A page that reads several regions on purpose, each read filtered by its selector:
    one user's own regions and projects (settings, calendar feed), or what every region
    has published (the national view, the regions list). It runs with scopes disabled."""

    def dispatch(self, request, *args, **kwargs):
        with scoping.scopes_disabled():
            return rendered(super().dispatch(request, *args, **kwargs))


class RegionMixin(DeclaredPermission, LoginRequiredMixin):
    """Resolves `region` from the URL; 404 unless the user may see it, 403 without the
    permission the view declares for the method (phases.permissions). The view runs in
    the region's scope (phases.scoping)."""

    view_permission = roles.VIEW_REGION
    permission = {"GET": roles.VIEW_REGION}

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.region = get_object_or_404(Region, slug=kwargs["region"])
        checker = ObjectPermissionChecker(request.user)
        self.region_perms = set(checker.get_perms(self.region))
        with scoping.region_scope(self.region):
            return self.refusal(request, self.region_perms) or rendered(
                super().dispatch(request, *args, **kwargs)
            )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["region"] = self.region
        ctx["region_perms"] = self.region_perms
        ctx["region_links"] = [
            link
            for link in registry.region_links
            if allows(link.url_name, self.region_perms, "GET")
        ]
        return ctx


def project_permissions(user, project: PromiseProject) -> set[str]:
    """guardian's `get_perms` of the project in one query instead of two: the user's own
    object permissions and their groups' as one UNION (read once per request)."""
    if not user.is_active:
        return set()
    if user.is_superuser:
        return set(ObjectPermissionChecker(user).get_perms(project))
    with connection.cursor() as cursor:
        cursor.execute(_PROJECT_PERMISSIONS_SQL, [user.pk, project.pk, user.pk, project.pk])
        return {codename for (codename,) in cursor.fetchall()}


def _project_permissions_sql() -> str:
    """The UNION of `project_permissions` written out once: the statement the ORM builds
    (own rows, then the groups' through the user's group links), without compiling a
    queryset of joins and a union on every request (~1 ms of CPU a page)."""
    from django.contrib.auth.models import Permission

    def column(model, name):
        return model._meta.get_field(name).column

    own, grouped = ProjectUserObjectPermission, ProjectGroupObjectPermission
    members = User.groups.through
    permission = Permission._meta.db_table

    def part(model, joins, who):
        return (
            f'SELECT p."codename" FROM "{model._meta.db_table}" o '
            f'JOIN "{permission}" p ON p."id" = o."{column(model, "permission")}"{joins} '
            f'WHERE {who} = %s AND o."{column(model, "content_object")}" = %s'
        )

    group_join = (
        f' JOIN "{members._meta.db_table}" m '
        f'ON m."{column(members, "group")}" = o."{column(grouped, "group")}"'
    )
    return (
        part(own, "", f'o."{column(own, "user")}"')
        + " UNION "
        + part(grouped, group_join, f'm."{column(members, "user")}"')
    )


_PROJECT_PERMISSIONS_SQL = _project_permissions_sql()


def project_with_region(pk, region_slug: str) -> PromiseProject:
    """The project `pk` of the region `region_slug` with its region, in one statement
    written out once (`phases.platform.rows`); Http404 when there is none (another region's
    project id, an unknown region). Read outside any scope: the URL names both."""
    project = reader(PromiseProject, ("pk", "region__slug"), related="region").get(pk, region_slug)
    if project is None:
        raise Http404
    return project


class ProjectMixin(DeclaredPermission, LoginRequiredMixin):
    """Resolves `region` and `project` from the URL and checks the permission the view
    declares for the method (phases.permissions).

    A user who cannot view the project gets 404; one who can view but lacks the
    permission gets 403. Other apps' staff views inherit this.
    """

    view_permission = roles.VIEW_PROJECT
    permission = {"GET": roles.VIEW_PROJECT}

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        # The project with its region in one query; the URL's region is part of the lookup,
        # so another region's project id (or an unknown region) is a 404.
        self.project = project_with_region(kwargs["project"], kwargs["region"])
        self.region = self.project.region
        self.project_perms = project_permissions(request.user, self.project)
        with scoping.project_scope(self.project):
            return self.refusal(request, self.project_perms) or rendered(
                super().dispatch(request, *args, **kwargs)
            )

    def project_url(self, name: str = "phases:project_dashboard", **kwargs) -> str:
        return reverse(
            name, kwargs={"region": self.region.slug, "project": self.project.pk, **kwargs}
        )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(
            region=self.region,
            project=self.project,
            project_perms=self.project_perms,
            can_edit=roles.EDIT_CONTENT in self.project_perms,
            project_links=[
                link for link in registry.links if allows(link.url_name, self.project_perms, "GET")
            ],
        )
        return ctx
