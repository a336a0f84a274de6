"""Versions: numbering, immutability through every ORM path, and the word-level diff."""

import pytest
from django.core.exceptions import ValidationError
from django.db.models import ProtectedError

from promises import services
from promises.diff import compare_snapshots, diff_words
from promises.models import FrozenError, PromiseVersion
from promises.selectors import latest_version, versions_for_project

from .factories import cell, filled_promise

pytestmark = pytest.mark.django_db


@pytest.fixture
def version(project):
    promise = filled_promise(project)
    return services.version_freeze(
        promise=promise, by=None, kind="for_comments", label={"fi": "Eka"}
    )


def test_versions_are_numbered_and_hold_the_snapshot(project, version):
    promise = version.promise
    second = services.version_freeze(promise=promise, by=None, kind="revised")
    assert (version.number, second.number) == (1, 2)
    assert version.snapshot["title"]["fi"] == "Kaikki asukkaat"
    assert len(version.snapshot["cells"]) == 10
    assert latest_version(promise) == second
    assert list(versions_for_project(project)) == [second, version]


def test_a_version_does_not_follow_later_edits(version):
    promise = version.promise
    services.promise_update(
        promise=promise,
        lock_version=promise.lock_version,
        title={"fi": "Uusi nimi"},
        vision={"fi": "Uusi visio"},
        by=None,
    )
    version.refresh_from_db()
    assert version.snapshot["vision"]["fi"] == "Hyvinvointia yhdessä."


def test_version_refuses_save(version):
    version.label = "muutettu"
    with pytest.raises(FrozenError):
        version.save()


def test_version_refuses_delete(version):
    with pytest.raises(FrozenError):
        version.delete()


def test_queryset_update_and_delete_are_refused(version):
    with pytest.raises(FrozenError):
        PromiseVersion.objects.filter(pk=version.pk).update(label="x")
    with pytest.raises(FrozenError):
        PromiseVersion.objects.filter(pk=version.pk).delete()
    with pytest.raises(FrozenError):
        PromiseVersion.objects.bulk_update([version], ["label"])
    version.refresh_from_db()
    assert version.label == "Eka"


def test_a_promise_with_versions_cannot_be_deleted_with_them(version):
    with pytest.raises((ProtectedError, FrozenError)):
        version.promise.delete()
    assert PromiseVersion.objects.filter(pk=version.pk).exists()


def test_unknown_kind_is_refused(project):
    promise = filled_promise(project, statements_per_cell=0)
    with pytest.raises(ValidationError):
        services.version_freeze(promise=promise, by=None, kind="secret")


# -- diff ---------------------------------------------------------------------------------


def test_word_diff_marks_removed_and_added_words():
    diff = diff_words("Palvelu vastaa viikossa", "Palvelu vastaa kahdessa päivässä")
    assert diff.changed
    assert "<del>" in diff.old and "viikossa" in diff.old
    assert "<ins>" in diff.new and "kahdessa päivässä" in diff.new
    assert "<del>" not in diff.new and "<ins>" not in diff.old
    assert diff.removed == 1 and diff.added == 2


def test_word_diff_of_equal_texts_marks_nothing():
    diff = diff_words("Sama teksti", "Sama teksti")
    assert not diff.changed
    assert "<ins>" not in diff.new and "<del>" not in diff.old


def test_word_diff_escapes_markup():
    diff = diff_words("a", "a <script>alert(1)</script>")
    assert "<script>" not in diff.new
    assert "&lt;script&gt;" in diff.new


def test_compare_two_versions_per_language(project):
    promise = filled_promise(project, statements_per_cell=1)
    first = services.version_freeze(promise=promise, by=None, kind="for_comments")
    target = cell(promise)
    services.cell_update(
        cell=target,
        lock_version=target.lock_version,
        goal={"fi": "Tavoite muuttui", "sv": target.goal_sv},
        by=None,
    )
    added = services.statement_add(
        cell=target, text={"fi": "Uusi lause", "sv": "Ny mening"}, by=None
    )
    removed = target.statements.exclude(pk=added.pk).first()
    services.statement_delete(statement=removed, lock_version=removed.lock_version, by=None)
    second = services.version_freeze(promise=promise, by=None, kind="revised")

    fi = compare_snapshots(first.snapshot, second.snapshot, "fi")
    rows = {(s.title, r.label, r.status) for s in fi for r in s.rows}
    statuses = [r.status for s in fi for r in s.rows if r.status != "same"]
    assert sorted(statuses) == ["added", "changed", "removed"]
    access = next(s for s in fi if s.changes)
    changed = next(r for r in access.rows if r.status == "changed")
    assert "<ins>" in changed.diff.new and "muuttui" in changed.diff.new
    assert rows

    sv = compare_snapshots(first.snapshot, second.snapshot, "sv")
    sv_statuses = sorted(r.status for s in sv for r in s.rows if r.status != "same")
    # The Swedish goal did not change; the statement was added and removed in both.
    assert sv_statuses == ["added", "removed"]
