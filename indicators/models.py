"""Indicators of a promise project: what is measured, the yearly targets, the measurements,
and the annual written assessment of each commitment.

Translated columns (fi/sv/en, django-modeltranslation; see indicators/translation.py):
Indicator.name, .description, .unit and Assessment.text.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from phases.models import PromiseProject
from phases.models.stamps import UpdatedStamp
from phases.perspectives import Perspective
from phases.scoping import project_owned
from promises.models import Commitment

from .sotkanet import is_thl
from .status import Period

SOTKANET_LANGUAGES = {"fi", "sv", "en"}


class Indicator(models.Model):
    class Kind(models.TextChoices):
        PROGRESS = "progress", _("Progress indicator")
        OUTCOME = "outcome", _("Outcome indicator")

    class Direction(models.TextChoices):
        HIGHER = "higher", _("Higher is better")
        LOWER = "lower", _("Lower is better")

    project = models.ForeignKey(PromiseProject, on_delete=models.CASCADE, related_name="indicators")
    name = models.CharField(_("name"), max_length=300)  # translated
    description = models.TextField(_("description"), blank=True)  # translated
    perspective = models.CharField(_("perspective"), max_length=20, choices=Perspective.choices)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.OUTCOME)
    unit = models.CharField(
        _("unit"), max_length=60, blank=True, help_text=_("E.g. %, working days, NPS")
    )  # translated
    direction = models.CharField(
        _("direction"), max_length=10, choices=Direction.choices, default=Direction.HIGHER
    )
    data_source = models.CharField(_("data source"), max_length=300, blank=True)
    sotkanet_id = models.PositiveIntegerField(
        _("THL Sotkanet indicator id"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("The number of the indicator in THL's Sotkanet service, if it has one."),
    )
    # Who produces the Sotkanet indicator, as its metadata says at the last fetch:
    # {"id": …, "title": {"fi", "sv", "en"}}; {} before the first fetch (see sotkanet.is_thl).
    sotkanet_provider = models.JSONField(_("THL Sotkanet provider"), default=dict, blank=True)
    sotkanet_agreement = models.BooleanField(
        _("agreement with the provider"),
        default=False,
        help_text=_(
            "THL's own indicators are open data (CC BY 4.0). An indicator of another "
            "provider is fetched only when the region has an agreement with that provider."
        ),
    )
    # When the values were last fetched (fetches are spaced: THL asks for occasional use).
    sotkanet_fetched_at = models.DateTimeField(
        _("last fetched from THL Sotkanet"), null=True, blank=True
    )
    responsible = models.CharField(_("responsible unit or person"), max_length=200, blank=True)
    is_key = models.BooleanField(
        _("key indicator"),
        default=False,
        help_text=_("One of the promise's 3–5 key indicators, followed across the organisation."),
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    commitments = models.ManyToManyField(
        Commitment,
        verbose_name=_("commitments measured"),
        blank=True,
        related_name="indicators",
    )
    lock_version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = project_owned("project")

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse(
            "indicators:detail",
            kwargs={
                "region": self.project.region.slug,
                "project": self.project_id,
                "indicator": self.pk,
            },
        )

    @property
    def sotkanet_url(self) -> str:
        """The indicator's page in Sotkanet (shown as text; nothing is loaded from it)."""
        if not self.sotkanet_id:
            return ""
        lang = get_language() or "fi"
        lang = lang if lang in SOTKANET_LANGUAGES else "fi"
        return f"https://sotkanet.fi/sotkanet/{lang}/metadata/indicators/{self.sotkanet_id}"

    @property
    def higher_is_better(self) -> bool:
        return self.direction == self.Direction.HIGHER

    @property
    def sotkanet_by_thl(self) -> bool:
        return is_thl(self.sotkanet_provider)

    @property
    def sotkanet_provider_name(self) -> str:
        """The provider's name in the active language (else Finnish), "" when THL's."""
        if self.sotkanet_by_thl:
            return ""
        titles = self.sotkanet_provider.get("title", {})
        return titles.get(get_language() or "fi") or titles.get("fi") or ""


class Target(models.Model):
    """The target level of one indicator for one year of the council term."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    year = models.PositiveSmallIntegerField(_("year"))
    value = models.DecimalField(_("target"), max_digits=14, decimal_places=4)

    objects = project_owned("indicator__project")

    class Meta:
        ordering = ["indicator", "year"]
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "year"], name="unique_indicator_target")
        ]

    def __str__(self):
        return f"{self.indicator} {self.year}: {self.value}"


class Measurement(models.Model):
    """A measured value for a period: a year, a quarter of a year or a month of a year.

    `quarter` and `month` are 0 when not used (so the unique constraint needs no NULLs).
    """

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="measurements")
    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(
        _("quarter"), default=0, validators=[MaxValueValidator(4)]
    )
    month = models.PositiveSmallIntegerField(
        _("month"), default=0, validators=[MaxValueValidator(12)]
    )
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=4)
    source = models.CharField(_("source"), max_length=300, blank=True)
    note = models.TextField(_("note"), blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    entered_at = models.DateTimeField(_("entered"), default=timezone.now)
    # Set when the value came from THL Sotkanet (the fetch date, or the import date of
    # Sotkanet's own CSV file); None for a value entered by hand or imported from the
    # project's own file, which a fetch never overwrites. A fetch revises a value that has it.
    fetched_at = models.DateTimeField(_("fetched from THL Sotkanet"), null=True, blank=True)
    objects = project_owned("indicator__project")

    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator", "year", "quarter", "month"]
        verbose_name = _("measurement")
        verbose_name_plural = _("measurements")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "year", "quarter", "month"],
                name="unique_indicator_period",
            ),
            models.CheckConstraint(
                condition=models.Q(quarter=0) | models.Q(month=0),
                name="measurement_quarter_or_month",
            ),
            models.CheckConstraint(
                condition=models.Q(quarter__lte=4, month__lte=12),
                name="measurement_period_range",
            ),
        ]

    def __str__(self):
        return f"{self.indicator} {self.period}: {self.value}"

    @property
    def period(self) -> Period:
        return Period(self.year, self.quarter, self.month)

    @property
    def from_sotkanet(self) -> bool:
        return self.fetched_at is not None


class SotkanetValue(models.Model):
    """A yearly value of a Sotkanet indicator in a Sotkanet region, as last fetched.

    Kept for comparison series (the whole country on each indicator's chart); a region's
    own values are its indicators' measurements.
    """

    sotkanet_id = models.PositiveIntegerField(_("THL Sotkanet indicator id"))
    region_id = models.PositiveIntegerField(_("THL Sotkanet region"))
    year = models.PositiveSmallIntegerField(_("year"))
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=4)
    fetched_at = models.DateTimeField(_("fetched"), default=timezone.now)

    class Meta:
        ordering = ["sotkanet_id", "region_id", "year"]
        verbose_name = _("THL Sotkanet value")
        verbose_name_plural = _("THL Sotkanet values")
        constraints = [
            models.UniqueConstraint(
                fields=["sotkanet_id", "region_id", "year"], name="unique_sotkanet_value"
            )
        ]

    def __str__(self):
        return f"{self.sotkanet_id}/{self.region_id} {self.year}: {self.value}"


class Assessment(UpdatedStamp):
    """The written annual assessment of one commitment (the annual evaluation)."""

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="assessments")
    year = models.PositiveSmallIntegerField(_("year"))
    text = models.TextField(_("assessment"), blank=True)  # translated
    lock_version = models.PositiveIntegerField(default=1)

    objects = project_owned("commitment__promise__project")

    class Meta:
        ordering = ["commitment", "year"]
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        constraints = [
            models.UniqueConstraint(fields=["commitment", "year"], name="unique_assessment_year")
        ]

    def __str__(self):
        return f"{self.commitment} {self.year}"
