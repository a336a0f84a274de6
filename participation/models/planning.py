"""Phases 1–2: stakeholders, the participation plan, activities, inputs and the synthesis."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from phases.models import PromiseProject
from phases.models.stamps import CreatedStamp, UpdatedStamp
from phases.perspectives import Perspective
from phases.scoping import project_owned
from promises.models import Commitment, PromiseStatement


class Method(models.TextChoices):
    WORKSHOP = "workshop", _("Workshop")
    E_SURVEY = "e_survey", _("E-survey")
    RESIDENT_PANEL = "resident_panel", _("Resident panel")
    SOCIAL_MEDIA = "social_media", _("Social media")
    WEB_PAGE = "web_page", _("Web page")
    INTRANET = "intranet", _("Intranet")
    HEARING = "hearing", _("Hearing")
    OPINION_ROUND = "opinion_round", _("Opinion round")
    OTHER = "other", _("Other")


class Stakeholder(models.Model):
    """A stakeholder of one project: from the national catalogue (`key`) or the region's own."""

    project = models.ForeignKey(
        PromiseProject, on_delete=models.CASCADE, related_name="stakeholders"
    )
    key = models.SlugField(max_length=60, blank=True)  # catalogue key; empty for the region's own
    name = models.CharField(_("name"), max_length=200)  # translated
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveIntegerField(default=0)

    objects = project_owned("project")

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("stakeholder")
        verbose_name_plural = _("stakeholders")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "key"],
                condition=~models.Q(key=""),
                name="unique_catalogue_stakeholder",
            )
        ]

    def __str__(self):
        return self.name

    @property
    def from_catalogue(self) -> bool:
        return bool(self.key)


class PlanItem(models.Model):
    """One line of the participation plan: which method for which stakeholder, when."""

    project = models.ForeignKey(
        PromiseProject, on_delete=models.CASCADE, related_name="participation_plan"
    )
    stakeholder = models.ForeignKey(
        Stakeholder, verbose_name=_("stakeholder"), on_delete=models.CASCADE, related_name="plan"
    )
    method = models.CharField(_("method"), max_length=20, choices=Method.choices)
    timing = models.CharField(
        _("when"), max_length=100, help_text=_("E.g. March 2027 or before the first draft")
    )
    notes = models.TextField(_("notes"), blank=True)

    objects = project_owned("project")

    class Meta:
        ordering = ["stakeholder__order", "pk"]
        verbose_name = _("plan item")
        verbose_name_plural = _("participation plan")

    def __str__(self):
        return f"{self.stakeholder}: {self.get_method_display()}"


class Activity(models.Model):
    """Something done to involve people. Source records often give only a year, a season
    or a month, or no date at all, and no head count: `date_precision` says how much of
    `date` is known (the date is then the period's first day; none when not known) and
    `participants` is empty when not counted."""

    class Precision(models.TextChoices):
        DAY = "day", _("Exact date")
        MONTH = "month", _("Month")
        SEASON = "season", _("Season")
        YEAR = "year", _("Year")
        UNKNOWN = "unknown", _("Not known")

    project = models.ForeignKey(
        PromiseProject, on_delete=models.CASCADE, related_name="participation_activities"
    )
    title = models.CharField(_("title"), max_length=200)
    method = models.CharField(_("method"), max_length=20, choices=Method.choices)
    date = models.DateField(_("date"), null=True, blank=True)
    date_precision = models.CharField(
        _("date known to"), max_length=10, choices=Precision.choices, default=Precision.DAY
    )
    stakeholders = models.ManyToManyField(
        Stakeholder, verbose_name=_("stakeholders reached"), blank=True, related_name="activities"
    )
    participants = models.PositiveIntegerField(
        _("number of participants"), null=True, blank=True, help_text=_("Empty: not counted")
    )
    notes = models.TextField(_("notes"), blank=True)

    objects = project_owned("project")

    class Meta:
        # The undated last: they are usually the oldest records.
        ordering = [models.F("date").desc(nulls_last=True), "-pk"]
        verbose_name = _("participation activity")
        verbose_name_plural = _("participation activities")

    def __str__(self):
        return self.title

    @property
    def when(self) -> str:
        """The date as precisely as it is known: "12.10.2021", "October 2021", "autumn 2021",
        or that it is not known."""
        from participation.dates import approximate_date

        if self.date is None:
            return str(_("date not known"))
        return approximate_date(self.date, self.date_precision)


class Input(CreatedStamp):
    """What a stakeholder raised, tagged with perspectives; may be cited by the promise."""

    project = models.ForeignKey(
        PromiseProject, on_delete=models.CASCADE, related_name="participation_inputs"
    )
    text = models.TextField(_("what was raised"))
    stakeholder = models.ForeignKey(
        Stakeholder,
        verbose_name=_("stakeholder"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="inputs",
    )
    activity = models.ForeignKey(
        Activity,
        verbose_name=_("activity"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="inputs",
    )
    perspectives = models.JSONField(_("perspectives"), default=list, blank=True)
    statements = models.ManyToManyField(
        PromiseStatement,
        verbose_name=_("promise statements citing it"),
        blank=True,
        related_name="participation_inputs",
    )
    commitments = models.ManyToManyField(
        Commitment,
        verbose_name=_("commitments citing it"),
        blank=True,
        related_name="participation_inputs",
    )

    objects = project_owned("project")

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("input")
        verbose_name_plural = _("inputs")

    def __str__(self):
        return self.text[:80]

    def perspective_labels(self) -> list[str]:
        labels = dict(Perspective.choices)
        return [str(labels[p]) for p in Perspective.values if p in self.perspectives]


class Synthesis(UpdatedStamp):
    """What the stakeholders raised about one perspective, or one common synthesis that
    covers every perspective (`perspective` COMMON; text is translated: fi/sv/en)."""

    COMMON = "common"

    project = models.ForeignKey(
        PromiseProject, on_delete=models.CASCADE, related_name="participation_syntheses"
    )
    perspective = models.CharField(
        _("perspective"),
        max_length=20,
        choices=[(COMMON, _("Every perspective (a common synthesis)")), *Perspective.choices],
    )
    text = models.TextField(_("synthesis"), blank=True)
    lock_version = models.PositiveIntegerField(default=1)

    objects = project_owned("project")

    class Meta:
        ordering = ["project", "pk"]
        verbose_name = _("synthesis")
        verbose_name_plural = _("syntheses")
        constraints = [
            models.UniqueConstraint(fields=["project", "perspective"], name="unique_synthesis")
        ]

    def __str__(self):
        return self.get_perspective_display()

    def has_text(self) -> bool:
        return any(
            (getattr(self, f"text_{lang}", "") or "").strip() for lang, _n in settings.LANGUAGES
        )


class ParticipationSettings(models.Model):
    project = models.OneToOneField(
        PromiseProject, on_delete=models.CASCADE, related_name="participation_settings"
    )
    erase_emails_after_days = models.PositiveIntegerField(
        _("erase commenters' e-mail addresses after (days)"),
        default=90,
        help_text=_("Counted from the day the round's analysis was marked done."),
    )

    objects = project_owned("project")

    class Meta:
        verbose_name = _("participation settings")
        verbose_name_plural = _("participation settings")

    def __str__(self):
        return str(self.project)
