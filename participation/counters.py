"""The counts of a round's responses kept on the round, in the transactions that write
them, so that the analysis and themes pages read three numbers instead of counting every
comment (flat from 5,000 to 50,000 responses):

- `comments_total`: responses not hidden (what the analysis list shows by default);
- `comments_unanswered`: of those, without a disposition;
- `comments_analysed`: of those, with a text-analysis insight.

A new public comment adds one to the first two (the hot path: two additions, no count);
every other write of a round's responses (moderation, a statement, dispositions, the text
analysis, seeding) recounts the round in one UPDATE in its own transaction. The guard that
decides whether a round's analysis may be marked done still counts the rows themselves
(`selectors.unanswered_count`): a counter is for display, never for a rule.
"""

from __future__ import annotations

from django.db.models import Count, F, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

from phases.content import touch

from .models import Comment, CommentRound


def _count(queryset):
    counted = queryset.order_by().values("round").annotate(n=Count("pk")).values("n")[:1]
    return Coalesce(Subquery(counted), Value(0))


def round_counts_refresh(round_id: int) -> None:
    """Recount the round's responses (one UPDATE)."""
    visible = Comment.objects.filter(round=OuterRef("pk")).exclude(status=Comment.Status.HIDDEN)
    CommentRound.objects.filter(pk=round_id).update(
        comments_total=_count(visible),
        comments_unanswered=_count(visible.filter(disposition="")),
        comments_analysed=_count(visible.filter(insight__isnull=False)),
    )
    # The dashboard's counts follow the counters: the project's content changed.
    project = CommentRound._base_manager.filter(pk=round_id).values("project_id")[:1]
    touch(Subquery(project))


def comment_added(comment: Comment) -> None:
    """A new response, not hidden, without a disposition nor an insight yet."""
    CommentRound.objects.filter(pk=comment.round_id).update(
        comments_total=F("comments_total") + 1,
        comments_unanswered=F("comments_unanswered") + 1,
    )
    touch(comment.round.project_id)  # after the counters: never a new version over old counts
