"""What the editor's pages share: the languages side by side, a promise's pages and
addresses, and the locked edit form with its delete."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from phases import roles
from phases.locking import ConflictMixin, EditConflict
from phases.perspectives import Perspective
from phases.views.mixins import ProjectMixin

from .. import forms, selectors, services
from ..models import (
    Promise,
)
from ..snapshot import LANGS


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
