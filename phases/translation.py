"""Translated content columns (django-modeltranslation): fi, sv, en."""

from modeltranslation.translator import TranslationOptions, register

from .models import (
    ChecklistDefinition,
    ChecklistStatement,
    CouncilDecision,
    PhaseDefinition,
    PromiseProject,
    Region,
    ResultDefinition,
    TaskDefinition,
)


@register(Region)
class RegionTranslation(TranslationOptions):
    fields = ("name", "organiser_name", "sotkanet_region_title")


@register(PromiseProject)
class PromiseProjectTranslation(TranslationOptions):
    fields = ("title",)


@register(CouncilDecision)
class CouncilDecisionTranslation(TranslationOptions):
    fields = ("body", "text")


@register(PhaseDefinition)
class PhaseDefinitionTranslation(TranslationOptions):
    fields = ("name", "summary", "outcome")


@register(TaskDefinition)
class TaskDefinitionTranslation(TranslationOptions):
    fields = ("name", "description")


@register(ResultDefinition)
class ResultDefinitionTranslation(TranslationOptions):
    fields = ("name", "description")


@register(ChecklistDefinition)
class ChecklistDefinitionTranslation(TranslationOptions):
    fields = ("name", "intro")


@register(ChecklistStatement)
class ChecklistStatementTranslation(TranslationOptions):
    fields = ("text",)
