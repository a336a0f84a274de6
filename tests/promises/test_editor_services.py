"""The editor's rules: structure of a new promise, optimistic locking, ordering, goals of
the region only, and the change history."""

import pytest
from django.core.exceptions import ValidationError

from phases import services as phase_services
from phases.catalogue_data import FINALISATION_QUESTIONS
from phases.locking import EditConflict
from phases.roles import Role
from promises import services
from promises.models import Commitment, PromiseStatement
from promises.selectors import promise_history
from tests.factories import ProjectFactory, RegionFactory

from .factories import cell, filled_promise, strategy_goal

pytestmark = pytest.mark.django_db


def test_new_promise_has_ten_cells_and_the_five_finalisation_questions(project, users):
    promise = services.promise_create(
        project=project, title={"fi": "Ikääntyneet", "sv": "Äldre"}, by=users[Role.PREPARER]
    )
    cells = {(c.perspective, c.side) for c in promise.cells.all()}
    assert len(cells) == 10
    assert {a.question for a in promise.finalisation.all()} == {
        q["key"] for q in FINALISATION_QUESTIONS
    }
    assert promise.title_fi == "Ikääntyneet" and promise.title_sv == "Äldre"


def test_second_save_from_the_same_start_is_detected_and_nothing_is_lost(project, users):
    promise = filled_promise(project)
    target = cell(promise)
    start = target.lock_version
    services.cell_update(
        cell=target, lock_version=start, goal={"fi": "Ensimmäisen teksti"}, by=users["preparer"]
    )
    with pytest.raises(EditConflict) as exc:
        services.cell_update(
            cell=target, lock_version=start, goal={"fi": "Toisen teksti"}, by=users["working_group"]
        )
    assert exc.value.current.goal_fi == "Ensimmäisen teksti"
    target.refresh_from_db()
    assert target.goal_fi == "Ensimmäisen teksti"
    assert target.lock_version == start + 1


def test_statement_conflict_and_delete_of_a_changed_statement_is_refused(project, users):
    promise = filled_promise(project, statements_per_cell=1)
    statement = PromiseStatement.objects.filter(cell__promise=promise).first()
    start = statement.lock_version
    services.statement_update(statement=statement, lock_version=start, text={"fi": "Uusi"}, by=None)
    with pytest.raises(EditConflict):
        services.statement_update(
            statement=statement, lock_version=start, text={"fi": "Vanha pohja"}, by=None
        )
    with pytest.raises(EditConflict):
        services.statement_delete(statement=statement, lock_version=start, by=None)
    assert PromiseStatement.objects.filter(pk=statement.pk).exists()


def test_statements_are_added_at_the_end_and_move_up_and_down(project):
    promise = services.promise_create(project=project, title={"fi": "A"}, by=None)
    target = cell(promise)
    first = services.statement_add(cell=target, text={"fi": "yksi"}, by=None)
    second = services.statement_add(cell=target, text={"fi": "kaksi"}, by=None)
    third = services.statement_add(cell=target, text={"fi": "kolme"}, by=None)

    def order():
        return list(target.statements.order_by("order", "pk").values_list("text_fi", flat=True))

    assert order() == ["yksi", "kaksi", "kolme"]
    services.statement_move(statement=third, direction="up", by=None)
    assert order() == ["yksi", "kolme", "kaksi"]
    services.statement_move(statement=first, direction="up", by=None)  # already first
    assert order() == ["yksi", "kolme", "kaksi"]
    services.statement_move(statement=first, direction="down", by=None)
    assert order() == ["kolme", "yksi", "kaksi"]
    assert second.pk in target.statements.values_list("pk", flat=True)


def test_commitment_cannot_link_a_goal_of_another_region(project):
    promise = services.promise_create(project=project, title={"fi": "A"}, by=None)
    foreign = strategy_goal(RegionFactory(slug="muu"), code="X 1")
    with pytest.raises(ValidationError):
        services.commitment_create(
            promise=promise,
            perspective="access",
            title={"fi": "Sitoumus"},
            description={},
            responsible={},
            strategy_goals=[foreign],
            by=None,
        )
    assert not Commitment.objects.filter(promise=promise).exists()


def test_history_shows_who_changed_what(project, users):
    promise = filled_promise(project, statements_per_cell=1)
    target = cell(promise)
    services.cell_update(
        cell=target,
        lock_version=target.lock_version,
        goal={"sv": "Nytt mål"},
        by=users["working_group"],
    )
    entries = promise_history(promise)
    edited = [e for e in entries if e.user == users["working_group"]]
    assert edited, entries
    assert any("(sv)" in ", ".join(e.changed) for e in edited)


def test_copy_of_the_previous_cycle_uses_the_approved_version(region, users):
    previous = ProjectFactory(region=region, title="Edellinen")
    promise = filled_promise(previous, statements_per_cell=2)
    services.version_freeze(promise=promise, by=None, kind="for_comments")
    services.promise_update(
        promise=promise,
        lock_version=promise.lock_version,
        title={"fi": "Hyväksytty nimi", "sv": "Godkänt namn"},
        vision={"fi": "Hyväksytty visio"},
        by=None,
    )
    approved = services.version_freeze(promise=promise, by=None, kind="approved")
    promise.refresh_from_db()
    services.promise_update(
        promise=promise,
        lock_version=promise.lock_version,
        title={"fi": "Luonnos hyväksynnän jälkeen"},
        vision={},
        by=None,
    )
    services.version_freeze(promise=promise, by=None, kind="working")

    new = phase_services.project_create(
        region=region,
        title={"fi": "Seuraava"},
        term_start=2030,
        term_end=2032,
        by=users["preparer"],
        previous_project=previous,
        copy={"copy_previous"},
    )
    copies = list(new.promises.all())
    assert len(copies) == 1
    copy = copies[0]
    assert copy.copied_from == approved
    assert copy.title_fi == "Hyväksytty nimi" and copy.vision_fi == "Hyväksytty visio"
    assert copy.cells.count() == 10
    assert PromiseStatement.objects.filter(cell__promise=copy).count() == 20
    assert copy.commitments.count() == 5
    assert all(c.strategy_goals.exists() for c in copy.commitments.all())
    assert copy.finalisation.count() == 5
    # Editable, independent rows.
    source_cell = cell(promise)
    copied_cell = cell(copy)
    assert copied_cell.pk != source_cell.pk
    services.cell_update(
        cell=copied_cell, lock_version=copied_cell.lock_version, goal={"fi": "Muutettu"}, by=None
    )
    source_cell.refresh_from_db()
    assert source_cell.goal_fi != "Muutettu"


def test_new_project_without_copy_starts_empty(region, users):
    previous = ProjectFactory(region=region, title="Edellinen")
    filled_promise(previous)
    new = ProjectFactory(region=region, title="Uusi", previous_project=previous)
    assert not new.promises.exists()
