"""The decision package as PDF (WeasyPrint), rendered from frozen data in one language.

`render_decision_pdf` takes snapshots (the approved versions' or, for a preview, the
proposed versions'), the package's descriptions and the decision, renders the print
template inside `translation.override(language)` and returns the bytes of a tagged
PDF/A-3a with the document language and title set, through the archived documents' one
PDF/A machinery (promises/pdf_archive.py: WeasyPrint fetches nothing but our own static
files; every other URL is refused).
"""

from __future__ import annotations

import functools
import re

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import strip_tags
from django.utils.safestring import SafeString, mark_safe

from phases.models import CouncilDecision, PromiseProject
from phases.perspectives import Side
from phases.registry import registry
from phases.translated import pick_field

from ..pdf_archive import (  # noqa: F401  (BASE_URL, StaticOnlyFetcher: the tests' names)
    BASE_URL,
    RenderedPdf,
    StaticOnlyFetcher,
    pdf_render,
    stylesheet_url,
)
from ..wheel import render_wheel
from .selectors import descriptions_view, promise_view

TEMPLATE = "promises/print/decision.html"


HEADING = re.compile(r"<h2[^>]*>(.*?)</h2>", re.S)


def first_heading(html: str) -> str:
    """The text of a section's first <h2>, for the table of contents."""
    match = HEADING.search(html)
    return strip_tags(match.group(1)).strip() if match else ""


def document_title(project: PromiseProject, language: str):
    return pick_field(project, "title", language, project.region.content_languages)


def region_name(project: PromiseProject, language: str):
    region = project.region
    return pick_field(region, "name", language, region.content_languages)


def attach_measures(promises: list[dict]) -> None:
    """Under each commitment, what measures it (e.g. the indicators with their targets),
    from the trace sources that ask to appear in documents. One query per source."""
    commitments = [c for p in promises for c in p["all_commitments"]]
    ids = [c["id"] for c in commitments]
    for c in commitments:
        c["measures"] = []
    for source in registry.trace_sources:
        if not source.in_documents or not ids:
            continue
        links = source.links("commitment", ids)
        for c in commitments:
            texts = [text for text, _url in links.get(c["id"], [])]
            if texts:
                c["measures"].append({"label": source.label, "items": texts})


def build_context(
    *,
    project: PromiseProject,
    language: str,
    snapshots: list[dict],
    texts: dict,
    decision: CouncilDecision | None,
    preview: bool,
    for_pdf: bool = True,
) -> dict:
    """Everything the print template shows. Call inside translation.override(language)."""
    promises = []
    for n, snapshot in enumerate(snapshots, start=1):
        view = promise_view(snapshot, language, project.region.content_languages)
        # One wheel for each side, each naming only its side's commitments (the whole
        # wheel's sectors would count both sides' together).
        view["wheels"] = [
            {
                "side": side,
                "label": label,
                "svg": render_wheel(
                    snapshot,
                    language,
                    view=side,
                    id_prefix=f"wheel{n}-{side}",
                    for_print=True,
                    html_labels=True,
                ),
            }
            for side, label in Side.choices
        ]
        promises.append(view)
    attach_measures(promises)
    sections = []
    for section in registry.sections_for("pdf"):
        # The decision document is published (the public page links it): public content only.
        context = section.context(project, language=language, public=True) or {}
        # A section may have a compact print variant (WeasyPrint is slow on long tables).
        template = section.pdf_template or section.template
        html = render_to_string(template, context)
        if html.strip():
            title = context.get("title") or first_heading(html)
            sections.append({"key": section.key, "title": title, "html": html})
    return {
        "language": language,
        "project": project,
        "region_name": region_name(project, language),
        "terms": project.region.terms,
        "title": document_title(project, language),
        "promises": promises,
        "sections": sections,
        "descriptions": descriptions_view(texts, language, project.region.content_languages),
        "decision": decision,
        "preview": preview,
        "generated_at": timezone.now(),
        **public_link(project, language),
        "stylesheet_url": stylesheet_url(for_pdf=for_pdf),
    }


def public_link(project: PromiseProject, language: str) -> dict:
    """The public page's address and its QR code (inline SVG, drawn by segno)."""
    with translation.override(language):
        url = settings.SITE_URL + reverse("public:promise", kwargs={"region": project.region.slug})
    return {"public_url": url, "public_qr": qr_code(url)}


@functools.lru_cache(maxsize=64)
def qr_code(url: str) -> SafeString:
    """The address as a QR code (segno's inline SVG), drawn once per address and process."""
    qr = segno.make(url, error="m").svg_inline(scale=3, dark="#000", border=2, omitsize=False)
    return mark_safe(qr)  # noqa: S308  (segno's own SVG)


def render_decision_html(**kwargs) -> str:
    """The print template as HTML (for the in-browser preview and for WeasyPrint)."""
    language = kwargs["language"]
    with translation.override(language):
        return render_to_string(TEMPLATE, build_context(**kwargs))


def render_decision_pdf(
    *,
    project: PromiseProject,
    language: str,
    snapshots: list[dict],
    texts: dict,
    decision: CouncilDecision | None,
    preview: bool = False,
) -> RenderedPdf:
    html = render_decision_html(
        project=project,
        language=language,
        snapshots=snapshots,
        texts=texts,
        decision=decision,
        preview=preview,
        for_pdf=True,
    )
    return pdf_render(html)


def supported_languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]
