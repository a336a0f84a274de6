"""The one optimistic lock: a save that started from an older version is refused with the
row as it is now, a save from the current version gets the next version, and a row created
on its first save accepts a user who started from nothing only while nobody created it."""

import pytest
from django.db import transaction
from django.utils import translation

from indicators.models import Assessment
from phases.locking import EditConflict, locked, locked_or_new
from promises.models import PromiseStatement
from tests.promises.factories import filled_promise


@pytest.fixture
def statement(project):
    return PromiseStatement.objects.filter(cell__promise=filled_promise(project)).first()


def test_a_save_from_the_current_version_gets_the_next(statement):
    start = statement.lock_version
    with transaction.atomic():
        row = locked(PromiseStatement, start, pk=statement.pk)
        row.text_fi = "Uusi"
        row.save()
    statement.refresh_from_db()
    assert (statement.lock_version, statement.text_fi) == (start + 1, "Uusi")


def test_a_save_from_an_older_version_is_refused_with_the_row_as_it_is_now(statement):
    start = statement.lock_version
    PromiseStatement.objects.filter(pk=statement.pk).update(
        lock_version=start + 1, text_fi="Toinen"
    )
    with translation.override("fi"), pytest.raises(EditConflict) as exc:
        with transaction.atomic():
            locked(PromiseStatement.objects.filter(cell=statement.cell), start, pk=statement.pk)
    assert exc.value.current.text_fi == "Toinen"
    assert exc.value.currents == [exc.value.current]
    assert "Joku muu tallensi" in exc.value.messages[0]


def test_a_missing_row_is_not_found(statement):
    with pytest.raises(PromiseStatement.DoesNotExist), transaction.atomic():
        locked(PromiseStatement, 1, pk=statement.pk + 10_000)


def test_a_row_made_on_its_first_save(statement):
    commitment = statement.cell.promise.commitments.first()
    with transaction.atomic():
        first = locked_or_new(Assessment, None, commitment=commitment, year=2027)
        first.save()
    assert Assessment.objects.get(pk=first.pk).lock_version == 2
    # somebody who opened the page before it existed is now behind
    with pytest.raises(EditConflict), transaction.atomic():
        locked_or_new(Assessment, None, commitment=commitment, year=2027)
    # a refused first save leaves nothing behind
    with pytest.raises(EditConflict), transaction.atomic():
        locked_or_new(Assessment, 7, commitment=commitment, year=2028)
    assert not Assessment.objects.filter(commitment=commitment, year=2028).exists()
