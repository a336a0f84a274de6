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
