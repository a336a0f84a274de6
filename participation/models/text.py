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
from phases.translated import LocalText

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
    # Whether the general fi-sv dictionary (text/dictionary.py) was there when the themes
    # were computed; None: computed before this was recorded.
    bridge_dictionary = models.BooleanField(null=True)
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
    """A group of a round's responses found by the analysis, or formed by staff (merge,
    split). The analysis suggests a name (`suggested`: short noun phrases per language)
    and keywords (`terms`); only a person gives the name the council reads (`title`, per
    language) and accepts the theme: only accepted, named themes reach the decision
    package."""

    round = models.ForeignKey(CommentRound, on_delete=models.CASCADE, related_name="themes")
    number = models.PositiveIntegerField()
    size = models.PositiveIntegerField()
    terms = models.JSONField(default=dict)  # {"fi": [...], "sv": [...]}
    suggested = models.JSONField(default=dict)  # {"fi": "Kotihoito ja hoitaja", ...}
    title = models.CharField(_("name"), max_length=120, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

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

    def given(self, language: str) -> str:
        """The name staff gave in one language ("" if none)."""
        return (getattr(self, f"title_{language}", "") or "").strip()

    def name_in(self, language: str) -> str:
        """The given name, else the suggested one, in one language; the keywords only
        when the analysis suggested no name at all (a theme named in one language has no
        name in the other: its keywords there may be off its topic, a few comments'
        words, so the page shows the other language's name, marked, `name`)."""
        suggested = self.suggested or {}
        return (
            self.given(language)
            or suggested.get(language, "")
            or (
                ""
                if any(suggested.values())
                else ", ".join((self.terms or {}).get(language, [])[:3])
            )
        )

    def name(self, language: str | None = None) -> LocalText:
        """The name in the given (or the active) language, else in the other: a
        `LocalText` that says which language it is written in, so a page marks a name
        in the other language (`marked`: "Päihde (på finska)")."""
        language = (language or get_language() or "fi")[:2]
        order = [language] + [lang for lang in ("fi", "sv") if lang != language]
        for lang in order:
            if found := self.name_in(lang):
                return LocalText(found, lang, fallback=lang != language)
        return LocalText(str(_("Theme %(number)d") % {"number": self.number}))

    def names(self) -> list[tuple[str, str]]:
        """(language, name) for each language that has one, the active one first."""
        active = (get_language() or "fi")[:2]
        order = sorted(("fi", "sv"), key=lambda lang: lang != active)
        return [(lang, n) for lang in order if (n := self.name_in(lang))]

    def given_names(self) -> list[tuple[str, str]]:
        """(language, name given by staff), the active language first."""
        active = (get_language() or "fi")[:2]
        order = sorted(("fi", "sv", "en"), key=lambda lang: (lang != active, lang == "en"))
        return [(lang, n) for lang in order if (n := self.given(lang))]

    @property
    def accepted(self) -> bool:
        """Accepted by a person and named by them in at least one language."""
        return self.accepted_at is not None and bool(self.given_names())


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
