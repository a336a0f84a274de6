"""The region's words everywhere (issue 26, item 5).

A city's pages said "Regionen gav inga löften…", "områdets egna löften", "Fullmäktiges
beslut" and "Målen i regionstrategin". Every public page of a region (its promise page in
every view, the open data, the summary, the archive, the decisions, the comment round, the
statements, the feedback pages) and the text extracted from its decision PDF are rendered
for a wellbeing services county (the demo region), a city (the demo's Kuststaden) and a
joint authority (seeded here as the demo seeds a region), in Finnish, Swedish and English,
and none may hold a word of another kind of organiser. The forbidden words are built from
phases/region_terms.py itself (the council, its genitive, the strategy, the executive and
the organiser of every other kind, and the word stems the national model's texts are
rewritten with), plus the kind-less words the pages used before ("Fullmäktiges beslut",
"Valtuuston päätös", "regionstrategi", "områdets egna").
"""

from __future__ import annotations

import dataclasses
import io
import json
import re
import shutil
import subprocess
from html.parser import HTMLParser

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import translation
from pypdf import PdfWriter

from participation import services as participation_services
from participation.models import Comment, CommentRound, RequestedBody
from participation.opinion import demo as opinion_demo
from phases.demo import NATIONAL_REGIONS, seed_national_region
from phases.models import Region
from phases.region_terms import TERMS, WORDS, terms_for
from phases.scoping import scopes_disabled
from promises.decision import selectors as decision_selectors
from promises.decision.pdf import render_decision_pdf
from tests.pdf_text import as_approved, stored_pdf
from tests.security.test_public_canary import public_entries, public_urls

LANGUAGES = ("fi", "sv", "en")
KINDS = (Region.Kind.COUNTY, Region.Kind.CITY, Region.Kind.JOINT_AUTHORITY)
PDFTOTEXT = shutil.which("pdftotext")
# Kind-less words the pages used for the council, the strategy and the organiser.
KINDLESS = {
    "fi": [r"\bvaltuusto", r"\baluestrategi", r"\balueen oma", r"\balue ei\b"],
    "sv": [r"\bfullmäktige", r"\bregionstrategi", r"\bområdets egna", r"\bregionen gav"],
    "en": [r"(?<!regional )(?<!city )(?<!authority )\bcouncil's decision", r"\bregion made"],
}
# The URL kwargs that make a public page the region's own (the national view, the
# accessibility statement and sign-in pages are the instance's, not a region's).
REGION_KWARGS = {"region", "decision", "document", "round", "token", "opinion", "year"}
# Public URLs whose GET only redirects (to a page walked anyway): their own page is the
# answer to a POST, here one with nothing written (the form again with its message).
POSTED = {"participation:public_opinion_statement": {"text": ""}}
POSTED_STATUS = {"participation:public_opinion_statement": 400}


def own_words(kind: str, language: str) -> set[str]:
    with translation.override(language):
        words = {str(w).lower() for w in dataclasses.astuple(terms_for(kind))}
    if kind == Region.Kind.COUNTY:
        for other in WORDS.values():
            words |= {county.lower() for county, _own in other.get(language, [])}
    else:
        words |= {own.lower() for _county, own in WORDS[kind].get(language, [])}
    return words


def forbidden(kind: str, language: str) -> list[re.Pattern]:
    """Every word of another kind of organiser (not also a word of this kind), matched at
    the start of a word so that inflected forms are caught and compounds of this kind's
    own words are not ("stad" is a city's word, "stadsfullmäktige" too)."""
    mine = own_words(kind, language)
    theirs = set()
    for other in TERMS:
        if other != kind:
            theirs |= own_words(other, language)
    words = {w for w in theirs - mine if not any(w in m for m in mine)}
    patterns = [re.compile(r"(?<![\w-])" + re.escape(w), re.IGNORECASE) for w in words]
    patterns += [re.compile(p, re.IGNORECASE) for p in KINDLESS[language]]
    return patterns


def test_the_forbidden_words_come_from_region_terms():
    with translation.override("sv"):
        assert str(terms_for("city").council) == "stadsfullmäktige"
    city_sv = {p.pattern for p in forbidden(Region.Kind.CITY, "sv")}
    assert any("välfärdsområdesfullmäktige" in p for p in city_sv)
    assert any("samkommun" in p for p in city_sv)
    assert not any("stadsfullmäktige" in p for p in city_sv)
    county_fi = {p.pattern for p in forbidden(Region.Kind.COUNTY, "fi")}
    assert any("kaupunginvaltuust" in p for p in county_fi)
    assert not any("aluevaltuust" in p for p in county_fi)


class _Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        self.skip += tag in ("script", "style")
        self.parts.append(" ")
        for name, value in attrs:  # what a screen reader or a tooltip says counts too
            if name in ("aria-label", "title", "alt", "content") and value:
                self.parts.append(f" {value} ")

    def handle_endtag(self, tag):
        self.skip -= tag in ("script", "style")
        self.parts.append(" ")

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def text_of(body: str, content_type: str) -> str:
    if "html" in content_type:
        parser = _Text()
        parser.feed(body)
        body = "".join(parser.parts)
    return " ".join(body.split())


def offending(text: str, patterns: list[re.Pattern]) -> list[str]:
    found = []
    for pattern in patterns:
        for m in pattern.finditer(text):
            found.append(text[max(0, m.start() - 40) : m.end() + 40])
    return found


@pytest.fixture(scope="module")
def regions(module_demo, django_db_blocker):
    """The demo's county and city, and a joint authority seeded the way the demo seeds a
    region (its promise approved, its PDF stored); each with the rows every public URL of a
    region needs (an opinion round as the demo's county has one), so that no page is left
    out for want of data."""
    with django_db_blocker.unblock(), scopes_disabled():
        joint = seed_national_region(
            "yhtyma",
            {"fi": "Järvikylän kuntayhtymä", "sv": "Sjöbyns samkommun", "en": "Lakeside JA"},
            NATIONAL_REGIONS[0][2],
            kind=Region.Kind.JOINT_AUTHORITY,
        )
        city = Region.objects.get(slug="rannikko")
        found = {
            Region.Kind.COUNTY: module_demo["region"],
            Region.Kind.CITY: city,
            Region.Kind.JOINT_AUTHORITY: joint,
        }
        for region in found.values():
            project = region.projects.order_by("-term_start", "-pk").first()
            opinion_demo.prepare(project)  # nothing when the region has its round already
            _statement_with_a_file(region)
    return found


def _statement_with_a_file(region) -> None:
    """A body's statement with its PDF attached (recorded by post), for the file's URL."""
    body = RequestedBody.objects.filter(request__round__project__region=region).first()
    writer, data = PdfWriter(), io.BytesIO()
    writer.add_blank_page(width=200, height=200)
    writer.write(data)
    participation_services.statement_submit(
        body=body,
        answers={},
        upload=SimpleUploadedFile("lausunto.pdf", data.getvalue()),
        by_post=True,
    )


@pytest.mark.django_db
@pytest.mark.parametrize("kind", KINDS)
def test_every_public_page_of_a_region_uses_its_own_words(regions, kind):
    region = regions[kind]
    assert region.kind == kind
    cache.clear()
    client = Client(raise_request_exception=False)
    found, walked = [], set()
    own = {e.key for e in public_entries() if set(e.kwarg_names) & REGION_KWARGS}
    # every region-specific public URL, each filled with the region's rows (a region
    # without rows for one fails here rather than leaving its page unchecked)
    for key, url in public_urls(region):
        if key not in own:
            continue
        language = url.split("/")[1]
        if key in POSTED:  # a GET goes to another page: its own page is an answer to a POST
            response = client.post(url, POSTED[key])
        else:
            response = client.get(url)
        if response.status_code != POSTED_STATUS.get(key, 200):
            continue
        walked.add((key, language))
        content_type = response.get("Content-Type", "")
        if not ("html" in content_type or "json" in content_type or "text" in content_type):
            continue
        body = b"".join(response.streaming_content) if response.streaming else response.content
        if "json" in content_type:
            body = json.dumps(json.loads(body), ensure_ascii=False).encode()
        text = text_of(body.decode(), content_type)
        found += [f"{url}: {hit}" for hit in offending(text, forbidden(kind, language))]
    # each of them was shown (200) in every language, not only asked for
    unseen = sorted({(key, lang) for key in own for lang in LANGUAGES} - walked)
    assert not unseen, f"{kind}: not shown: {unseen}"
    assert not found, "\n".join(found)


@pytest.mark.django_db
@pytest.mark.parametrize("kind", KINDS)
def test_the_decision_pdf_uses_the_regions_own_words(regions, kind, tmp_path):
    assert PDFTOTEXT, "pdftotext is missing: run scripts/system-deps.sh test"
    region = regions[kind]
    decision = decision_selectors.published_decisions(region).first()
    approval = decision.approval
    # The PDFs stored at the approval (the region's languages), as a user downloads them;
    # the other languages rendered here, as the decision page's "render again" would.
    stored = {document.language: document for document in decision.documents.all()}
    assert set(stored) == set(approval.languages) == set(region.content_languages)
    found = []
    for language in LANGUAGES:
        if language in stored:
            data = stored_pdf(stored[language])
        else:
            data = render_decision_pdf(language=language, **as_approved(decision)).data
        path = tmp_path / f"{language}.pdf"
        path.write_bytes(data)
        text = subprocess.run(
            [PDFTOTEXT, "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True
        ).stdout.decode()
        text = " ".join(text.split())
        with translation.override(language):
            council = str(terms_for(kind).council_genitive)
        assert council.lower() in text.lower(), (language, council)
        found += [f"{language}: {hit}" for hit in offending(text, forbidden(kind, language))]
    assert not found, "\n".join(found)


@pytest.mark.django_db
@pytest.mark.parametrize("kind", KINDS)
def test_the_mails_to_residents_use_the_regions_own_words(
    regions, kind, django_capture_on_commit_callbacks
):
    # every commenter who left an address asks for the answer, none has had it yet
    comments = Comment.objects.filter(round__project__region=regions[kind]).exclude(email="")
    comments.update(answer_by_email=True, answer_sent_at=None)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        for round in CommentRound.objects.filter(project__region=regions[kind]):
            participation_services.send_answers(round=round)
    assert mail.outbox
    found = []
    patterns = [p for language in LANGUAGES for p in forbidden(kind, language)]
    for message in mail.outbox:
        found += offending(" ".join(f"{message.subject} {message.body}".split()), patterns)
    assert not found, found


@pytest.mark.django_db
def test_the_strategy_pages_name_the_citys_own_strategy(regions):
    """Staff pages too: the strategy list and its import form of a city say
    "stadsstrategi", never "regionstrategi" (issue 26)."""
    from django.contrib.auth import get_user_model

    city = regions[Region.Kind.CITY]
    client = Client()
    client.force_login(get_user_model().objects.get(username="rannikko-valmistelija"))
    html = client.get(f"/sv/r/{city.slug}/strategy/").content.decode()
    text = text_of(html, "text/html")
    importer = re.search(r'action="[^"]*/strategy/import/".*?</form>', html, re.S).group(0)
    assert '<option value="regional"' in importer and ">Stadsstrategi</option>" in importer
    assert "stadsstrategi" in text.lower()
    assert not offending(text, forbidden(Region.Kind.CITY, "sv"))
