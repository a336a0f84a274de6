"""Views of the phases app. Thin: parse input, check permission, call one service, render.

Tenancy by 404: a user who may not see a region or project gets 404, never a hint;
a user who may see it but not change it gets 403.
"""

from __future__ import annotations

import copy
import hashlib
import re
from contextlib import nullcontext
from functools import partial

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView
from guardian.core import ObjectPermissionChecker

from phases.guards.posted import posted_id

from . import forms, roles, scoping, selectors, services, timeline
from .locking import ConflictMixin, EditConflict, with_base
from .models import (
    ChecklistDefinition,
    PhaseDefinition,
    ProjectGroupObjectPermission,
    ProjectMembership,
    ProjectResult,
    ProjectTask,
    ProjectUserObjectPermission,
    PromiseProject,
    Region,
    RegionMembership,
    ResultDefinition,
)
from .permissions import DeclaredPermission, allows
from .phase_numbers import DECISION_PHASE
from .registry import kept, registry

User = get_user_model()


class HealthView(View):
    """For load balancers and docker-compose health checks: the database answers."""

    def get(self, request):
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return HttpResponse("ok", content_type="text/plain")


# -- permission mixins (used by every app's staff views) -------------------------------


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


class _ProjectLookup:
    """`PromiseProject.objects.select_related("region").get(pk=..., region__slug=...)`
    written out once: the same columns, the same values (each field's database
    converters applied, as the ORM applies them), the region cached on the project;
    without compiling the queryset on every project page (~1 ms of CPU)."""

    def __init__(self):
        self.models = (PromiseProject, Region)
        self.fields = [list(model._meta.concrete_fields) for model in self.models]
        project_table, region_table = (model._meta.db_table for model in self.models)
        columns = [f'p."{f.column}"' for f in self.fields[0]]
        columns += [f'r."{f.column}"' for f in self.fields[1]]
        region = PromiseProject._meta.get_field("region")
        self.sql = (
            f"SELECT {', '.join(columns)} "
            f'FROM "{project_table}" p JOIN "{region_table}" r '
            f'ON r."{Region._meta.pk.column}" = p."{region.column}" '
            f'WHERE p."{PromiseProject._meta.pk.column}" = %s '
            f'AND r."{Region._meta.get_field("slug").column}" = %s'
        )
        self.converters = []
        for alias, fields in zip(("p", "r"), self.fields, strict=True):
            for f in fields:
                col = f.get_col(alias)
                found = connection.ops.get_db_converters(col) + col.get_db_converters(connection)
                self.converters.append((col, found))

    def get(self, pk, slug: str) -> PromiseProject:
        with connection.cursor() as cursor:
            cursor.execute(self.sql, [pk, slug])
            row = cursor.fetchone()
        if row is None:
            raise Http404
        values = []
        for value, (col, converters) in zip(row, self.converters, strict=True):
            for convert in converters:
                value = convert(value, col, connection)
            values.append(value)
        count = len(self.fields[0])
        project = PromiseProject.from_db(
            connection.alias, [f.attname for f in self.fields[0]], values[:count]
        )
        region = Region.from_db(
            connection.alias, [f.attname for f in self.fields[1]], values[count:]
        )
        PromiseProject._meta.get_field("region").set_cached_value(project, region)
        return project


_project_lookup: _ProjectLookup | None = None


def project_with_region(pk, region_slug: str) -> PromiseProject:
    """The project `pk` of the region `region_slug` with its region, in one prepared
    statement (`_ProjectLookup`); Http404 when there is none (another region's project
    id, an unknown region). Read outside any scope: the URL names both."""
    global _project_lookup
    if _project_lookup is None:
        _project_lookup = _ProjectLookup()
    return _project_lookup.get(pk, region_slug)


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


class StatementView(PublicScopeMixin, TemplateView):
    """The accessibility statement or the privacy notice: the instance's, or a region's
    (public, with the region's organiser and contact e-mail)."""

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        region = get_object_or_404(Region, slug=kwargs["region"]) if "region" in kwargs else None
        ctx["statement_region"] = region
        ctx.update(selectors.statement_organiser(region))
        return ctx


# -- regions --------------------------------------------------------------------------


class RegionListView(LoginRequiredMixin, TemplateView):
    template_name = "phases/region_list.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["regions"] = selectors.regions_for_user(self.request.user)
        ctx["may_found_regions"] = services.may_found_regions(self.request.user)
        return ctx


class RegionCreateView(LoginRequiredMixin, TemplateView):
    """A site administrator creates a region and invites its first administrator."""

    template_name = "phases/region_create.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not services.may_found_regions(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.setdefault("form", forms.RegionCreateForm())
        return ctx

    def post(self, request, *args, **kwargs):
        form = forms.RegionCreateForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                region, admin, invited = services.region_found(
                    slug=data["slug"],
                    name=form.texts("name"),
                    organiser_name=form.texts("organiser_name"),
                    kind=data["kind"],
                    languages=data["languages"],
                    contact_email=data["contact_email"],
                    oidc_viewer_signup=data["oidc_viewer_signup"],
                    sotkanet_region_id=data.get("sotkanet_region_id"),
                    admin_email=data["admin_email"],
                    admin_first_name=data["admin_first_name"],
                    admin_last_name=data["admin_last_name"],
                    admin_language=data.get("admin_language") or "",
                    request=request,
                )
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    form.add_error(None if field == "__all__" else field, errors)
            except IntegrityError:  # the address name was taken meanwhile
                form.add_error("slug", _("Another region already has this address name."))
            else:
                if invited:
                    message = _(
                        "The region was created; %(email)s was invited as its administrator."
                    )
                else:
                    message = _("The region was created; %(email)s is its administrator.")
                messages.success(request, message % {"email": admin.email})
                return redirect(region.get_absolute_url())
        return self.render_to_response(self.get_context_data(form=form), status=400)


class RegionDetailView(RegionMixin, TemplateView):
    template_name = "phases/region_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["query"] = self.request.GET.get("q", "")[:100]
        ctx["projects"] = list(
            selectors.search_projects(
                selectors.projects_for_user(self.request.user, region=self.region),
                ctx["query"],
            ).order_by("-term_start", "-created_at")
        )
        ctx["phases"] = {p.number: p for p in PhaseDefinition.objects.all()}
        for project in ctx["projects"]:
            project.phase_definition = ctx["phases"].get(project.phase)
        return ctx


class RegionSettingsView(RegionMixin, TemplateView):
    """The region administrator's settings: organiser and contact, viewer sign-up."""

    template_name = "phases/region_settings.html"
    permission = {"GET": roles.MANAGE_MEMBERS, "POST": roles.MANAGE_MEMBERS}

    def make_form(self, data=None):
        initial = {
            **forms.RegionSettingsForm.initial_for_texts(self.region),
            "contact_email": self.region.contact_email,
            "oidc_viewer_signup": self.region.oidc_viewer_signup,
        }
        return forms.RegionSettingsForm(
            data, initial=initial, languages=self.region.content_languages
        )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.setdefault("form", self.make_form())
        return ctx

    def post(self, request, *args, **kwargs):
        form = self.make_form(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        services.region_update_settings(
            region=self.region,
            organiser_name=form.texts("organiser_name"),
            contact_email=form.cleaned_data["contact_email"],
            oidc_viewer_signup=form.cleaned_data["oidc_viewer_signup"],
        )
        messages.success(request, _("The region's settings were saved."))
        return redirect("phases:region_settings", region=self.region.slug)


class MembersView(RegionMixin, TemplateView):
    template_name = "phases/members.html"
    permission = {"GET": roles.MANAGE_MEMBERS, "POST": roles.MANAGE_MEMBERS}

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["memberships"] = RegionMembership.objects.filter(region=self.region).select_related(
            "user"
        )
        ctx["role_choices"] = roles.Role.choices
        # The invitation's language: the page's, unless the inviter chooses another.
        ctx.setdefault("form", forms.MemberAddForm())
        return ctx

    def post(self, request, *args, **kwargs):
        form = forms.MemberAddForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        services.region_invite_member(region=self.region, request=request, **form.cleaned_data)
        # The same answer whether the address had an account or not (no enumeration).
        messages.success(
            request,
            _("An invitation was sent to %(email)s.") % {"email": form.cleaned_data["email"]},
        )
        return redirect("phases:members", region=self.region.slug)


class MemberEditView(RegionMixin, View):
    permission = {"POST": roles.MANAGE_MEMBERS}

    def post(self, request, *args, **kwargs):
        membership = get_object_or_404(
            RegionMembership, pk=kwargs["membership"], region=self.region
        )
        form = forms.MemberRoleForm(request.POST)
        if form.is_valid():
            try:
                services.region_change_role(membership=membership, role=form.cleaned_data["role"])
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            else:
                messages.success(request, _("The role was changed."))
        else:
            messages.error(request, _("Choose a valid role."))
        return redirect("phases:members", region=self.region.slug)


class MemberRemoveView(RegionMixin, TemplateView):
    """Removing a member asks first: a page that says what happens, then one button."""

    template_name = "phases/member_remove.html"
    permission = {"GET": roles.MANAGE_MEMBERS, "POST": roles.MANAGE_MEMBERS}

    def get_membership(self) -> RegionMembership:
        return get_object_or_404(
            RegionMembership.objects.select_related("user"),
            pk=self.kwargs["membership"],
            region=self.region,
        )

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(membership=self.get_membership()))

    def post(self, request, *args, **kwargs):
        membership = self.get_membership()
        try:
            services.region_remove_member(region=self.region, user=membership.user, by=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("%(user)s was removed.") % {"user": membership.user})
        return redirect("phases:members", region=self.region.slug)


class ProjectCreateView(RegionMixin, TemplateView):
    template_name = "phases/project_create.html"
    permission = {"GET": roles.CREATE_PROJECT, "POST": roles.CREATE_PROJECT}

    def get_form(self, data=None):
        return forms.ProjectCreateForm(data, region=self.region, initial=self.revision_of())

    def revision_of(self) -> dict:
        """`?previous=<project>` (the editor's "Start a revision" of an approved promise):
        the new project continues that one, from a copy of its approved promise, in the
        same term."""
        previous = PromiseProject.objects.filter(
            region=self.region, pk=posted_id(self.request.GET.get("previous")) or 0
        ).first()
        if previous is None:
            return {}
        return {
            "previous_project": previous.pk,
            "copy_previous": True,
            "term_start": previous.term_start,
            "term_end": previous.term_end,
        }

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.setdefault("form", self.get_form())
        return ctx

    def post(self, request, *args, **kwargs):
        form = self.get_form(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        data = form.cleaned_data
        project = services.project_create(
            region=self.region,
            title=form.texts("title"),
            term_start=data["term_start"],
            term_end=data["term_end"],
            previous_project=data["previous_project"],
            copy=form.chosen_copies(),
            case_number=data["case_number"],
            by=request.user,
        )
        messages.success(request, _("The project was created. It starts in phase 1."))
        return redirect(project.get_absolute_url())


# -- project dashboard ----------------------------------------------------------------


class ProjectDashboardView(ProjectMixin, TemplateView):
    template_name = "phases/dashboard.html"

    def get(self, request, *args, **kwargs):
        # The readiness read from the project's content is kept under its content version.
        with registry.memo(self.project):
            response = super().get(request, *args, **kwargs)
            response.render()  # panels may read lazily in the template
        return response

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        project = self.project
        shown = int(self.kwargs.get("phase") or project.phase)
        if not 1 <= shown <= 6:
            raise Http404
        steps = selectors.timeline(project)
        phase = next(s.phase for s in steps if s.phase.number == shown)
        # The "what next" list of the phase shown: every step known up front, in order.
        next_steps = (
            registry.next_steps(project, shown, include_done=True) if shown >= project.phase else []
        )
        blockers = [s for s in next_steps if not s.done]
        tasks = selectors.tasks_for_phase(project, shown)
        tasks_form = kwargs.get("tasks_form")  # sent and shown again, with its errors
        editable = tasks_form is not None or (roles.EDIT_CONTENT in self.project_perms and tasks)
        assignees = list(task_assignees(self.region)) if editable and tasks_form is None else None
        ctx.update(
            # The table, kept per phase, permission and set of assignees while the content
            # and the clock stay (`{% kept %}`); its form is built only when it is drawn.
            tasks=lambda: task_rows(tasks, tasks_form, assignees),
            tasks_form=tasks_form,
            tasks_editable=bool(editable),
            tasks_key=assignees_key(assignees),
        )
        ctx.update(
            steps=steps,
            phase=phase,
            is_current=shown == project.phase,
            next_steps=next_steps,
            done_steps=sum(1 for s in next_steps if s.done),
            coming_up=timeline.coming_up(project),
            checklists=selectors.checklists_for_phase(project, shown),
            results=(results := selectors.results_for_phase(project, shown)),
            written_results=sum(1 for item in results if not item.provided),
            blockers=blockers,
            may_advance=allows("phases:advance", self.project_perms),
            can_advance=allows("phases:advance", self.project_perms) and not project.is_last_phase,
            can_return=project.phase == DECISION_PHASE
            and allows("phases:return", self.project_perms)
            and not project.has_approval,
            advance_form=forms.AdvanceForm(initial={"expected_phase": project.phase}),
            return_form=forms.ReturnForm(),
            # Each panel's context read when the panel is drawn (a kept panel's is not).
            panels=[
                (panel, partial(panel.context, self.request, project))
                for panel in registry.panels_for(shown)
            ],
        )
        return ctx


class TaskEditView(ConflictMixin, ProjectMixin, TemplateView):
    """One task's page. When somebody saved the task after the user opened it, the two
    saves are merged field by field (phases.locking.ConflictMixin): only fields both
    changed are asked about."""

    template_name = "phases/task_edit.html"
    conflict_template = "phases/conflict.html"
    permission = {"GET": roles.EDIT_CONTENT, "POST": roles.EDIT_CONTENT}

    def get_task(self) -> ProjectTask:
        return get_object_or_404(
            ProjectTask.objects.select_related("definition__phase"),
            pk=self.kwargs["task"],
            project=self.project,
        )

    def assignees(self):
        return task_assignees(self.region)

    def make_form(self, data=None, task=None):
        task = task or self.get_task()
        form = forms.TaskForm(data, instance=task, assignees=self.assignees())
        return with_base(form, self.initial(task))

    def initial(self, task) -> dict:
        return {
            "lock_version": task.lock_version,
            **{
                name: getattr(task, name)
                for name in forms.TaskForm.Meta.fields
                if name != "assignee"
            },
            "assignee": task.assignee_id,
        }

    def save(self, task, form):
        data = form.cleaned_data
        return services.task_update(
            task=task,
            by=self.request.user,
            status=data["status"],
            assignee=data["assignee"],
            due_date=data["due_date"],
            notes=data["notes"],
            not_applicable_reason=data["not_applicable_reason"],
            lock_version=data["lock_version"],
        )

    def heading_for(self, task) -> str:
        return str(task.definition.name)

    def back_url(self, task) -> str:
        return self.project_url("phases:project_phase", phase=task.definition.phase.number)

    def cancel(self, task) -> str:
        return self.request.path  # "take theirs": the task as now saved

    def get(self, request, *args, **kwargs):
        task = self.get_task()
        return self.render_to_response(
            self.get_context_data(task=task, form=self.make_form(task=task))
        )

    def post(self, request, *args, **kwargs):
        task = self.get_task()
        form = self.make_form(request.POST, task=task)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(task=task, form=form), status=400)
        try:
            self.save(self.get_task(), form)
        except EditConflict as exc:
            return self.resolve_conflict(task, form, exc.current)
        messages.success(request, _("The task was saved."))
        return redirect(self.back_url(task))


class PhaseTasksView(ProjectDashboardView):
    """The phase page's task table sent as one form ("Save tasks"): status, assignee and
    due date of every task of the phase at once. Only the rows the user changed are saved,
    all or nothing; an error or a conflict shows the phase page again with what was typed."""

    permission = {"POST": roles.EDIT_CONTENT}

    def post(self, request, *args, **kwargs):
        phase = int(kwargs["phase"])
        if not 1 <= phase <= 6:
            raise Http404
        with registry.memo():
            tasks = {t.pk: t for t in selectors.tasks_for_phase(self.project, phase)}
            posted = [posted_id(pk) for pk in request.POST.getlist("task")]
            if not posted or any(pk not in tasks for pk in posted):
                raise Http404  # another project's or another phase's task
            form = forms.TasksForm(
                request.POST,
                tasks=[t for pk, t in tasks.items() if pk in posted],
                assignees=task_assignees(self.region),
            )
            if form.is_valid():
                merged = False
                try:
                    try:
                        saved = services.tasks_update(
                            project=self.project, changes=form.changes(), by=request.user
                        )
                    except EditConflict as exc:
                        # Saved meanwhile: merged field by field when nobody's change
                        # meets another's (phases.forms.TasksForm.rebased).
                        rebased = form.rebased(exc.currents)
                        if rebased is None:
                            raise
                        saved = services.tasks_update(
                            project=self.project, changes=rebased, by=request.user
                        )
                        merged = True
                except EditConflict as exc:
                    form.conflict(exc.messages[0], exc.currents)
                    status = 409
                except ValidationError as exc:
                    form.conflict(" ".join(exc.messages), [])
                    status = 400
                else:
                    if saved and merged:
                        messages.success(
                            request,
                            _(
                                "Saved. Someone else had saved other fields meanwhile: "
                                "theirs are kept."
                            ),
                        )
                    elif saved:
                        messages.success(request, _("The tasks were saved."))
                    else:
                        messages.info(request, _("Nothing changed in the tasks."))
                    return redirect(
                        self.project_url("phases:project_phase", phase=phase) + "#tasks-title"
                    )
            else:
                status = 400
            response = self.render_to_response(
                self.get_context_data(tasks_form=form), status=status
            )
            response.render()
        return response


def task_rows(tasks, tasks_form, assignees) -> list[ProjectTask]:
    """The phase's tasks for its table, each with its row of the task form (`row`): the
    form sent (`tasks_form`), else a new one for those who may edit (`assignees` given),
    else none. Copies: the tasks are kept under the project's content version."""
    if tasks_form is None and assignees is not None:
        tasks_form = forms.TasksForm(tasks=tasks, assignees=assignees)
    rows = []
    for task in tasks:
        task = copy.copy(task)
        task.row = tasks_form.by_task.get(task.pk) if tasks_form else None
        rows.append(task)
    return rows


def assignees_key(assignees) -> str:
    """A short key of who the task table offers as assignees (their ids and names, as the
    choices show them); "-" when the table has no form."""
    if assignees is None:
        return "-"
    shown = "\n".join(f"{user.pk}:{user.get_full_name() or user.username}" for user in assignees)
    return hashlib.blake2b(shown.encode(), digest_size=12).hexdigest()


def task_assignees(region):
    """Who a task can be given to: the region's members."""
    return User.objects.filter(region_memberships__region=region).order_by(
        "first_name", "last_name", "username"
    )


class ChecklistView(ProjectMixin, TemplateView):
    template_name = "phases/checklist.html"
    permission = {"GET": roles.VIEW_PROJECT, "POST": roles.EDIT_CONTENT}

    def get_checklist(self):
        checklist = get_object_or_404(
            ChecklistDefinition.objects.select_related("phase"), pk=self.kwargs["checklist"]
        )
        rows = next(
            c.rows
            for c in selectors.checklists_for_phase(self.project, checklist.phase.number)
            if c.pk == checklist.pk
        )
        return checklist, rows

    def get(self, request, *args, **kwargs):
        checklist, rows = self.get_checklist()
        form = forms.ChecklistForm(rows=rows, region_kind=self.region.kind)
        return self.render_to_response(self.get_context_data(checklist=checklist, form=form))

    def post(self, request, *args, **kwargs):
        checklist, rows = self.get_checklist()
        form = forms.ChecklistForm(request.POST, rows=rows, region_kind=self.region.kind)
        if not form.is_valid():
            return self.render_to_response(
                self.get_context_data(checklist=checklist, form=form), status=400
            )
        services.checklist_answer(project=self.project, answers=form.answers(), by=request.user)
        messages.success(request, _("The answers were saved."))
        return redirect(self.project_url("phases:project_phase", phase=checklist.phase.number))


class ResultEditView(ProjectMixin, TemplateView):
    template_name = "phases/result_edit.html"
    permission = {"GET": roles.VIEW_PROJECT, "POST": roles.EDIT_CONTENT}

    def get_definition(self) -> ResultDefinition:
        definition = get_object_or_404(
            ResultDefinition.objects.select_related("phase"), pk=self.kwargs["result"]
        )
        if definition.provided_by and definition.provided_by in registry.result_providers:
            raise Http404
        return definition

    def get(self, request, *args, **kwargs):
        definition = self.get_definition()
        record = ProjectResult.objects.filter(project=self.project, definition=definition).first()
        form = forms.ResultForm(initial={"text": record.text if record else ""})
        return self.render_to_response(
            self.get_context_data(definition=definition, record=record, form=form)
        )

    def post(self, request, *args, **kwargs):
        definition = self.get_definition()
        record = ProjectResult.objects.filter(project=self.project, definition=definition).first()
        form = forms.ResultForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(
                self.get_context_data(definition=definition, record=record, form=form), status=400
            )
        services.result_save(
            project=self.project,
            definition=definition,
            by=request.user,
            text=form.cleaned_data["text"],
            attachment=form.cleaned_data["attachment"] or None,
            clear_attachment=form.cleaned_data["clear_attachment"],
        )
        messages.success(request, _("The result was saved."))
        return redirect(self.project_url("phases:project_phase", phase=definition.phase.number))


class PhaseResultsView(ProjectMixin, TemplateView):
    """All the results a phase asks to be written or attached, on one page with one
    "Save results" (the results another part of the app produces are not here)."""

    template_name = "phases/phase_results.html"
    permission = {"GET": roles.EDIT_CONTENT, "POST": roles.EDIT_CONTENT}

    def items(self):
        phase = int(self.kwargs["phase"])
        if not 1 <= phase <= 6:
            raise Http404
        results = selectors.results_for_phase(self.project, phase)
        items = [item for item in results if not item.provided]
        if not items:
            raise Http404
        return phase, items

    def get(self, request, *args, **kwargs):
        phase, items = self.items()
        form = forms.ResultsForm(items=items)
        return self.render_to_response(
            self.get_context_data(phase=items[0].definition.phase, form=form)
        )

    def post(self, request, *args, **kwargs):
        phase, items = self.items()
        form = forms.ResultsForm(request.POST, request.FILES, items=items)
        if form.is_valid():
            saved = services.results_save(
                project=self.project, changes=form.changes(), by=request.user
            )
            if saved:
                messages.success(request, _("The results were saved."))
            else:
                messages.info(request, _("Nothing changed in the results."))
            return redirect(
                self.project_url("phases:project_phase", phase=phase) + "#results-title"
            )
        ctx = self.get_context_data(phase=items[0].definition.phase, form=form)
        return self.render_to_response(ctx, status=400)


class ResultFileView(ProjectMixin, View):
    """Attachments are served only through the permission check, never as public media."""

    def get(self, request, *args, **kwargs):
        record = get_object_or_404(
            ProjectResult, project=self.project, definition_id=self.kwargs["result"]
        )
        if not record.attachment:
            raise Http404
        name = record.attachment.name.rsplit("/", 1)[-1]
        return FileResponse(record.attachment.open("rb"), as_attachment=True, filename=name)


class AdvanceView(ProjectMixin, TemplateView):
    """Advancing asks first: the confirmation page says what happens and what still
    blocks; its button sends the advance (no JavaScript needed)."""

    template_name = "phases/advance_confirm.html"
    permission = {"GET": roles.ADVANCE_PHASE, "POST": roles.ADVANCE_PHASE}

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        project = self.project
        with registry.memo():
            blockers = [] if project.is_last_phase else registry.next_steps(project, project.phase)
        ctx.update(
            blockers=blockers,
            next_phase=PhaseDefinition.objects.filter(number=project.phase + 1).first(),
            current_phase=PhaseDefinition.objects.filter(number=project.phase).first(),
            form=kwargs.get("form") or forms.AdvanceForm(initial={"expected_phase": project.phase}),
        )
        return ctx

    def post(self, request, *args, **kwargs):
        form = forms.AdvanceForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("The request was not valid; reload the page."))
            return HttpResponseRedirect(self.project_url())
        try:
            project = services.project_advance(
                project=self.project,
                by=request.user,
                expected_phase=form.cleaned_data["expected_phase"],
                comment=form.cleaned_data["comment"],
            )
        except services.PhaseMoved as exc:
            for message in exc.messages:
                messages.warning(request, message)
        except services.PhaseError as exc:
            messages.error(request, _("The phase cannot be advanced yet:"))
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(
                request, _("The project moved to phase %(phase)d.") % {"phase": project.phase}
            )
        return HttpResponseRedirect(self.project_url())


class ReturnView(ProjectMixin, TemplateView):
    template_name = "phases/return.html"
    permission = {"GET": roles.RETURN_PERMISSIONS, "POST": roles.RETURN_PERMISSIONS}

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=forms.ReturnForm()))

    def post(self, request, *args, **kwargs):
        form = forms.ReturnForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        try:
            services.project_return_for_preparation(
                project=self.project, by=request.user, reason=form.cleaned_data["reason"]
            )
        except services.PhaseError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The project was returned to phase 3 for preparation."))
        return HttpResponseRedirect(self.project_url())


class TimelineView(ProjectMixin, TemplateView):
    """The project's timeline: the phases with planned and actual dates, and every dated
    item the apps register, late ones marked; the timetable form for the managers."""

    template_name = "phases/timeline.html"
    permission = {"GET": roles.VIEW_PROJECT, "POST": roles.MANAGE_PROJECT}

    def get(self, request, *args, **kwargs):
        with registry.memo():
            response = super().get(request, *args, **kwargs)
            response.render()
        return response

    def plan_form(self, data=None):
        return forms.PhasePlanForm(
            data, plans=timeline.plans_for(self.project), phases=PhaseDefinition.objects.all()
        )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(
            phase_rows=timeline.phase_rows(self.project),
            items=registry.dated_items(self.project),
            can_plan=allows("phases:timeline", self.project_perms),
        )
        if ctx["can_plan"]:
            ctx.setdefault("form", self.plan_form())
        return ctx

    def post(self, request, *args, **kwargs):
        form = self.plan_form(request.POST)
        if not form.is_valid():
            with registry.memo():
                response = self.render_to_response(self.get_context_data(form=form), status=400)
                response.render()
            return response
        services.phase_plan_save(
            project=self.project,
            plans=form.plans(),
            meeting_on=form.cleaned_data.get("meeting"),
            by=request.user,
        )
        messages.success(request, _("The timetable was saved."))
        return redirect(self.project_url("phases:timeline"))


FEED_TOKEN = re.compile(r"[A-Za-z0-9_-]{20,64}")


class CalendarFeedView(AcrossRegionsMixin, View):
    """A user's calendar (iCalendar) at a secret address: their tasks and the deadlines of
    every project they may see. No login (calendar programs cannot log in): the token is
    the key, and a new one can be made on the settings page."""

    def get(self, request, feed_token):
        from .models import UserProfile

        if not FEED_TOKEN.fullmatch(feed_token):  # never let odd bytes reach the database
            raise Http404
        profile = (
            UserProfile.objects.filter(feed_token=feed_token, user__is_active=True)
            .select_related("user")
            .first()
        )
        if profile is None:
            raise Http404
        projects = []
        for region in selectors.regions_for_user(profile.user):
            projects += list(
                selectors.projects_for_user(profile.user, region=region).select_related("region")
            )
        with registry.memo():
            body = timeline.calendar_for(profile.user, projects)
        response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = 'inline; filename="servicelofte.ics"'
        response["Cache-Control"] = "private, max-age=900"
        return response


class UserSettingsView(AcrossRegionsMixin, LoginRequiredMixin, TemplateView):
    """The user's own settings: the language of their mail, which notifications they get,
    and the address of their calendar feed."""

    template_name = "phases/user_settings.html"

    def get_form(self, data=None):
        from .platform import notifications

        profile = notifications.profile_for(self.request.user)
        kinds = registry.notification_kinds
        return forms.UserSettingsForm(
            data,
            kinds=kinds,
            initial={
                "language": profile.language,
                "kinds": [k.key for k in kinds if profile.wants(k.key)],
            },
        ), profile

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        form, profile = self.get_form()
        ctx.setdefault("form", form)
        ctx["feed_url"] = self.request.build_absolute_uri(
            reverse("phases:calendar_feed", kwargs={"feed_token": profile.feed_token})
        )
        return ctx

    def post(self, request, *args, **kwargs):
        if "renew_feed" in request.POST:
            services.feed_token_renew(user=request.user)
            messages.success(
                request, _("Your calendar has a new address; the old one no longer works.")
            )
            return redirect("phases:user_settings")
        form, _profile = self.get_form(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        services.user_settings_save(
            user=request.user,
            language=form.cleaned_data["language"],
            wanted=form.cleaned_data["kinds"],
        )
        messages.success(request, _("Your settings were saved."))
        return redirect("phases:user_settings")


class HistoryView(ProjectMixin, TemplateView):
    template_name = "phases/history.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        # The two tables as HTML, kept under the project's content version (the language,
        # the catalogue's task names) and what else they show (`history_marks`: a task
        # change the content version does not count, the names of the users shown).
        project = self.project
        marks = selectors.history_marks(project)
        name = f"history:{timezone.get_current_timezone_name()}:{marks!r}"
        ctx["history_tables"] = kept(
            project,
            name,
            lambda: render_to_string(
                "phases/_history_tables.html",
                {
                    "transitions": selectors.history(project),
                    "task_changes": selectors.task_changes(project),
                },
            ),
        )
        return ctx


class ProjectMembersView(ProjectMixin, TemplateView):
    """Project-only roles: people who work on this one project."""

    template_name = "phases/project_members.html"
    permission = {"GET": roles.MANAGE_PROJECT, "POST": roles.MANAGE_PROJECT}

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["memberships"] = ProjectMembership.objects.filter(project=self.project).select_related(
            "user"
        )
        ctx["region_memberships"] = RegionMembership.objects.filter(
            region=self.region
        ).select_related("user")
        ctx.setdefault("form", forms.ProjectMemberForm())
        return ctx

    def post(self, request, *args, **kwargs):
        form = forms.ProjectMemberForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        services.project_set_member(
            project=self.project, user=form.user, role=form.cleaned_data["role"]
        )
        messages.success(request, _("The project role was saved."))
        return redirect(self.project_url("phases:project_members"))
