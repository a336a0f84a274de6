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
     "strategy_goals": [{"id": int, "kind": str, "code": str, "title": {lang: str},
                         "level": int (added 2026-12)}],
     # added 2026-12 (absent in older snapshots: read with the defaults in brackets)
     "perspectives": [str] ([perspective]; [] = cross-cutting, then "perspective" is ""),
     "side": "organiser" | "resident" | "both" ("organiser"),
     "kind": "own" | "statutory" ("own"),
     "legal_reference": {lang: str} ({}),
     "indicator_pending": null | {"document": {lang: str}, "by": "YYYY-MM-DD",
                                  "reason": {lang: str}} (null)},
    ...
  ],
  # added 2026-12 (absent in older snapshots):
  "slogan": {lang: str}, "outcomes": {lang: str},         # outcomes: Markdown
  "strategy": [{"id": int, "parent": int | null, "level": 1-4, "kind": str, "code": str,
                "title": {lang: str},
                "description": {lang: str} (added 2026-12-06; {} before)}, ...]
                                                           # tree order; the region's whole
                                                           # tree (nodes in use or linked),
                                                           # means included: what was decided
}
"""

from __future__ import annotations

from django.conf import settings
from django.db.models import Prefetch, Q
from django.utils.html import format_html

from phases.perspectives import Perspective, Side
from phases.translated import LocalText, language_note, pick

from .models import Commitment, PerspectiveCell, Promise, PromiseStatement, StrategyGoal
from .richtext import render_markdown
from .strategy import build_tree, flatten

SCHEMA = 1
LANGS = [code for code, _name in settings.LANGUAGES]


def texts(obj, field: str) -> dict[str, str]:
    return {lang: getattr(obj, f"{field}_{lang}", None) or "" for lang in LANGS}


def cell_order_key(perspective: str, side: str) -> tuple[int, int]:
    return (list(Perspective.values).index(perspective), list(Side.values).index(side))


def perspective_order(perspective: str) -> int:
    """Perspectives in the national order; a cross-cutting commitment ("") after them."""
    values = list(Perspective.values)
    return values.index(perspective) if perspective in values else len(values)


def strategy_nodes(region_id: int, linked: set[int]) -> list[dict]:
    """The region's strategy tree in tree order: the goals in use and those linked."""
    goals = list(
        StrategyGoal.objects.filter(Q(active=True) | Q(pk__in=linked), region_id=region_id)
    )
    return [
        {
            "id": g.pk,
            "parent": g.parent_id,
            "level": g.level,
            "kind": g.kind,
            "code": g.code,
            "title": texts(g, "title"),
            "description": texts(g, "description"),
        }
        for _depth, g in flatten(build_tree(goals))
    ]


def commitment_entry(m: Commitment) -> dict:
    pending = None
    if m.indicator_pending:
        pending = {
            "document": texts(m, "indicator_pending_document"),
            # the date is optional: "set in the operating plan" may have none yet
            "by": m.indicator_pending_by.isoformat() if m.indicator_pending_by else None,
            "reason": texts(m, "indicator_pending_reason"),
        }
    return {
        "id": m.pk,
        "perspective": m.perspective,
        "perspectives": m.perspectives,
        "side": m.side,
        "kind": m.kind,
        "title": texts(m, "title"),
        "description": texts(m, "description"),
        "responsible": texts(m, "responsible"),
        "legal_reference": texts(m, "legal_reference"),
        "indicator_pending": pending,
        "strategy_goals": [
            {
                "id": g.pk,
                "kind": g.kind,
                "code": g.code,
                "level": g.level,
                "title": texts(g, "title"),
            }
            for g in m.strategy_goals.all()
        ],
    }


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
    commitments = sorted(
        promise.commitments.all(), key=lambda m: (perspective_order(m.perspective), m.order, m.pk)
    )
    linked = {g.pk for m in commitments for g in m.strategy_goals.all()}
    return {
        "schema": SCHEMA,
        "promise_id": promise.pk,
        "project_id": promise.project_id,
        "region": promise.project.region.slug,
        "title": texts(promise, "title"),
        "vision": texts(promise, "vision"),
        "slogan": texts(promise, "slogan"),
        "outcomes": texts(promise, "outcomes"),
        "strategy": strategy_nodes(promise.project.region_id, linked),
        "cells": [
            {
                "perspective": c.perspective,
                "side": c.side,
                "goal": texts(c, "goal"),
                "statements": [{"id": s.pk, "text": texts(s, "text")} for s in c.statements.all()],
            }
            for c in cells
        ],
        "commitments": [commitment_entry(m) for m in commitments],
    }


def localized(value: dict | str | None, language: str, fallbacks=("fi", "sv")) -> LocalText:
    """The text in `language`, else the first non-empty fallback (marked as such)."""
    return pick(value, language, fallbacks)


def localized_html(value: dict | str | None, language: str, fallbacks=("fi", "sv")):
    """Rich text (Markdown) in `language`, rendered and sanitised; a fallback in another
    language is wrapped with its `lang` and a short note in `language` naming it."""
    text = pick(value, language, fallbacks)
    html = render_markdown(text)
    if not text.fallback or not str(text):
        return html
    return format_html(
        '<div lang="{lang}" class="lang-fallback">{html}</div><p class="lang-note">({note})</p>',
        lang=text.lang,
        html=html,
        note=language_note(text.lang, language),
    )
