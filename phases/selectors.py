"""Reads that views share: what a user may see, and what a phase consists of."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from guardian.shortcuts import get_objects_for_user

from . import roles
from .models import (
    ChecklistAnswer,
    ChecklistDefinition,
    PhaseDefinition,
    PhaseTransition,
    ProjectResult,
    ProjectTask,
    PromiseProject,
    Region,
    ResultDefinition,
)
from .phase_numbers import FIRST_PHASE
from .registry import ResultStatus, registry


def regions_for_user(user) -> QuerySet[Region]:
    if not user.is_authenticated:
        return Region.objects.none()
    return get_objects_for_user(
        user, roles.full(roles.VIEW_REGION), klass=Region, accept_global_perms=False
    )


def statement_organiser(region: Region | None) -> dict:
    """Who the accessibility statement and the privacy notice name: the region's organiser
    and contact e-mail, else the instance's (settings.ORGANISER_NAME, CONTACT_EMAIL)."""
    from django.conf import settings

    organiser = (region.organiser_name or region.name) if region else ""
    return {
        "organiser": organiser or settings.ORGANISER_NAME,
        "contact_email": (region.contact_email if region else "") or settings.CONTACT_EMAIL,
    }


def search_projects(projects: QuerySet[PromiseProject], query: str) -> QuerySet[PromiseProject]:
    """The projects whose title or case number (the project's or a decision's) contains
    `query` (case-insensitive); all of them for an empty query."""
    query = query.strip()
    if not query:
        return projects
    from django.db.models import Exists, OuterRef, Q

    from .models import CouncilDecision

    decision = CouncilDecision.objects.filter(project=OuterRef("pk"), case_number__icontains=query)
    return projects.filter(
        Q(title__icontains=query)
        | Q(title_sv__icontains=query)
        | Q(title_en__icontains=query)
        | Q(case_number__icontains=query)
        | Exists(decision)
    )


def projects_for_user(user, *, region: Region) -> QuerySet[PromiseProject]:
    if not user.is_authenticated:
        return PromiseProject.objects.none()
    return get_objects_for_user(
        user,
        roles.full(roles.VIEW_PROJECT),
        klass=PromiseProject.objects.filter(region=region),
        accept_global_perms=False,
    )


@dataclass
class ResultItem:
    definition: ResultDefinition
    record: ProjectResult | None  # for document results
    status: ResultStatus | None  # for results another app provides

    @property
    def provided(self) -> bool:
        return self.status is not None

    @property
    def done(self) -> bool:
        if self.status is not None:
            return self.status.done
        return bool(self.record and self.record.is_present)

    @property
    def blockers(self) -> tuple[str, ...]:
        return self.status.blockers if self.status is not None and not self.status.done else ()


def results_for_phase(project: PromiseProject, phase: int) -> list[ResultItem]:
    """The phase's required results, each with its record or its provider's status (read
    once per request inside `registry.memo()`: the rules and the dashboard share it; kept
    under the content version and the clock's moment, as the providers' statuses are)."""
    return registry.cached(
        ("phases.results", project.pk, phase), lambda: _results(project, phase), clock=True
    )


def _results(project: PromiseProject, phase: int) -> list[ResultItem]:
    definitions = list(ResultDefinition.objects.filter(phase__number=phase))
    records = {
        r.definition_id: r
        for r in ProjectResult.objects.filter(project=project, definition__phase__number=phase)
    }
    items = []
    for definition in definitions:
        status = (
            registry.result_status(project, definition.provided_by)
            if definition.provided_by
            else None
        )
        items.append(ResultItem(definition, records.get(definition.pk), status))
    return items


def tasks_for_phase(project: PromiseProject, phase: int) -> list[ProjectTask]:
    """The phase's tasks in the catalogue's order (read once per request inside
    `registry.memo()`: the dashboard's table and the rule of open required tasks; kept under
    the content version in a `registry.memo(project)` block: copy one before changing it)."""
    return registry.cached(
        ("phases.tasks", project.pk, phase),
        lambda: list(
            ProjectTask.objects.filter(project=project, definition__phase__number=phase)
            .select_related("definition", "assignee")
            .order_by("definition__order")
        ),
        content=True,
    )


def checklists_for_phase(project: PromiseProject, phase: int) -> list[ChecklistDefinition]:
    """The phase's checklists, each with its statements and the project's answers (`rows`)
    and the number answered (kept under the content version in a `registry.memo(project)`
    block; a change of the catalogue raises every project's version)."""
    return registry.cached(
        ("phases.checklists", project.pk, phase),
        lambda: _checklists(project, phase),
        content=True,
    )


def _checklists(project: PromiseProject, phase: int) -> list[ChecklistDefinition]:
    checklists = list(
        ChecklistDefinition.objects.filter(phase__number=phase).prefetch_related("statements")
    )
    answers = {
        a.statement_id: a
        for a in ChecklistAnswer.objects.filter(
            project=project, statement__checklist__phase__number=phase
        )
    }
    for checklist in checklists:
        checklist.rows = [(s, answers.get(s.pk)) for s in checklist.statements.all()]
        checklist.answered = sum(1 for _, a in checklist.rows if a and a.answer)
    return checklists


@dataclass
class TimelineStep:
    phase: PhaseDefinition
    state: str  # "done", "current", "ahead"
    entered_at: object = None
    left_at: object = None


def timeline(project: PromiseProject) -> list[TimelineStep]:
    """The six phases with the dates they were entered and left (from the transition log;
    kept under the content version in a `registry.memo(project)` block)."""
    return registry.cached(
        ("phases.timeline", project.pk), lambda: _timeline(project), content=True
    )


def _timeline(project: PromiseProject) -> list[TimelineStep]:
    phases = list(PhaseDefinition.objects.all())
    entered: dict[int, object] = {FIRST_PHASE: project.created_at}
    left: dict[int, object] = {}
    for t in PhaseTransition.objects.filter(project=project).only(
        "from_phase", "to_phase", "created_at"
    ):
        left[t.from_phase] = t.created_at
        entered[t.to_phase] = t.created_at
    steps = []
    for phase in phases:
        if phase.number < project.phase:
            state = "done"
        elif phase.number == project.phase:
            state = "current"
        else:
            state = "ahead"
        steps.append(
            TimelineStep(
                phase,
                state,
                entered.get(phase.number) if state != "ahead" else None,
                left.get(phase.number) if state == "done" else None,
            )
        )
    return steps


def history(project: PromiseProject) -> QuerySet[PhaseTransition]:
    return (
        PhaseTransition.objects.filter(project=project)
        .select_related("user")
        .order_by("-created_at", "-pk")
    )


def task_changes(project: PromiseProject, limit: int = 50):
    """The latest changes of the project's tasks (simple_history's rows), newest first."""
    return (
        ProjectTask.history.filter(project_id=project.pk)
        .select_related("history_user", "definition")
        .order_by("-history_date")[:limit]
    )


def history_marks(project: PromiseProject) -> tuple:
    """What the project's history page shows beyond the project's content version, in one
    prepared statement (`_HistoryMarks`): how many phase transitions and task changes the
    project has and the newest of each (a task saved with the same values writes a
    history row but raises no content version), and the name columns of every user they
    name (a renamed or deleted user is no write of the project's content)."""
    global _history_marks
    if _history_marks is None:
        _history_marks = _HistoryMarks()
    return _history_marks.read(project.pk)


class _HistoryMarks:
    """`history_marks`' statement, written out once from the models' tables and columns:
    the two counts and newest ids, and the named users' id, first and last name and
    username (one row each, ordered; one row of NULLs when none), as one read."""

    def __init__(self):
        from django.contrib.auth import get_user_model

        user_model = get_user_model()
        changes = ProjectTask.history.model

        def column(model, name):
            return model._meta.get_field(name).column

        transitions = PhaseTransition._meta.db_table
        changes_table = changes._meta.db_table
        t_project, c_project = column(PhaseTransition, "project"), column(changes, "project")
        names = ["id", "first_name", "last_name", "username"]
        named = ", ".join(f'"{column(user_model, name)}"' for name in names)
        self.sql = (
            f"SELECT t.n, t.newest, c.n, c.newest, u.* FROM "
            f'(SELECT COUNT(*) AS n, MAX("{PhaseTransition._meta.pk.column}") AS newest '
            f'FROM "{transitions}" WHERE "{t_project}" = %s) t CROSS JOIN '
            f'(SELECT COUNT(*) AS n, MAX("{changes._meta.pk.column}") AS newest '
            f'FROM "{changes_table}" WHERE "{c_project}" = %s) c '
            f'LEFT JOIN (SELECT {named} FROM "{user_model._meta.db_table}" '
            f'WHERE "{user_model._meta.pk.column}" IN ('
            f'SELECT "{column(PhaseTransition, "user")}" FROM "{transitions}" '
            f'WHERE "{t_project}" = %s UNION '
            f'SELECT "{column(changes, "history_user")}" FROM "{changes_table}" '
            f'WHERE "{c_project}" = %s)) u ON 1 = 1 '
            f'ORDER BY u."{column(user_model, "id")}"'
        )

    def read(self, project_id) -> tuple:
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute(self.sql, [project_id] * 4)
            rows = cursor.fetchall()
        return (rows[0][:4], tuple(row[4:] for row in rows if row[4] is not None))


_history_marks: _HistoryMarks | None = None
