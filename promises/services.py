"""Writes of the promise editor: strategy goals, promises, cells, statements, commitments,
finalisation answers, versions and the copy of a previous cycle's promise.

Every editable row carries `lock_version`. An update names the lock_version the user
started from; if the row changed meanwhile, nothing is saved and `EditConflict`
(phases.locking) carries the current row so the user can compare both texts and choose.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from phases.catalogue_data import FINALISATION_QUESTIONS
from phases.locking import EditConflict, locked, locked_delete
from phases.models import PromiseProject, Region
from phases.perspectives import Perspective, Side
from phases.region_terms import terms_for
from phases.translated import set_texts, texts

from .models import (
    Commitment,
    FinalisationAnswer,
    PerspectiveCell,
    Promise,
    PromiseStatement,
    PromiseVersion,
    StrategyGoal,
)
from .models.content import COMMITMENT_HISTORY
from .snapshot import build_snapshot

FINALISATION_KEYS = [q["key"] for q in FINALISATION_QUESTIONS]


def _save(obj, by, reason: str) -> None:
    obj._history_user = by
    obj._change_reason = reason
    obj.save()


def _save_with_goals(commitment: Commitment, goals, by, reason: str) -> None:
    """The commitment and its goal links as one save with one history record naming both:
    the record is written once the links are set, and the links write none of their own,
    so the history never has to guess which save a change of links belongs to."""
    created = commitment._state.adding
    commitment._history_user = by
    commitment._change_reason = reason
    commitment.skip_history_when_saving = True
    try:
        commitment.save()
        commitment.strategy_goals.set(goals)
    finally:
        del commitment.skip_history_when_saving
    COMMITMENT_HISTORY.create_historical_record(commitment, "+" if created else "~")


class ApprovedPromiseError(ValidationError):
    """A change to a promise a council approved: its text is what the public reads."""


def ensure_editable(promise_id: int) -> None:
    """Refuse to change a promise that has a council-approved version: changing it would
    look like correcting the published text, which only a new decision can do. A revision
    is a new project that copies the approved version (its promises are drafts)."""
    approved = (
        PromiseVersion.objects.approved()
        .filter(promise_id=promise_id)
        .order_by("-number")
        .values_list("number", "promise__project__region__kind")
        .first()
    )
    if approved is not None:
        number, kind = approved
        message = _(
            "The %(council)s approved this promise (version %(number)s): it is read only. "
            "To change it, start a revision; the public reads the approved version until "
            "the %(council)s approves the revision."
        ) % {"number": number, "council": terms_for(kind).council}
        raise ApprovedPromiseError(capfirst(message))


def _promise_of(statement: PromiseStatement) -> int | None:
    """The promise of a statement (also of a stand-in that carries only its id)."""
    return (
        PromiseStatement.objects.filter(pk=statement.pk)
        .values_list("cell__promise_id", flat=True)
        .first()
    )


# -- strategy goals ---------------------------------------------------------------------


def strategy_goal_save(
    *,
    region: Region,
    kind: str,
    code: str,
    title: dict[str, str],
    description: dict[str, str],
    order: int = 0,
    goal: StrategyGoal | None = None,
    level: int = StrategyGoal.Level.GOAL,
    parent: StrategyGoal | None = None,
) -> StrategyGoal:
    if goal is None:
        goal = StrategyGoal(region=region)
    elif goal.region_id != region.pk:
        raise ValidationError(_("The goal belongs to another region."))
    if parent is not None and goal.pk is not None:
        ancestor = parent
        while ancestor is not None:
            if ancestor.pk == goal.pk:
                raise ValidationError(_("A node cannot be placed under itself."))
            ancestor = ancestor.parent
    if level < StrategyGoal.Level.MEANS and goal.pk is not None:
        if goal.children.filter(level__lte=level).exists():
            raise ValidationError(_("A node below this one would then be on a higher level."))
    goal.kind = kind
    goal.code = code.strip()
    goal.order = order
    goal.level = level
    goal.parent = parent
    goal.clean()
    set_texts(goal, "title", title)
    set_texts(goal, "description", description)
    goal.save()
    return goal


def strategy_goal_set_active(*, goal: StrategyGoal, active: bool) -> StrategyGoal:
    goal.active = active
    goal.save(update_fields=["active"])
    return goal


# -- promises ---------------------------------------------------------------------------


def _create_structure(promise: Promise) -> None:
    PerspectiveCell.objects.bulk_create(
        PerspectiveCell(promise=promise, perspective=p, side=s)
        for p in Perspective.values
        for s in Side.values
    )
    FinalisationAnswer.objects.bulk_create(
        FinalisationAnswer(promise=promise, question=key) for key in FINALISATION_KEYS
    )


def promise_create(
    *, project: PromiseProject, title: dict[str, str], by, vision: dict[str, str] | None = None
) -> Promise:
    """A promise for one customer segment, with its 10 cells and 5 finalisation questions."""
    with transaction.atomic():
        order = (project.promises.aggregate(m=Max("order"))["m"] or 0) + 1
        promise = Promise(project=project, order=order)
        set_texts(promise, "title", title)
        set_texts(promise, "vision", vision or {})
        _save(promise, by, "created")
        _create_structure(promise)
    return promise


def promise_update(
    *,
    promise: Promise,
    lock_version: int,
    title: dict[str, str],
    vision: dict[str, str],
    by,
    slogan: dict[str, str] | None = None,
    outcomes: dict[str, str] | None = None,
) -> Promise:
    ensure_editable(promise.pk)
    with transaction.atomic():
        current = locked(Promise, lock_version, pk=promise.pk)
        set_texts(current, "title", title)
        set_texts(current, "vision", vision)
        set_texts(current, "slogan", slogan)
        set_texts(current, "outcomes", outcomes)
        _save(current, by, "promise edited")
    return current


def cell_update(*, cell: PerspectiveCell, lock_version: int, goal: dict[str, str], by):
    ensure_editable(cell.promise_id)
    with transaction.atomic():
        current = locked(PerspectiveCell, lock_version, pk=cell.pk)
        set_texts(current, "goal", goal)
        _save(current, by, "goal edited")
    return current


# -- statements -------------------------------------------------------------------------


def statement_add(*, cell: PerspectiveCell, text: dict[str, str], by) -> PromiseStatement:
    ensure_editable(cell.promise_id)
    with transaction.atomic():
        PerspectiveCell.objects.select_for_update().get(pk=cell.pk)
        order = (cell.statements.aggregate(m=Max("order"))["m"] or 0) + 1
        statement = PromiseStatement(cell=cell, order=order)
        set_texts(statement, "text", text)
        _save(statement, by, "statement added")
    return statement


def statement_update(
    *, statement: PromiseStatement, lock_version: int, text: dict[str, str], by
) -> PromiseStatement:
    ensure_editable(_promise_of(statement))
    with transaction.atomic():
        current = locked(PromiseStatement, lock_version, pk=statement.pk)
        set_texts(current, "text", text)
        _save(current, by, "statement edited")
    return current


def statement_delete(*, statement: PromiseStatement, lock_version: int, by) -> None:
    ensure_editable(_promise_of(statement))
    locked_delete(
        PromiseStatement, lock_version, pk=statement.pk, by=by, reason="statement deleted"
    )


def statement_move(*, statement: PromiseStatement, direction: str, by) -> None:
    """Move a statement one place up or down within its cell."""
    if direction not in {"up", "down"}:
        raise ValidationError(_("Unknown direction."))
    ensure_editable(_promise_of(statement))
    with transaction.atomic():
        PerspectiveCell.objects.select_for_update().get(pk=statement.cell_id)
        siblings = list(PromiseStatement.objects.filter(cell_id=statement.cell_id))
        ids = [s.pk for s in siblings]
        index = ids.index(statement.pk)
        target = index - 1 if direction == "up" else index + 1
        if not 0 <= target < len(siblings):
            return
        siblings[index], siblings[target] = siblings[target], siblings[index]
        for position, sibling in enumerate(siblings, start=1):
            if sibling.order != position:
                sibling.order = position
                _save(sibling, by, "statement moved")


# -- commitments ------------------------------------------------------------------------


def _check_goals(promise: Promise, strategy_goals) -> list[StrategyGoal]:
    goals = list(strategy_goals)
    region_id = promise.project.region_id
    if any(g.region_id != region_id for g in goals):
        raise ValidationError(_("A strategy goal of another region cannot be linked."))
    return goals


def _apply_details(
    commitment: Commitment,
    *,
    perspective: str,
    other_perspectives=None,
    side: str | None = None,
    kind: str | None = None,
    legal_reference: dict[str, str] | None = None,
    pending_document: dict[str, str] | None = None,
    pending_by=None,
    pending_reason: dict[str, str] | None = None,
) -> None:
    """The item's place and kind: perspectives (none: cross-cutting), side, statutory
    standard (its legal reference when known), and a pending indicator (a document and a
    reason; the date when known)."""
    if perspective and perspective not in Perspective.values:
        raise ValidationError(_("Unknown perspective."))
    commitment.perspective = perspective or ""
    if other_perspectives is not None:
        others = [p for p in dict.fromkeys(other_perspectives) if p in Perspective.values]
        if not commitment.perspective and others:
            commitment.perspective, others = others[0], others[1:]
        commitment.other_perspectives = [p for p in others if p != commitment.perspective]
    if side is not None:
        commitment.side = Commitment.Sides(side)
    if kind is not None:
        commitment.kind = Commitment.Kind(kind)
    # A statutory standard's legal reference is written when known: nothing is invented.
    set_texts(commitment, "legal_reference", legal_reference)
    if pending_document is not None or pending_reason is not None or pending_by is not None:
        set_texts(commitment, "indicator_pending_document", pending_document)
        set_texts(commitment, "indicator_pending_reason", pending_reason)
        commitment.indicator_pending_by = pending_by
        given = [
            any(texts(commitment, "indicator_pending_document").values()),
            any(texts(commitment, "indicator_pending_reason").values()),
        ]
        if (any(given) or pending_by is not None) and not all(given):
            raise ValidationError(
                _(
                    "A pending indicator needs the document it will be set in and the "
                    "reason; the date is optional."
                )
            )


def commitment_create(
    *,
    promise: Promise,
    perspective: str,
    title: dict[str, str],
    description: dict[str, str],
    responsible: dict[str, str] | None = None,
    strategy_goals,
    by,
    **details,
) -> Commitment:
    """A commitment; `details` as in `_apply_details` (other perspectives, side, kind,
    legal reference, pending indicator)."""
    ensure_editable(promise.pk)
    goals = _check_goals(promise, strategy_goals)
    with transaction.atomic():
        order = (
            promise.commitments.filter(perspective=perspective or "").aggregate(m=Max("order"))["m"]
            or 0
        ) + 1
        commitment = Commitment(promise=promise, order=order)
        _apply_details(commitment, perspective=perspective, **details)
        set_texts(commitment, "title", title)
        set_texts(commitment, "responsible", responsible)
        set_texts(commitment, "description", description)
        _save_with_goals(commitment, goals, by, "commitment added")
    return commitment


def commitment_update(
    *,
    commitment: Commitment,
    lock_version: int,
    perspective: str,
    title: dict[str, str],
    description: dict[str, str],
    responsible: dict[str, str] | None = None,
    strategy_goals,
    by,
    **details,
) -> Commitment:
    ensure_editable(commitment.promise_id)
    goals = _check_goals(commitment.promise, strategy_goals)
    with transaction.atomic():
        current = locked(Commitment, lock_version, pk=commitment.pk)
        _apply_details(current, perspective=perspective, **details)
        set_texts(current, "title", title)
        set_texts(current, "responsible", responsible)
        set_texts(current, "description", description)
        _save_with_goals(current, goals, by, "commitment edited")
    return current


def commitment_delete(*, commitment: Commitment, lock_version: int, by) -> None:
    ensure_editable(commitment.promise_id)
    locked_delete(Commitment, lock_version, pk=commitment.pk, by=by, reason="commitment deleted")


# -- finalisation -----------------------------------------------------------------------


def finalisation_answer(*, promise: Promise, answers: dict[str, tuple[str, str]], by) -> int:
    """Save answers {question key: (answer, note)}; returns how many changed."""
    ensure_editable(promise.pk)
    now = timezone.now()
    changed = 0
    with transaction.atomic():
        existing = {
            a.question: a
            for a in FinalisationAnswer.objects.select_for_update().filter(promise=promise)
        }
        for key, (answer, note) in answers.items():
            if key not in FINALISATION_KEYS:
                continue
            row = existing.get(key) or FinalisationAnswer(promise=promise, question=key)
            if row.pk and row.answer == answer and row.note == note:
                continue
            row.answer, row.note, row.answered_by, row.answered_at = answer, note, by, now
            row.save()
            changed += 1
    return changed


# -- versions ---------------------------------------------------------------------------


def version_freeze(
    *, promise: Promise, by, kind: str, label: dict[str, str] | None = None
) -> PromiseVersion:
    """Freeze the promise as it is now into a new, numbered, immutable version. `label`:
    its name per language."""
    if kind not in PromiseVersion.Kind.values:
        raise ValidationError(_("Unknown kind of version."))
    with transaction.atomic():
        Promise.objects.select_for_update().get(pk=promise.pk)
        number = (promise.versions.aggregate(m=Max("number"))["m"] or 0) + 1
        version = PromiseVersion(
            promise=promise,
            number=number,
            kind=kind,
            snapshot=build_snapshot(promise),
            created_by=by,
        )
        set_texts(version, "label", label or {})
        version.save()
        return version


# -- copy from a previous cycle ---------------------------------------------------------


def promise_from_snapshot(
    *, project: PromiseProject, snapshot: dict, by, copied_from: PromiseVersion | None = None
) -> Promise:
    """A new editable promise in `project` filled from a frozen snapshot."""
    with transaction.atomic():
        promise = promise_create(
            project=project, title=snapshot.get("title", {}), vision=snapshot.get("vision"), by=by
        )
        set_texts(promise, "slogan", snapshot.get("slogan") or {})
        set_texts(promise, "outcomes", snapshot.get("outcomes") or {})
        promise.save()
        if copied_from is not None:
            promise.copied_from = copied_from
            promise.save(update_fields=["copied_from"])
        cells = {(c.perspective, c.side): c for c in promise.cells.all()}
        statements = []
        for data in snapshot.get("cells", []):
            cell = cells.get((data["perspective"], data["side"]))
            if cell is None:
                continue
            set_texts(cell, "goal", data.get("goal", {}))
            _save(cell, by, "copied")
            for position, st in enumerate(data.get("statements", []), start=1):
                statement = PromiseStatement(cell=cell, order=position)
                set_texts(statement, "text", st.get("text", {}))
                statements.append(statement)
        for statement in statements:
            _save(statement, by, "copied")
        region_goals = set(
            StrategyGoal.objects.filter(region=project.region).values_list("pk", flat=True)
        )
        orders: dict[str, int] = {}
        sources = set(
            Commitment.objects.filter(
                pk__in=[c.get("id") for c in snapshot.get("commitments", [])]
            ).values_list("pk", flat=True)
        )
        for data in snapshot.get("commitments", []):
            perspective = data.get("perspective") or ""
            orders[perspective] = orders.get(perspective, 0) + 1
            commitment = Commitment(
                promise=promise,
                perspective=perspective,
                other_perspectives=[
                    p for p in (data.get("perspectives") or [])[1:] if p in Perspective.values
                ],
                side=data.get("side") or Commitment.Sides.ORGANISER,
                kind=data.get("kind") or Commitment.Kind.OWN,
                order=orders[perspective],
                copied_from_id=data.get("id") if data.get("id") in sources else None,
            )
            set_texts(commitment, "legal_reference", data.get("legal_reference") or {})
            # A pending indicator is not copied: its date belongs to the previous cycle.
            responsible = data.get("responsible") or {}
            if isinstance(responsible, str):  # snapshots before per-language units
                responsible = {"fi": responsible}
            set_texts(commitment, "responsible", responsible)
            set_texts(commitment, "title", data.get("title", {}))
            set_texts(commitment, "description", data.get("description", {}))
            goal_ids = [g["id"] for g in data.get("strategy_goals", []) if g["id"] in region_goals]
            _save_with_goals(commitment, goal_ids, by, "copied")
    return promise


def source_version(promise: Promise) -> PromiseVersion | None:
    """The version a next cycle copies: the latest approved one, else the latest one."""
    versions = promise.versions.order_by("-number")
    return versions.filter(kind=PromiseVersion.Kind.APPROVED).first() or versions.first()


def copy_previous_project(*, project: PromiseProject, previous: PromiseProject, by) -> list:
    """Start `project` from the previous cycle: each previous promise becomes a new draft."""
    created = []
    with transaction.atomic():
        for old in previous.promises.all():
            version = source_version(old)
            if version is None:
                snapshot, version = build_snapshot(old), None
            else:
                snapshot = version.snapshot
            created.append(
                promise_from_snapshot(
                    project=project, snapshot=snapshot, by=by, copied_from=version
                )
            )
    return created


# -- one perspective page of the editor, saved at once ----------------------------------


def perspective_save(
    *,
    promise: Promise,
    goals: dict[int, tuple[int, dict[str, str]]],
    statements: dict[int, tuple[int, dict[str, str]]],
    new_statements: dict[int, dict[str, str]],
    delete: dict[int, int],
    move: tuple[int, str] | None,
    by,
) -> list[PromiseStatement]:
    """Everything typed on one perspective page in one transaction: changed goal summaries
    (`goals`: {cell id: (lock_version, texts)}), changed statements ({statement id:
    (lock_version, texts)}), new statements ({cell id: texts}), deleted statements ({id:
    lock_version}) and one move (statement id, "up"/"down"), done last.

    Callers pass only rows whose text changed. Every row is checked against the version the
    user started from; if any moved on, nothing is saved and one EditConflict names them
    all in `currents`.
    Returns the statements added.
    """
    ensure_editable(promise.pk)
    cell_ids = set(PerspectiveCell.objects.filter(promise=promise).values_list("pk", flat=True))
    statement_cells = dict(
        PromiseStatement.objects.filter(cell__promise=promise).values_list("pk", "cell_id")
    )
    touched = set(goals) | set(new_statements)
    touched_statements = set(statements) | set(delete) | ({move[0]} if move else set())
    if not touched <= cell_ids or not touched_statements <= set(statement_cells):
        raise ValidationError(_("The request was not valid; reload the page."))
    conflicts = []
    added = []
    with transaction.atomic():
        for pk, (lock_version, goal) in goals.items():
            try:
                cell_update(
                    cell=PerspectiveCell(pk=pk), lock_version=lock_version, goal=goal, by=by
                )
            except EditConflict as exc:
                conflicts.append(exc.current)
        for pk, (lock_version, text) in statements.items():
            if pk in delete:
                continue
            try:
                statement_update(
                    statement=PromiseStatement(pk=pk), lock_version=lock_version, text=text, by=by
                )
            except EditConflict as exc:
                conflicts.append(exc.current)
        for pk, lock_version in delete.items():
            try:
                statement_delete(
                    statement=PromiseStatement(pk=pk), lock_version=lock_version, by=by
                )
            except EditConflict as exc:
                conflicts.append(exc.current)
        if conflicts:
            raise EditConflict(currents=conflicts)  # leaving the block rolls everything back
        for cell_pk, text in new_statements.items():
            added.append(
                statement_add(cell=PerspectiveCell.objects.get(pk=cell_pk), text=text, by=by)
            )
        if move and move[0] not in delete:
            statement_move(
                statement=PromiseStatement.objects.get(pk=move[0]), direction=move[1], by=by
            )
    return added
