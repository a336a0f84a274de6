"""The one way user-written Markdown becomes HTML: markdown-it-py (CommonMark, raw HTML
off), then nh3 with a small allow-list. No script, no event handler, no javascript: URL
survives. Every app (promises, participation, indicators, the PDF, the public page)
renders rich text through `render_markdown`.
"""

from __future__ import annotations

import functools
import html

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

_md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "ul",
    "ol",
    "li",
    "a",
    "blockquote",
    "code",
    "pre",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}


def sanitize_html(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )


def _demote_headings(html: str) -> str:
    # Headings in user text must not outrank the page's own (h1/h2): shift them to h3+.
    for level in (2, 1):
        html = html.replace(f"<h{level}>", f"<h{level + 2}>").replace(
            f"</h{level}>", f"</h{level + 2}>"
        )
    return html


# Texts up to this length are remembered once rendered (per process, the most recent
# CACHED_TEXTS of them): a decision document renders the same titles and goals in every
# wheel, table and list (a tenth of its HTML's time went to Markdown), and pages repeat
# them too. The result depends on the text alone.
CACHED_LENGTH = 2000
CACHED_TEXTS = 4096


def render_markdown(text: str | None) -> SafeString:
    """Markdown to sanitised HTML, safe to insert into any page, the PDF or the public page."""
    if not text:
        return mark_safe("")
    text = str(text)
    return _markdown_cached(text) if len(text) <= CACHED_LENGTH else _markdown(text)


def _markdown(text: str) -> SafeString:
    html = _md.render(text)
    html = _demote_headings(html)
    return mark_safe(sanitize_html(html))  # noqa: S308 - sanitised by nh3 just above


_markdown_cached = functools.lru_cache(maxsize=CACHED_TEXTS)(_markdown)


def render_plain(text: str | None) -> str:
    """The text of the Markdown without any markup (for the wheel, titles, diffs)."""
    if not text:
        return ""
    text = str(text)
    return _plain_cached(text) if len(text) <= CACHED_LENGTH else _plain(text)


def _plain(text: str) -> str:
    stripped = nh3.clean(_md.render(text), tags=set())
    return " ".join(html.unescape(stripped).split())


_plain_cached = functools.lru_cache(maxsize=CACHED_TEXTS)(_plain)
