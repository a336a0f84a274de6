from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from django_fsm import RETURN_VALUE, ConcurrentTransitionMixin, FSMIntegerField, transition
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase
from simple_history.models import HistoricalRecords

from .. import roles
from ..phase_numbers import DECISION_PHASE, FIRST_PHASE, LAST_PHASE, PHASES, PREPARATION_PHASE
from ..roles import Role
from ..scoping import project_owned, region_owned
from .catalogue import ChecklistStatement, ResultDefinition, TaskDefinition
from .region import Region
from .stamps import CreatedStamp, UpdatedStamp


def _phase_label(number: int) -> str:
    return _("Phase %(number)d") % {"number": number}


PHASE_CHOICES = [(n, lazy(_phase_label, str)(n)) for n in PHASES]


def requirements_met(project: "PromiseProject") -> bool:
    """FSM condition: every rule registered for the current phase holds."""
    from ..registry import registry

    return not registry.blockers(project, project.phase)


def can_advance(project: "PromiseProject", user) -> bool:
    return user.has_perm(roles.full(roles.ADVANCE_PHASE), project)


def can_return(project: "PromiseProject", user) -> bool:
    return any(user.has_perm(roles.full(p), project) for p in roles.RETURN_PERMISSIONS)


# The outcomes of CouncilDecision that approve the promise (kept here: no import cycle).
APPROVING_OUTCOMES = ("approved", "approved_with_changes")


def not_approved(project: "PromiseProject") -> bool:
    """FSM condition: an approved council decision is final, the project cannot go back."""
    return not project.has_approval


class PromiseProject(ConcurrentTransitionMixin, CreatedStamp):
    """One cycle of making a region's service promise, moving through phases 1 to 6."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="projects")
    title = models.CharField(_("title"), max_length=200)  # translated
    term_start = models.PositiveSmallIntegerField(_("first year"))
    term_end = models.PositiveSmallIntegerField(_("last year"))
    case_number = models.CharField(
        _("case number"),
        max_length=60,
        blank=True,
        help_text=_("The matter's case (diary) number in the region's case management."),
    )
    phase = FSMIntegerField(_("phase"), default=FIRST_PHASE, choices=PHASE_CHOICES, protected=True)
    previous_project = models.ForeignKey(
        "self",
        verbose_name=_("previous cycle"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="next_projects",
    )
    phase_changed_at = models.DateTimeField(null=True, blank=True)
    # Raised by every write of the project's content (phases.content): what is computed
    # from the content alone (the dashboard's readiness) is cached under it.
    content_version = models.PositiveIntegerField(default=0, editable=False)

    objects = region_owned("region")

    class Meta:
        ordering = ["-term_start", "-created_at"]
        verbose_name = _("promise project")
        verbose_name_plural = _("promise projects")
        permissions = [
            ("edit_content", _("Can edit the project's content")),
            ("advance_phase", _("Can advance the project's phase")),
            ("prepare_decision", _("Can prepare the decision package")),
            ("record_decision", _("Can record the council decision")),
            ("manage_project", _("Can manage the project's settings and members")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(term_end__gte=models.F("term_start")),
                name="project_term_ordered",
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse(
            "phases:project_dashboard", kwargs={"region": self.region.slug, "project": self.pk}
        )

    def clean(self):
        if self.term_start and self.term_end and self.term_end < self.term_start:
            raise ValidationError({"term_end": _("The last year cannot be before the first year.")})

    @property
    def term_years(self) -> list[int]:
        return list(range(self.term_start, self.term_end + 1))

    @property
    def is_last_phase(self) -> bool:
        return self.phase == LAST_PHASE

    @property
    def has_approval(self) -> bool:
        """The council's approval is recorded (`CouncilDecisionQuerySet.approved`): final.
        A later change is a new revision project, never a return of this one."""
        return self.decisions.approved().exists()

    @transition(
        field=phase,
        source=list(range(FIRST_PHASE, LAST_PHASE)),
        target=RETURN_VALUE(*range(FIRST_PHASE + 1, LAST_PHASE + 1)),
        conditions=[requirements_met],
        permission=can_advance,
    )
    def advance(self):
        """Move to the next phase. Called only from phases.services.project_advance."""
        return self.phase + 1

    @transition(
        field=phase,
        source=DECISION_PHASE,
        target=PREPARATION_PHASE,
        conditions=[not_approved],
        permission=can_return,
    )
    def return_for_preparation(self):
        """The council returns the matter for preparation (phase 4 back to 3)."""


class ProjectUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(PromiseProject, on_delete=models.CASCADE)


class ProjectGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(PromiseProject, on_delete=models.CASCADE)


class ProjectMembership(models.Model):
    """A role in one project only (e.g. a working-group member of a single cycle)."""

    project = models.ForeignKey(
        PromiseProject, on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="project_memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = project_owned("project")

    class Meta:
        verbose_name = _("project member")
        verbose_name_plural = _("project members")
        constraints = [
            models.UniqueConstraint(fields=["project", "user"], name="unique_project_member")
        ]

    def __str__(self):
        return f"{self.user} ({self.get_role_display()}, {self.project})"


class ProjectTask(UpdatedStamp):
    class Status(models.TextChoices):
        TODO = "todo", _("To do")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        NOT_APPLICABLE = "not_applicable", _("Not applicable")

    project = models.ForeignKey(PromiseProject, on_delete=models.CASCADE, related_name="tasks")
    definition = models.ForeignKey(TaskDefinition, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default="todo")
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assignee"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_tasks",
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    not_applicable_reason = models.TextField(_("reason it does not apply"), blank=True)
    lock_version = models.PositiveIntegerField(default=1)  # phases.locking
    objects = project_owned("project")

    history = HistoricalRecords()

    class Meta:
        ordering = ["definition__phase__number", "definition__order"]
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        constraints = [
            models.UniqueConstraint(fields=["project", "definition"], name="unique_project_task"),
            models.CheckConstraint(
                condition=~models.Q(status="not_applicable") | ~models.Q(not_applicable_reason=""),
                name="task_not_applicable_has_reason",
            ),
        ]

    def __str__(self):
        return str(self.definition)

    @property
    def is_settled(self) -> bool:
        return self.status in {self.Status.DONE, self.Status.NOT_APPLICABLE}

    @classmethod
    def reason_missing(cls, status, reason) -> str | None:
        """The rule's message when a task marked not applicable has no reason, else None."""
        if status == cls.Status.NOT_APPLICABLE and not (reason or "").strip():
            return _("Write why the task does not apply before marking it not applicable.")
        return None

    def clean(self):
        missing = self.reason_missing(self.status, self.not_applicable_reason)
        if missing:
            raise ValidationError({"not_applicable_reason": missing})


class ProjectResult(UpdatedStamp):
    """A required result written or attached in the app (a document result)."""

    project = models.ForeignKey(PromiseProject, on_delete=models.CASCADE, related_name="results")
    definition = models.ForeignKey(ResultDefinition, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("text"), blank=True)
    attachment = models.FileField(_("attachment"), upload_to="results/%Y/", blank=True)
    objects = project_owned("project")

    history = HistoricalRecords(excluded_fields=["attachment"])

    class Meta:
        ordering = ["definition__phase__number", "definition__order"]
        verbose_name = _("result")
        verbose_name_plural = _("results")
        constraints = [
            models.UniqueConstraint(fields=["project", "definition"], name="unique_project_result")
        ]

    def __str__(self):
        return str(self.definition)

    @property
    def is_present(self) -> bool:
        return bool(self.text.strip() or self.attachment)


class ChecklistAnswer(models.Model):
    class Answer(models.TextChoices):
        YES = "yes", _("Yes")
        PARTLY = "partly", _("Partly")
        NO = "no", _("No")

    project = models.ForeignKey(
        PromiseProject, on_delete=models.CASCADE, related_name="checklist_answers"
    )
    statement = models.ForeignKey(ChecklistStatement, on_delete=models.PROTECT, related_name="+")
    answer = models.CharField(_("answer"), max_length=10, choices=Answer.choices, blank=True)
    note = models.TextField(_("note"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    objects = project_owned("project")

    class Meta:
        ordering = ["statement__checklist__order", "statement__order"]
        verbose_name = _("checklist answer")
        verbose_name_plural = _("checklist answers")
        constraints = [
            models.UniqueConstraint(fields=["project", "statement"], name="unique_checklist_answer")
        ]

    def __str__(self):
        return f"{self.statement}: {self.answer or '-'}"


class PhaseTransition(models.Model):
    """The log of every phase change: who, when, from, to, and why."""

    class Kind(models.TextChoices):
        ADVANCE = "advance", _("Advanced")
        RETURN = "return", _("Returned for preparation")

    project = models.ForeignKey(
        PromiseProject, on_delete=models.CASCADE, related_name="transitions"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    from_phase = models.PositiveSmallIntegerField(_("from phase"))
    to_phase = models.PositiveSmallIntegerField(_("to phase"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True)

    objects = project_owned("project")

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("phase transition")
        verbose_name_plural = _("phase transitions")

    def __str__(self):
        return f"{self.project}: {self.from_phase} → {self.to_phase}"
