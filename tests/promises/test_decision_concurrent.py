"""Two people edit the decision package (issue 25, item 5): merged field by field.

As in the promise editor (tests/promises/test_editor_concurrent.py): each opens the page
and sends the whole form back; a field only one of them changed is kept, only fields both
changed are a conflict, and "Keep mine" writes only those and the person's own other
changes."""

import pytest
from django.test import Client
from django.utils import translation

from promises.decision.selectors import package_for

from . import test_decision_support as support
from .test_decision_views import decision_url
from .test_editor_concurrent import conflict_form, opened, person, send

pytestmark = pytest.mark.django_db
ready = support.ready
media_root = support.media_root


@pytest.fixture
def two(ready, users):

    return person(Client, users["preparer"]), person(Client, users["preparer"])


def url(project):
    with translation.override("fi"):
        return decision_url(project)


def test_a_field_only_one_person_changed_is_kept(ready, two):
    first, second = two
    first_form, second_form = opened(first, url(ready)), opened(second, url(ready))
    assert (
        send(first, url(ready), first_form, evaluation_sv="Förstas utvärdering").status_code == 302
    )
    response = send(second, url(ready), second_form, reporting_fi="Toisen raportointi")
    assert response.status_code == 302  # merged: nobody is asked anything
    package = package_for(ready)
    assert package.evaluation_sv == "Förstas utvärdering"
    assert package.reporting_fi == "Toisen raportointi"


def test_only_fields_both_changed_are_a_conflict_and_keep_mine_writes_only_those(ready, two):
    first, second = two
    first_form, second_form = opened(first, url(ready)), opened(second, url(ready))
    changes = {"reporting_fi": "Ensimmäisen raportointi", "evaluation_sv": "Förstas utvärdering"}
    assert send(first, url(ready), first_form, **changes).status_code == 302
    response = send(second, url(ready), second_form, reporting_fi="Toisen raportointi")
    html, page = conflict_form(response)
    shown = {name for name, _value in page.fields}
    assert "reporting_fi" in shown and html.count("conflict--differs") == 1
    assert "evaluation_sv" not in shown and "Förstas utvärdering" not in html
    assert send(second, url(ready), page).status_code == 302  # "Keep mine"
    package = package_for(ready)
    assert package.reporting_fi == "Toisen raportointi"
    assert package.evaluation_sv == "Förstas utvärdering"  # the first person's change
