"""Frozen snapshots of a promise. A version never changes once saved: not through the UI,
not through the ORM (save, delete, QuerySet.update/delete/bulk_update all refuse)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from phases.models.project import APPROVING_OUTCOMES
from phases.scoping import project_owned
from phases.translated import pick

from .content import Promise


class FrozenError(Exception):
    """Raised on any attempt to change or delete a saved version."""


class PromiseVersionQuerySet(models.QuerySet):
    def approved(self) -> "PromiseVersionQuerySet":
        """The one definition of an approved version: frozen as APPROVED and approved by a
        council decision whose approval is recorded (`DecisionApproval.versions`; the
        decision: `CouncilDecisionQuerySet.approved`). What the public side shows of a
        published decision is read through this."""
        through = self.model.approvals.through
        recorded = through.objects.filter(
            promiseversion=models.OuterRef("pk"),
            decisionapproval__decision__outcome__in=APPROVING_OUTCOMES,
        )
        return self.filter(models.Exists(recorded), kind=PromiseVersion.Kind.APPROVED)

    def update(self, **kwargs):
        raise FrozenError("Promise versions are frozen and cannot be updated.")

    def delete(self):
        raise FrozenError("Promise versions are frozen and cannot be deleted.")

    def bulk_update(self, objs, fields, batch_size=None):
        raise FrozenError("Promise versions are frozen and cannot be updated.")

    def _raw_delete(self, using):
        raise FrozenError("Promise versions are frozen and cannot be deleted.")


class PromiseVersion(models.Model):
    class Kind(models.TextChoices):
        WORKING = "working", _("Working version")
        FOR_COMMENTS = "for_comments", _("First draft for comments")
        REVISED = "revised", _("Revised after comments")
        FINAL = "final", _("Final proposal")
        APPROVED = "approved", _("Approved by the council")

    promise = models.ForeignKey(Promise, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(_("number"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    label = models.CharField(_("name"), max_length=200, blank=True)
    snapshot = models.JSONField(_("content"))  # the whole promise in every language
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = project_owned(
        "promise__project", models.Manager.from_queryset(PromiseVersionQuerySet)
    )

    class Meta:
        ordering = ["promise", "number"]
        verbose_name = _("promise version")
        verbose_name_plural = _("promise versions")
        constraints = [
            models.UniqueConstraint(fields=["promise", "number"], name="unique_version_number")
        ]

    def __str__(self):
        return f"{self.promise} v{self.number} ({self.get_kind_display()})"

    def save(self, *args, **kwargs):
        if self.pk is not None or not self._state.adding:
            raise FrozenError("Promise versions are frozen and cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise FrozenError("Promise versions are frozen and cannot be deleted.")

    @property
    def is_approved(self) -> bool:
        return self.kind == self.Kind.APPROVED

    def frozen_label(self, language: str) -> str:
        """The label "<title> v<n>" with the title this version froze: for what is published
        (`str()` names the live promise, which may have a newer draft title)."""
        title = pick(self.snapshot.get("title"), language, ("fi", "sv"))
        return f"{title} v{self.number}"
