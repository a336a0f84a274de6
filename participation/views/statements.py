"""Statement requests (phase 3, staff): asking bodies for a statement and recording one
received by other means."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.utils import translation
from django.utils.translation import gettext_lazy as _lazy
from django.views import View

from phases import roles
from phases.generic import ScopedCreateView, ScopedFormView
from phases.views.mixins import ProjectMixin

from .. import forms, services
from ..models import (
    RequestedBody,
    StatementRequest,
)
from .base import (
    FormPage,
    RoundMixin,
    body_file_response,
)

# -- statement requests (staff) -------------------------------------------------------


class StatementRequestCreateView(RoundMixin, FormPage, ScopedCreateView):
    model = StatementRequest
    form_class = forms.StatementRequestForm
    title = _lazy("New statement request")
    permission = {"GET": roles.ADVANCE_PHASE, "POST": roles.ADVANCE_PHASE}

    def prepare(self):
        self.round = self.get_round()  # another project's round: 404 before any form

    def save(self, form):
        data = form.cleaned_data
        request = services.statement_request_create(
            round=self.round,
            title=data["title"],
            message=data["message"],
            deadline=data["deadline"],
            questions=data["questions"],
            bodies=data["bodies"],
            by=self.request.user,
        )
        services.statement_request_send(request=request)
        return request

    def back_url(self):
        return self.url("round", round=self.kwargs["round"])


class StatementPostView(RoundMixin, FormPage, ScopedFormView):
    """Staff record a statement that came by post (or e-mail), with an optional PDF."""

    template_name = "participation/statement_post.html"
    form_class = forms.StatementForm
    success_message = _lazy("The statement was recorded.")

    def prepare(self):
        self.body = get_object_or_404(
            RequestedBody.objects.select_related("request"),
            pk=self.kwargs["body"],
            request__round_id=self.kwargs["round"],
            request__round__project=self.project,
        )

    def form_extra_kwargs(self):
        answers = {a.question_id: a.text for a in self.body.answers.all()}
        return {"questions": list(self.body.request.questions.all()), "answers": answers}

    def save(self, form):
        return services.statement_submit(
            body=self.body,
            answers=form.answers(),
            upload=form.cleaned_data.get("attachment"),
            by_post=True,
            by=self.request.user,
            language=translation.get_language() or "fi",
        )

    def back_url(self):
        return self.url("round", round=self.body.request.round_id)

    def get_context_data(self, **kwargs):
        return super().get_context_data(body=self.body, **kwargs)


class StatementFileView(ProjectMixin, View):
    """A body's PDF, for staff of the project only."""

    def get(self, request, *args, **kwargs):
        body = get_object_or_404(
            RequestedBody,
            pk=kwargs["body"],
            request__round_id=kwargs["round"],
            request__round__project=self.project,
        )
        return body_file_response(body)
