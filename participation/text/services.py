"""Recompute and store a round's text analysis: themes, suggestions, near-duplicates.

`analyse_round` reads the round's responses (statements included; hidden comments left
out), the region's tagged inputs and comments, and the promise version's own text, and
replaces the stored result in one transaction (nothing is half-written).
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from ..counters import round_counts_refresh
from ..models import Comment, CommentInsight, CommentRound, Input, TextAnalysis, Theme
from .language import analyzer, guess_language

if TYPE_CHECKING:
    from .suggest import Example

# scikit-learn, SciPy and NumPy (about a second to import) are loaded when a round is
# analysed, not by every process that loads the app (each gunicorn worker, each command).

TRAINING_LIMIT = 20_000


def training_examples(round: CommentRound) -> list[Example]:
    """What the round's region has tagged: its inputs (each perspective) and its comments
    with a perspective (the commenter's choice or one staff accepted)."""
    from .suggest import Example

    region = round.project.region_id
    examples = []
    inputs = Input.objects.filter(project__region_id=region).values_list("text", "perspectives")
    for text, perspectives in inputs[:TRAINING_LIMIT]:
        language = guess_language(text)
        examples.extend(Example(text, language, p) for p in perspectives or [])
    comments = (
        Comment.objects.filter(round__project__region_id=region)
        .exclude(perspective="")
        .exclude(status=Comment.Status.HIDDEN)
        .values_list("text", "language", "perspective")
        .order_by("-created_at")
    )
    examples.extend(Example(t, lang, p) for t, lang, p in comments[:TRAINING_LIMIT])
    return examples


def analyse_round(*, round: CommentRound, by=None) -> TextAnalysis:
    from .suggest import Suggester, seed_examples
    from .themes import Doc, bridge_pairs, find_themes, representatives

    started = time.perf_counter()
    tool = analyzer()
    comments = list(
        Comment.objects.filter(round=round)
        .exclude(status=Comment.Status.HIDDEN)
        .only("pk", "text", "language", "perspective")
        .order_by("created_at", "pk")
    )
    docs = [Doc(c.pk, c.text, c.language) for c in comments]
    snapshot = round.version.snapshot if round.version_id else None
    bridge = bridge_pairs(snapshot)
    found = find_themes(docs, bridge=bridge, tool=tool)
    examples = training_examples(round) + seed_examples(snapshot)
    suggester = Suggester(tool, bridge).fit(examples)
    suggestions = suggester.suggest([(d.text, d.language) for d in docs])

    group_size: dict[int, int] = {}
    for leader in found.duplicate_of.values():
        group_size[leader] = group_size.get(leader, 0) + 1

    with transaction.atomic():
        CommentInsight.objects.filter(round=round).delete()
        Theme.objects.filter(round=round).delete()
        themes = Theme.objects.bulk_create(
            Theme(round=round, number=n + 1, size=len(t.members), terms=t.terms)
            for n, t in enumerate(found.themes)
        )
        rank: dict[int, int] = {}
        chosen: set[int] = set()
        for theme in found.themes:
            for position, i in enumerate(theme.members, start=1):
                rank[i] = position
            chosen.update(
                representatives(theme.members, docs, found.duplicate_of, found.centrality)
            )
        rows = []
        for i, comment in enumerate(comments):
            label = int(found.labels[i])
            suggestion = suggestions[i]
            leader = found.duplicate_of.get(i)
            rows.append(
                CommentInsight(
                    comment=comment,
                    round=round,
                    theme=themes[label] if label >= 0 else None,
                    centrality=float(found.centrality[i]),
                    rank=rank.get(i),
                    representative=i in chosen,
                    suggested_perspective=suggestion.perspective if suggestion else "",
                    confidence=suggestion.confidence if suggestion else 0.0,
                    duplicate_of_id=comments[leader].pk if leader is not None else None,
                    duplicates=group_size.get(leader, 0) if leader is not None else 0,
                )
            )
        CommentInsight.objects.bulk_create(rows, batch_size=1000)
        round_counts_refresh(round.pk)
        analysis, _created = TextAnalysis.objects.update_or_create(
            round=round,
            defaults={
                "method": found.method,
                "responses": len(comments),
                "training_examples": suggester.trained_on,
                "bridge_pairs": found.bridged,
                "seconds": time.perf_counter() - started,
                "computed_at": timezone.now(),
                "computed_by": by,
            },
        )
    return analysis


def perspective_set(*, comment: Comment, perspective: str, by) -> Comment:
    """Staff accept the suggestion or choose another perspective (or none)."""
    comment.perspective = perspective
    fields = ["perspective"]
    if comment.target == Comment.Target.PERSPECTIVE and not perspective:
        comment.target = Comment.Target.WHOLE
        fields.append("target")
    comment.save(update_fields=fields)
    return comment


def group_comment_ids(*, round: CommentRound, theme: int | None = None, duplicate_of=None):
    """The still unanswered, not hidden responses of a theme or of a near-duplicate group."""
    qs = Comment.objects.filter(round=round, disposition="").exclude(status=Comment.Status.HIDDEN)
    if theme is not None:
        qs = qs.filter(insight__theme_id=theme, insight__theme__round=round)
    elif duplicate_of is not None:
        qs = qs.filter(Q(insight__duplicate_of_id=duplicate_of))
    else:
        return []
    return list(qs.values_list("pk", flat=True))
