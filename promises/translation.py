from modeltranslation.translator import TranslationOptions, register

from .models import (
    Commitment,
    DecisionPackage,
    FollowUpReport,
    PerspectiveCell,
    Promise,
    PromiseStatement,
    PromiseVersion,
    StrategyGoal,
)

COMMITMENT_FIELDS = (
    "title",
    "description",
    "responsible",
    "legal_reference",
    "indicator_pending_document",
    "indicator_pending_reason",
)


@register(StrategyGoal)
class StrategyGoalTranslation(TranslationOptions):
    fields = ("title", "description")


@register(Promise)
class PromiseTranslation(TranslationOptions):
    fields = ("title", "vision", "slogan", "outcomes")


@register(PerspectiveCell)
class PerspectiveCellTranslation(TranslationOptions):
    fields = ("goal",)


@register(PromiseStatement)
class PromiseStatementTranslation(TranslationOptions):
    fields = ("text",)


@register(Commitment)
class CommitmentTranslation(TranslationOptions):
    fields = COMMITMENT_FIELDS


@register(PromiseVersion)
class PromiseVersionTranslation(TranslationOptions):
    fields = ("label",)


@register(DecisionPackage)
class DecisionPackageTranslation(TranslationOptions):
    fields = (
        "implementation",
        "follow_up",
        "reporting",
        "evaluation",
        "communication",
        "budget_effect",
    )


# The change history keeps every language: the historical tables get the same columns.
# (simple-history builds its models before modeltranslation adds the language fields.)
@register(Promise.history.model)
class HistoricalPromiseTranslation(TranslationOptions):
    fields = ("title", "vision", "slogan", "outcomes")


@register(PerspectiveCell.history.model)
class HistoricalPerspectiveCellTranslation(TranslationOptions):
    fields = ("goal",)


@register(PromiseStatement.history.model)
class HistoricalPromiseStatementTranslation(TranslationOptions):
    fields = ("text",)


@register(Commitment.history.model)
class HistoricalCommitmentTranslation(TranslationOptions):
    fields = COMMITMENT_FIELDS


@register(FollowUpReport)
class FollowUpReportTranslation(TranslationOptions):
    fields = ("summary", "next_actions")
