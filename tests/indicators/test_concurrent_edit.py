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


# -- the yearly assessment of a commitment ---------------------------------------------


@pytest.fixture
def assessment_url(project):
    from indicators import services
    from tests.indicators.factories import CommitmentFactory, PromiseFactory

    commitment = CommitmentFactory(promise=PromiseFactory(project=project))
    services.assessment_save(
        commitment=commitment,
        year=2027,
        texts={"fi": "Arvio", "sv": "Bedömning"},
        lock_version=None,
    )
    return url(project, "assessment_edit", year=2027, commitment=commitment.pk), commitment


def test_the_assessment_keeps_a_text_only_one_person_changed(assessment_url, two):
    address, commitment = assessment_url
    first, second = two
    first_form, second_form = opened(first, address), opened(second, address)
    assert send(first, address, first_form, text_sv="Förstas bedömning").status_code == 302
    assert send(second, address, second_form, text_fi="Toisen arvio").status_code == 302
    assessment = commitment.assessments.get(year=2027)
    assert (assessment.text_fi, assessment.text_sv) == ("Toisen arvio", "Förstas bedömning")


def test_the_assessment_asks_only_about_texts_both_changed(assessment_url, two):
    address, commitment = assessment_url
    first, second = two
    first_form, second_form = opened(first, address), opened(second, address)
    changes = {"text_fi": "Ensimmäisen arvio", "text_sv": "Förstas bedömning"}
    assert send(first, address, first_form, **changes).status_code == 302
    html, page = conflict_form(send(second, address, second_form, text_fi="Toisen arvio"))
    shown = {name for name, _value in page.fields}
    assert "text_fi" in shown and html.count("conflict--differs") == 1
    assert "text_sv" not in shown and "Förstas bedömning" not in html
    assert send(second, address, page).status_code == 302  # "Keep mine"
    assessment = commitment.assessments.get(year=2027)
    assert (assessment.text_fi, assessment.text_sv) == ("Toisen arvio", "Förstas bedömning")
