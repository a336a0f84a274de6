"""Two people edit the same indicator (issue 25, item 5): merged field by field.

As in the promise editor (tests/promises/test_editor_concurrent.py): each opens the page
and sends the whole form back; a field only one of them changed is kept (texts, choices,
targets), only fields both changed are a conflict, and "Keep mine" writes only those and
the person's own other changes."""

from decimal import Decimal

import pytest
from django.test import Client

from phases.roles import Role
from tests.indicators.factories import IndicatorFactory, with_targets
from tests.promises.test_editor_concurrent import conflict_form, opened, person, send

from .test_views import url

pytestmark = pytest.mark.django_db


@pytest.fixture
def two(users):
    return person(Client, users[Role.PREPARER]), person(Client, users[Role.WORKING_GROUP])


@pytest.fixture
def indicator(project):
    return with_targets(
        IndicatorFactory(project=project, name_fi="Hoitoon pääsy", name_sv="Tillgång till vård"),
        {2027: "60", 2028: "65", 2029: "70"},
    )


def test_a_field_only_one_person_changed_is_kept(project, indicator, two):
    first, second = two
    edit = url(project, "edit", indicator=indicator.pk)
    first_form, second_form = opened(first, edit), opened(second, edit)
    assert (
        send(first, edit, first_form, name_sv="Förstas namn", target_2028="66").status_code == 302
    )
    response = send(second, edit, second_form, name_fi="Toisen nimi", responsible_fi="Yksikkö")
    assert response.status_code == 302  # merged: nobody is asked anything
    indicator.refresh_from_db()
    assert (indicator.name_fi, indicator.name_sv) == ("Toisen nimi", "Förstas namn")
    assert indicator.responsible_fi == "Yksikkö"
    targets = {t.year: t.value for t in indicator.targets.all()}
    assert targets[2028] == Decimal("66")  # the first person's target stays


def test_only_fields_both_changed_are_a_conflict_and_keep_mine_writes_only_those(
    project, indicator, two
):
    first, second = two
    edit = url(project, "edit", indicator=indicator.pk)
    first_form, second_form = opened(first, edit), opened(second, edit)
    first_changes = {"name_fi": "Ensimmäisen nimi", "name_sv": "Förstas namn", "target_2029": "75"}
    assert send(first, edit, first_form, **first_changes).status_code == 302
    response = send(second, edit, second_form, name_fi="Toisen nimi", target_2027="61")
    html, page = conflict_form(response)
    shown = {name for name, _value in page.fields}
    assert "name_fi" in shown and html.count("conflict--differs") == 1
    # What the second person never touched is neither marked nor sent back as theirs.
    assert "Förstas namn" not in html
    assert dict(page.fields).get("name_sv") is None
    assert send(second, edit, page).status_code == 302  # "Keep mine"
    indicator.refresh_from_db()
    assert indicator.name_fi == "Toisen nimi"
    assert indicator.name_sv == "Förstas namn"  # the first person's change is kept
    targets = {t.year: t.value for t in indicator.targets.all()}
    assert targets == {2027: Decimal("61"), 2028: Decimal("65"), 2029: Decimal("75")}
