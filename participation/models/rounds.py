"""Phase 3: the public comment round, formal statement requests and the response analysis.

A received statement is analysed as a `Comment` row with source "statement" (one per body),
so the analysis page, the search, the bulk answer and the exports work on one table.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from phases.models import PromiseProject
from phases.models.stamps import CreatedStamp
from phases.perspectives import Perspective
from phases.scoping import project_owned
from promises.models import Commitment, PromiseVersion


class Disposition(models.TextChoices):
    ACCEPTED = "accepted", _("Accepted")
    PARTLY = "partly", _("Partly accepted")
    NOT_ACCEPTED = "not_accepted", _("Not accepted")
    NOTED = "noted", _("Noted")


class CommentRound(CreatedStamp):
    """A promise version opened for public comments for a period.

    New comments are published at once unless the round is pre-moderated
    (`premoderate`), in which case they wait for a moderator.
    """

    project = models.ForeignKey(
        PromiseProject, on_delete=models.CASCADE, related_name="comment_rounds"
    )
    version = models.ForeignKey(
        PromiseVersion,
        verbose_name=_("promise version"),
        on_delete=models.PROTECT,
        related_name="comment_rounds",
    )
    starts_at = models.DateTimeField(_("opens"))
    ends_at = models.DateTimeField(_("closes"))
    premoderate = models.BooleanField(
        _("moderate before publishing"),
        default=False,
        help_text=_(
            "When ticked, new comments wait for a moderator; otherwise they are published at once "
            "and can be hidden afterwards."
        ),
    )
    intro = models.TextField(_("introduction for the public"), blank=True)  # translated
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    analysis_done_at = models.DateTimeField(_("analysis done"), null=True, blank=True)
    # The text analysis runs as a background task (participation.tasks): when it was last
    # asked for, and when that run failed (the page says so until it is asked for again).
    text_analysis_requested_at = models.DateTimeField(null=True, blank=True, editable=False)
    text_analysis_failed_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Kept by participation.counters in the writing transactions (the pages read these).
    comments_total = models.PositiveIntegerField(default=0, editable=False)
    comments_unanswered = models.PositiveIntegerField(default=0, editable=False)
    comments_analysed = models.PositiveIntegerField(default=0, editable=False)
    emails_erased_at = models.DateTimeField(null=True, blank=True)

    objects = project_owned("project")

    class Meta:
        ordering = ["-starts_at", "-pk"]
        verbose_name = _("comment round")
        verbose_name_plural = _("comment rounds")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="round_period_ordered"
            )
        ]

    def __str__(self):
        return f"{self.version} {self.starts_at:%Y-%m-%d}–{self.ends_at:%Y-%m-%d}"

    def state(self, now=None) -> str:
        now = now or timezone.now()
        if self.closed_at or now >= self.ends_at:
            return "closed"
        if now < self.starts_at:
            return "upcoming"
        return "open"

    @property
    def is_closed(self) -> bool:
        return self.state() == "closed"


class StatementRequest(CreatedStamp):
    """A formal request for statements (lausuntopyyntö / remiss) sent to named bodies."""

    round = models.ForeignKey(
        CommentRound, on_delete=models.CASCADE, related_name="statement_requests"
    )
    title = models.CharField(_("title"), max_length=200)
    message = models.TextField(_("covering letter"), blank=True)
    deadline = models.DateTimeField(_("deadline"))

    objects = project_owned("round__project")

    class Meta:
        ordering = ["deadline", "pk"]
        verbose_name = _("statement request")
        verbose_name_plural = _("statement requests")

    def __str__(self):
        return self.title

    @property
    def is_past_deadline(self) -> bool:
        return timezone.now() >= self.deadline


class StatementQuestion(models.Model):
    request = models.ForeignKey(
        StatementRequest, on_delete=models.CASCADE, related_name="questions"
    )
    order = models.PositiveIntegerField(default=0)
    text = models.TextField(_("question"))

    objects = project_owned("request__round__project")

    class Meta:
        ordering = ["request", "order", "pk"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self):
        return self.text


class RequestedBody(models.Model):
    """A body asked for a statement, with its personal, unguessable link (`token`)."""

    request = models.ForeignKey(StatementRequest, on_delete=models.CASCADE, related_name="bodies")
    name = models.CharField(_("body"), max_length=200)
    email = models.EmailField(_("e-mail"))
    contact = models.CharField(_("contact person"), max_length=200, blank=True)
    language = models.CharField(
        _("language"),
        max_length=5,
        choices=settings.LANGUAGES,
        blank=True,
        help_text=_("The body's language for e-mails; empty: every language of the region."),
    )
    token = models.CharField(max_length=64, unique=True, editable=False)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminded"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("statement received"), null=True, blank=True)
    by_post = models.BooleanField(_("received by post"), default=False)
    file = models.FileField(_("attachment (PDF)"), upload_to="statements/%Y/", blank=True)
    file_name = models.CharField(max_length=200, blank=True)

    objects = project_owned("request__round__project")

    class Meta:
        ordering = ["request", "name", "pk"]
        verbose_name = _("requested body")
        verbose_name_plural = _("requested bodies")

    def __str__(self):
        return self.name

    @property
    def is_overdue(self) -> bool:
        return self.submitted_at is None and self.request.is_past_deadline


class CommentQuerySet(models.QuerySet):
    def public(self) -> "CommentQuerySet":
        """The one definition of a comment the public may see: published (never one waiting
        for moderation, never a hidden one), whatever its disposition. Every public read
        goes through it: the round's public page, the public promise page and its open data,
        the decision document, the export for publication and the e-mails to residents."""
        return self.filter(status=self.model.Status.PUBLISHED)


class Comment(models.Model):
    """One response to the round: a public comment, or a statement received from a body."""

    class Source(models.TextChoices):
        COMMENT = "comment", _("Comment")
        STATEMENT = "statement", _("Statement")

    class Target(models.TextChoices):
        WHOLE = "whole", _("The whole promise")
        PERSPECTIVE = "perspective", _("One perspective")
        COMMITMENT = "commitment", _("One commitment")

    class Status(models.TextChoices):
        PUBLISHED = "published", _("Published")
        PENDING = "pending", _("Waiting for moderation")
        HIDDEN = "hidden", _("Hidden")

    round = models.ForeignKey(CommentRound, on_delete=models.CASCADE, related_name="comments")
    source = models.CharField(
        _("source"), max_length=10, choices=Source.choices, default=Source.COMMENT
    )
    body = models.OneToOneField(
        RequestedBody, null=True, blank=True, on_delete=models.CASCADE, related_name="statement"
    )
    target = models.CharField(
        _("comment on"), max_length=12, choices=Target.choices, default=Target.WHOLE
    )
    perspective = models.CharField(
        _("perspective"), max_length=20, choices=Perspective.choices, blank=True
    )
    commitment = models.ForeignKey(
        Commitment,
        verbose_name=_("commitment"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="comments",
    )
    commitment_ref = models.PositiveIntegerField(null=True, blank=True)  # id in the snapshot
    commitment_title = models.CharField(max_length=400, blank=True)  # title in the snapshot
    text = models.TextField(_("comment"))
    name = models.CharField(_("name"), max_length=120, blank=True)
    show_name = models.BooleanField(_("show my name with the comment"), default=False)
    email = models.EmailField(_("e-mail"), blank=True)
    # The commenter asked to get the disposition and its reason by e-mail (opt-in).
    answer_by_email = models.BooleanField(_("send the answer by e-mail"), default=False)
    answer_sent_at = models.DateTimeField(null=True, blank=True)
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PUBLISHED
    )
    hidden_reason = models.TextField(_("reason for hiding"), blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    moderated_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(_("received"), default=timezone.now)
    # The response analysis
    disposition = models.CharField(
        _("disposition"), max_length=15, choices=Disposition.choices, blank=True
    )
    # The reason given with the disposition, in the region's languages (translated:
    # reason_fi, reason_sv, reason_en, participation/translation.py).
    reason = models.TextField(_("reasoned response"), blank=True)
    changed_version = models.ForeignKey(
        PromiseVersion,
        verbose_name=_("changed in version"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    changed_commitment = models.ForeignKey(
        Commitment,
        verbose_name=_("changed commitment"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    objects = project_owned("round__project", models.Manager.from_queryset(CommentQuerySet))

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        indexes = [
            models.Index(fields=["round", "status", "created_at"], name="comment_public_idx"),
            models.Index(fields=["round", "disposition"], name="comment_disposition_idx"),
            # The analysis list: one round, newest first (or by perspective), 50 a page.
            models.Index(fields=["round", "-created_at", "-id"], name="comment_analysis_idx"),
            models.Index(
                fields=["round", "perspective", "-created_at", "-id"],
                name="comment_analysis_persp_idx",
            ),
        ]

    def __str__(self):
        return self.text[:80]

    @property
    def public_name(self) -> str:
        """The name shown in public: only if the commenter chose so."""
        return self.name if self.show_name and self.name else ""

    def target_label(self) -> str:
        if self.target == self.Target.PERSPECTIVE and self.perspective:
            return str(self.get_perspective_display())
        if self.target == self.Target.COMMITMENT:
            return self.commitment_title or str(self.Target.COMMITMENT.label)
        return str(self.Target(self.target).label)


class StatementAnswer(models.Model):
    body = models.ForeignKey(RequestedBody, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(
        StatementQuestion, on_delete=models.CASCADE, related_name="answers"
    )
    text = models.TextField(_("answer"), blank=True)

    objects = project_owned("body__request__round__project")

    class Meta:
        ordering = ["question__order", "question__pk"]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(fields=["body", "question"], name="unique_statement_answer")
        ]

    def __str__(self):
        return self.text[:80]
