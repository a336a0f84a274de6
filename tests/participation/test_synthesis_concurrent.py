"""Two people edit the same synthesis (issue 25, item 5): merged per language text.

As in the promise editor (tests/promises/test_editor_concurrent.py): each person opens the
page and sends the whole form back; a text only one of them changed is kept, only texts
both changed are a conflict, and "Keep mine" writes only those and the person's own
other changes."""

import pytest
from django.urls import reverse
from django.utils import translation

from participation import services
from participation.models import Synthesis
from phases.roles import Role
from tests.promises.test_editor_concurrent import conflict_form, opened, person, send

pytestmark = pytest.mark.django_db


@pytest.fixture
def two(users):
    from django.test import Client

    return person(Client, users[Role.PREPARER]), person(Client, users[Role.WORKING_GROUP])


@pytest.fixture
def synthesis(project):
    return services.synthesis_save(
        project=project,
        perspective="access",
        texts={"fi": "Alkuperäinen", "sv": "Ursprunglig"},
        lock_version=1,
        by=None,
    )


def url(project, perspective="access"):
    with translation.override("fi"):
        return reverse(
            "participation:synthesis_edit",
            kwargs={
                "region": project.region.slug,
                "project": project.pk,
                "perspective": perspective,
            },
        )


def test_a_text_only_one_person_changed_is_kept(project, synthesis, two):
    first, second = two
    first_form, second_form = opened(first, url(project)), opened(second, url(project))
    assert send(first, url(project), first_form, text_sv="Förstas text").status_code == 302
    response = send(second, url(project), second_form, text_fi="Toisen teksti")
    assert response.status_code == 302  # merged: nobody is asked anything
    synthesis.refresh_from_db()
    assert (synthesis.text_fi, synthesis.text_sv) == ("Toisen teksti", "Förstas text")


def test_only_texts_both_changed_are_a_conflict_and_keep_mine_writes_only_those(
    project, synthesis, two
):
    first, second = two
    first_form, second_form = opened(first, url(project)), opened(second, url(project))
    changes = {"text_fi": "Ensimmäisen teksti", "text_sv": "Förstas text"}
    assert send(first, url(project), first_form, **changes).status_code == 302
    response = send(second, url(project), second_form, text_fi="Toisen teksti")
    html, page = conflict_form(response)
    shown = {name for name, _value in page.fields}
    assert "text_fi" in shown and html.count("conflict--differs") == 1
    # The text the second person never touched is neither marked nor sent back.
    assert "text_sv" not in shown and "Förstas text" not in html
    assert send(second, url(project), page).status_code == 302  # "Keep mine"
    synthesis.refresh_from_db()
    assert synthesis.text_fi == "Toisen teksti"
    assert synthesis.text_sv == "Förstas text"  # the first person's change is kept


def test_a_forged_or_missing_copy_of_the_start_is_a_conflict_on_every_text(project, synthesis, two):
    first, second = two
    first_form, second_form = opened(first, url(project)), opened(second, url(project))
    assert send(first, url(project), first_form, text_sv="Förstas text").status_code == 302
    response = send(second, url(project), second_form, text_fi="Toisen", lock_base="forged")
    html, page = conflict_form(response)
    shown = {name for name, _value in page.fields}
    assert {"text_fi", "text_sv"} <= shown  # nothing known: both texts are asked about
    synthesis.refresh_from_db()
    assert (synthesis.text_fi, synthesis.text_sv) == ("Alkuperäinen", "Förstas text")


def test_two_people_writing_the_first_synthesis_are_asked(project, two):
    first, second = two
    first_form, second_form = opened(first, url(project)), opened(second, url(project))
    assert send(first, url(project), first_form, text_fi="Ensimmäinen").status_code == 302
    response = send(second, url(project), second_form, text_fi="Toinen")
    html, _page = conflict_form(response)
    assert "Ensimmäinen" in html and "Toinen" in html
    assert Synthesis.objects.get(project=project, perspective="access").text_fi == "Ensimmäinen"
