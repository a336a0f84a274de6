from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..scoping import project_owned
from .project import APPROVING_OUTCOMES, PromiseProject


class CouncilDecisionQuerySet(models.QuerySet):
    """The one definition of "approved" (issue 28):

    - `approved()`: the council decided to approve and the approval is recorded, i.e. its
      frozen versions and package exist (promises' `DecisionApproval`, the reverse
      one-to-one `approval`, written in the same transaction as the decision). Final for
      the process: no return to preparation, no later contradicting decision
      (`PromiseProject.has_approval`).
    - published: `approved()` whose PDFs are all stored; that needs the documents table
      and is `promises.decision.selectors.published_decisions`, built on `approved()`.
    """

    def approved(self) -> "CouncilDecisionQuerySet":
        return self.filter(outcome__in=APPROVING_OUTCOMES, approval__isnull=False)


class CouncilDecision(models.Model):
    """The council's decision on the promise (phase 4), recorded by the secretary."""

    class Outcome(models.TextChoices):
        APPROVED = "approved", _("Approved")
        APPROVED_WITH_CHANGES = "approved_with_changes", _("Approved with changes")
        RETURNED = "returned", _("Returned for preparation")

    project = models.ForeignKey(PromiseProject, on_delete=models.CASCADE, related_name="decisions")
    body = models.CharField(
        _("decision-making body"), max_length=200, help_text=_("E.g. the regional council")
    )
    meeting_date = models.DateField(_("meeting date"))
    section = models.CharField(_("section (§)"), max_length=30)
    outcome = models.CharField(_("decision"), max_length=30, choices=Outcome.choices)
    text = models.TextField(_("decision text"), blank=True)
    case_number = models.CharField(
        _("case number"),
        max_length=60,
        blank=True,
        help_text=_("The matter's case (diary) number in the region's case management."),
    )
    minutes_url = models.URLField(_("link to the meeting minutes"), max_length=500, blank=True)

    # The promise's term: an approved promise whose term has not started leaves the one
    # in force in place publicly until `period_start`.
    period_start = models.DateField(_("in force from"), null=True, blank=True)
    period_end = models.DateField(_("in force until"), null=True, blank=True)
    decided_in_advance = models.BooleanField(
        _("decision taken in advance"),
        default=False,
        help_text=_("Only for a meeting date in the future: the decision is recorded ahead."),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    # The approval's PDFs are rendered by background tasks (promises.decision.tasks): when they gave
    # up after their retries (the decision page then offers to render them again).
    documents_failed_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = project_owned("project", models.Manager.from_queryset(CouncilDecisionQuerySet))

    class Meta:
        ordering = ["-meeting_date", "-recorded_at"]
        verbose_name = _("council decision")
        verbose_name_plural = _("council decisions")

    def __str__(self):
        return f"{self.body} {self.meeting_date} § {self.section}"

    @property
    def is_approval(self) -> bool:
        return self.outcome in APPROVING_OUTCOMES
