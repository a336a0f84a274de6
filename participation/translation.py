"""Translated content columns (django-modeltranslation): fi, sv, en."""

from modeltranslation.translator import TranslationOptions, register

from .models import Comment, CommentRound, OpinionRound, Stakeholder, Synthesis, Theme


@register(Stakeholder)
class StakeholderTranslation(TranslationOptions):
    fields = ("name",)


@register(Synthesis)
class SynthesisTranslation(TranslationOptions):
    fields = ("text",)


@register(CommentRound)
class CommentRoundTranslation(TranslationOptions):
    fields = ("intro",)


@register(Theme)
class ThemeTranslation(TranslationOptions):
    fields = ("title",)


@register(OpinionRound)
class OpinionRoundTranslation(TranslationOptions):
    fields = ("question",)


@register(Comment)
class CommentTranslation(TranslationOptions):
    fields = ("reason",)  # the reasoned response given with the disposition
