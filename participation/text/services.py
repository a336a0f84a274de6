"""Recompute and store a round's text analysis: themes, suggestions, near-duplicates.

`analyse_round` reads the round's responses (statements included; hidden comments left
out), the region's tagged inputs and comments, and the promise version's own text, and
replaces the stored result in one transaction (nothing is half-written).
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from phases.translated import set_texts

from ..counters import round_counts_refresh
from ..models import Comment, CommentInsight, CommentRound, Input, TextAnalysis, Theme
from . import dictionary
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
    dictionary_used = dictionary.installed()  # the files the themes' bridge reads
    found = find_themes(docs, bridge=bridge, tool=tool)
    examples = training_examples(round) + seed_examples(snapshot)
    suggester = Suggester(tool, bridge).fit(examples)
    suggestions = suggester.suggest([(d.text, d.language) for d in docs])

    group_size: dict[int, int] = {}
    for leader in found.duplicate_of.values():
        group_size[leader] = group_size.get(leader, 0) + 1

    with transaction.atomic():
        kept = _named_themes(round)
        CommentInsight.objects.filter(round=round).delete()
        Theme.objects.filter(round=round).delete()
        themes = Theme.objects.bulk_create(
            _carried_over(
                Theme(
                    round=round,
                    number=n + 1,
                    size=len(t.members),
                    terms=t.terms,
                    suggested=t.names,
                ),
                {comments[i].pk for i in t.members},
                kept,
            )
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
                "bridge_dictionary": dictionary_used,
                "seconds": time.perf_counter() - started,
                "computed_at": timezone.now(),
                "computed_by": by,
            },
        )
    return analysis


CARRY_OVER = 0.5  # Jaccard overlap of members for a recomputed theme to keep a given name
NAME_FIELDS = ("title_fi", "title_sv", "title_en")


def _named_themes(round: CommentRound) -> list[tuple[Theme, set[int]]]:
    """The round's themes that staff named or accepted, with their responses."""
    named = [
        t
        for t in Theme.objects.filter(round=round)
        if t.accepted_at is not None or any(getattr(t, f) for f in NAME_FIELDS)
    ]
    members: dict[int, set[int]] = {t.pk: set() for t in named}
    for comment, theme in CommentInsight.objects.filter(theme__in=named).values_list(
        "comment_id", "theme_id"
    ):
        members[theme].add(comment)
    return [(t, members[t.pk]) for t in named]


def _carried_over(theme: Theme, members: set[int], kept) -> Theme:
    """A recomputed theme keeps the name (and acceptance) staff gave to an earlier theme
    with mostly the same responses; otherwise it starts unnamed and unaccepted."""
    best, overlap = None, 0.0
    for old, old_members in kept:
        union = len(members | old_members)
        score = len(members & old_members) / union if union else 0.0
        if score > overlap:
            best, overlap = old, score
    if best is not None and overlap >= CARRY_OVER:
        for f in NAME_FIELDS:  # column by column (phases/translated.py)
            setattr(theme, f, getattr(best, f))
        theme.accepted_at, theme.accepted_by_id = best.accepted_at, best.accepted_by_id
    return theme


def theme_named(*, theme: Theme, names: dict[str, str], accept: bool, by) -> Theme:
    """Staff name a theme (per language, the languages sent) and accept it, or withdraw
    the acceptance. An accepted theme needs a name in at least one language: a theme
    without one never reaches the decision package."""
    set_texts(theme, "title", names)
    if accept and not theme.given_names():
        raise ValidationError(_("Give the theme a name before accepting it."))
    if accept and theme.accepted_at is None:
        theme.accepted_at, theme.accepted_by = timezone.now(), by
    elif not accept:
        theme.accepted_at, theme.accepted_by = None, None
    theme.save(update_fields=[*NAME_FIELDS, "accepted_at", "accepted_by"])
    return theme


def _reorder(theme: Theme) -> None:
    """Ranks by centrality and the three most central distinct responses as
    representatives, after a theme's responses changed; its size recounted."""
    insights = list(CommentInsight.objects.filter(theme=theme).order_by("-centrality", "pk"))
    seen: set[int] = set()
    picked = 0
    for rank, insight in enumerate(insights, start=1):
        insight.rank = rank
        group = insight.duplicate_of_id or insight.comment_id
        insight.representative = picked < 3 and group not in seen
        if insight.representative:
            picked += 1
            seen.add(group)
    CommentInsight.objects.bulk_update(insights, ["rank", "representative"], batch_size=1000)
    theme.size = len(insights)
    theme.save(update_fields=["size"])


def themes_merged(*, theme: Theme, into: Theme, by) -> Theme:
    """Staff merge one theme into another of the same round: its responses join the
    other, which keeps its name but must be accepted again (its content changed)."""
    if theme.pk == into.pk or theme.round_id != into.round_id:
        raise ValidationError(_("Choose another theme of the same round to merge into."))
    with transaction.atomic():
        CommentInsight.objects.filter(theme=theme).update(theme=into)
        theme.delete()
        into.accepted_at, into.accepted_by = None, None
        into.save(update_fields=["accepted_at", "accepted_by"])
        _reorder(into)
    return into


def theme_split(*, theme: Theme, by) -> Theme:
    """Staff split a theme in two: its responses are grouped again into two themes by
    the same analysis; the bigger half stays (its name kept, acceptance withdrawn), the
    other becomes a new, unnamed theme with its own suggested name."""
    from .themes import Doc, bridge_pairs, find_themes

    round = theme.round
    comments = list(
        Comment.objects.filter(insight__theme=theme)
        .exclude(status=Comment.Status.HIDDEN)
        .only("pk", "text", "language")
        .order_by("pk")
    )
    if len(comments) < 4:
        raise ValidationError(_("A theme needs at least four responses to be split."))
    snapshot = round.version.snapshot if round.version_id else None
    found = find_themes(
        [Doc(c.pk, c.text, c.language) for c in comments], bridge=bridge_pairs(snapshot), k=2
    )
    if len(found.themes) < 2 or not all(t.members for t in found.themes[:2]):
        raise ValidationError(_("The responses of this theme could not be told apart."))
    stay, leave = found.themes[0], found.themes[1]
    with transaction.atomic():
        number = (Theme.objects.filter(round=round).order_by("-number").first()).number + 1
        new = Theme.objects.create(
            round=round, number=number, size=0, terms=leave.terms, suggested=leave.names
        )
        moved = [comments[i].pk for i in leave.members]
        centrality = {comments[i].pk: float(found.centrality[i]) for i in range(len(comments))}
        insights = list(CommentInsight.objects.filter(theme=theme))
        for insight in insights:
            insight.centrality = centrality.get(insight.comment_id, insight.centrality)
            if insight.comment_id in moved:
                insight.theme = new
        CommentInsight.objects.bulk_update(insights, ["theme", "centrality"], batch_size=1000)
        theme.terms, theme.suggested = stay.terms, stay.names
        theme.accepted_at, theme.accepted_by = None, None
        theme.save(update_fields=["terms", "suggested", "accepted_at", "accepted_by"])
        _reorder(theme)
        _reorder(new)
    return new


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
