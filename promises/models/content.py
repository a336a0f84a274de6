"""The working draft of a promise: vision, 5 perspectives x 2 sides, statements, commitments.

Text fields are translated columns (fi/sv/en, django-modeltranslation; see
promises/translation.py). Rich text is Markdown, sanitised when rendered. Every editable
row carries `lock_version` for optimistic locking: a save that started from an older
version is detected, never silently overwrites.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from phases.models import PromiseProject, Region
from phases.perspectives import Perspective, Side


class StrategyGoal(models.Model):
    class Kind(models.TextChoices):
        REGIONAL_STRATEGY = "regional", _("Regional strategy")
        SERVICE_STRATEGY = "service", _("Service strategy")
        NATIONAL = "national", _("National goal")

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="strategy_goals")
    kind = models.CharField(_("source"), max_length=20, choices=Kind.choices)
    code = models.CharField(_("code"), max_length=30, blank=True, help_text=_("E.g. RS 2.1"))
    title = models.CharField(_("goal"), max_length=300)  # translated
    description = models.TextField(_("description"), blank=True)  # translated
    order = models.PositiveIntegerField(default=0)
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["kind", "order", "code", "pk"]
        verbose_name = _("strategy goal")
        verbose_name_plural = _("strategy goals")

    def __str__(self):
        return f"{self.code} {self.title}".strip()


class Promise(models.Model):
    """One promise of a project, for one customer segment (e.g. all residents)."""

    project = models.ForeignKey(PromiseProject, on_delete=models.CASCADE, related_name="promises")
    title = models.CharField(_("customer segment"), max_length=200)  # translated
    vision = models.TextField(_("vision"), blank=True)  # translated, Markdown
    order = models.PositiveIntegerField(default=0)
    copied_from = models.ForeignKey(
        "PromiseVersion", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    lock_version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
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
    history = HistoricalRecords()

    class Meta:
        ordering = ["cell", "order", "pk"]
        verbose_name = pgettext_lazy("promise statement", "statement")
        verbose_name_plural = _("statements")

    def __str__(self):
        return self.text


class Commitment(models.Model):
    """A concrete, measurable commitment under one perspective."""

    promise = models.ForeignKey(Promise, on_delete=models.CASCADE, related_name="commitments")
    perspective = models.CharField(_("perspective"), max_length=20, choices=Perspective.choices)
    order = models.PositiveIntegerField(default=0)
    title = models.CharField(_("commitment"), max_length=400)  # translated
    description = models.TextField(_("description"), blank=True)  # translated, Markdown
    responsible = models.CharField(_("responsible unit"), max_length=200, blank=True)
    strategy_goals = models.ManyToManyField(
        StrategyGoal, verbose_name=_("strategy goals"), blank=True, related_name="commitments"
    )
    lock_version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords(m2m_fields=[strategy_goals])

    class Meta:
        ordering = ["promise", "order", "pk"]
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")

    def __str__(self):
        return self.title


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

    class Meta:
        verbose_name = _("finalisation answer")
        verbose_name_plural = _("finalisation answers")
        constraints = [
            models.UniqueConstraint(fields=["promise", "question"], name="unique_finalisation")
        ]

    def __str__(self):
        return f"{self.question}: {self.answer or '-'}"
