"""The decision document: its text (read back with pypdf), its metadata, the stored file."""

import hashlib
import re
from html import unescape

import pytest
from django.utils import translation
from django.utils.translation import gettext

from phases.perspectives import Perspective, Side
from promises.decision.pdf import StaticOnlyFetcher
from promises.wheel import render_wheel
from tests.pdf_text import normalised, page_texts, pdf_reader, pdf_text, stored_pdf

from . import approved_world as world
from .test_decision_support import COMMITMENT, VISION

pytestmark = pytest.mark.django_db

# The approved project, built once for this module (tests/promises/approved_world.py).
# The tests of a PDF rendered without a stored approval: test_decision_pdf_render.py.
approved_world, region, users, project, media_root, approved = world.FIXTURES

PERSPECTIVE_HEADINGS = {
    "fi": ["Saatavuus", "Saavutettavuus", "Laatu", "Vaikuttavuus", "Sote-integraatio"],
    "sv": [
        "Tillgång",
        "Tillgänglighet",
        "Kvalitet",
        "Verkningsfullhet",
        "Social- och hälsovårdsintegration",
    ],
}
OUTCOME = {"fi": "Hyväksytty", "sv": "Godkänt"}


def ui(text: str, language: str) -> str:
    """A UI string as the catalogue translates it (the catalogue is filled separately)."""
    with translation.override(language):
        return gettext(text)


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_stored_pdf_contains_the_promise_in_the_chosen_language(approved, language):
    project, decision = approved
    text = pdf_text(stored_pdf(decision.documents.get(language=language)))
    assert normalised(VISION[language]) in text
    for heading in PERSPECTIVE_HEADINGS[language]:
        assert heading in text, heading
    assert f"{COMMITMENT[language]} 0.0" in text
    assert f"{COMMITMENT[language]} 0.1" in text
    assert ui("Decision", language) in text
    assert OUTCOME[language] in text
    body = {"fi": "aluevaltuusto", "sv": "välfärdsområdesfullmäktige"}[language]
    assert body in text and "§ 45" in text
    # The decision text was written in Finnish only: the Swedish document shows it marked,
    # the note in the reader's language (issue 26).
    assert "Aluevaltuusto hyväksyi palvelulupauksen" in text
    if language == "sv":
        assert "(på finska)" in text and "aluevaltuusto," not in text
        assert "(suomeksi)" not in text
    # the other language's perspective names do not leak in
    other = "sv" if language == "fi" else "fi"
    assert PERSPECTIVE_HEADINGS[other][3] not in text


def test_stored_pdf_checksum_size_and_pages_match_its_bytes(approved):
    _project, decision = approved
    documents = list(decision.documents.all())
    assert {d.language for d in documents} == {"fi", "sv"}
    for document in documents:
        data = stored_pdf(document)
        assert data.startswith(b"%PDF-")
        assert hashlib.sha256(data).hexdigest() == document.sha256
        assert len(data) == document.size
        assert len(pdf_reader(data).pages) == document.pages


def test_pdf_is_tagged_pdfa_with_language_and_title(approved):
    project, decision = approved
    reader = pdf_reader(stored_pdf(decision.documents.get(language="sv")))
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "sv"
    assert "/StructTreeRoot" in root
    assert root["/MarkInfo"]["/Marked"]
    assert project.title_sv in reader.metadata.title
    xmp = reader.xmp_metadata
    assert xmp is not None and xmp.get_element("", "http://www.aiim.org/pdfa/ns/id/", "part")


def test_pdf_has_contents_page_numbers_and_running_header(approved):
    project, decision = approved
    pages = page_texts(stored_pdf(decision.documents.get(language="fi")))
    assert ui("Contents", "fi") in pages[1]
    # the contents page gives the page each part starts on
    assert any(line.rstrip().endswith(str(n)) for line in pages[1].splitlines() for n in (3, 4))
    assert pages[2].strip().endswith(f"3 / {len(pages)}") or f"3 / {len(pages)}" in pages[2]
    assert project.region.name_fi in pages[2]


def test_fetcher_serves_only_our_static_files():
    fetcher = StaticOnlyFetcher()
    response = fetcher.fetch("https://servicelofte.invalid/static/css/print.css")
    assert b"@page" in response.read()
    for url in [
        "https://example.com/x.css",
        "file:///etc/passwd",
        "https://servicelofte.invalid/static/../../etc/passwd",
        "https://servicelofte.invalid/media/decisions/x.pdf",
        "data:text/css,body{}",
    ]:
        with pytest.raises(ValueError):
            fetcher.fetch(url)


def test_every_perspective_has_a_heading_in_the_enum():
    assert len(PERSPECTIVE_HEADINGS["fi"]) == len(Perspective)


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_pdf_carries_the_public_address_and_its_qr_code(approved, language):
    import segno
    from django.conf import settings

    project, decision = approved
    data = stored_pdf(decision.documents.get(language=language))
    url = f"{settings.SITE_URL}/{language}/p/{project.region.slug}/"
    text = pdf_text(data)
    assert url in text.replace(" ", "")
    assert ui("The service promise in force is public at", language) in text
    # the QR code: the title page draws one line segment per run of dark modules
    qr = segno.make(url, error="m")
    runs = sum(
        1 for row in qr.matrix for n, dark in enumerate(row) if dark and (n == 0 or not row[n - 1])
    )
    content = pdf_reader(data).pages[0].get_contents().get_data()
    assert content.count(b" l\n") >= runs


WHEEL_LINE = re.compile(r'<p class="wheel__line"[^>]*>(.*?)</p>', re.S)


def wheel_lines(snapshot: dict, language: str, side: str) -> list[str]:
    """The straight lines a side's wheel draws (sector names, goals, counts, the vision)."""
    html = str(render_wheel(snapshot, language, view=side, for_print=True, html_labels=True))
    svg = re.search(r"<svg.*?</svg>", html, re.S).group(0)
    # the drawing keeps only its shapes and the arcs' letters: no straight <text> left
    assert 'text-anchor="middle"' not in svg
    return [unescape(line) for block in WHEEL_LINE.findall(html) for line in block.split("<br>")]


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_every_word_of_each_wheel_is_text_on_its_page(approved, language):
    """Each wheel's names, goals, counts and vision are drawn as text over the picture
    (promises/wheel.py, html_labels): every line of them, whole, is text of a page that
    holds that wheel (its caption), none lost or cut."""
    _project, decision = approved
    pages = page_texts(stored_pdf(decision.documents.get(language=language)))
    snapshots = [
        v.snapshot
        for v in decision.approval.versions.approved().order_by("promise__order", "promise__pk")
    ]
    assert snapshots
    with translation.override(language):
        captions = {side: squeezed(f"{label}:") for side, label in Side.choices}
    for snapshot in snapshots:
        for side in Side.values:
            lines = wheel_lines(snapshot, language, side)
            drawn = squeezed(" ".join(lines))
            # the five sectors' names (the longest one broken over lines) are among them
            assert all(squeezed(name)[:8] in drawn for name in PERSPECTIVE_HEADINGS[language])
            holding = [squeezed(page) for page in pages if captions[side] in squeezed(page)]
            missing = [
                line for line in lines if not any(squeezed(line) in page for page in holding)
            ]
            assert holding and not missing, (side, missing)


def squeezed(text: str) -> str:
    """The text without its whitespace (a PDF's extracted text spaces letters its own way)."""
    return "".join(text.split())
