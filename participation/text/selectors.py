"""Reads of the stored text analysis, in a constant number of queries."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, F, Q

from phases.perspectives import Perspective

from ..models import Comment, CommentInsight, CommentRound, Disposition, TextAnalysis, Theme
from . import dictionary


@dataclass
class State:
    analysis: TextAnalysis | None
    responses: int  # not hidden, now
    analysed: int  # of those, with an insight
    requested_at: object = None  # the last "compute" request (a background task)
    failed_at: object = None  # when that task failed

    @property
    def pending(self) -> bool:
        """Asked for, and the worker has not stored a newer analysis nor failed yet."""
        if self.requested_at is None or self.failed:
            return False
        return self.analysis is None or self.analysis.computed_at < self.requested_at

    @property
    def failed(self) -> bool:
        return self.failed_at is not None

    @property
    def stale(self) -> int:
        return max(0, self.responses - self.analysed)

    @property
    def fallback(self) -> bool:
        return bool(self.analysis and self.analysis.method == TextAnalysis.Method.STEMMING)

    @property
    def no_dictionary(self) -> bool:
        """The themes were computed without the general fi-sv dictionary of their bridge (an
        analysis from before that was recorded: the dictionary is missing on this server)."""
        if not self.analysis:
            return False
        if self.analysis.bridge_dictionary is None:
            return not dictionary.installed()
        return not self.analysis.bridge_dictionary

    @property
    def dictionary_since(self) -> bool:
        """Computed without the dictionary, which the server has now: a recompute uses it."""
        return self.no_dictionary and dictionary.installed()


def state(round: CommentRound) -> State:
    """One query, the analysis row; the counts of responses with and without insight are
    the round's counters (participation.counters)."""
    analysis = TextAnalysis.objects.filter(round=round).first()
    return State(
        analysis,
        round.comments_total,
        round.comments_analysed,
        round.text_analysis_requested_at,
        round.text_analysis_failed_at,
    )


@dataclass
class ThemeSummary:
    theme: Theme
    name: str
    names: list[tuple[str, str]]
    size: int
    perspectives: list[tuple[str, int]] = field(default_factory=list)
    dispositions: list[tuple[str, int]] = field(default_factory=list)
    unanswered: int = 0
    representatives: list[Comment] = field(default_factory=list)
    languages: list[tuple[str, int]] = field(default_factory=list)


def theme_summaries(
    round: CommentRound, *, language: str = "fi", public: bool = False, accepted: bool = False
):
    """Per theme: size, perspectives, dispositions so far, most representative responses.
    `accepted`: only the themes a person accepted and named, under the names given (what
    the decision package shows; never a machine label).

    Three queries whatever the number of themes and responses.
    """
    themes = Theme.objects.filter(round=round).order_by("number")
    if accepted:
        themes = [t for t in themes.filter(accepted_at__isnull=False) if t.accepted]
    else:
        themes = list(themes)
    if not themes:
        return []
    base = Comment.objects.filter(round=round, insight__theme__in=[t.pk for t in themes])
    # In public only public comments are counted or quoted; the staff see all but hidden.
    base = base.public() if public else base.exclude(status=Comment.Status.HIDDEN)
    rows = (  # grouped by these alone (order_by(): not by the model's ordering)
        base.order_by()
        .values("insight__theme", "perspective", "disposition", "language")
        .annotate(n=Count("pk"))
    )
    persp: dict[int, Counter] = defaultdict(Counter)
    disp: dict[int, Counter] = defaultdict(Counter)
    langs: dict[int, Counter] = defaultdict(Counter)
    for row in rows:
        key = row["insight__theme"]
        persp[key][row["perspective"]] += row["n"]
        disp[key][row["disposition"]] += row["n"]
        langs[key][row["language"]] += row["n"]
    shown = base.filter(insight__representative=True)
    picks: dict[int, list[Comment]] = defaultdict(list)
    for comment in shown.select_related("insight").order_by("insight__rank"):
        picks[comment.insight.theme_id].append(comment)
    labels = dict(Perspective.choices)
    result = []
    for theme in themes:
        p, d = persp[theme.pk], disp[theme.pk]
        result.append(
            ThemeSummary(
                theme=theme,
                name=theme.name(language),
                names=theme.given_names() if accepted else theme.names(),
                size=sum(p.values()),
                perspectives=[(str(labels.get(k, "")) or "–", n) for k, n in p.most_common() if k]
                + ([(str(Comment.Target.WHOLE.label), p[""])] if p.get("") else []),
                dispositions=[(str(label), d[k]) for k, label in Disposition.choices if d.get(k)],
                unanswered=d.get("", 0),
                representatives=picks[theme.pk],
                languages=sorted(langs[theme.pk].items()),
            )
        )
    return result


@dataclass
class DuplicateGroup:
    leader: Comment
    size: int
    unanswered: int


def duplicate_groups(round: CommentRound) -> list[DuplicateGroup]:
    """Groups of near-duplicate responses, biggest first (two queries)."""
    counts = {
        row["duplicate_of"]: row
        for row in CommentInsight.objects.filter(round=round, duplicate_of__isnull=False)
        .exclude(comment__status=Comment.Status.HIDDEN)
        .values("duplicate_of")
        .annotate(n=Count("pk"), open=Count("pk", filter=Q(comment__disposition="")))
    }
    leaders = Comment.objects.filter(
        pk__in=list(counts), insight__duplicate_of=F("pk")
    ).select_related("insight")
    groups = [
        DuplicateGroup(c, counts[c.pk]["n"], counts[c.pk]["open"])
        for c in leaders
        if counts[c.pk]["n"] > 1
    ]
    return sorted(groups, key=lambda g: (-g.size, g.leader.pk))
