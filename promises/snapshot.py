"""The frozen form of a promise: one JSON document holding every language.

A PromiseVersion stores `build_snapshot(promise)`; the version diff, the comment round,
the decision PDF, the public page and the open-data JSON all read this format, never the
live draft. Format (schema 1):

{
  "schema": 1,
  "promise_id": int, "project_id": int, "region": "<slug>",
  "title":  {"fi": str, "sv": str, "en": str},
  "vision": {"fi": str, "sv": str, "en": str},            # Markdown (sanitised on render)
  "cells": [                                                # 10 cells, canonical order:
    {"perspective": "access", "side": "resident",           # Perspective order, resident first
     "goal": {lang: str},                                   # Markdown
     "statements": [{"id": int, "text": {lang: str}}, ...]},
    ...
  ],
  "commitments": [
    {"id": int, "perspective": str, "title": {lang: str}, "description": {lang: str},
     "responsible": {lang: str} (a plain str in snapshots made before 2026-12),
     "strategy_goals": [{"id": int, "kind": str, "code": str, "title": {lang: str}}]},
    ...
  ]
}
"""

from __future__ import annotations

from django.conf import settings
from django.db.models import Prefetch
from django.utils.html import format_html

from phases.perspectives import Perspective, Side
from phases.translated import LANGUAGE_NOTES, LocalText, pick

from .models import Commitment, PerspectiveCell, Promise, PromiseStatement
from .richtext import render_markdown

SCHEMA = 1
LANGS = [code for code, _name in settings.LANGUAGES]


def texts(obj, field: str) -> dict[str, str]:
    return {lang: getattr(obj, f"{field}_{lang}", None) or "" for lang in LANGS}


def cell_order_key(perspective: str, side: str) -> tuple[int, int]:
    return (list(Perspective.values).index(perspective), list(Side.values).index(side))


def build_snapshot(promise: Promise) -> dict:
    promise = (
        Promise.objects.select_related("project__region")
        .prefetch_related(
            Prefetch(
                "cells",
                queryset=PerspectiveCell.objects.prefetch_related(
                    Prefetch(
                        "statements", queryset=PromiseStatement.objects.order_by("order", "pk")
                    )
                ),
            ),
            Prefetch(
                "commitments",
                queryset=Commitment.objects.order_by("order", "pk").prefetch_related(
                    "strategy_goals"
                ),
            ),
        )
        .get(pk=promise.pk)
    )
    cells = sorted(promise.cells.all(), key=lambda c: cell_order_key(c.perspective, c.side))
    return {
        "schema": SCHEMA,
        "promise_id": promise.pk,
        "project_id": promise.project_id,
        "region": promise.project.region.slug,
        "title": texts(promise, "title"),
        "vision": texts(promise, "vision"),
        "cells": [
            {
                "perspective": c.perspective,
                "side": c.side,
                "goal": texts(c, "goal"),
                "statements": [{"id": s.pk, "text": texts(s, "text")} for s in c.statements.all()],
            }
            for c in cells
        ],
        "commitments": [
            {
                "id": m.pk,
                "perspective": m.perspective,
                "title": texts(m, "title"),
                "description": texts(m, "description"),
                "responsible": texts(m, "responsible"),
                "strategy_goals": [
                    {"id": g.pk, "kind": g.kind, "code": g.code, "title": texts(g, "title")}
                    for g in m.strategy_goals.all()
                ],
            }
            for m in sorted(
                promise.commitments.all(),
                key=lambda m: (list(Perspective.values).index(m.perspective), m.order, m.pk),
            )
        ],
    }


def localized(value: dict | str | None, language: str, fallbacks=("fi", "sv")) -> LocalText:
    """The text in `language`, else the first non-empty fallback (marked as such)."""
    return pick(value, language, fallbacks)


def localized_html(value: dict | str | None, language: str, fallbacks=("fi", "sv")):
    """Rich text (Markdown) in `language`, rendered and sanitised; a fallback in another
    language is wrapped with its `lang` and a short note in that language."""
    text = pick(value, language, fallbacks)
    html = render_markdown(text)
    if not text.fallback or not str(text):
        return html
    return format_html(
        '<div lang="{lang}" class="lang-fallback">{html}</div>'
        '<p lang="{lang}" class="lang-note">({note})</p>',
        lang=text.lang,
        html=html,
        note=LANGUAGE_NOTES.get(text.lang, text.lang),
    )
