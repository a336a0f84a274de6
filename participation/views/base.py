"""What the participation pages share: the part's navigation, the one-form page, the
public promise page's address and a requested body's file."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.views.generic import TemplateView

from phases.permissions import allows, holds, needed
from phases.views.mixins import ProjectMixin

from ..models import CommentRound, RequestedBody

ANALYSIS_PAGE_SIZE = 50
PUBLIC_PAGE_SIZE = 20


def _error_messages(exc: ValidationError) -> list[str]:
    return [str(m) for m in exc.messages]


def public_promise_url(region_slug: str) -> str:
    """The public promise page (owned by the promises app); its plain path if not named."""
    for name in ("public:promise", "public:region", "public:home"):
        try:
            return reverse(name, kwargs={"region": region_slug})
        except NoReverseMatch:
            continue
    return f"/{translation.get_language() or 'fi'}/p/{region_slug}/"


class StaffContext:
    """The participation part's navigation, for its pages and its form pages."""

    nav = "participation"
    sub = "overview"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["nav"] = self.nav
        ctx["sub"] = self.sub
        ctx["can_manage_rounds"] = allows("participation:round_new", self.project_perms)
        return ctx

    def url(self, name: str, **kwargs) -> str:
        return self.project_url(f"participation:{name}", **kwargs)


class StaffView(StaffContext, ProjectMixin, TemplateView):
    """A project page of the participation part (read by every member; a view that
    writes declares its `permission`)."""


class FormPage(StaffContext):
    """A participation page with one form (phases.generic: ScopedCreateView and
    ScopedUpdateView). The form is shown only to those who may submit it."""

    template_name = "participation/form_page.html"
    back_name = "overview"

    def back_url(self) -> str:
        return self.url(self.back_name)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        # the page's own POST declaration decides (the settings: those who manage the
        # project, not only those who edit its content)
        need = needed(self.permission, "POST")
        ctx["can_edit"] = need is not None and holds(self.project_perms, need)
        return ctx


class RoundMixin:
    def get_round(self) -> CommentRound:
        return get_object_or_404(
            CommentRound.objects.select_related("version__promise"),
            pk=self.kwargs["round"],
            project=self.project,
        )


def body_file_response(body: RequestedBody):
    if not body.file:
        raise Http404
    response = FileResponse(
        body.file.open("rb"), as_attachment=True, filename=body.file_name or "statement.pdf"
    )
    response["Content-Type"] = "application/pdf"
    return response
