from .content import (
    Commitment,
    FinalisationAnswer,
    PerspectiveCell,
    Promise,
    PromiseStatement,
    StrategyGoal,
)
from .decision import DecisionDocument, DecisionPackage
from .versions import FrozenError, PromiseVersion

__all__ = [
    "Commitment",
    "DecisionDocument",
    "DecisionPackage",
    "FinalisationAnswer",
    "FrozenError",
    "PerspectiveCell",
    "Promise",
    "PromiseStatement",
    "PromiseVersion",
    "StrategyGoal",
]
