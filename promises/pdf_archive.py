"""The one PDF/A machinery of the archived documents (the council decision's PDF and the
yearly follow-up report's PDF): render print HTML as a tagged PDF/A and store it.

`pdf_render(html)` draws the HTML with WeasyPrint as a tagged PDF/A-3a (the document
language and title come from the HTML); WeasyPrint fetches nothing but our own static files
(`StaticOnlyFetcher`), every other URL is refused. `pdf_store(document, name, rendered)`
stores one rendered PDF with its SHA-256, size and pages: the file and its row together or
neither (never a file without its row nor a row without its file); a row stored first by a
concurrent render of the same document is kept.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import hashlib
import mimetypes
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from django.contrib.staticfiles import finders
from django.core.files.base import ContentFile
from django.db import IntegrityError, models, transaction
from django.templatetags.static import static
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from phases.files import removed_if_failed

PDF_VARIANT = "pdf/a-3a"
# WeasyPrint resolves relative URLs against this base; it names no real host.
BASE_URL = "https://servicelofte.invalid/"
STATIC_BASE = f"{BASE_URL}static/"
PRINT_CSS = "css/print.css"


class StaticOnlyFetcher(URLFetcher):
    """Serves our own static files (through the staticfiles finders) and nothing else."""

    def fetch(self, url, headers=None):
        path = self.static_path(url)
        found = finders.find(path) if path else None
        if not found:
            raise ValueError(f"The archived document may not load {url!r}.")
        with open(found, "rb") as handle:
            body = handle.read()
        mime_type = mimetypes.guess_type(found)[0] or "application/octet-stream"
        return URLFetcherResponse(url, body=body, headers={"Content-Type": mime_type})

    @staticmethod
    def static_path(url: str) -> str | None:
        if not url.startswith(STATIC_BASE):
            return None
        parts = urlsplit(url)
        relative = unquote(parts.path)[len(urlsplit(STATIC_BASE).path) :]
        if not relative or relative.startswith("/") or ".." in relative.split("/"):
            return None
        return relative


def stylesheet_url(*, for_pdf: bool) -> str:
    """The print stylesheet's address: under the fetcher's base for WeasyPrint, the static
    URL for the in-browser preview."""
    return f"{STATIC_BASE}{PRINT_CSS}" if for_pdf else static(PRINT_CSS)


@dataclass(frozen=True)
class RenderedPdf:
    data: bytes
    pages: int


@functools.lru_cache(maxsize=16)
def pdf_render(html: str) -> RenderedPdf:
    """WeasyPrint's tagged PDF/A of the print HTML. The same HTML always gives the same
    document, so it is rendered once per process (a preview downloaded twice, the demo
    seeded again): rendering is the slowest step of recording a decision."""
    options = {"pdf_variant": PDF_VARIANT}
    with collector_paused():
        document = HTML(string=html, base_url=BASE_URL, url_fetcher=StaticOnlyFetcher()).render(
            **options
        )
        data = document.write_pdf(**options)
    return RenderedPdf(data=data, pages=len(document.pages))


@contextlib.contextmanager
def collector_paused():
    """Python's cyclic garbage collector off for one render, on again after (if it was on).

    A render allocates hundreds of thousands of boxes, styles and PDF objects; each
    allocation threshold reached started a collection that walked the process's whole
    heap (Django, the data read): about a tenth of a render's CPU. One full collection
    right after the render frees its cycles (the peak is some tens of MB higher, about
    40 MB for an 18-page decision document); left to the next allocation, it fell into
    the next request (a decision recorded in the same process took 150–210 ms instead of
    35–60 ms in bench/decision_pdf.py). Concurrent renders in threads: the one that
    turned it off turns it on again. So a caller that stores what it rendered can pause it
    around render and store both (promises.decision.tasks): the collection then comes after
    the document is out, not before it.

    The collection is of the youngest generation only: with the collector off nothing is
    promoted, so every object the render made is still there, and a young collection frees
    the render's cycles without walking the rest of the heap (a full one walked all of it:
    a long-lived worker's, or a test process's, several times the render's own)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
            gc.collect(0)  # the render's cycles freed now, not in the next request


def pdf_store(document: models.Model, name: str, rendered: RenderedPdf, *, unique: dict) -> bool:
    """Store `rendered` as `document`'s file (a FileField `file`) with its SHA-256, size and
    pages, and save the row: both or neither. `unique` names the document among its kind
    (e.g. {"report": report, "language": "fi"}): when a concurrent render stored it first
    (the unique constraint refused ours), theirs is kept and False is returned."""
    document.sha256 = hashlib.sha256(rendered.data).hexdigest()
    document.size = len(rendered.data)
    document.pages = rendered.pages
    try:
        with removed_if_failed() as keep, transaction.atomic():
            document.file.save(name, ContentFile(rendered.data), save=False)
            keep(document.file.storage, document.file.name)
            document.save()
    except IntegrityError:
        if not type(document).objects.filter(**unique).exists():
            raise
        return False
    return True
