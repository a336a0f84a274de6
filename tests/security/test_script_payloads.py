"""Script payloads in every text that reaches a public page or the decision document's
print HTML come out escaped or sanitised: no executable tag, no event-handler attribute,
no `javascript:` address.

The demo region gets a newer approved decision (in force) whose frozen snapshot has a
payload in every translated text, and payloads in its package descriptions, the decision's
fields, the region's and the project's names, the published comments and their responses
(name, text, reason, commitment), the rounds' introductions, the themes' terms and the key
indicators' texts. Then every public URL is walked (the list of the canary walk, derived
from the URL resolver) in fi, sv and en, the forms that show what was typed are sent back
with payloads, and the print HTML that WeasyPrint makes the PDF of is rendered (without
WeasyPrint).
"""

from __future__ import annotations

import copy
import html
from html.parser import HTMLParser

import pytest
from django.core.cache import cache, caches
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from indicators.models import Indicator
from participation.models import (
    Comment,
    CommentRound,
    Disposition,
    OpinionRound,
    OpinionStatement,
    RequestedBody,
    Theme,
)
from phases.models import CouncilDecision, PromiseProject, Region
from promises.decision import selectors as decision_selectors
from promises.decision.pdf import render_decision_html
from promises.models import DecisionDocument, PromiseVersion
from promises.models.decision import DecisionApproval
from tests.pdf_text import as_approved
from tests.security.test_public_canary import LANGUAGES, public_urls

PAYLOADS = [
    "XSSMARK1 <script>alert(1)</script>",
    'XSSMARK2 "><img src=x onerror=alert(2)>',
    "XSSMARK3 '><svg onload=alert(3)>",
    "XSSMARK4 </textarea><script>alert(4)</script>",
    "XSSMARK5 [link](javascript:alert(5))",
    'XSSMARK6 <a href="javascript:alert(6)">x</a>',
    "XSSMARK7 </title></style><script>alert(7)</script>",
    "XSSMARK8 <iframe src=javascript:alert(8)></iframe>",
    "XSSMARK9 <math><mtext><table><mglyph><style><img src=x onerror=alert(9)>",
]
PAYLOAD = "\n\n".join(PAYLOADS)
SHORT = [
    'XSSMARK10 "><img src=x onerror=alert(10)>',
    "XSSMARK11 <svg onload=alert(11)>",
    "XSS12<script>alert(12)",
    "<svg onload=alert(13)>",
]
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster"}


def fit(model, field: str) -> str:
    """The whole payload when the column takes it, else the longest short one that fits."""
    limit = model._meta.get_field(field).max_length
    if limit is None or limit >= len(PAYLOAD):
        return PAYLOAD
    return next(p for p in SHORT if len(p) <= limit)


def translated(model, field: str) -> dict:
    value = fit(model, field)
    return {field: value} | {f"{field}_{lang}": value for lang in LANGUAGES}


class Executable(HTMLParser):
    """What a browser would run: a script with a payload, an on* attribute, a script URL."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._script = False

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}={value!r}>")
            if name in URL_ATTRIBUTES and value:
                address = "".join(ch for ch in value if ch > " ").lower()
                if address.startswith(("javascript:", "vbscript:", "data:text/html")):
                    self.found.append(f"<{tag} {name}={value!r}>")
        if tag == "script":
            self._script = True
        if tag in {"iframe", "object", "embed", "base"}:
            self.found.append(f"<{tag}>")
        if tag == "img" and dict(attrs).get("src") == "x":
            self.found.append("<img src=x>")

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag):
        if tag == "script":
            self._script = False

    def handle_data(self, data):
        if self._script and "alert(" in data:
            self.found.append(f"<script>{data[:40]}")


def executable(page: str) -> list[str]:
    parser = Executable()
    parser.feed(page)
    parser.close()
    return parser.found


def _payload_snapshot(value):
    """Every translated text ({"fi": .., "sv": .., "en": ..}) of a snapshot → the payload."""
    if isinstance(value, dict):
        if (
            value
            and set(value) <= set(LANGUAGES)
            and all(isinstance(v, str) for v in value.values())
        ):
            return {lang: PAYLOAD for lang in value}
        return {key: _payload_snapshot(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_payload_snapshot(item) for item in value]
    return value


def _approve_with_payloads(project: PromiseProject) -> CouncilDecision:
    """A newer approving decision of `project`, in force, with a payload in every text."""
    current = decision_selectors.published_decisions(project.region).first()
    versions = []
    for version in _approved_versions(current):
        number = PromiseVersion.objects.filter(promise=version.promise).count() + 1
        versions.append(
            PromiseVersion.objects.create(
                promise=version.promise,
                number=number + 100,
                kind=PromiseVersion.Kind.APPROVED,
                snapshot=_payload_snapshot(copy.deepcopy(version.snapshot)),
            )
        )
    decision = CouncilDecision.objects.create(
        project=project,
        **translated(CouncilDecision, "body"),
        meeting_date=timezone.localdate(),
        section=fit(CouncilDecision, "section"),
        outcome=CouncilDecision.Outcome.APPROVED_WITH_CHANGES,
        **translated(CouncilDecision, "text"),
        case_number=fit(CouncilDecision, "case_number"),
        minutes_url="https://example.org/?q=%22%3E%3Cscript%3Ealert(1)%3C/script%3E",
    )
    package = _payload_snapshot(copy.deepcopy(current.approval.package))
    approval = DecisionApproval.objects.create(
        decision=decision, package=package, languages=["fi", "sv"]
    )
    approval.versions.set(versions)
    for language in ("fi", "sv"):
        document = DecisionDocument(
            decision=decision, language=language, sha256="0" * 64, size=8, pages=1
        )
        document.file.save(f"payload-{language}.pdf", ContentFile(b"%PDF-1.4"), save=False)
        document.save()
    return decision


def _approved_versions(decision: CouncilDecision) -> list[PromiseVersion]:
    return list(decision.approval.versions.select_related("promise").order_by("promise__order"))


def _comments(round: CommentRound) -> None:
    commitment = next(iter(round.version.snapshot.get("commitments", [])), None)
    Comment.objects.create(
        round=round,
        text=PAYLOAD,
        language="fi",
        name=fit(Comment, "name"),
        show_name=True,
        status=Comment.Status.PUBLISHED,
        disposition=Disposition.ACCEPTED,
        reason_fi=PAYLOAD,
        reason_sv=PAYLOAD,
        target=Comment.Target.COMMITMENT if commitment else Comment.Target.WHOLE,
        commitment_ref=commitment["id"] if commitment else None,
        commitment_title=fit(Comment, "commitment_title"),
        perspective=commitment["perspective"] if commitment else "",
    )
    CommentRound.objects.filter(pk=round.pk).update(**translated(CommentRound, "intro"))
    for theme in Theme.objects.filter(round=round):
        Theme.objects.filter(pk=theme.pk).update(
            terms={lang: [SHORT[0], SHORT[1]] for lang in LANGUAGES}
        )
    RequestedBody.objects.filter(request__round=round).update(name=fit(RequestedBody, "name"))


@pytest.fixture
def payloads(module_demo, db, settings):
    settings.SOTKANET_BASE_URL = "http://127.0.0.1:9/rest/1.1"  # no network
    region: Region = module_demo["region"]
    finished = module_demo["finished"]
    Region.objects.filter(pk=region.pk).update(
        **translated(Region, "name"), **translated(Region, "organiser_name")
    )
    PromiseProject.objects.filter(region=region).update(**translated(PromiseProject, "title"))
    for round in CommentRound.objects.filter(project__region=region):
        _comments(round)
    # The opinion round: its question and every statement (residents' ones are published
    # after moderation, staff's at once).
    OpinionRound.objects.filter(project__region=region).update(
        **translated(OpinionRound, "question")
    )
    for n, statement in enumerate(OpinionStatement.objects.filter(round__project__region=region)):
        payload = PAYLOADS[n % len(PAYLOADS)]
        OpinionStatement.objects.filter(pk=statement.pk).update(
            text_fi=payload, text_sv=payload, text_en=payload
        )
    for field in ("name", "description", "unit", "data_source", "responsible"):
        Indicator.objects.filter(project__region=region).update(**translated(Indicator, field))
    decision = _approve_with_payloads(finished)
    cache.clear()
    caches["pages"].clear()
    region.refresh_from_db()
    yield {"region": region, "decision": decision, "demo": module_demo}
    cache.clear()
    caches["pages"].clear()


def _html(response) -> str | None:
    if "text/html" not in response.get("Content-Type", ""):
        return None
    return response.content.decode()


def test_public_pages_show_payloads_only_escaped(payloads):
    region = payloads["region"]
    assert decision_selectors.published_promise(region).decision == payloads["decision"]
    client = Client(raise_request_exception=False)
    found, errors, marked = [], [], set()
    for key, url in public_urls(region):
        response = client.get(url)
        if response.status_code >= 500:
            errors.append(f"{url}: {response.status_code}")
            continue
        page = _html(response)
        if page is None:
            continue
        if "XSSMARK" in page:
            marked.add(key)
        if bad := executable(page):
            found.append(f"{url}: {bad[:5]}")
    assert not errors, errors
    assert not found, "Executable payloads on public pages:\n" + "\n".join(found)
    # The payloads reached the pages where they would have run.
    assert {
        "public:promise",
        "public:decision",
        "public:summary",
        "public:archive",
        "participation:public_round",
        "participation:public_opinion",
        "participation:public_opinion_results",
        "indicators:national",
    } <= marked, marked


def test_forms_that_show_what_was_typed_escape_it(payloads):
    """A refused post shows the typed text again: in a textarea, never as markup."""
    client = Client()
    round = CommentRound.objects.filter(project=payloads["demo"]["current"]).first()
    for language in LANGUAGES:
        with translation.override(language):
            comment_url = reverse("participation:public_round", kwargs={"round": round.pk})
            feedback_url = reverse(
                "participation:feedback", kwargs={"region": payloads["region"].slug}
            )
        refused = client.post(
            comment_url,
            {"text": PAYLOAD, "target": "perspective", "perspective": "", "name": SHORT[0]},
        )
        assert refused.status_code == 400
        page = refused.content.decode()
        assert html.escape(PAYLOADS[3], quote=False) in page  # "</textarea>" stays text
        assert not executable(page), executable(page)
        refused = client.post(feedback_url, {"text": PAYLOAD, "perspective": "<script>"})
        assert refused.status_code == 400
        page = refused.content.decode()
        assert "XSSMARK4" in page
        assert not executable(page), executable(page)


def test_the_decision_documents_print_html_escapes_payloads(payloads):
    decision = payloads["decision"]
    for language in LANGUAGES:
        page = render_decision_html(
            language=language, **as_approved(decision), preview=False, for_pdf=True
        )
        assert "XSSMARK" in page
        assert not executable(page), (language, executable(page)[:5])


def test_the_check_finds_what_would_run():
    """The detector itself, on unescaped payloads."""
    for payload in [*PAYLOADS[:4], PAYLOADS[5], PAYLOADS[7], SHORT[1]]:
        assert executable(f"<p>{payload}</p>"), payload
    assert not executable(f"<p>{html.escape(PAYLOAD)}</p>")
    assert not executable('<a href="https://example.org/">x</a><script src="/s.js"></script>')
    assert executable('<a href=" JaVa\tScRiPt:alert(1)">x</a>')
