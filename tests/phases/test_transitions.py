"""Gating of every transition, the return 4→3, the transition log, concurrency."""

import threading

import pytest
from django.db import connection

from phases import services
from phases.models import PhaseTransition, ProjectResult, ProjectTask, PromiseProject
from phases.registry import Requirement, registry
from phases.roles import Role
from tests.factories import ProjectFactory, RegionFactory, member


def settle_phase(project, user, phase, *, not_applicable=False):
    for task in ProjectTask.objects.filter(project=project, definition__phase__number=phase):
        if not_applicable:
            services.task_update(
                task=task, by=user, status="not_applicable", not_applicable_reason="Ei koske meitä"
            )
        else:
            services.task_update(task=task, by=user, status="done")
    from phases.selectors import results_for_phase

    for item in results_for_phase(project, phase):
        if not item.provided:
            services.result_save(
                project=project, definition=item.definition, by=user, text="Valmis."
            )


@pytest.fixture
def preparer(project):
    return member(project.region, Role.PREPARER)


def fresh(project):
    return PromiseProject.objects.get(pk=project.pk)


@pytest.mark.django_db
def test_new_project_starts_in_phase_one_with_the_national_model(project):
    assert project.phase == 1
    assert project.tasks.count() == 25
    assert project.tasks.filter(definition__phase__number=1).count() == 4
    assert project.checklist_answers.filter(statement__checklist__key="stakeholders").count() == 12


@pytest.mark.django_db
def test_advance_refused_with_open_tasks_and_missing_results(project, preparer):
    with pytest.raises(services.PhaseError) as exc:
        services.project_advance(project=project, by=preparer, expected_phase=1)
    text = " ".join(exc.value.messages)
    assert "4 required tasks are still open." in text
    assert "Result missing" in text
    assert fresh(project).phase == 1
    assert not PhaseTransition.objects.filter(project=project).exists()


@pytest.mark.django_db
def test_advance_refused_while_one_task_is_open(project, preparer):
    settle_phase(project, preparer, 1)
    task = project.tasks.filter(definition__phase__number=1).first()
    services.task_update(task=task, by=preparer, status="in_progress")
    with pytest.raises(services.PhaseError) as exc:
        services.project_advance(project=project, by=preparer, expected_phase=1)
    assert exc.value.messages == ["1 required task is still open."]


@pytest.mark.django_db
def test_advance_refused_without_required_result(project, preparer):
    settle_phase(project, preparer, 1)
    ProjectResult.objects.filter(project=project, definition__key="project_plan").update(text="")
    with pytest.raises(services.PhaseError) as exc:
        services.project_advance(project=project, by=preparer, expected_phase=1)
    assert len(exc.value.messages) == 1
    assert "Result missing" in exc.value.messages[0]


@pytest.mark.django_db
@pytest.mark.parametrize("not_applicable", [False, True])
def test_advance_allowed_when_tasks_done_or_not_applicable(project, preparer, not_applicable):
    settle_phase(project, preparer, 1, not_applicable=not_applicable)
    project = services.project_advance(
        project=project, by=preparer, expected_phase=1, comment="Suunnitelma hyväksytty"
    )
    assert project.phase == 2
    log = PhaseTransition.objects.get(project=project)
    assert (log.from_phase, log.to_phase, log.kind, log.user, log.comment) == (
        1,
        2,
        "advance",
        preparer,
        "Suunnitelma hyväksytty",
    )


@pytest.mark.django_db
def test_not_applicable_needs_a_reason(project, preparer):
    from django.core.exceptions import ValidationError

    task = project.tasks.first()
    with pytest.raises(ValidationError):
        services.task_update(task=task, by=preparer, status="not_applicable")
    task.refresh_from_db()
    assert task.status == "todo"


@pytest.mark.django_db
def test_registered_requirement_blocks_its_phase(project, preparer):
    settle_phase(project, preparer, 1)
    registry.register(
        Requirement(key="test.extra", phase=1, check=lambda p: ["Ohjausryhmä puuttuu."])
    )
    try:
        with pytest.raises(services.PhaseError) as exc:
            services.project_advance(project=project, by=preparer, expected_phase=1)
        assert exc.value.messages == ["Ohjausryhmä puuttuu."]
    finally:
        registry.requirements[:] = [r for r in registry.requirements if r.key != "test.extra"]


def walk(project, user, to_phase):
    while project.phase < to_phase:
        settle_phase(project, user, project.phase)
        project = services.project_advance(project=project, by=user, expected_phase=project.phase)
    return project


@pytest.mark.django_db
def test_each_phase_is_gated_until_its_rules_hold(project, preparer, monkeypatch):
    # Only the core rules here: the other apps' rules have their own tests.
    core = [r for r in registry.requirements if r.key.startswith("phases.core.")]
    monkeypatch.setattr(registry, "requirements", core)
    monkeypatch.setattr(registry, "result_providers", {})
    for phase in range(1, 6):
        with pytest.raises(services.PhaseError):
            services.project_advance(project=project, by=preparer, expected_phase=phase)
        settle_phase(project, preparer, phase)
        project = services.project_advance(project=project, by=preparer, expected_phase=phase)
        assert project.phase == phase + 1
    with pytest.raises(services.PhaseError) as exc:
        services.project_advance(project=project, by=preparer, expected_phase=6)
    assert "last phase" in exc.value.messages[0]
    assert list(
        PhaseTransition.objects.filter(project=project).values_list("from_phase", "to_phase")
    ) == [(1, 2), (2, 3), (3, 4), (4, 5), (5, 6)]


@pytest.mark.django_db
def test_council_returns_project_from_four_to_three(project, preparer, monkeypatch):
    core = [r for r in registry.requirements if r.key.startswith("phases.core.")]
    monkeypatch.setattr(registry, "requirements", core)
    monkeypatch.setattr(registry, "result_providers", {})
    secretary = member(project.region, Role.SECRETARY)
    with pytest.raises(services.PhaseMoved):
        services.project_return_for_preparation(project=project, by=secretary, reason="x")
    project = walk(project, preparer, 4)
    with pytest.raises(services.PhaseError):
        services.project_return_for_preparation(project=project, by=secretary, reason="  ")
    project = services.project_return_for_preparation(
        project=project, by=secretary, reason="Valtuusto palautti: mittarit puuttuvat."
    )
    assert project.phase == 3
    log = PhaseTransition.objects.filter(project=project).last()
    assert (log.kind, log.from_phase, log.to_phase, log.user) == ("return", 4, 3, secretary)
    assert log.comment == "Valtuusto palautti: mittarit puuttuvat."


@pytest.mark.django_db
def test_only_preparers_advance(project):
    region = project.region
    preparer = member(region, Role.PREPARER)
    settle_phase(project, preparer, 1)
    for role in [Role.REGION_ADMIN, Role.WORKING_GROUP, Role.SECRETARY, Role.VIEWER]:
        user = member(region, role)
        with pytest.raises(services.PhaseError) as exc:
            services.project_advance(project=project, by=user, expected_phase=1)
        assert "permission" in exc.value.messages[0]
    stranger = member(RegionFactory(), Role.PREPARER)
    with pytest.raises(services.PhaseError):
        services.project_advance(project=project, by=stranger, expected_phase=1)
    assert fresh(project).phase == 1


@pytest.mark.django_db
def test_stale_expected_phase_is_reported_as_moved(project, preparer):
    settle_phase(project, preparer, 1)
    services.project_advance(project=project, by=preparer, expected_phase=1)
    with pytest.raises(services.PhaseMoved) as exc:
        services.project_advance(project=project, by=preparer, expected_phase=1)
    assert "already moved" in exc.value.messages[0]
    assert PhaseTransition.objects.filter(project=project).count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_preparers_advancing_at_once_make_exactly_one_transition():
    if connection.vendor != "postgresql":
        pytest.fail("row locks need PostgreSQL: the suite runs on it (make test, DATABASE_URL)")
    region = RegionFactory()
    project = ProjectFactory(region=region)
    users = [member(region, Role.PREPARER) for _ in range(2)]
    settle_phase(project, users[0], 1)
    barrier = threading.Barrier(2)
    outcomes = []

    def advance(user):
        from django.db import connections

        from phases.scoping import project_scope

        try:
            barrier.wait()
            with project_scope(project):  # as in the advance view (a thread has no scope)
                services.project_advance(project=project, by=user, expected_phase=1)
            outcomes.append("ok")
        except services.PhaseMoved:
            outcomes.append("moved")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=advance, args=(u,)) for u in users]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(outcomes) == ["moved", "ok"]
    assert fresh(project).phase == 2
    assert PhaseTransition.objects.filter(project=project).count() == 1


@pytest.mark.django_db(transaction=True)
def test_stale_object_cannot_overwrite_a_newer_phase():
    """ConcurrentTransitionMixin: a copy loaded before another transition cannot save."""
    from django_fsm import ConcurrentTransition

    region = RegionFactory()
    project = ProjectFactory(region=region)
    user = member(region, Role.PREPARER)
    settle_phase(project, user, 1)
    stale = PromiseProject.objects.get(pk=project.pk)
    services.project_advance(project=project, by=user, expected_phase=1)
    stale.advance()
    with pytest.raises(ConcurrentTransition):
        stale.save()
    assert fresh(project).phase == 2
