"""Generic staff form pages: create an object, edit (and delete) one, or a form that is
not one object's (ScopedFormView: a perspective's synthesis, a statement sent by post).

A page names its model, form and service and nothing else:

    class StakeholderPage(ParticipationForm):       # the app's settings (nav, template)
        model = Stakeholder
        form_class = forms.StakeholderForm
        pk_url_kwarg = "stakeholder"
        def save(self, form): return services.stakeholder_save(...)   # the rule stays there
        def delete_object(self, obj): services.stakeholder_delete(stakeholder=obj)

    class StakeholderCreateView(StakeholderPage, ScopedCreateView): ...
    class StakeholderUpdateView(StakeholderPage, ScopedUpdateView): ...

- The object is found through the model's scoped default manager inside the project's
  scope (phases.scoping, entered by ProjectMixin): another project's id is 404 without a
  hand-written `project=` filter.
- A ModelForm gets `instance=`; a plain form gets the object's values as `initial`
  (its own columns by name, translated columns per language, many-to-many as lists).
- `form_valid` calls `save(form)`, the app's service; a ValidationError it raises is
  shown on the form. A form that fails answers 400 and keeps what was typed.
- An update page with `delete_allowed` has a delete button: its POST (`delete=1`) shows
  a confirmation (what will be deleted, that it cannot be undone), whose button posts
  `delete=1&confirm=1` and deletes. Never on GET; the HTTP method DELETE is not declared,
  so it is 405 (phases.permissions).
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms.models import model_to_dict
from django.http import HttpResponseRedirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import CreateView, FormView, UpdateView

from . import roles
from .locking import ConflictMixin, EditConflict, with_base
from .views.mixins import ProjectMixin


class ScopedFormMixin(ProjectMixin):
    """What the create and the update page share."""

    permission = {"GET": roles.EDIT_CONTENT, "POST": roles.EDIT_CONTENT}
    success_message = gettext_lazy("Saved.")
    # (title when creating, title when editing); `title` for a page with one title
    titles: tuple = ()
    title = ""
    submit_label = None
    delete_allowed = False

    # -- what a page fills in --------------------------------------------------------

    def save(self, form):
        """Call the app's service; return the saved object."""
        raise NotImplementedError

    def delete_object(self, obj) -> None:
        raise NotImplementedError

    def form_extra_kwargs(self) -> dict:
        """Keyword arguments of the form beyond data and initial (querysets, languages)."""
        return {}

    def initial_from(self, obj) -> dict:
        """The form's initial values for an existing object."""
        return model_to_dict(obj)

    def add_service_errors(self, form, exc: ValidationError) -> None:
        """Show what the service refused: on the form as a whole (a page may map them)."""
        for message in exc.messages:
            form.add_error(None, str(message))

    def prepare(self) -> None:
        """Look up what the URL names beyond the project before any form (404 early)."""

    # -- the mechanism ---------------------------------------------------------------

    def get(self, request, *args, **kwargs):
        self.prepare()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.prepare()
        return super().post(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = {"initial": self.get_initial(), **self.form_extra_kwargs()}
        if self.request.method in ("POST", "PUT"):
            kwargs.update(data=self.request.POST, files=self.request.FILES)
        if issubclass(self.get_form_class(), forms.ModelForm):
            kwargs["instance"] = self.object
        elif self.object is not None:
            kwargs["initial"] = {**self.initial_from(self.object), **kwargs["initial"]}
        return kwargs

    def form_valid(self, form):
        try:
            saved = self.save(form)
        except ValidationError as exc:
            self.add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message)
        return HttpResponseRedirect(self.get_success_url(saved))

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def get_success_url(self, obj=None) -> str:
        return self.back_url()

    def back_url(self) -> str:
        raise NotImplementedError

    def page_title(self) -> str:
        if self.titles:
            return str(self.titles[self.object is not None])
        return str(self.title)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.setdefault("title", self.page_title())
        ctx["back_url"] = self.back_url()
        ctx["submit_label"] = self.submit_label or _("Save")
        ctx["delete_allowed"] = self.delete_allowed and self.object is not None
        return ctx


class ScopedCreateView(ScopedFormMixin, CreateView):
    pass


class ScopedUpdateView(ScopedFormMixin, UpdateView):
    def post(self, request, *args, **kwargs):
        self.prepare()
        self.object = self.get_object()
        if self.delete_allowed and "delete" in request.POST:
            if "confirm" not in request.POST:  # the delete button asks first
                return self.render_to_response(self.get_context_data(confirm_delete=True))
            self.delete_object(self.object)
            messages.success(request, _("Deleted."))
            return HttpResponseRedirect(self.back_url())
        form = self.get_form()
        return self.form_valid(form) if form.is_valid() else self.form_invalid(form)


class ScopedFormView(ScopedFormMixin, FormView):
    """A form page whose form is not one object's: the page gives `get_initial()` (and
    `form_extra_kwargs()`), `save(form)` calls the service, as on the other two."""

    object = None


class LockedFormMixin(ConflictMixin):
    """A form page of a locked row (phases.locking): when somebody saved the row after the
    user opened it, the two saves are merged field by field (ConflictMixin) instead of
    refusing the whole form. The page gives `locked_object()` (the row, or None before
    its first save) and `locked_values(obj)` (the form's values of a row, lock_version
    included); the form carries a signed copy of what it showed, for rows without
    history (phases.locking.with_base)."""

    def locked_object(self):
        return self.object

    def locked_values(self, obj) -> dict:
        raise NotImplementedError

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        obj = self.locked_object()
        return with_base(form, self.locked_values(obj) if obj is not None else {})

    def form_valid(self, form):
        try:
            saved = self.save(form)
        except EditConflict as exc:
            return self.resolve_conflict(self.locked_object(), form, exc.current)
        except ValidationError as exc:
            self.add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message)
        return HttpResponseRedirect(self.get_success_url(saved))

    # -- ConflictMixin's hooks, on this page's methods ---------------------------------

    def conflict_form(self, data):
        kwargs = self.get_form_kwargs()
        kwargs["data"] = data
        return self.get_form_class()(**kwargs)

    def conflict_initial(self, obj) -> dict:
        return self.locked_values(obj)

    def conflict_save(self, obj, form):
        return self.save(form)

    def conflict_back_url(self, obj) -> str:
        return self.get_success_url(obj)

    def heading_for(self, obj) -> str:
        return self.page_title()

    def cancel(self, obj) -> str:
        return self.request.path  # "take theirs": the page again, as now saved
