"""Translated content columns (django-modeltranslation): fi, sv, en."""

from modeltranslation.translator import TranslationOptions, register

from .models import Assessment, Indicator


@register(Indicator)
class IndicatorTranslation(TranslationOptions):
    fields = ("name", "description", "unit", "data_source", "responsible")


@register(Assessment)
class AssessmentTranslation(TranslationOptions):
    fields = ("text",)
