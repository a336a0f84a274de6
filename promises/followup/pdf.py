"""The yearly follow-up report as a tagged PDF/A in one language, drawn by WeasyPrint
from the frozen report with the archived documents' one PDF/A machinery
(promises/pdf_archive.py: the print stylesheet, the fetcher of our own static files only, the
same PDF/A variant)."""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from ..pdf_archive import RenderedPdf, pdf_render, stylesheet_url
from .selectors import report_view

TEMPLATE = "promises/print/follow_up.html"


def public_url(region_slug: str, year: int, language: str) -> str:
    with translation.override(language):
        return settings.SITE_URL + reverse(
            "public:follow_up", kwargs={"region": region_slug, "year": year}
        )


def render_follow_up_html(snapshot: dict, language: str, *, region_name, for_pdf=True) -> str:
    with translation.override(language):
        ctx = report_view(snapshot, language, for_pdf=True)
        ctx.update(
            region_name=region_name,
            public_url=public_url(snapshot["region"], snapshot["year"], language),
            stylesheet_url=stylesheet_url(for_pdf=for_pdf),
        )
        return render_to_string(TEMPLATE, ctx)


def render_follow_up_pdf(snapshot: dict, language: str, *, region_name) -> RenderedPdf:
    return pdf_render(render_follow_up_html(snapshot, language, region_name=region_name))
