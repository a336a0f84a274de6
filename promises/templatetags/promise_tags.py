"""Template helpers of the promise editor: `{% load promise_tags %}`."""

from django import template

from ..richtext import render_markdown

register = template.Library()


@register.filter
def markdown(text):
    """User-written Markdown as sanitised HTML (the one sanitising function)."""
    return render_markdown(text)


@register.filter
def lang(values, code):
    """The text of a {lang: text} dict in one language."""
    try:
        return values.get(code) or ""
    except AttributeError:
        return ""
