"""Phase 6: residents' feedback on the promise in force, by perspective."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from phases.models import PromiseProject
from phases.perspectives import Perspective
from phases.scoping import project_owned


class Feedback(models.Model):
    project = models.ForeignKey(
        PromiseProject, on_delete=models.CASCADE, related_name="resident_feedback"
    )
    perspective = models.CharField(
        _("perspective"), max_length=20, choices=Perspective.choices, blank=True
    )
    text = models.TextField(_("feedback"))
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES)
    created_at = models.DateTimeField(_("received"), default=timezone.now)
    handled_at = models.DateTimeField(_("handled"), null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    handled_note = models.TextField(_("note"), blank=True)

    objects = project_owned("project")

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")

    def __str__(self):
        return self.text[:80]
