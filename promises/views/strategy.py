"""The region's strategy tree: its goals, editing, import and the active strategy."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from phases import roles
from phases.guards.posted import posted_id
from phases.views.mixins import RegionMixin

from .. import forms, selectors, services, strategy
from ..models import (
    StrategyGoal,
)
from .base import (
    language_context,
)


class StrategyMixin(RegionMixin):
    def goal_form(self, data=None, initial=None, goal=None):
        form = forms.StrategyGoalForm(
            data,
            initial=initial,
            languages=self.region.content_languages,
            region=self.region,
            exclude=goal,
        )
        form.set_kinds(selectors.goal_kinds(self.region))
        return form

    def import_form(self, data=None, files=None):
        form = forms.StrategyImportForm(data, files, languages=self.region.content_languages)
        form.fields["kind"].choices = selectors.goal_kinds(self.region)
        return form

    def save_goal(self, form, goal=None):
        data = form.cleaned_data
        try:
            return services.strategy_goal_save(
                region=self.region,
                goal=goal,
                kind=data["kind"],
                level=data["level"],
                parent=data.get("parent"),
                code=data["code"],
                order=data.get("order") or 0,
                title=form.texts("title"),
                description=form.texts("description"),
            )
        except ValidationError as exc:
            form.add_error("parent", exc)
            return None

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(language_context(self.region.content_languages))
        ctx["can_manage"] = roles.MANAGE_STRATEGY in self.region_perms
        return ctx


class StrategyListView(StrategyMixin, TemplateView):
    template_name = "promises/strategy_list.html"
    permission = {"GET": roles.VIEW_REGION, "POST": roles.MANAGE_STRATEGY}

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        goals = list(selectors.strategy_goals(self.region))
        ctx["groups"] = [
            (
                label,
                list(strategy.flatten(strategy.build_tree([g for g in goals if g.kind == kind]))),
            )
            for kind, label in selectors.goal_kinds(self.region)
        ]
        ctx["goal_count"] = len(goals)
        ctx.setdefault("form", self.goal_form(initial=self.opened_for(goals)))
        ctx.setdefault("import_form", self.import_form())
        return ctx

    def opened_for(self, goals) -> dict:
        """What the page was opened for: `?parent=<node>` ("add a node under this one")
        preselects that parent, its source and the level below it; else nothing."""
        pk = posted_id(self.request.GET.get("parent"))
        parent = next((g for g in goals if g.pk == pk), None) if pk else None
        if parent is None or parent.level >= StrategyGoal.Level.MEANS:
            return {}
        return {"parent": parent.pk, "kind": parent.kind, "level": parent.level + 1}

    def post(self, request, *args, **kwargs):
        form = self.goal_form(request.POST)
        goal = self.save_goal(form) if form.is_valid() else None
        if goal is None:
            return self.render_to_response(self.get_context_data(form=form), status=400)
        messages.success(request, _("The strategy goal %(goal)s was added.") % {"goal": goal})
        return redirect("promises:strategy", region=self.region.slug)


class StrategyEditView(StrategyMixin, TemplateView):
    template_name = "promises/strategy_edit.html"
    permission = {"GET": roles.MANAGE_STRATEGY, "POST": roles.MANAGE_STRATEGY}

    @cached_property
    def goal(self):
        return get_object_or_404(StrategyGoal, pk=self.kwargs["goal"], region=self.region)

    def get(self, request, *args, **kwargs):
        form = self.goal_form(initial=forms.StrategyGoalForm.initial_for(self.goal), goal=self.goal)
        return self.render_to_response(self.get_context_data(form=form, goal=self.goal))

    def post(self, request, *args, **kwargs):
        form = self.goal_form(request.POST, goal=self.goal)
        if not form.is_valid() or self.save_goal(form, self.goal) is None:
            return self.render_to_response(
                self.get_context_data(form=form, goal=self.goal), status=400
            )
        messages.success(request, _("The strategy goal was saved."))
        return redirect("promises:strategy", region=self.region.slug)


class StrategyImportView(StrategyListView):
    """Bulk entry: a pasted list, all or nothing, with the bad lines named."""

    permission = {"GET": roles.MANAGE_STRATEGY, "POST": roles.MANAGE_STRATEGY}

    def get(self, request, *args, **kwargs):
        return redirect("promises:strategy", region=self.region.slug)

    def post(self, request, *args, **kwargs):
        form = self.import_form(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            try:
                created = strategy.strategy_import(
                    region=self.region,
                    kind=data["kind"],
                    text=data["text"],
                    language=data["language"],
                    levels=data["levels"],
                    from_spreadsheet=bool(data.get("file")),
                )
            except ValidationError as exc:
                form.add_error("file" if data.get("file") else "text", exc)
            else:
                messages.success(
                    request,
                    _("%(count)d nodes were added to the strategy.") % {"count": len(created)},
                )
                return redirect("promises:strategy", region=self.region.slug)
        return self.render_to_response(self.get_context_data(import_form=form), status=400)


class StrategyActiveView(StrategyMixin, View):
    permission = {"POST": roles.MANAGE_STRATEGY}

    def post(self, request, *args, **kwargs):
        goal = get_object_or_404(StrategyGoal, pk=kwargs["goal"], region=self.region)
        active = request.POST.get("active") == "1"
        services.strategy_goal_set_active(goal=goal, active=active)
        if active:
            messages.success(request, _("The goal %(goal)s is in use again.") % {"goal": goal})
        else:
            messages.success(
                request,
                _("The goal %(goal)s is no longer in use; commitments keep their link.")
                % {"goal": goal},
            )
        return redirect("promises:strategy", region=self.region.slug)
