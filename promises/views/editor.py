"""A project's promises and the editor: the first page, the perspective pages and the
finalisation questions."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.utils.functional import cached_property
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from phases import roles
from phases.locking import ConflictMixin, EditConflict, PageRow
from phases.perspectives import Perspective
from phases.registry import kept
from phases.url_patterns import object_url
from phases.views.mixins import ProjectMixin

from .. import forms, selectors, services
from ..models import (
    FinalisationAnswer,
    PerspectiveCell,
    PromiseVersion,
)
from .base import (
    PromiseMixin,
    language_context,
    perspective_links,
    perspective_url,
    promise_url,
)


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
