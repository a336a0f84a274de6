# The opinion round lives in its own sub-package; its models are registered here.
from ..opinion.models import OpinionRound, OpinionStatement, OpinionVote
from .feedback import Feedback
from .planning import (
    Activity,
    Input,
    Method,
    ParticipationSettings,
    PlanItem,
    Stakeholder,
    Synthesis,
)
from .rounds import (
    Comment,
    CommentRound,
    Disposition,
    RequestedBody,
    StatementAnswer,
    StatementQuestion,
    StatementRequest,
)
from .text import CommentInsight, TextAnalysis, Theme

__all__ = [
    "Activity",
    "Comment",
    "CommentInsight",
    "CommentRound",
    "Disposition",
    "Feedback",
    "Input",
    "Method",
    "OpinionRound",
    "OpinionStatement",
    "OpinionVote",
    "ParticipationSettings",
    "PlanItem",
    "RequestedBody",
    "Stakeholder",
    "StatementAnswer",
    "StatementQuestion",
    "StatementRequest",
    "Synthesis",
    "TextAnalysis",
    "Theme",
]
