"""Sanitising: user-written Markdown never brings script or event handlers into a page."""

from html.parser import HTMLParser

import pytest

from phases.roles import Role
from promises import services
from promises.models import PromiseStatement
from promises.richtext import render_markdown, render_plain

from .factories import filled_promise, strategy_goal
from .test_editor_views import EDIT_PAGES, READ_PAGES, page_urls

SCRIPT = "<script>alert('x')</script>"
ONERROR = "<img src=x onerror=alert(1)>"
PAYLOAD = f"Teksti {SCRIPT} ja {ONERROR} [linkki](javascript:alert(2))"


class DangerFinder(HTMLParser):
    """Real elements and attributes as a browser parses them (text does not count)."""

    def __init__(self):
        super().__init__()
        self.found: list[str] = []
        self.in_script = False

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name.lower().startswith("on"):
                self.found.append(f"<{tag} {name}=...>")
            if name.lower() in {"href", "src", "action", "formaction"} and (
                value or ""
            ).strip().lower().startswith("javascript:"):
                self.found.append(f"<{tag} {name}=javascript:...>")
        if tag in {"iframe", "object", "embed"}:
            self.found.append(f"<{tag}>")
        if tag == "script":
            self.in_script = True
            if not dict(attrs).get("src"):
                self.found.append("<script> inline")
        if tag == "img" and "x" == dict(attrs).get("src"):
            self.found.append("<img src=x>")

    def handle_endtag(self, tag):
        if tag == "script":
            self.in_script = False

    def handle_data(self, data):
        if self.in_script and data.strip():
            self.found.append("script content")


class TagCollector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.seen = []

    def handle_starttag(self, tag, attrs):
        self.seen.append((tag, attrs))


def assert_safe(html: str, where: str = ""):
    finder = DangerFinder()
    finder.feed(html)
    assert not finder.found, (where, finder.found)


def test_render_markdown_keeps_formatting_and_drops_script():
    html = render_markdown(f"**Tärkeä** ja *kursiivi*\n\n- yksi\n- kaksi\n\n{PAYLOAD}")
    assert "<strong>Tärkeä</strong>" in html and "<em>kursiivi</em>" in html
    assert "<li>yksi</li>" in html
    assert_safe(html)


@pytest.mark.parametrize(
    "payload",
    [
        SCRIPT,
        ONERROR,
        '<a href="javascript:alert(1)">x</a>',
        "[x](javascript:alert(1))",
        '<svg onload="alert(1)">',
        '<p style="background:url(javascript:alert(1))" onclick="alert(1)">x</p>',
        "<iframe src=//evil.example></iframe>",
    ],
)
def test_render_markdown_payloads(payload):
    html = render_markdown(payload)
    assert_safe(html)
    tags = TagCollector()
    tags.feed(html)
    assert not {"iframe", "svg", "script", "img"} & {t for t, _a in tags.seen}
    assert not [a for _t, attrs in tags.seen for a, _v in attrs if a == "style"]


def test_links_are_kept_safe():
    html = render_markdown("[THL](https://thl.fi)")
    assert 'href="https://thl.fi"' in html and "noopener" in html


def test_headings_do_not_outrank_the_page():
    html = render_markdown("# Otsikko\n\n## Alaotsikko")
    assert "<h1>" not in html and "<h2>" not in html and "<h3>Otsikko</h3>" in html


def test_plain_text_strips_markup():
    assert render_plain("**Tärkeä** _x_ & y") == "Tärkeä x & y"


@pytest.mark.parametrize("length", ["short", "long"])
def test_a_text_renders_the_same_every_time_short_or_long(length):
    """Short texts are remembered once rendered (promises.richtext.CACHED_LENGTH), long
    ones rendered each time: either way the same safe HTML and plain text, every time,
    and a lazily translated text in the language active at the call."""
    from django.utils import translation
    from django.utils.translation import gettext_lazy

    from promises import richtext

    text = f"**Tärkeä** {PAYLOAD}"
    if length == "long":
        text += " sana" * richtext.CACHED_LENGTH
    assert (len(text) > richtext.CACHED_LENGTH) == (length == "long")
    first, again = render_markdown(text), render_markdown(text)
    assert first == again and "<strong>Tärkeä</strong>" in first
    assert_safe(again)
    assert render_plain(text) == render_plain(text)
    assert render_plain(text).startswith("Tärkeä Teksti")
    lazy = gettext_lazy("Vision")
    with translation.override("fi"):
        finnish = render_plain(lazy)
    with translation.override("sv"):
        swedish = render_plain(lazy)
    assert (finnish, swedish) == ("Visio", "Vision")


@pytest.mark.django_db
def test_payload_in_every_rich_text_field_never_reaches_any_page(client, project, users):
    goal = strategy_goal(
        project.region,
        code="XSS",
        title={"fi": PAYLOAD, "sv": PAYLOAD, "en": PAYLOAD},
    )
    goal.description_fi = goal.description_sv = PAYLOAD
    goal.save()
    promise = filled_promise(
        project,
        statements_per_cell=1,
        title={"fi": PAYLOAD, "sv": PAYLOAD, "en": PAYLOAD},
        vision={"fi": PAYLOAD, "sv": PAYLOAD, "en": PAYLOAD},
        goal=goal,
    )
    for c in promise.cells.all():
        for lang in ("fi", "sv", "en"):
            setattr(c, f"goal_{lang}", PAYLOAD)
        c.save()
    PromiseStatement.objects.filter(cell__promise=promise).update(
        text_fi=PAYLOAD, text_sv=PAYLOAD, text_en=PAYLOAD
    )
    for c in promise.commitments.all():
        for lang in ("fi", "sv", "en"):
            setattr(c, f"title_{lang}", PAYLOAD)
            setattr(c, f"description_{lang}", PAYLOAD)
        c.responsible_fi = PAYLOAD
        c.save()
    services.version_freeze(promise=promise, by=None, kind="for_comments", label={"fi": PAYLOAD})
    services.version_freeze(promise=promise, by=None, kind="revised", label={"fi": PAYLOAD})

    for role in (Role.PREPARER, Role.VIEWER):
        client.force_login(users[role])
        for lang in ("fi", "sv", "en"):
            urls = page_urls(promise, lang)
            pages = READ_PAGES + (EDIT_PAGES if role == Role.PREPARER else [])
            for name in pages:
                response = client.get(urls[name])
                assert response.status_code == 200, name
                html = response.content.decode()
                assert_safe(html, f"{role} {lang} {name}")
            for view in ("whole", "resident", "organiser"):
                version = promise.versions.first()
                html = client.get(urls["wheel"], {"view": view, "version": version.pk}).content
                assert_safe(html.decode(), f"wheel {view}")
    # The text is still there, shown as text.
    html = client.get(page_urls(promise)["version_detail"]).content.decode()
    assert "&lt;script&gt;" in html or "alert(&#x27;x&#x27;)" in html or "Teksti" in html
