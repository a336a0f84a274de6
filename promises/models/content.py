"""The working draft of a promise: vision, 5 perspectives x 2 sides, statements, commitments.

Text fields are translated columns (fi/sv/en, django-modeltranslation; see
promises/translation.py). Rich text is Markdown, sanitised when rendered. Every editable
row carries `lock_version` for optimistic locking: a save that started from an older
version is detected, never silently overwrites.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from phases.models import PromiseProject, Region
from phases.perspectives import Perspective, Side
from phases.scoping import project_owned, region_owned

# Real strategies have node names and commitments of several thousand characters (a means
# of 400+ characters is common); the limits only stop a runaway paste.
LONG_TITLE_MAX = 8000
LONG_TEXT_MAX = 40_000  # a description or context paragraph (forms; the columns are text)


class StrategyGoal(models.Model):
    """A node of the region's strategy tree: theme -> focus area -> goal -> means.

    A node's `level` says what it is; its parent (if any) is of a higher level (a smaller
    number), so a tree may skip levels (a theme directly over goals). A node without a
    parent is a root of its source's tree; the flat list of earlier versions is a tree of
    roots at the goal level.
    """

    class Kind(models.TextChoices):
        REGIONAL_STRATEGY = "regional", _("Regional strategy")
        SERVICE_STRATEGY = "service", _("Service strategy")
        NATIONAL = "national", _("National goal")

    class Level(models.IntegerChoices):
        THEME = 1, _("Theme")
        FOCUS_AREA = 2, _("Focus area")
        GOAL = 3, pgettext_lazy("strategy level", "Goal")
        MEANS = 4, _("Means")

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="strategy_goals")
    kind = models.CharField(_("source"), max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
    )
    level = models.PositiveSmallIntegerField(_("level"), choices=Level.choices, default=Level.GOAL)
    code = models.CharField(_("code"), max_length=30, blank=True, help_text=_("E.g. RS 2.1"))
    title = models.CharField(_("goal"), max_length=LONG_TITLE_MAX)  # translated
    description = models.TextField(_("description"), blank=True)  # translated
    order = models.PositiveIntegerField(default=0)
    active = models.BooleanField(_("in use"), default=True)

    objects = region_owned("region")

    class Meta:
        ordering = ["kind", "order", "code", "pk"]
        verbose_name = _("strategy goal")
        verbose_name_plural = _("strategy goals")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(level__gte=1, level__lte=4), name="strategy_level_range"
            )
        ]

    def __str__(self):
        return f"{self.code} {self.title}".strip()

    def clean(self):
        if self.parent_id is not None:
            parent = self.parent
            if parent.region_id != self.region_id:
                raise ValidationError(_("The parent belongs to another region."))
            if parent.level >= self.level:
                raise ValidationError(
                    _("A %(level)s cannot be placed under a %(parent)s.")
                    % {"level": self.get_level_display(), "parent": parent.get_level_display()}
                )


class Promise(models.Model):
    """One promise of a project, for one customer segment (e.g. all residents)."""

    project = models.ForeignKey(PromiseProject, on_delete=models.CASCADE, related_name="promises")
    title = models.CharField(_("customer segment"), max_length=200)  # translated
    vision = models.TextField(_("vision"), blank=True)  # translated, Markdown
    slogan = models.CharField(_("slogan"), max_length=200, blank=True)  # translated
    outcomes = models.TextField(
        _("intended outcomes"), blank=True
    )  # translated, Markdown: the strategy's intended outcomes
    order = models.PositiveIntegerField(default=0)
    copied_from = models.ForeignKey(
        "PromiseVersion", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    lock_version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    objects = project_owned("project")

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("promise")
        verbose_name_plural = _("promises")

    def __str__(self):
        return self.title


class PerspectiveCell(models.Model):
    """One (perspective, side) cell: a goal summary and an ordered list of statements."""

    promise = models.ForeignKey(Promise, on_delete=models.CASCADE, related_name="cells")
    perspective = models.CharField(_("perspective"), max_length=20, choices=Perspective.choices)
    side = models.CharField(_("side"), max_length=20, choices=Side.choices)
    goal = models.TextField(_("goal summary"), blank=True)  # translated, Markdown
    lock_version = models.PositiveIntegerField(default=1)
    objects = project_owned("promise__project")

    history = HistoricalRecords()

    class Meta:
        ordering = ["promise", "pk"]
        verbose_name = _("perspective cell")
        verbose_name_plural = _("perspective cells")
        constraints = [
            models.UniqueConstraint(
                fields=["promise", "perspective", "side"], name="unique_promise_cell"
            )
        ]

    def __str__(self):
        return f"{self.get_perspective_display()} / {self.get_side_display()}"


class PromiseStatement(models.Model):
    cell = models.ForeignKey(PerspectiveCell, on_delete=models.CASCADE, related_name="statements")
    order = models.PositiveIntegerField(default=0)
    text = models.TextField(pgettext_lazy("promise statement", "statement"))  # translated
    lock_version = models.PositiveIntegerField(default=1)
    objects = project_owned("cell__promise__project")

    history = HistoricalRecords()

    class Meta:
        ordering = ["cell", "order", "pk"]
        verbose_name = pgettext_lazy("promise statement", "statement")
        verbose_name_plural = _("statements")

    def __str__(self):
        return self.text


# A commitment's save and its goal links are one history record (services write it once
# the links are set): kept here so that services can write it.
COMMITMENT_HISTORY = HistoricalRecords(m2m_fields=["strategy_goals"])


class Commitment(models.Model):
    """One promise item, entered once: a concrete, measurable commitment.

    It stands on the organiser's side, the resident's side or both; it has zero, one or
    several perspectives (`perspective` is the first, where it is listed; `other_perspectives`
    the rest; none at all is a cross-cutting commitment); it serves goals at any level of the
    strategy tree and is measured by indicators (the indicators app) or names where and by
    when its indicator will be set (a pending indicator, with a reason). A statutory service
    standard is a commitment of its own kind with the legal reference it follows.
    """

    class Sides(models.TextChoices):
        ORGANISER = "organiser", _("Organiser's side")
        RESIDENT = "resident", _("Resident's side")
        BOTH = "both", _("Both sides")

    class Kind(models.TextChoices):
        OWN = "own", _("The region's own promise")
        STATUTORY = "statutory", _("Statutory service standard")

    promise = models.ForeignKey(Promise, on_delete=models.CASCADE, related_name="commitments")
    perspective = models.CharField(
        _("perspective"), max_length=20, choices=Perspective.choices, blank=True
    )
    # Perspective keys (a JSON list, so that SQLite for `make run` holds it too).
    other_perspectives = models.JSONField(_("other perspectives"), default=list, blank=True)
    side = models.CharField(
        _("side"), max_length=10, choices=Sides.choices, default=Sides.ORGANISER
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.OWN)
    legal_reference = models.CharField(
        _("legal reference"), max_length=1000, blank=True, help_text=_("Act and section")
    )  # translated
    indicator_pending_document = models.CharField(
        _("indicator to be set in"), max_length=300, blank=True
    )  # translated
    indicator_pending_by = models.DateField(_("indicator to be set by"), null=True, blank=True)
    indicator_pending_reason = models.TextField(
        _("why the indicator is not set yet"), blank=True
    )  # translated
    order = models.PositiveIntegerField(default=0)
    title = models.CharField(_("commitment"), max_length=LONG_TITLE_MAX)  # translated
    description = models.TextField(_("description"), blank=True)  # translated, Markdown
    responsible = models.CharField(_("responsible unit"), max_length=200, blank=True)
    strategy_goals = models.ManyToManyField(
        StrategyGoal, verbose_name=_("strategy goals"), blank=True, related_name="commitments"
    )
    # The previous cycle's commitment this one was copied from (the next cycle's indicators
    # follow the link to measure the copy).
    copied_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    lock_version = models.PositiveIntegerField(default=1)
    objects = project_owned("promise__project")

    history = COMMITMENT_HISTORY

    class Meta:
        ordering = ["promise", "order", "pk"]
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")

    def __str__(self):
        return self.title

    @property
    def perspectives(self) -> list[str]:
        """All its perspectives, the first first; [] for a cross-cutting commitment."""
        first = [self.perspective] if self.perspective else []
        return first + [p for p in self.other_perspectives if p not in first]

    @property
    def indicator_pending(self) -> bool:
        """It says where its indicator will be set and why not yet (by when, if known)."""
        from phases.translated import texts

        return bool(
            any(texts(self, "indicator_pending_document").values())
            and any(texts(self, "indicator_pending_reason").values())
        )

    @classmethod
    def pending_q(cls) -> models.Q:
        """Commitments whose indicator is pending with a document and a reason (the date
        is optional)."""
        from phases.translated import LANGS

        def written(field):
            q = models.Q()
            for lang in LANGS:
                q |= ~models.Q(**{f"{field}_{lang}": ""}) & models.Q(
                    **{f"{field}_{lang}__isnull": False}
                )
            return q

        return written("indicator_pending_document") & written("indicator_pending_reason")


class FinalisationAnswer(models.Model):
    """The handbook's five test questions, answered per promise before finalisation."""

    class Answer(models.TextChoices):
        YES = "yes", _("Yes")
        PARTLY = "partly", _("Partly")
        NO = "no", _("No")

    promise = models.ForeignKey(Promise, on_delete=models.CASCADE, related_name="finalisation")
    question = models.CharField(
        max_length=40
    )  # key in phases.catalogue_data.FINALISATION_QUESTIONS
    answer = models.CharField(_("answer"), max_length=10, choices=Answer.choices, blank=True)
    note = models.TextField(_("note"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    objects = project_owned("promise__project")

    class Meta:
        verbose_name = _("finalisation answer")
        verbose_name_plural = _("finalisation answers")
        constraints = [
            models.UniqueConstraint(fields=["promise", "question"], name="unique_finalisation")
        ]

    def __str__(self):
        return f"{self.question}: {self.answer or '-'}"
