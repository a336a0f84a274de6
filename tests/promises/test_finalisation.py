"""Finalisation: empty commitments, the five questions, the result providers and the gate
in the FSM (phase 3 cannot advance while a promise is not ready)."""

import pytest
from django.urls import reverse
from django.utils import translation

from phases import services as phase_services
from phases.models import PromiseProject
from phases.registry import CommitmentCheck, registry
from phases.roles import Role
from promises import services
from promises.selectors import commitment_problems, project_readiness
from promises.services import FINALISATION_KEYS

from .factories import filled_promise

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def only_our_checks():
    """Other apps (indicators) register their own commitment checks; these tests are
    about the editor's rule and a check registered here, so set the others aside."""
    saved = list(registry.commitment_checks)
    registry.commitment_checks[:] = []
    yield
    registry.commitment_checks[:] = saved


def answer_all(promise, by=None):
    services.finalisation_answer(
        promise=promise, answers={k: ("yes", "") for k in FINALISATION_KEYS}, by=by
    )


def empty_commitment(promise):
    return services.commitment_create(
        promise=promise,
        perspective="quality",
        title={"fi": "Tyhjä lupaus", "sv": "Tomt löfte"},
        description={},
        responsible={},
        strategy_goals=[],
        by=None,
    )


def test_commitment_without_strategy_goal_is_empty(project):
    promise = filled_promise(project, statements_per_cell=0)
    empty = empty_commitment(promise)
    commitments = list(promise.commitments.prefetch_related("strategy_goals"))
    with translation.override("en"):
        problems = commitment_problems(commitments)
    assert problems[empty.pk] == ["no strategy goal"]
    assert all(not p for pk, p in problems.items() if pk != empty.pk)


def test_registered_commitment_check_marks_commitments_empty(project):
    promise = filled_promise(project, statements_per_cell=0)
    first = promise.commitments.first()
    check = CommitmentCheck(
        key="test.no_indicator",
        label="no indicator",
        missing=lambda ids: {i for i in ids if i == first.pk},
    )
    registry.register(check)
    problems = commitment_problems(list(promise.commitments.prefetch_related("strategy_goals")))
    assert "no indicator" in problems[first.pk]
    readiness = project_readiness(project)[0]
    assert [c.pk for c, _p in readiness.empty_commitments] == [first.pk]


def test_draft_result_needs_a_version_for_comments_for_every_promise(project):
    status = registry.result_status(project, "promises.draft")
    assert not status.done  # no promise yet
    first = filled_promise(project)
    second = filled_promise(project, title={"fi": "Ikääntyneet", "sv": "Äldre"})
    services.version_freeze(promise=first, by=None, kind="working")
    services.version_freeze(promise=first, by=None, kind="for_comments")
    status = registry.result_status(project, "promises.draft")
    assert not status.done
    assert any("Äldre" in b or "Ikääntyneet" in b for b in map(str, status.blockers))
    services.version_freeze(promise=second, by=None, kind="final")
    assert registry.result_status(project, "promises.draft").done


def test_finalisation_result_lists_what_is_missing_per_promise(project):
    promise = filled_promise(project)
    status = registry.result_status(project, "promises.finalisation")
    assert not status.done
    assert any("5" in b for b in map(str, status.blockers))
    answer_all(promise)
    assert registry.result_status(project, "promises.finalisation").done
    empty_commitment(promise)
    status = registry.result_status(project, "promises.finalisation")
    assert not status.done
    assert any("Tyhjä lupaus" in b or "Tomt löfte" in b for b in map(str, status.blockers))


def test_phase_3_cannot_advance_with_unanswered_questions_or_empty_commitments(project, users):
    preparer = users[Role.PREPARER]
    promise = filled_promise(project)
    services.version_freeze(promise=promise, by=None, kind="for_comments")
    PromiseProject.objects.filter(pk=project.pk).update(phase=3)
    project.refresh_from_db()

    services.finalisation_answer(
        promise=promise, answers={FINALISATION_KEYS[0]: ("partly", "Resurssit")}, by=preparer
    )
    with pytest.raises(phase_services.PhaseError) as exc:
        phase_services.project_advance(project=project, by=preparer, expected_phase=3)
    assert any("4" in m and promise.title in m for m in exc.value.messages), exc.value.messages
    project.refresh_from_db()
    assert project.phase == 3

    answer_all(promise, preparer)
    empty = empty_commitment(promise)
    with pytest.raises(phase_services.PhaseError) as exc:
        phase_services.project_advance(project=project, by=preparer, expected_phase=3)
    assert any(empty.title in m for m in exc.value.messages), exc.value.messages

    # Once the commitment links to a strategy goal, the promise no longer blocks phase 3.
    empty.strategy_goals.set(promise.commitments.exclude(pk=empty.pk).first().strategy_goals.all())
    blockers = registry.blockers(project, 3)
    assert not [b for b in blockers if promise.title in b], blockers


def test_finalisation_page_saves_answers(client, project, users):
    promise = filled_promise(project)
    client.force_login(users[Role.WORKING_GROUP])
    url = reverse(
        "promises:finalisation",
        kwargs={"region": project.region.slug, "project": project.pk, "promise": promise.pk},
    )
    data = {f"answer_{k}": "yes" for k in FINALISATION_KEYS}
    data["answer_realistic"] = "partly"
    data["note_realistic"] = "Talous tiukka"
    assert client.post(url, data).status_code == 302
    answers = {a.question: a for a in promise.finalisation.all()}
    assert answers["realistic"].answer == "partly"
    assert answers["realistic"].note == "Talous tiukka"
    assert answers["realistic"].answered_by == users[Role.WORKING_GROUP]
    assert registry.result_status(project, "promises.finalisation").done
    response = client.post(url, {"answer_realistic": "maybe"})
    assert response.status_code == 400


def test_readiness_counts_untranslated_statements_per_promise_and_the_latest_version(project):
    """The dashboard's "N texts lack a translation" and the promise panel's latest version:
    counted per promise in the database (statements can be hundreds)."""
    from promises.models import PromiseStatement

    project.region.languages = "fi_sv"
    project.region.save()
    first = filled_promise(project)
    second = filled_promise(project, title={"fi": "Ikääntyneet", "sv": "Äldre"})
    before = {r.promise.pk: r.missing_translations for r in project_readiness(project)}
    cell = first.cells.first()
    PromiseStatement.objects.bulk_create(
        [PromiseStatement(cell=cell, order=10 + n, text_fi=f"Vain suomeksi {n}") for n in range(3)]
        + [PromiseStatement(cell=cell, order=20, text_sv="Bara på svenska")]
        + [PromiseStatement(cell=cell, order=21)]  # written in no language: not missing
    )
    services.version_freeze(promise=first, by=None, kind="working")
    services.version_freeze(promise=first, by=None, kind="for_comments")
    readiness = {r.promise.pk: r for r in project_readiness(project)}
    assert readiness[first.pk].missing_translations == before[first.pk] + 4
    assert readiness[second.pk].missing_translations == before[second.pk]
    assert readiness[first.pk].latest_kind == "for_comments"
    assert readiness[first.pk].has_draft
    assert readiness[second.pk].latest_kind is None
