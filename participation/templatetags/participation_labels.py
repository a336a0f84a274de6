"""`{% load participation_labels %}`: the labels of a comment round's and an opinion round's
state and of a perspective key, chosen here once instead of an if/elif chain in each
template that shows them."""

from __future__ import annotations

from django import template
from django.utils.translation import pgettext_lazy

from phases.perspectives import Perspective

register = template.Library()

ROUND_STATES = {
    "open": pgettext_lazy("comment round state", "Open"),
    "upcoming": pgettext_lazy("comment round state", "Not yet open"),
    "closed": pgettext_lazy("comment round state", "Closed"),
}
OPINION_STATES = {
    "open": pgettext_lazy("opinion round state", "Open"),
    "upcoming": pgettext_lazy("opinion round state", "Not yet open"),
    "closed": pgettext_lazy("opinion round state", "Closed"),
}
# The status mark's modifier of a round's state (`status--…`).
STATE_MARKS = {"open": "ok", "upcoming": "todo"}


@register.filter
def round_state(state: str) -> str:
    """ "open", "upcoming" or anything else (closed) -> its label."""
    return ROUND_STATES.get(state, ROUND_STATES["closed"])


@register.filter
def opinion_state(state: str) -> str:
    return OPINION_STATES.get(state, OPINION_STATES["closed"])


@register.filter
def state_mark(state: str) -> str:
    return STATE_MARKS.get(state, "not_applicable")


@register.filter
def perspective_label(key: str) -> str:
    """A perspective's key -> its label; an unknown key -> ""."""
    try:
        return Perspective(key).label
    except ValueError:
        return ""


# The status mark's modifier of a moderated comment's or opinion statement's status.
MODERATION_MARKS = {"published": "ok", "accepted": "ok", "hidden": "missing", "rejected": "missing"}


@register.filter
def moderation_mark(status: str) -> str:
    """A comment's (published, hidden) or an opinion statement's (accepted, rejected)
    status -> the modifier of its status mark; waiting ones are in progress."""
    return MODERATION_MARKS.get(status, "in_progress")
