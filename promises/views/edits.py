"""The editor's small forms: the promise, a cell, statements and commitments (each locked
against a concurrent edit)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from phases import roles
from phases.perspectives import Perspective

from .. import forms, selectors, services
from ..models import (
    Commitment,
    PerspectiveCell,
    PromiseStatement,
    StrategyGoal,
)
from .base import (
    LockedEditView,
    PromiseMixin,
    locked_delete_from_post,
    perspective_url,
)


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
