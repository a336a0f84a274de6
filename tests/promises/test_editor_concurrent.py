"""Two people edit the same thing: their changes are merged field by field.

Each person works as a browser does: opens the page, changes what they mean to change and
sends the whole form back (every other field as the page gave it). A field only one of
them changed is kept; only fields both changed (differently) are shown as a conflict, and
"Keep mine" writes those and the person's own other changes, never the fields the other
person changed alone. Also: a new commitment comes with nothing pre-selected."""

import pytest
from django.urls import reverse
from django.utils import translation

from phases.roles import Role
from promises import services
from promises.models import Commitment
from tests.test_unchanged_save_matrix import page_forms, save_button

from .factories import cell, filled_promise

pytestmark = pytest.mark.django_db


@pytest.fixture
def promise(project):
    promise = filled_promise(project, statements_per_cell=1)
    services.promise_update(
        promise=promise,
        lock_version=promise.lock_version,
        title={"fi": "Kaikki asukkaat", "sv": "Alla invånare"},
        vision={"fi": "Alkuperäinen visio", "sv": "Ursprunglig vision"},
        slogan={"fi": "Alkuperäinen iskulause", "sv": "Ursprunglig slogan"},
        outcomes={"fi": "Tulokset", "sv": "Resultat"},
        by=None,
    )
    promise.refresh_from_db()
    return promise


def urls(promise):
    kw = {"region": promise.project.region.slug, "project": promise.project.pk}
    pk = {**kw, "promise": promise.pk}
    commitment = promise.commitments.order_by("pk").first()
    with translation.override("fi"):
        return {
            "promise_edit": reverse("promises:promise_edit", kwargs=pk),
            "commitment_edit": reverse(
                "promises:commitment_edit", kwargs={**pk, "commitment": commitment.pk}
            ),
            "commitment_add": reverse("promises:commitment_add", kwargs=pk),
            "perspective": reverse(
                "promises:editor_perspective", kwargs={**pk, "perspective": "access"}
            ),
        }


def opened(client, url, action=None):
    """The page's form (its action, or the one posting to itself) as the browser holds it."""
    response = client.get(url)
    assert response.status_code == 200
    form = next(
        f
        for f in page_forms(response.content.decode())
        if f.method == "post" and f.action in ("", action or url)
    )
    return form


def send(client, url, form, **changes):
    """The form sent back with `changes` typed in (every other field as rendered)."""
    data = form.data(save_button(form))
    for name, value in changes.items():
        data[name] = value if isinstance(value, list) else [value]
    return client.post(url, data)


def conflict_form(response):
    assert response.status_code == 409, response.status_code
    html = response.content.decode()
    path = response.wsgi_request.path
    return html, next(f for f in page_forms(html) if f.method == "post" and f.action == path)


def person(client_factory, user):
    client = client_factory()
    client.force_login(user)
    return client


@pytest.fixture
def two(users):
    from django.test import Client

    return person(Client, users[Role.PREPARER]), person(Client, users[Role.WORKING_GROUP])


def test_a_field_only_one_person_changed_is_kept(promise, two):
    first, second = two
    url = urls(promise)["promise_edit"]
    first_form, second_form = opened(first, url), opened(second, url)
    assert send(first, url, first_form, slogan_fi="Ensimmäisen iskulause").status_code == 302
    response = send(second, url, second_form, vision_fi="Toisen visio")
    assert response.status_code == 302  # merged: nobody is asked anything
    promise.refresh_from_db()
    assert promise.slogan_fi == "Ensimmäisen iskulause"
    assert promise.vision_fi == "Toisen visio"
    assert (promise.slogan_sv, promise.vision_sv) == ("Ursprunglig slogan", "Ursprunglig vision")


def test_only_fields_both_changed_are_a_conflict_and_keep_mine_writes_only_those(promise, two):
    first, second = two
    url = urls(promise)["promise_edit"]
    first_form, second_form = opened(first, url), opened(second, url)
    first_changes = {"vision_fi": "Ensimmäisen visio", "slogan_sv": "Förstas slogan"}
    assert send(first, url, first_form, **first_changes).status_code == 302
    response = send(
        second, url, second_form, vision_fi="Toisen visio", outcomes_fi="Toisen tulokset"
    )
    html, page = conflict_form(response)
    shown = {name for name, _value in page.fields}
    assert "vision_fi" in shown  # both changed it: the conflict, editable
    assert html.count("conflict--differs") == 1
    # The field the second person never touched is not marked, and is not sent back.
    assert "slogan_sv" not in shown and "Förstas slogan" not in html
    # "Keep mine": the conflict page's form as it is.
    assert send(second, url, page).status_code == 302
    promise.refresh_from_db()
    assert promise.vision_fi == "Toisen visio"
    assert promise.outcomes_fi == "Toisen tulokset"  # the second person's own other change
    assert promise.slogan_sv == "Förstas slogan"  # the first person's change is kept


def test_the_same_change_by_both_is_no_conflict(promise, two):
    first, second = two
    url = urls(promise)["promise_edit"]
    first_form, second_form = opened(first, url), opened(second, url)
    assert send(first, url, first_form, vision_fi="Sama").status_code == 302
    assert send(second, url, second_form, vision_fi="Sama", slogan_fi="Uusi").status_code == 302
    promise.refresh_from_db()
    assert (promise.vision_fi, promise.slogan_fi) == ("Sama", "Uusi")


def test_commitment_fields_merge_one_by_one(promise, two):
    first, second = two
    url = urls(promise)["commitment_edit"]
    first_form, second_form = opened(first, url), opened(second, url)
    assert send(first, url, first_form, side="both").status_code == 302
    response = send(second, url, second_form, title_fi="Toisen sitoumus")
    assert response.status_code == 302
    commitment = promise.commitments.order_by("pk").first()
    assert (commitment.side, commitment.title_fi) == ("both", "Toisen sitoumus")
    # Both change the side, differently: that one field is the conflict.
    first_form, second_form = opened(first, url), opened(second, url)
    assert send(first, url, first_form, side="resident").status_code == 302
    response = send(second, url, second_form, side="organiser", responsible_fi="Toinen yksikkö")
    html, page = conflict_form(response)
    assert "conflict--differs" not in html  # no text conflicts; the side is listed
    assert send(second, url, page).status_code == 302
    commitment.refresh_from_db()
    assert (commitment.side, commitment.responsible_fi) == ("organiser", "Toinen yksikkö")


def test_perspective_page_merges_text_by_text(promise, two, users):
    first, second = two
    url = urls(promise)["perspective"]
    target = cell(promise)
    statement = services.statement_add(
        cell=target, text={"fi": "Alkuperäinen lause", "sv": "Ursprunglig mening"}, by=None
    )
    first_form, second_form = opened(first, url), opened(second, url)
    st = f"st-{statement.pk}"
    goal = f"cell-{target.pk}"
    assert send(first, url, first_form, **{f"{st}-text_sv": "Förstas mening"}).status_code == 302
    # The second changes the cell's goal only: merged, the first's Swedish text stays.
    response = send(second, url, second_form, **{f"{goal}-goal_fi": "Toisen tavoite"})
    assert response.status_code == 302, response.content.decode()[-6000:]
    statement.refresh_from_db()
    target.refresh_from_db()
    assert statement.text_sv == "Förstas mening" and target.goal_fi == "Toisen tavoite"
    # Both change the statement's Finnish text: only that one is the conflict.
    first_form, second_form = opened(first, url), opened(second, url)
    assert send(first, url, first_form, **{f"{st}-text_fi": "Ensimmäisen lause"}).status_code == 302
    response = send(
        second,
        url,
        second_form,
        **{f"{st}-text_fi": "Toisen lause", f"{goal}-goal_sv": "Andras mål"},
    )
    html, page = conflict_form(response)
    assert html.count("conflict--differs") == 1
    assert send(second, url, page).status_code == 302
    statement.refresh_from_db()
    target.refresh_from_db()
    assert statement.text_fi == "Toisen lause"
    assert statement.text_sv == "Förstas mening"
    assert target.goal_sv == "Andras mål"


# -- nothing pre-selected on a new commitment ----------------------------------------------


def _checked(form, name):
    return [value for field, value in form.fields if field == name]


def test_a_new_commitment_comes_with_no_classification_ticked(client, promise, users):
    client.force_login(users[Role.PREPARER])
    url = urls(promise)["commitment_add"]
    form = opened(client, url)
    assert _checked(form, "perspectives") == []
    assert _checked(form, "side") == [] and _checked(form, "kind") == []
    # Saved without choosing: refused with what to choose, nothing stored.
    response = send(client, url, form, title_fi="Ristiin kulkeva lupaus")
    assert response.status_code == 400
    html = response.content.decode()
    assert "Valitse" in html and "Ristiin kulkeva lupaus" in html
    assert not Commitment.objects.filter(title_fi="Ristiin kulkeva lupaus").exists()


def test_a_new_commitment_opened_from_a_perspective_has_that_perspective(client, promise, users):
    client.force_login(users[Role.PREPARER])
    url = urls(promise)["commitment_add"] + "?perspective=quality"
    form = opened(client, url, action="")
    assert _checked(form, "perspectives") == ["quality"]
    assert _checked(form, "side") == []
