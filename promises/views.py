"""Views of the promise editor. Thin: parse input, check permission (the phases mixins),
call one service, render. Every write is a small form of its own that works without
JavaScript; a failed form is shown again with what was typed (400), a concurrent change
shows both texts to choose from (409)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from phases import roles
from phases.guards.posted import posted_id
from phases.locking import ConflictMixin, EditConflict, PageRow
from phases.perspectives import Perspective
from phases.registry import kept
from phases.url_patterns import object_url
from phases.views import ProjectMixin, RegionMixin

from . import forms, selectors, services, strategy
from .decision.selectors import promise_view
from .diff import compare_snapshots
from .models import (
    Commitment,
    FinalisationAnswer,
    PerspectiveCell,
    Promise,
    PromiseStatement,
    PromiseVersion,
    StrategyGoal,
)
from .snapshot import LANGS, build_snapshot, localized
from .wheel import VIEWS, render_wheel, text_alternative


def language_context(required: list[str]) -> dict:
    """The editor's languages: the region's content languages side by side (its majority
    language first), the others folded away as optional."""
    main = (
        list(required)
        if len(required) > 1
        else [*required, *[x for x in ("fi", "sv") if x not in required]]
    )
    return {
        "main_langs": main,
        "extra_langs": [lang for lang in LANGS if lang not in main],
        "lang_names": {k: str(v) for k, v in selectors.LANGUAGE_NAMES.items()},
        "required_langs": required,
    }


# -- strategy goals ---------------------------------------------------------------------


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


# -- promises of a project --------------------------------------------------------------


class PromiseListView(ProjectMixin, TemplateView):
    template_name = "promises/promise_list.html"
    permission = {"GET": roles.VIEW_PROJECT, "POST": roles.EDIT_CONTENT}

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["promises"] = selectors.promises_for_project(self.project)
        ctx["readiness"] = {r.promise.pk: r for r in selectors.project_readiness(self.project)}
        ctx["version_kinds"] = PromiseVersion.Kind.choices
        ctx.setdefault("form", forms.PromiseCreateForm(languages=self.region.content_languages))
        ctx.update(language_context(self.region.content_languages))
        return ctx

    def post(self, request, *args, **kwargs):
        form = forms.PromiseCreateForm(request.POST, languages=self.region.content_languages)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        promise = services.promise_create(
            project=self.project, title=form.texts("title"), by=request.user
        )
        messages.success(request, _("The promise was created. Write its vision and content."))
        return redirect(promise_url("promises:editor", promise))


def promise_url(name: str, promise: Promise, anchor: str = "", **kwargs) -> str:
    project = promise.project
    url = reverse(
        name,
        kwargs={
            "region": project.region.slug,
            "project": project.pk,
            "promise": promise.pk,
            **kwargs,
        },
    )
    return f"{url}#{anchor}" if anchor else url


class PromiseMixin(ProjectMixin):
    # A view whose GET only shows a form that changes the promise (refused, like every
    # POST, once a council approved the promise).
    edits_on_get = False

    @cached_property
    def promise(self) -> Promise:
        promise = get_object_or_404(
            Promise.objects.select_related("project__region"),
            pk=self.kwargs["promise"],
            project=self.project,
        )
        return promise

    @cached_property
    def revision(self) -> selectors.RevisionState:
        return selectors.revision_state(self.promise)

    def refusal(self, request, perms):
        """After approval the promise is read only: every change (and every page that only
        shows a form for one) goes back to the editor, which says why and how to revise."""
        refused = super().refusal(request, perms)
        if refused is not None:
            return refused
        changes = request.method == "POST" or (self.edits_on_get and request.method == "GET")
        if changes and self.revision.read_only:
            try:
                services.ensure_editable(self.promise.pk)
            except services.ApprovedPromiseError as exc:
                messages.error(request, " ".join(exc.messages))
            return redirect(self.url())
        return None

    def url(self, name: str = "promises:editor", anchor: str = "", **kwargs) -> str:
        return promise_url(name, self.promise, anchor, **kwargs)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["promise"] = self.promise
        ctx["revision"] = self.revision
        if self.revision.read_only:
            ctx["can_edit"] = False  # every page shows the approved promise as a viewer sees it
            ctx["revision_url"] = (
                reverse("phases:project_create", kwargs={"region": self.region.slug})
                + f"?previous={self.project.pk}"
            )
            ctx["can_start_revision"] = self.request.user.has_perm(
                f"phases.{roles.CREATE_PROJECT}", self.region
            )
        ctx.update(language_context(self.region.content_languages))
        return ctx


def perspective_url(promise: Promise, perspective: str, anchor: str = "") -> str:
    """The editor's page of one perspective (no perspective: the cross-cutting page)."""
    key = perspective or selectors.CROSS_CUTTING
    return promise_url("promises:editor_perspective", promise, anchor, perspective=key)


class EditorView(PromiseMixin, TemplateView):
    """The editor's first page: the status, the customer segment and vision (one form that
    saves both) and the perspectives, each edited on a page of its own."""

    template_name = "promises/editor.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        data = kept(  # counts only
            self.project,
            f"editor:{self.promise.pk}",
            lambda: selectors.editor_data(self.promise, with_traces=False),
        )
        ctx["data"] = data
        ctx["promise"] = data.promise
        ctx["perspective_links"] = perspective_links(data.promise)
        ctx["rows"] = [
            {
                "view": p,
                "url": ctx["perspective_links"][i]["url"],
                "statements": sum(len(cv.statements) for cv in p.cells),
                "missing": sum(len(cv.goal_missing) for cv in p.cells)
                + sum(len(sv.missing) for cv in p.cells for sv in cv.statements)
                + sum(len(c.missing) for c in p.commitments),
                "commitments": len(p.commitments),
            }
            for i, p in enumerate(data.perspectives)
        ]
        form = kwargs.get("form") or forms.PromiseForm(
            languages=self.region.content_languages,
            initial={
                "lock_version": data.promise.lock_version,
                **forms.PromiseForm.initial_for_texts(data.promise),
            },
        )
        ctx["form"] = form
        required = data.required_languages
        ctx["title_missing"] = selectors.missing_languages(
            selectors.texts_of(data.promise, "title"), required
        )
        ctx["vision_missing"] = selectors.missing_languages(
            selectors.texts_of(data.promise, "vision"), required
        )
        return ctx


def perspective_links(promise: Promise, current: str = "") -> list[dict]:
    """The editor's pages: one per perspective (URLs reversed once, then formatted)."""
    marker = "perspective-key"
    pattern = promise_url("promises:editor_perspective", promise, perspective=marker)
    pages = [*Perspective.choices, (selectors.CROSS_CUTTING, _("Cross-cutting"))]
    return [
        {
            "key": key,
            "label": str(label),
            "url": pattern.replace(marker, key),
            "current": key == current,
        }
        for key, label in pages
    ]


class PerspectiveEditorView(ConflictMixin, PromiseMixin, TemplateView):
    """One perspective of the promise on one page, in one form: both goal summaries, every
    statement (edit, delete, move), a new statement per side. Everything typed is saved
    together; a failed save shows the page again with what was typed (400); rows someone
    else saved meanwhile are shown side by side with the typed text (409)."""

    template_name = "promises/editor_perspective.html"
    permission = {"GET": roles.VIEW_PROJECT, "POST": roles.EDIT_CONTENT}

    @cached_property
    def perspective(self) -> str:
        """A perspective's key, or "cross-cutting" (the commitments under none)."""
        key = self.kwargs["perspective"]
        if key not in Perspective.values and key != selectors.CROSS_CUTTING:
            raise Http404
        return key

    def make_form(self, data, editor):
        cells = [cv.cell for cv in editor.perspectives[0].cells]
        return forms.PerspectiveForm(data, cells=cells, languages=self.region.content_languages)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["perspective_links"] = perspective_links(self.promise, self.perspective)
        ctx["editor_url"] = self.url()
        ctx["commitment_add_url"] = (
            self.url("promises:commitment_add") + f"?perspective={self.perspective}"
        )
        if "form" in kwargs:  # a form sent back (its errors, the rows ticked): drawn afresh
            ctx.update(self.drawn(ctx, kwargs["editor"], kwargs["form"]))
        else:
            # The page's cells and commitments as HTML, kept under the project's content
            # version per permission to edit (the lock versions in it are the rows' own,
            # so a save from a kept page still detects a concurrent edit).
            name = f"editor:{self.promise.pk}:{self.perspective}:drawn:{int(ctx['can_edit'])}"
            ctx.update(
                kept(
                    self.project,
                    name,
                    lambda: self.drawn(ctx, selectors.editor_data(self.promise, self.perspective)),
                )
            )
        return ctx

    def drawn(self, ctx, editor, form=None) -> dict:
        """The cells (the form's rows, or the texts read only) and the commitments of the
        page as HTML, with what the page's head shows of the editor's data."""
        view = editor.perspectives[0]
        cells = []
        if ctx["can_edit"]:
            form = form or self.make_form(None, editor)
            cells = [
                {
                    "view": cv,
                    "form": form.cell_forms[cv.cell.pk],
                    "new_form": form.new_forms[cv.cell.pk],
                    "statements": [
                        {
                            "view": sv,
                            "form": form.statement_forms[sv.statement.pk],
                            "deleted": sv.statement.pk in form.delete_ids,
                        }
                        for sv in cv.statements
                    ],
                }
                for cv in view.cells
            ]
        edit = object_url(
            "promises:commitment_edit",
            "commitment",
            region=self.region.slug,
            project=self.project.pk,
            promise=self.promise.pk,
        )
        context = {
            **ctx,
            "p": view,
            "cells": cells,
            "commitments": [
                {"view": cv, "edit_url": edit(cv.commitment.pk)} for cv in view.commitments
            ],
            "LANGUAGE_CODE": get_language(),
        }
        return {
            "cells_html": render_to_string("promises/_perspective_cells.html", context),
            "commitments_html": render_to_string("promises/_perspective_commitments.html", context),
            "p": {"key": view.key, "label": view.label, "hint": view.hint},
            "data": {
                "missing_count": editor.missing_count,
                "required_languages": editor.required_languages,
            },
        }

    def post(self, request, *args, **kwargs):
        return self.save_page(request.POST)

    def save_page(self, data, merged: bool = False):
        editor = selectors.editor_data(self.promise, self.perspective)
        form = self.make_form(data, editor)
        if not form.is_valid():
            ctx = self.get_context_data(form=form, editor=editor, failed=True)
            return self.render_to_response(ctx, status=400)
        try:
            added = services.perspective_save(
                promise=self.promise,
                goals=form.changed_goals(),
                statements=form.changed_statements(),
                new_statements=form.new_statements(),
                delete=form.deletions(),
                move=form.move,
                by=self.request.user,
            )
        except EditConflict as exc:
            return self.conflict(form, exc.currents, data, merged)
        except ValidationError as exc:
            messages.error(self.request, " ".join(exc.messages))
            ctx = self.get_context_data(form=form, editor=editor, failed=True)
            return self.render_to_response(ctx, status=400)
        if merged:
            messages.success(
                self.request,
                _("Saved. Someone else had saved other fields meanwhile: theirs are kept."),
            )
        else:
            messages.success(self.request, _("Saved."))
        anchor = ""
        if form.move:
            anchor = f"statement-{form.move[0]}"
        elif added:
            anchor = f"statement-{added[-1].pk}"
        return HttpResponseRedirect(perspective_url(self.promise, self.perspective, anchor))

    def conflict(self, form, currents, data, merged: bool = False):
        """Rows someone else saved meanwhile: merged text by text, or the conflict page
        (phases.locking.ConflictMixin.resolve_page_conflict)."""
        rows = []
        for current in currents:
            current = type(current).objects.get(pk=current.pk)
            if isinstance(current, PerspectiveCell):
                sub, name = form.cell_forms[current.pk], "goal"
                label = f"{_('Goal summary')}: {current.get_side_display()}"
            else:
                sub, name = form.statement_forms[current.pk], "text"
                label = _("Statement: %(cell)s") % {"cell": current.cell.get_side_display()}
            started = forms.PerspectiveForm._lock(sub)
            rows.append(PageRow(form=sub, current=current, name=name, label=label, started=started))
        return self.resolve_page_conflict(
            data,
            rows,
            merged=merged,
            save_again=lambda merged_data: self.save_page(merged_data, merged=True),
            heading=dict(Perspective.choices).get(self.perspective, _("Cross-cutting")),
            keep=("move",),
        )


# -- small locked edit forms ------------------------------------------------------------


class LockedEditView(ConflictMixin, PromiseMixin, TemplateView):
    """GET: the form on a page of its own; POST: save, or 400 with errors; when someone
    else saved first, their changes merged with the user's field by field, or 409 with
    the fields both changed (phases.locking.ConflictMixin)."""

    edits_on_get = True

    permission = {"GET": roles.EDIT_CONTENT, "POST": roles.EDIT_CONTENT}
    template_name = "promises/form_page.html"
    form_class = None
    heading = ""

    def get_object(self):
        raise NotImplementedError

    def initial(self, obj) -> dict:
        return {"lock_version": obj.lock_version, **self.form_class.initial_for_texts(obj)}

    def make_form(self, data=None, initial=None):
        return self.form_class(data, initial=initial, languages=self.region.content_languages)

    def save(self, obj, form):
        raise NotImplementedError

    def anchor(self, obj) -> str:
        return ""

    def page_context(self, obj, form, **kwargs):
        return self.get_context_data(
            form=form,
            object=obj,
            heading=self.heading_for(obj),
            cancel_url=self.cancel(obj),
            **kwargs,
        )

    def heading_for(self, obj) -> str:
        return str(self.heading)

    def cancel(self, obj) -> str:
        return self.back_url(obj)

    def back_url(self, obj) -> str:
        """Where a saved row is shown: the editor page that holds it."""
        return self.url(anchor=self.anchor(obj))

    def get(self, request, *args, **kwargs):
        obj = self.get_object()
        form = self.make_form(initial=self.initial(obj))
        return self.render_to_response(self.page_context(obj, form))

    def post(self, request, *args, **kwargs):
        obj = self.get_object()
        form = self.make_form(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.page_context(obj, form), status=400)
        try:
            saved = self.save(obj, form)
        except EditConflict as exc:
            return self.resolve_conflict(obj, form, exc.current)
        except ValidationError as exc:
            form.add_error(None, exc)
            return self.render_to_response(self.page_context(obj, form), status=400)
        messages.success(request, _("Saved."))
        return HttpResponseRedirect(self.back_url(saved or obj))


class PromiseEditView(LockedEditView):
    form_class = forms.PromiseForm

    def get_object(self):
        return self.promise

    def heading_for(self, obj):
        return _("Customer segment and vision")

    def anchor(self, obj):
        return "vision"

    def save(self, obj, form):
        return services.promise_update(
            promise=obj,
            lock_version=form.cleaned_data["lock_version"],
            title=form.texts("title"),
            vision=form.texts("vision"),
            slogan=form.texts("slogan"),
            outcomes=form.texts("outcomes"),
            by=self.request.user,
        )


class CellEditView(LockedEditView):
    form_class = forms.CellGoalForm

    def get_object(self):
        return get_object_or_404(PerspectiveCell, pk=self.kwargs["cell"], promise=self.promise)

    def heading_for(self, obj):
        return _("Goal summary: %(cell)s") % {"cell": obj}

    def anchor(self, obj):
        return f"cell-{obj.pk}"

    def back_url(self, obj):
        return perspective_url(self.promise, obj.perspective, self.anchor(obj))

    def save(self, obj, form):
        return services.cell_update(
            cell=obj,
            lock_version=form.cleaned_data["lock_version"],
            goal=form.texts("goal"),
            by=self.request.user,
        )


class StatementEditView(LockedEditView):
    form_class = forms.StatementForm

    def get_object(self):
        return get_object_or_404(
            PromiseStatement.objects.select_related("cell"),
            pk=self.kwargs["statement"],
            cell__promise=self.promise,
        )

    def heading_for(self, obj):
        return _("Statement: %(cell)s") % {"cell": obj.cell}

    def anchor(self, obj):
        return f"statement-{obj.pk}"

    def back_url(self, obj):
        cell = PerspectiveCell.objects.only("perspective").get(pk=obj.cell_id)
        return perspective_url(self.promise, cell.perspective, self.anchor(obj))

    def save(self, obj, form):
        lock_version = form.cleaned_data.get("lock_version")
        if not lock_version:
            raise ValidationError(_("The request was not valid; reload the page."))
        return services.statement_update(
            statement=obj, lock_version=lock_version, text=form.texts("text"), by=self.request.user
        )


class StatementAddView(PromiseMixin, TemplateView):
    edits_on_get = True
    permission = {"GET": roles.EDIT_CONTENT, "POST": roles.EDIT_CONTENT}
    template_name = "promises/form_page.html"

    @cached_property
    def cell(self):
        return get_object_or_404(PerspectiveCell, pk=self.kwargs["cell"], promise=self.promise)

    def page(self, form, status=200):
        return self.render_to_response(
            self.get_context_data(
                form=form,
                heading=_("New statement: %(cell)s") % {"cell": self.cell},
                cancel_url=perspective_url(
                    self.promise, self.cell.perspective, f"cell-{self.cell.pk}"
                ),
            ),
            status=status,
        )

    def get(self, request, *args, **kwargs):
        return self.page(forms.StatementForm(languages=self.region.content_languages))

    def post(self, request, *args, **kwargs):
        form = forms.StatementForm(request.POST, languages=self.region.content_languages)
        if not form.is_valid():
            return self.page(form, status=400)
        statement = services.statement_add(cell=self.cell, text=form.texts("text"), by=request.user)
        messages.success(request, _("The statement was added."))
        return HttpResponseRedirect(
            perspective_url(self.promise, self.cell.perspective, f"statement-{statement.pk}")
        )


def locked_delete_from_post(request, delete, *, conflict: str) -> bool | None:
    """Run `delete(lock_version)` with the lock version the delete form was sent with.
    True when deleted; False (and `conflict` shown) when somebody changed the row in the
    meantime; None (and a message) when the request was not valid."""
    form = forms.LockOnlyForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The request was not valid; reload the page."))
        return None
    try:
        delete(form.cleaned_data["lock_version"])
    except EditConflict:
        messages.error(request, conflict)
        return False
    return True


class StatementDeleteView(PromiseMixin, View):
    permission = {"POST": roles.EDIT_CONTENT}

    def post(self, request, *args, **kwargs):
        statement = get_object_or_404(
            PromiseStatement, pk=kwargs["statement"], cell__promise=self.promise
        )
        perspective = statement.cell.perspective
        deleted = locked_delete_from_post(
            request,
            lambda lock_version: services.statement_delete(
                statement=statement, lock_version=lock_version, by=request.user
            ),
            conflict=_(
                "Someone else changed the statement in the meantime, so it was not "
                "deleted. Check its current text and delete it again if needed."
            ),
        )
        if deleted is None:  # the request was not valid
            anchor = f"cell-{statement.cell_id}"
        elif not deleted:
            anchor = f"statement-{statement.pk}"
        else:
            messages.success(request, _("The statement was deleted."))
            anchor = f"cell-{statement.cell_id}"
        return HttpResponseRedirect(perspective_url(self.promise, perspective, anchor))


class StatementMoveView(PromiseMixin, View):
    permission = {"POST": roles.EDIT_CONTENT}

    def post(self, request, *args, **kwargs):
        statement = get_object_or_404(
            PromiseStatement, pk=kwargs["statement"], cell__promise=self.promise
        )
        form = forms.MoveForm(request.POST)
        if form.is_valid():
            services.statement_move(
                statement=statement, direction=form.cleaned_data["direction"], by=request.user
            )
        return HttpResponseRedirect(
            perspective_url(self.promise, statement.cell.perspective, f"statement-{statement.pk}")
        )


# -- commitments ------------------------------------------------------------------------


class CommitmentFormMixin:
    def goals(self):
        return StrategyGoal.objects.filter(region=self.region)

    creating = False

    def make_form(self, data=None, initial=None):
        return forms.CommitmentForm(
            data, initial=initial, region=self.region, goals=self.goals(), creating=self.creating
        )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["strategy_url"] = reverse("promises:strategy", kwargs={"region": self.region.slug})
        ctx["has_goals"] = StrategyGoal.objects.filter(region=self.region, active=True).exists()
        return ctx


class CommitmentCreateView(CommitmentFormMixin, PromiseMixin, TemplateView):
    """A new commitment: classified by its writer; only a page opened from a perspective's
    page (`?perspective=`) comes with that perspective ticked."""

    edits_on_get = True

    permission = {"GET": roles.EDIT_CONTENT, "POST": roles.EDIT_CONTENT}
    template_name = "promises/commitment_form.html"
    creating = True

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["heading"] = _("New commitment")
        chosen = self.perspective()
        ctx["cancel_url"] = (
            perspective_url(self.promise, chosen, "commitments-" + chosen) if chosen else self.url()
        )
        return ctx

    def perspective(self) -> str:
        """The perspective the page was opened for ("" none, or cross-cutting)."""
        value = self.request.GET.get("perspective") or self.request.POST.get("perspective")
        if value == selectors.CROSS_CUTTING:
            return value
        return value if value in Perspective.values else ""

    def get(self, request, *args, **kwargs):
        chosen = self.perspective()
        form = self.make_form(
            initial={"perspectives": [chosen] if chosen in Perspective.values else []}
        )
        form.fields["strategy_goals"].queryset = self.goals().filter(active=True)
        return self.render_to_response(self.get_context_data(form=form))

    def post(self, request, *args, **kwargs):
        form = self.make_form(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        data = form.cleaned_data
        try:
            commitment = services.commitment_create(
                promise=self.promise,
                title=form.texts("title"),
                description=form.texts("description"),
                responsible=form.texts("responsible"),
                strategy_goals=data["strategy_goals"],
                by=request.user,
                **form.details(),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
            return self.render_to_response(self.get_context_data(form=form), status=400)
        messages.success(request, _("The commitment was added."))
        return HttpResponseRedirect(
            perspective_url(self.promise, commitment.perspective, f"commitment-{commitment.pk}")
        )


class CommitmentEditView(CommitmentFormMixin, LockedEditView):
    form_class = forms.CommitmentForm
    unversioned_fields = ("strategy_goals",)  # links: compared with the current ones only
    template_name = "promises/commitment_form.html"

    def get_object(self):
        return get_object_or_404(Commitment, pk=self.kwargs["commitment"], promise=self.promise)

    def heading_for(self, obj):
        return _("Edit commitment")

    def initial(self, obj):
        data = super().initial(obj)
        data.update(forms.CommitmentForm.initial_details(obj))
        return data

    def anchor(self, obj):
        return f"commitment-{obj.pk}"

    def back_url(self, obj):
        return perspective_url(self.promise, obj.perspective, self.anchor(obj))

    def save(self, obj, form):
        data = form.cleaned_data
        if not data.get("lock_version"):
            raise ValidationError(_("The request was not valid; reload the page."))
        return services.commitment_update(
            commitment=obj,
            lock_version=data["lock_version"],
            title=form.texts("title"),
            description=form.texts("description"),
            responsible=form.texts("responsible"),
            strategy_goals=data["strategy_goals"],
            by=self.request.user,
            **form.details(),
        )


class CommitmentDeleteView(PromiseMixin, View):
    permission = {"POST": roles.EDIT_CONTENT}

    def post(self, request, *args, **kwargs):
        commitment = get_object_or_404(Commitment, pk=kwargs["commitment"], promise=self.promise)
        deleted = locked_delete_from_post(
            request,
            lambda lock_version: services.commitment_delete(
                commitment=commitment, lock_version=lock_version, by=request.user
            ),
            conflict=_(
                "Someone else changed the commitment in the meantime, so it was not "
                "deleted. Check it and delete it again if needed."
            ),
        )
        if not deleted:
            return HttpResponseRedirect(
                perspective_url(self.promise, commitment.perspective, f"commitment-{commitment.pk}")
            )
        messages.success(request, _("The commitment was deleted."))
        return HttpResponseRedirect(
            perspective_url(
                self.promise,
                commitment.perspective or selectors.CROSS_CUTTING,
                f"commitments-{commitment.perspective or selectors.CROSS_CUTTING}",
            )
        )


# -- finalisation questions -------------------------------------------------------------


class FinalisationView(PromiseMixin, TemplateView):
    template_name = "promises/finalisation.html"
    permission = {"GET": roles.VIEW_PROJECT, "POST": roles.EDIT_CONTENT}

    def make_form(self, data=None):
        answers = {a.question: a for a in FinalisationAnswer.objects.filter(promise=self.promise)}
        return forms.FinalisationForm(data, answers=answers, language=get_language() or "fi")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        readiness = next(
            (
                r
                for r in selectors.project_readiness(self.project)
                if r.promise.pk == self.promise.pk
            ),
            None,
        )
        ctx["readiness"] = readiness
        ctx.setdefault("form", self.make_form())
        return ctx

    def post(self, request, *args, **kwargs):
        form = self.make_form(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        services.finalisation_answer(promise=self.promise, answers=form.answers(), by=request.user)
        messages.success(request, _("The answers were saved."))
        return HttpResponseRedirect(self.url("promises:finalisation"))


# -- versions ---------------------------------------------------------------------------


class VersionListView(PromiseMixin, TemplateView):
    template_name = "promises/versions.html"
    permission = {"GET": roles.VIEW_PROJECT, "POST": roles.EDIT_CONTENT}

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        versions = list(selectors.versions_of(self.promise))
        ctx["versions"] = versions
        ctx.setdefault("form", forms.VersionForm(languages=self.region.content_languages))
        if len(versions) >= 2:
            ctx["compare_form"] = forms.CompareForm(
                initial={"a": versions[1].pk, "b": versions[0].pk, "lang": get_language()},
                versions=versions,
                languages=[(k, str(v)) for k, v in selectors.LANGUAGE_NAMES.items()],
            )
        return ctx

    def post(self, request, *args, **kwargs):
        form = forms.VersionForm(request.POST, languages=self.region.content_languages)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        version = services.version_freeze(
            promise=self.promise,
            by=request.user,
            kind=form.cleaned_data["kind"],
            label=form.texts("label"),
        )
        messages.success(
            request,
            _("Version %(number)d was saved. It can no longer be changed.")
            % {"number": version.number},
        )
        return HttpResponseRedirect(self.url("promises:versions"))


class VersionDetailView(PromiseMixin, TemplateView):
    template_name = "promises/version_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        version = get_object_or_404(
            PromiseVersion.objects.select_related("created_by"),
            pk=self.kwargs["version"],
            promise=self.promise,
        )
        language = get_language() or "fi"
        ctx.update(
            version=version,
            title=localized(version.snapshot.get("title"), language),
            vision=localized(version.snapshot.get("vision"), language),
            view=promise_view(version.snapshot, language),
            wheel=render_wheel(version.snapshot, language, id_prefix=f"wheel-v{version.pk}"),
        )
        return ctx


class CompareView(PromiseMixin, TemplateView):
    template_name = "promises/compare.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        versions = list(selectors.versions_of(self.promise))
        if len(versions) < 2:
            ctx["too_few"] = True
            return ctx
        form = forms.CompareForm(
            self.request.GET or None,
            initial={"a": versions[1].pk, "b": versions[0].pk, "lang": get_language()},
            versions=versions,
            languages=[(k, str(v)) for k, v in selectors.LANGUAGE_NAMES.items()],
        )
        by_pk = {v.pk: v for v in versions}
        if form.is_bound and form.is_valid():
            a, b = by_pk[form.cleaned_data["a"]], by_pk[form.cleaned_data["b"]]
            language = form.cleaned_data["lang"] or get_language() or "fi"
        else:
            a, b, language = versions[1], versions[0], get_language() or "fi"
        ctx.update(
            form=form,
            a=a,
            b=b,
            compare_language=language,
            compare_language_name=selectors.LANGUAGE_NAMES.get(language, language),
            sections=compare_snapshots(a.snapshot, b.snapshot, language),
        )
        ctx["change_count"] = sum(s.changes for s in ctx["sections"])
        return ctx


# -- the wheel --------------------------------------------------------------------------


class WheelView(PromiseMixin, TemplateView):
    template_name = "promises/wheel.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        view = self.request.GET.get("view", "whole")
        if view not in VIEWS:
            view = "whole"
        version = None
        version_id = self.request.GET.get("version")
        if version_id:
            if posted_id(version_id) is None:
                raise Http404
            version = get_object_or_404(
                PromiseVersion, pk=posted_id(version_id), promise=self.promise
            )
            snapshot = version.snapshot
        else:
            snapshot = build_snapshot(self.promise)
        language = get_language() or "fi"
        ctx.update(
            view=view,
            version=version,
            views=[
                ("whole", _("The whole wheel")),
                ("resident", _("Resident's detail")),
                ("organiser", _("Organiser's detail")),
            ],
            wheel={
                "svg": render_wheel(snapshot, language, view=view),
                "alt": text_alternative(snapshot, language, view=view),
            },
        )
        return ctx


# -- history ----------------------------------------------------------------------------


class PromiseHistoryView(PromiseMixin, TemplateView):
    template_name = "promises/history.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["entries"] = selectors.promise_history(self.promise)
        return ctx
