"""Promise content for the editor's tests, made through the real services."""

from phases.perspectives import Perspective, Side
from promises import services
from promises.models import PerspectiveCell, PromiseStatement, StrategyGoal


def strategy_goal(region, code="RS 1", title=None, kind="regional"):
    existing = StrategyGoal.objects.filter(region=region, code=code).first()
    if existing:
        return existing
    return services.strategy_goal_save(
        region=region,
        kind=kind,
        code=code,
        title=title or {"fi": f"Tavoite {code}", "sv": f"Mål {code}", "en": f"Goal {code}"},
        description={},
    )


def filled_promise(
    project,
    *,
    by=None,
    statements_per_cell=2,
    commitments_per_perspective=1,
    title=None,
    vision=None,
    goal=None,
):
    """A promise with a goal and statements in every cell and linked commitments."""
    promise = services.promise_create(
        project=project,
        title=title or {"fi": "Kaikki asukkaat", "sv": "Alla invånare", "en": "All residents"},
        vision=vision or {"fi": "Hyvinvointia yhdessä.", "sv": "Välfärd tillsammans."},
        by=by,
    )
    goal = goal or strategy_goal(project.region)
    cells = list(promise.cells.all())
    for cell in cells:
        cell.goal_fi = f"Tavoite {cell.perspective} {cell.side}"
        cell.goal_sv = f"Mål {cell.perspective} {cell.side}"
        cell.save()
    statements = []
    for cell in cells:
        for n in range(statements_per_cell):
            statements.append(
                PromiseStatement(
                    cell=cell,
                    order=n + 1,
                    text_fi=f"Lause {n + 1} {cell.perspective}/{cell.side}",
                    text_sv=f"Mening {n + 1} {cell.perspective}/{cell.side}",
                )
            )
    PromiseStatement.objects.bulk_create(statements)
    for perspective in Perspective.values:
        for n in range(commitments_per_perspective):
            commitment(
                promise,
                perspective,
                {"fi": f"Sitoumus {n + 1} {perspective}", "sv": f"Åtagande {n + 1}"},
                goal=goal,
                by=by,
            )
    return promise


def commitment(promise, perspective, title: dict, *, goal, by=None):
    """A commitment of `promise` under `perspective`, linked to the strategy goal `goal`."""
    return services.commitment_create(
        promise=promise,
        perspective=perspective,
        title=title,
        description={"fi": "Kuvaus.", "sv": "Beskrivning."},
        responsible={"fi": "Yksikkö", "sv": "Enheten"},
        strategy_goals=[goal],
        by=by,
    )


def cell(promise, perspective=Perspective.ACCESS, side=Side.RESIDENT) -> PerspectiveCell:
    return promise.cells.get(perspective=perspective, side=side)
