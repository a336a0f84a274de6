"""A project's dashboard and its phase: tasks, checklists, results, advancing and returning,
the timeline."""

from __future__ import annotations

import copy
import hashlib
from functools import partial

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from phases.guards.posted import posted_id

from .. import forms, roles, selectors, services, timeline
from ..locking import ConflictMixin, EditConflict, with_base
from ..models import (
    ChecklistDefinition,
    PhaseDefinition,
    ProjectResult,
    ProjectTask,
    ResultDefinition,
)
from ..permissions import allows
from ..phase_numbers import DECISION_PHASE
from ..registry import registry
from .mixins import (
    ProjectMixin,
    User,
)


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
