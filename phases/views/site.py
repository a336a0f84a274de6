"""The site's own pages: the health check and the accessibility statement."""

from __future__ import annotations

from django.db import connection
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.views import View
from django.views.generic import TemplateView

from .. import selectors
from ..models import (
    Region,
)
from .mixins import (
    PublicScopeMixin,
)


class HealthView(View):
    """For load balancers and docker-compose health checks: the database answers."""

    def get(self, request):
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return HttpResponse("ok", content_type="text/plain")


class StatementView(PublicScopeMixin, TemplateView):
    """The accessibility statement or the privacy notice: the instance's, or a region's
    (public, with the region's organiser and contact e-mail)."""

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        region = get_object_or_404(Region, slug=kwargs["region"]) if "region" in kwargs else None
        ctx["statement_region"] = region
        ctx.update(selectors.statement_organiser(region))
        return ctx
