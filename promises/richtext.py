"""The one way user-written Markdown becomes HTML: markdown-it-py (CommonMark, raw HTML
off), then nh3 with a small allow-list. No script, no event handler, no javascript: URL
survives. Every app (promises, participation, indicators, the PDF, the public page)
renders rich text through `render_markdown`.
"""

from __future__ import annotations

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


def render_markdown(text: str | None) -> SafeString:
    """Markdown to sanitised HTML, safe to insert into any page, the PDF or the public page."""
    if not text:
        return mark_safe("")
    html = _md.render(str(text))
    html = _demote_headings(html)
    return mark_safe(sanitize_html(html))  # noqa: S308 - sanitised by nh3 just above


def render_plain(text: str | None) -> str:
    """The text of the Markdown without any markup (for the wheel, titles, diffs)."""
    if not text:
        return ""
    stripped = nh3.clean(_md.render(str(text)), tags=set())
    return " ".join(html.unescape(stripped).split())
