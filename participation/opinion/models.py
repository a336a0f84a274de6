"""Phase 2 (and 6): an opinion round, Polis-style.

Residents without an account vote agree / disagree / pass on short statements, one at a
time, and may add their own (shown after moderation). A participant is the random id of a
signed anonymous cookie (`participation.opinion.services.participant_id`): no personal data
is stored, not even the address.

Registered through participation.models (the app's one models package); the migrations
are participation's.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from phases.models import PromiseProject
from phases.models.stamps import CreatedStamp
from phases.scoping import project_owned

# The longest statement (a resident's or staff's): short, one thought.
STATEMENT_MAX = 280


class OpinionRound(CreatedStamp):
    """A question put to residents for a period, with statements to vote on."""

    project = models.ForeignKey(
        PromiseProject, on_delete=models.CASCADE, related_name="opinion_rounds"
    )
    question = models.TextField(_("question"))  # translated (modeltranslation)
    starts_at = models.DateTimeField(_("opens"))
    ends_at = models.DateTimeField(_("closes"))
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    # Set when statements are turned into inputs: the activity that records the round.
    activity = models.ForeignKey(
        "participation.Activity",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="opinion_rounds",
    )
    # Raised by every vote and moderation: the results' cache key (services.results).
    version = models.PositiveIntegerField(default=0)

    objects = project_owned("project")

    class Meta:
        ordering = ["-starts_at", "-pk"]
        verbose_name = _("opinion round")
        verbose_name_plural = _("opinion rounds")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="opinion_period_ordered",
            )
        ]

    def __str__(self):
        return (self.question or "")[:80]

    def state(self, now=None) -> str:
        """upcoming, open or closed (its status: from the period and an early close)."""
        now = now or timezone.now()
        if self.closed_at or now >= self.ends_at:
            return "closed"
        if now < self.starts_at:
            return "upcoming"
        return "open"


class StatementQuerySet(models.QuerySet):
    def public(self):
        """The one definition of a statement residents see and vote on: accepted."""
        return self.filter(status=self.model.Status.ACCEPTED)


class OpinionStatement(models.Model):
    """A statement to vote on. Staff write seed statements in the region's languages;
    a resident writes one in their language and it waits for moderation."""

    class Author(models.TextChoices):
        STAFF = "staff", _("Staff")
        RESIDENT = "resident", _("Resident")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for moderation")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected")

    round = models.ForeignKey(OpinionRound, on_delete=models.CASCADE, related_name="statements")
    # The text per language, read and written by phases.translated (texts, set_texts,
    # pick_field); `language` is the one it was written in.
    text_fi = models.TextField(_("statement (in Finnish)"), blank=True)
    text_sv = models.TextField(_("statement (in Swedish)"), blank=True)
    text_en = models.TextField(_("statement (in English)"), blank=True)
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES)
    perspectives = models.JSONField(_("perspectives"), default=list, blank=True)
    author = models.CharField(_("written by"), max_length=10, choices=Author.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    # The resident author's anonymous participant id (never shown; their own votes skip it).
    participant = models.CharField(max_length=32, blank=True)
    created_at = models.DateTimeField(_("received"), default=timezone.now)
    # How many participants have voted on it: the next statement shown is one with few.
    vote_count = models.PositiveIntegerField(default=0)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    moderated_at = models.DateTimeField(null=True, blank=True)
    # Set when the statement and its result were turned into a phase-2 input.
    input = models.ForeignKey(
        "participation.Input",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="opinion_statements",
    )

    objects = project_owned("round__project", models.Manager.from_queryset(StatementQuerySet))

    class Meta:
        ordering = ["round", "pk"]
        verbose_name = _("opinion statement")
        verbose_name_plural = _("opinion statements")
        indexes = [models.Index(fields=["round", "status"], name="opinion_statement_idx")]

    def __str__(self):
        return self.original_text[:80]

    @property
    def original_text(self) -> str:
        return getattr(self, f"text_{self.language}", "") or self.text_fi or self.text_sv or ""


class OpinionVote(models.Model):
    """One participant's vote on one statement (changed by voting again)."""

    AGREE, DISAGREE, PASS = 1, -1, 0
    CHOICES = [
        (AGREE, _("Agree")),
        (DISAGREE, _("Disagree")),
        (PASS, _("Pass / unsure")),
    ]

    round = models.ForeignKey(OpinionRound, on_delete=models.CASCADE, related_name="votes")
    statement = models.ForeignKey(OpinionStatement, on_delete=models.CASCADE, related_name="votes")
    participant = models.CharField(max_length=32)
    choice = models.SmallIntegerField(choices=CHOICES)
    created_at = models.DateTimeField(default=timezone.now)

    objects = project_owned("round__project")

    class Meta:
        ordering = ["round", "pk"]
        verbose_name = _("opinion vote")
        verbose_name_plural = _("opinion votes")
        constraints = [
            models.UniqueConstraint(fields=["statement", "participant"], name="unique_opinion_vote")
        ]
        indexes = [models.Index(fields=["round", "participant"], name="opinion_vote_idx")]

    def __str__(self):
        return f"{self.participant[:6]} {self.choice}"
