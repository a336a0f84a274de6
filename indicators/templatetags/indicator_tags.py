"""`{% load indicator_tags %}`: numbers in the active language's format."""

from django import template

from ..charts import fmt

register = template.Library()


@register.filter
def num(value):
    """12.5 → "12,5" in Finnish and Swedish, "12.5" in English; None → "–"."""
    if value is None or value == "":
        return "–"
    return fmt(value)


@register.filter
def with_unit(value, unit):
    """100 and "%" → "100 %": the number in the active language's format with its unit (a
    target or a value is never shown as a bare number); None → "–"."""
    text = num(value)
    return f"{text} {unit}" if unit and text != "–" else text
