"""The yearly follow-up report of the promise in force (phase 6) and its stored PDFs.

A report belongs to the approving council decision whose promise is in force and to one
calendar year. Staff write its texts (the year's overall assessment and next year's
actions, fi/sv/en); on approval the report is assembled and frozen (`snapshot`, see
promises/followup/selectors.py) with the body that approved it, its PDFs are stored, and
it can be published beside the promise.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from phases.models import CouncilDecision
from phases.scoping import project_owned

from .versions import FrozenError


class FollowUpReport(models.Model):
    class Body(models.TextChoices):
        BOARD = "board", _("The regional board")
        COUNCIL = "council", _("The regional council")

    decision = models.ForeignKey(
        CouncilDecision, on_delete=models.PROTECT, related_name="follow_up_reports"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    # translated (fi/sv/en), Markdown: written by staff
    summary = models.TextField(_("the year in brief"), blank=True)
    next_actions = models.TextField(_("next year's actions"), blank=True)
    due_on = models.DateField(_("to be approved by"), null=True, blank=True)
    approving_body = models.CharField(
        _("approved by"), max_length=10, choices=Body.choices, default=Body.BOARD
    )
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    approval_reference = models.CharField(_("minutes section"), max_length=100, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # the report as approved: see promises.followup.selectors.build_report; {} until then
    snapshot = models.JSONField(_("report as approved"), default=dict, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    lock_version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = project_owned("decision__project")

    class Meta:
        ordering = ["decision", "-year"]
        verbose_name = _("follow-up report")
        verbose_name_plural = _("follow-up reports")
        constraints = [
            models.UniqueConstraint(fields=["decision", "year"], name="unique_follow_up_year")
        ]

    def __str__(self):
        return f"{self.decision} {self.year}"

    @property
    def is_approved(self) -> bool:
        return bool(self.snapshot)

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    @property
    def status_label(self) -> str:
        """Published, approved or in preparation, for the staff's list and page."""
        if self.is_published:
            return _("Published")
        return _("Approved") if self.is_approved else _("In preparation")


class FollowUpDocumentQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise FrozenError("Follow-up documents are kept as they were approved.")

    def delete(self):
        raise FrozenError("Follow-up documents are kept as they were approved.")


class FollowUpDocument(models.Model):
    """The approved report as a tagged PDF/A in one language, with its SHA-256. Immutable."""

    report = models.ForeignKey(FollowUpReport, on_delete=models.PROTECT, related_name="documents")
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES)
    file = models.FileField(_("PDF"), upload_to="follow-up/%Y/")
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size = models.PositiveIntegerField(_("size in bytes"))
    pages = models.PositiveIntegerField(_("pages"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = project_owned(
        "report__decision__project", models.Manager.from_queryset(FollowUpDocumentQuerySet)
    )

    class Meta:
        ordering = ["report", "language"]
        verbose_name = _("follow-up document")
        verbose_name_plural = _("follow-up documents")
        constraints = [
            models.UniqueConstraint(fields=["report", "language"], name="unique_follow_up_doc")
        ]

    def __str__(self):
        return f"{self.report} ({self.language})"
