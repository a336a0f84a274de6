"""A project's history and its own members."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from .. import forms, roles, selectors, services
from ..models import (
    ProjectMembership,
    RegionMembership,
)
from ..registry import kept
from .mixins import (
    ProjectMixin,
)


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
