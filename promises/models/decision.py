"""The decision package (phase 4) and the stored, checksummed decision PDFs."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from phases.models import CouncilDecision, PromiseProject
from phases.models.stamps import UpdatedStamp
from phases.scoping import project_owned

from .versions import FrozenError, PromiseVersion


class DecisionPackage(UpdatedStamp):
    """What the council decides on: the promise versions plus their descriptions."""

    class Channel(models.TextChoices):
        """Citizen communication channels the handbook names (phase 4)."""

        WEB = "web", _("Web pages")
        SOCIAL_MEDIA = "social_media", _("Social media")
        BLOGS = "blogs", _("Management blogs")
        INTRANET = "intranet", _("Intranet")
        VIDEOS = "videos", _("Videos")
        INTERNAL = "internal", _("Internal newsletters and magazines")
        VISITS = "visits", _("Management visits around the region")
        PRINT = "print", _("Printed leaflets and service points")
        MEDIA = "media", _("Local media")

    project = models.OneToOneField(
        PromiseProject, on_delete=models.CASCADE, related_name="decision_package"
    )
    versions = models.ManyToManyField(
        PromiseVersion, verbose_name=_("promise versions proposed"), blank=True, related_name="+"
    )
    # translated, Markdown
    implementation = models.TextField(_("implementation"), blank=True)
    follow_up = models.TextField(_("follow-up"), blank=True)
    reporting = models.TextField(_("reporting"), blank=True)
    evaluation = models.TextField(_("evaluation"), blank=True)
    communication = models.TextField(_("citizen communication"), blank=True)
    budget_effect = models.TextField(_("effect on the annual budget process"), blank=True)
    # values of DecisionPackage.Channel
    communication_channels = models.JSONField(_("communication channels"), default=list, blank=True)
    lock_version = models.PositiveIntegerField(default=1)

    objects = project_owned("project")

    class Meta:
        verbose_name = _("decision package")
        verbose_name_plural = _("decision packages")

    def __str__(self):
        return str(self.project)


class FrozenQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise FrozenError("Approvals are kept as they were recorded.")

    def delete(self):
        raise FrozenError("Approvals are kept as they were recorded.")


class DecisionApproval(models.Model):
    """What an approving council decision approved, frozen: the APPROVED promise versions
    (one per segment promise, each a copy of the proposed version's snapshot), the
    descriptions of the package as they were, who approved and when. Immutable."""

    decision = models.OneToOneField(
        CouncilDecision, on_delete=models.PROTECT, related_name="approval"
    )
    versions = models.ManyToManyField(
        PromiseVersion, verbose_name=_("approved promise versions"), related_name="approvals"
    )
    # {"implementation": {"fi": str, "sv": str, "en": str}, ..., "communication_channels": [..]}
    package = models.JSONField(_("decision package as approved"), default=dict)
    languages = models.JSONField(_("document languages"), default=list)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(_("approved at"), auto_now_add=True)

    objects = project_owned("decision__project", models.Manager.from_queryset(FrozenQuerySet))

    class Meta:
        ordering = ["-approved_at"]
        verbose_name = _("decision approval")
        verbose_name_plural = _("decision approvals")

    def __str__(self):
        return str(self.decision)

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise FrozenError("Approvals are kept as they were recorded.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise FrozenError("Approvals are kept as they were recorded.")


class DecisionDocumentQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise FrozenError("Decision documents are kept as they were approved.")

    def delete(self):
        raise FrozenError("Decision documents are kept as they were approved.")


class DecisionDocument(models.Model):
    """The approved decision package as PDF, in one language, with its SHA-256. Immutable."""

    decision = models.ForeignKey(
        CouncilDecision, on_delete=models.PROTECT, related_name="documents"
    )
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES)
    file = models.FileField(_("PDF"), upload_to="decisions/%Y/")
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size = models.PositiveIntegerField(_("size in bytes"))
    pages = models.PositiveIntegerField(_("pages"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = project_owned(
        "decision__project", models.Manager.from_queryset(DecisionDocumentQuerySet)
    )

    class Meta:
        ordering = ["decision", "language"]
        verbose_name = _("decision document")
        verbose_name_plural = _("decision documents")
        constraints = [
            models.UniqueConstraint(fields=["decision", "language"], name="unique_decision_doc")
        ]

    def __str__(self):
        return f"{self.decision} ({self.language})"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise FrozenError("Decision documents are kept as they were approved.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise FrozenError("Decision documents are kept as they were approved.")
