"""The preparer's working days: the planned dates of each phase, each user's notification
settings and calendar token, and the queue of notifications the daily digest sends."""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..scoping import project_owned
from .project import PromiseProject


class PhasePlan(models.Model):
    """When a phase of a project is planned to start and end (the handbook's timetable)."""

    project = models.ForeignKey(
        PromiseProject, on_delete=models.CASCADE, related_name="phase_plans"
    )
    phase = models.PositiveSmallIntegerField(_("phase"))
    starts_on = models.DateField(_("planned start"), null=True, blank=True)
    ends_on = models.DateField(_("planned end"), null=True, blank=True)
    # Phase 4 only: the council meeting that is to decide on the promise.
    meeting_on = models.DateField(_("planned council meeting"), null=True, blank=True)

    objects = project_owned("project")

    class Meta:
        ordering = ["project", "phase"]
        verbose_name = _("phase plan")
        verbose_name_plural = _("phase plans")
        constraints = [
            models.UniqueConstraint(fields=["project", "phase"], name="unique_phase_plan"),
            models.CheckConstraint(
                condition=models.Q(starts_on__isnull=True)
                | models.Q(ends_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="phase_plan_ordered",
            ),
        ]

    def __str__(self):
        return f"{self.project}: {self.phase}"


def new_feed_token() -> str:
    return secrets.token_urlsafe(32)


class UserProfile(models.Model):
    """A user's own settings: the language of their mail, which notifications they get,
    and the secret address of their calendar feed."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="servicelofte_profile"
    )
    language = models.CharField(
        _("language of e-mail"), max_length=5, choices=settings.LANGUAGES, default="fi"
    )
    # Notification kinds the user switched off (keys of registry.notification_kinds).
    muted = models.JSONField(default=list, blank=True)
    feed_token = models.CharField(max_length=64, unique=True, default=new_feed_token)

    class Meta:
        verbose_name = _("user profile")
        verbose_name_plural = _("user profiles")

    def __str__(self):
        return str(self.user)

    def wants(self, kind: str) -> bool:
        return kind not in (self.muted or [])


class Notification(models.Model):
    """Something a user should hear of, waiting for the next daily digest.

    `kind` is a key of registry.notification_kinds (the kind's switch); `event` says what
    happened and `params` holds what the text needs, rendered in the recipient's language
    when the digest is sent. `dedupe` (optional) keeps one notice per thing ("task 12 due").
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    project = models.ForeignKey(
        PromiseProject, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(max_length=40)
    event = models.CharField(max_length=40)
    params = models.JSONField(default=dict, blank=True)
    url = models.CharField(max_length=500, blank=True)
    dedupe = models.CharField(max_length=120, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [models.Index(fields=["sent_at", "user"], name="notification_queue_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "dedupe"],
                condition=~models.Q(dedupe=""),
                name="unique_notification_dedupe",
            )
        ]

    def __str__(self):
        return f"{self.user}: {self.event}"
