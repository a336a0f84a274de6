from .content import (
    Commitment,
    FinalisationAnswer,
    PerspectiveCell,
    Promise,
    PromiseStatement,
    StrategyGoal,
)
from .decision import DecisionDocument, DecisionPackage
from .followup import FollowUpDocument, FollowUpReport
from .versions import FrozenError, PromiseVersion

__all__ = [
    "Commitment",
    "DecisionDocument",
    "DecisionPackage",
    "FinalisationAnswer",
    "FollowUpDocument",
    "FollowUpReport",
    "FrozenError",
    "PerspectiveCell",
    "Promise",
    "PromiseStatement",
    "PromiseVersion",
    "StrategyGoal",
]
