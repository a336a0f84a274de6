"""The participation part's planning pages (phases 1–2): overview, stakeholders, the plan,
activities and inputs, the synthesis per perspective, the matrix and the settings."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from phases import roles
from phases.generic import LockedFormMixin, ScopedCreateView, ScopedFormView, ScopedUpdateView
from phases.perspectives import Perspective
from promises.models import Commitment, PromiseStatement

from .. import forms, selectors, services
from ..models import (
    Activity,
    Input,
    ParticipationSettings,
    PlanItem,
    Stakeholder,
    Synthesis,
)
from .base import (
    FormPage,
    StaffView,
)

# -- overview, stakeholders, plan -----------------------------------------------------


class OverviewView(StaffView):
    template_name = "participation/overview.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(
            stakeholders=list(
                Stakeholder.objects.filter(project=self.project).prefetch_related("plan")
            ),
            activities=list(
                Activity.objects.filter(project=self.project).prefetch_related("stakeholders")
            ),
            plan=list(PlanItem.objects.filter(project=self.project).select_related("stakeholder")),
            rows=selectors.synthesis_overview(self.project, with_inputs=False),
            input_count=Input.objects.filter(project=self.project).count(),
            rounds=list(selectors.rounds_for_project(self.project)),
        )
        return ctx


class StakeholderPage(FormPage):
    model = Stakeholder
    form_class = forms.StakeholderForm
    pk_url_kwarg = "stakeholder"
    titles = (_lazy("Add a stakeholder"), _lazy("Edit stakeholder"))
    delete_allowed = True

    def form_extra_kwargs(self):
        return {"region": self.region}

    def save(self, form):
        return services.stakeholder_save(
            project=self.project,
            names=form.names(),
            description=form.cleaned_data["description"],
            stakeholder=self.object,
        )

    def delete_object(self, obj):
        services.stakeholder_delete(stakeholder=obj)


class StakeholderCreateView(StakeholderPage, ScopedCreateView):
    pass


class StakeholderUpdateView(StakeholderPage, ScopedUpdateView):
    pass


class PlanItemPage(FormPage):
    model = PlanItem
    form_class = forms.PlanItemForm
    pk_url_kwarg = "item"
    titles = (_lazy("Add to the participation plan"), _lazy("Edit plan item"))
    delete_allowed = True

    def form_extra_kwargs(self):
        return {"stakeholders": Stakeholder.objects.all()}  # the project's (scoped)

    def save(self, form):
        return services.plan_item_save(project=self.project, item=self.object, **form.cleaned_data)

    def delete_object(self, obj):
        services.plan_item_delete(item=obj)


class PlanItemCreateView(PlanItemPage, ScopedCreateView):
    pass


class PlanItemUpdateView(PlanItemPage, ScopedUpdateView):
    pass


# -- activities and inputs ------------------------------------------------------------


class ActivityPage(FormPage):
    model = Activity
    form_class = forms.ActivityForm
    pk_url_kwarg = "activity"
    titles = (_lazy("Record a participation activity"), _lazy("Edit activity"))
    delete_allowed = True

    def form_extra_kwargs(self):
        return {"stakeholders": Stakeholder.objects.all()}

    def initial_from(self, obj):
        return {**super().initial_from(obj), **forms.ActivityForm.initial_when(obj)}

    def save(self, form):
        return services.activity_save(
            project=self.project, activity=self.object, **form.cleaned_data
        )

    def delete_object(self, obj):
        services.activity_delete(activity=obj)


class ActivityCreateView(ActivityPage, ScopedCreateView):
    pass


class ActivityUpdateView(ActivityPage, ScopedUpdateView):
    pass


class InputListView(StaffView):
    sub = "inputs"
    template_name = "participation/inputs.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        perspective = self.request.GET.get("perspective", "")
        inputs = list(selectors.inputs_for_project(self.project))
        if perspective in Perspective.values:
            inputs = [i for i in inputs if perspective in i.perspectives]
        ctx.update(inputs=inputs, perspective=perspective, perspectives=Perspective.choices)
        return ctx


class InputPage(FormPage):
    model = Input
    form_class = forms.InputForm
    pk_url_kwarg = "input"
    titles = (_lazy("Record an input"), _lazy("Edit input"))
    sub = "inputs"
    back_name = "inputs"
    delete_allowed = True

    def form_extra_kwargs(self):
        return {  # the project's own (scoped managers)
            "stakeholders": Stakeholder.objects.all(),
            "activities": Activity.objects.all(),
            "statements": PromiseStatement.objects.all(),
            "commitments": Commitment.objects.all(),
        }

    def save(self, form):
        return services.input_save(
            project=self.project, item=self.object, by=self.request.user, **form.cleaned_data
        )

    def delete_object(self, obj):
        services.input_delete(item=obj)


class InputCreateView(InputPage, ScopedCreateView):
    pass


class InputUpdateView(InputPage, ScopedUpdateView):
    pass


class InputDetailView(StaffView):
    sub = "inputs"
    template_name = "participation/input_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["input"] = get_object_or_404(
            selectors.inputs_for_project(self.project), pk=self.kwargs["input"]
        )
        return ctx


# -- synthesis and matrix -------------------------------------------------------------


class SynthesisView(StaffView):
    sub = "synthesis"
    template_name = "participation/synthesis.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["rows"] = selectors.synthesis_overview(self.project)
        ctx["common"] = selectors.common_synthesis_row(self.project, with_inputs=False)
        ctx["languages"] = self.region.content_languages
        return ctx


class SynthesisEditView(LockedFormMixin, FormPage, ScopedFormView):
    """One perspective's synthesis, or the common one that covers every perspective, in
    the region's languages (optimistic locking; concurrent saves merged per language)."""

    sub = "synthesis"
    template_name = "participation/synthesis_edit.html"
    conflict_template = "participation/conflict.html"
    form_class = forms.SynthesisForm
    success_message = _lazy("The synthesis was saved.")

    def prepare(self):
        perspective = self.kwargs["perspective"]
        if perspective == Synthesis.COMMON:
            self.row = selectors.common_synthesis_row(self.project)
            return
        if perspective not in Perspective.values:
            raise Http404
        self.row = next(
            r for r in selectors.synthesis_overview(self.project) if r.key == perspective
        )

    def form_extra_kwargs(self):
        return {"languages": self.region.content_languages}

    def get_initial(self):
        s = self.row.synthesis
        return self.locked_values(s) if s else {"lock_version": 1}

    def locked_object(self):
        return self.row.synthesis

    def locked_values(self, obj):
        return {"lock_version": obj.lock_version, **forms.SynthesisForm.initial_for_texts(obj)}

    def heading_for(self, obj):
        return _("Synthesis: %(name)s") % {"name": self.row.label}

    def save(self, form):
        return services.synthesis_save(
            project=self.project,
            perspective=self.row.key,
            texts=form.texts("text"),
            lock_version=form.cleaned_data["lock_version"],
            by=self.request.user,
        )

    def back_url(self):
        return self.url("synthesis")

    def get_context_data(self, **kwargs):
        return super().get_context_data(row=self.row, **kwargs)


class MatrixView(StaffView):
    sub = "matrix"
    template_name = "participation/matrix.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["matrix"] = selectors.matrix(self.project)
        return ctx


class SettingsView(FormPage, ScopedUpdateView):
    model = ParticipationSettings
    form_class = forms.SettingsForm
    title = _lazy("Participation settings")
    sub = "settings"
    permission = {"GET": roles.MANAGE_PROJECT, "POST": roles.MANAGE_PROJECT}

    def get_object(self, queryset=None):
        return services.settings_for(self.project)

    def save(self, form):
        return services.settings_save(project=self.project, **form.cleaned_data)
