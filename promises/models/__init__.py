from .content import (
    Commitment,
    FinalisationAnswer,
    PerspectiveCell,
    Promise,
    PromiseStatement,
    StrategyGoal,
)
from .versions import FrozenError, PromiseVersion

__all__ = [
    "Commitment",
    "FinalisationAnswer",
    "FrozenError",
    "PerspectiveCell",
    "Promise",
    "PromiseStatement",
    "PromiseVersion",
    "StrategyGoal",
]
