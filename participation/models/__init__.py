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

__all__ = [
    "Activity",
    "Comment",
    "CommentRound",
    "Disposition",
    "Feedback",
    "Input",
    "Method",
    "ParticipationSettings",
    "PlanItem",
    "RequestedBody",
    "Stakeholder",
    "StatementAnswer",
    "StatementQuestion",
    "StatementRequest",
    "Synthesis",
]
