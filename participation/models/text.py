"""The stored result of the text analysis of a comment round (participation/text/).

Recomputed on demand (a button on the analysis page, `manage.py analyse_round_texts`);
the pages only read these rows, in a constant number of queries.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from phases.perspectives import Perspective
from phases.scoping import project_owned

from .rounds import Comment, CommentRound


class TextAnalysis(models.Model):
    class Method(models.TextChoices):
        VOIKKO = "voikko", _("Finnish lemmas by Voikko")
        STEMMING = "stemming", _("Finnish stems (Voikko is not installed)")

    round = models.OneToOneField(
        CommentRound, on_delete=models.CASCADE, related_name="text_analysis"
    )
    method = models.CharField(max_length=10, choices=Method.choices)
    responses = models.PositiveIntegerField(default=0)
    training_examples = models.PositiveIntegerField(default=0)
    bridge_pairs = models.PositiveIntegerField(default=0)
    seconds = models.FloatField(default=0)
    computed_at = models.DateTimeField()
    computed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = project_owned("round__project")

    class Meta:
        verbose_name = _("text analysis")
        verbose_name_plural = _("text analyses")

    def __str__(self):
        return f"{self.round} {self.computed_at:%Y-%m-%d %H:%M}"


class Theme(models.Model):
    round = models.ForeignKey(CommentRound, on_delete=models.CASCADE, related_name="themes")
    number = models.PositiveIntegerField()
    size = models.PositiveIntegerField()
    terms = models.JSONField(default=dict)  # {"fi": [...], "sv": [...]}

    objects = project_owned("round__project")

    class Meta:
        ordering = ["round", "number"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        constraints = [
            models.UniqueConstraint(fields=["round", "number"], name="unique_theme_number")
        ]

    def __str__(self):
        return self.name()

    def name(self, language: str | None = None) -> str:
        """The top terms in the given (or the active) language, else in the other."""
        language = (language or get_language() or "fi")[:2]
        first = self.terms.get(language) or []
        other = [words for lang, words in sorted(self.terms.items()) if lang != language]
        words = first or (other[0] if other else [])
        return " · ".join(words[:4]) or f"#{self.number}"

    def names(self) -> list[tuple[str, str]]:
        """(language, top terms) for each language, the active one first."""
        active = (get_language() or "fi")[:2]
        items = sorted(self.terms.items(), key=lambda item: (item[0] != active, item[0]))
        return [(lang, " · ".join(words)) for lang, words in items if words]


class CommentInsight(models.Model):
    """What the analysis says of one response: its theme, how central it is there, its
    suggested perspective (never applied by itself) and the near-duplicate group."""

    comment = models.OneToOneField(
        Comment, primary_key=True, on_delete=models.CASCADE, related_name="insight"
    )
    round = models.ForeignKey(CommentRound, on_delete=models.CASCADE, related_name="+")
    theme = models.ForeignKey(
        Theme, null=True, blank=True, on_delete=models.SET_NULL, related_name="insights"
    )
    centrality = models.FloatField(default=0)
    rank = models.PositiveIntegerField(null=True, blank=True)  # 1 = most representative
    representative = models.BooleanField(default=False)
    suggested_perspective = models.CharField(max_length=20, choices=Perspective.choices, blank=True)
    confidence = models.FloatField(default=0)
    duplicate_of = models.ForeignKey(
        Comment, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    duplicates = models.PositiveIntegerField(default=0)  # size of the group, 0 if none

    objects = project_owned("round__project")

    class Meta:
        verbose_name = _("comment insight")
        verbose_name_plural = _("comment insights")
        indexes = [
            models.Index(fields=["round", "theme", "rank"], name="insight_theme_idx"),
            models.Index(fields=["round", "duplicate_of"], name="insight_duplicate_idx"),
        ]

    def __str__(self):
        return f"{self.comment_id}"
