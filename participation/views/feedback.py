"""Residents' feedback on the services (phase 6, staff)."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _

from phases import roles
from phases.guards.posted import posted_id

from .. import forms, selectors, services
from ..models import (
    Feedback,
)
from .base import (
    StaffView,
)

# -- feedback (staff) -----------------------------------------------------------------


class FeedbackListView(StaffView):
    sub = "feedback"
    template_name = "participation/feedback.html"
    permission = {"GET": roles.VIEW_PROJECT, "POST": roles.EDIT_CONTENT}

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        show = self.request.GET.get("show", "open")
        if show not in {"open", "handled", "all"}:
            show = "open"
        ctx.update(groups=selectors.feedback_grouped(self.project, show=show), show=show)
        return ctx

    def post(self, request, *args, **kwargs):
        feedback = get_object_or_404(
            Feedback, pk=posted_id(request.POST.get("feedback")) or 0, project=self.project
        )
        form = forms.FeedbackHandleForm(request.POST)
        form.is_valid()
        services.feedback_mark_handled(
            feedback=feedback,
            by=request.user,
            note=form.cleaned_data.get("note", ""),
            handled=request.POST.get("handled", "1") != "0",
        )
        messages.success(request, _("The feedback was updated."))
        return redirect(request.get_full_path())
