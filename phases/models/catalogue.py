"""The national six-phase model as data: phases, tasks, required results, checklists.

Filled from phases/catalogue_data.py by phases.catalogue.sync_catalogue() (run by a data
migration and by `manage.py load_catalogue`). Texts are translated columns (fi/sv/en).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class PhaseManager(models.Manager):
    def get_by_natural_key(self, number):
        return self.get(number=number)


class PhaseItemManager(models.Manager):
    """Catalogue rows are found by (phase number, key) across databases (backup/restore)."""

    def get_by_natural_key(self, phase_number, key):
        return self.get(phase__number=phase_number, key=key)


class StatementManager(models.Manager):
    def get_by_natural_key(self, phase_number, checklist_key, key):
        return self.get(
            checklist__phase__number=phase_number, checklist__key=checklist_key, key=key
        )


class PhaseDefinition(models.Model):
    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    key = models.SlugField(max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    outcome = models.TextField(_("outcome"), blank=True)

    objects = PhaseManager()

    class Meta:
        ordering = ["number"]
        verbose_name = _("phase")
        verbose_name_plural = _("phases")

    def __str__(self):
        return f"{self.number}. {self.name}"

    def natural_key(self):
        return (self.number,)


class TaskDefinition(models.Model):
    phase = models.ForeignKey(PhaseDefinition, on_delete=models.CASCADE, related_name="tasks")
    key = models.SlugField(max_length=60)
    order = models.PositiveSmallIntegerField(default=0)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    required = models.BooleanField(_("required"), default=True)

    objects = PhaseItemManager()

    class Meta:
        ordering = ["phase__number", "order"]
        verbose_name = _("task of the model")
        verbose_name_plural = _("tasks of the model")
        constraints = [
            models.UniqueConstraint(fields=["phase", "key"], name="unique_task_definition")
        ]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.phase.number, self.key)

    natural_key.dependencies = ["phases.phasedefinition"]


class ResultDefinition(models.Model):
    phase = models.ForeignKey(PhaseDefinition, on_delete=models.CASCADE, related_name="results")
    key = models.SlugField(max_length=60)
    order = models.PositiveSmallIntegerField(default=0)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    provided_by = models.CharField(
        max_length=60,
        blank=True,
        help_text="Registry key of the module that fulfils this result; empty for a document.",
    )

    objects = PhaseItemManager()

    class Meta:
        ordering = ["phase__number", "order"]
        verbose_name = _("required result")
        verbose_name_plural = _("required results")
        constraints = [
            models.UniqueConstraint(fields=["phase", "key"], name="unique_result_definition")
        ]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.phase.number, self.key)

    natural_key.dependencies = ["phases.phasedefinition"]


class ChecklistDefinition(models.Model):
    phase = models.ForeignKey(PhaseDefinition, on_delete=models.CASCADE, related_name="checklists")
    key = models.SlugField(max_length=60)
    order = models.PositiveSmallIntegerField(default=0)
    name = models.CharField(_("name"), max_length=200)
    intro = models.TextField(_("introduction"), blank=True)

    objects = PhaseItemManager()

    class Meta:
        ordering = ["phase__number", "order"]
        verbose_name = _("checklist")
        verbose_name_plural = _("checklists")
        constraints = [
            models.UniqueConstraint(fields=["phase", "key"], name="unique_checklist_definition")
        ]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.phase.number, self.key)

    natural_key.dependencies = ["phases.phasedefinition"]


class ChecklistStatement(models.Model):
    checklist = models.ForeignKey(
        ChecklistDefinition, on_delete=models.CASCADE, related_name="statements"
    )
    key = models.SlugField(max_length=60)
    order = models.PositiveSmallIntegerField(default=0)
    text = models.TextField(pgettext_lazy("checklist statement", "statement"))

    objects = StatementManager()

    class Meta:
        ordering = ["checklist__phase__number", "checklist__order", "order"]
        verbose_name = _("checklist statement")
        verbose_name_plural = _("checklist statements")
        constraints = [
            models.UniqueConstraint(fields=["checklist", "key"], name="unique_checklist_statement")
        ]

    def __str__(self):
        return self.text

    def natural_key(self):
        return (self.checklist.phase.number, self.checklist.key, self.key)

    natural_key.dependencies = ["phases.checklistdefinition"]
