"""The editor split into pages: the customer segment and vision on the first page (one form
that saves both), then one page per perspective with ONE form that saves everything typed on
it (both goal summaries, every statement, new statements, deletions and a move), so text
typed in one place is never lost by pressing a button somewhere else. Conflicts are still
detected per row with lock_version (409, both texts side by side), a failed save keeps
everything typed and writes nothing, and every language is kept from /fi/, /sv/ and /en/."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from phases.perspectives import Perspective, Side
from phases.roles import Role
from promises.models import PerspectiveCell, PromiseStatement

from .factories import cell, filled_promise

pytestmark = pytest.mark.django_db


@pytest.fixture
def promise(project):
    return filled_promise(project, statements_per_cell=2)


def page(promise, perspective="access", lang="fi"):
    kwargs = {
        "region": promise.project.region.slug,
        "project": promise.project.pk,
        "promise": promise.pk,
    }
    with translation.override(lang):
        if perspective is None:
            return reverse("promises:editor", kwargs=kwargs)
        return reverse("promises:editor_perspective", kwargs={**kwargs, "perspective": perspective})


def form_data(promise, perspective="access") -> dict:
    """The perspective page's form as the browser sends it untouched."""
    data = {}
    for c in PerspectiveCell.objects.filter(promise=promise, perspective=perspective):
        data[f"cell-{c.pk}-lock_version"] = c.lock_version
        for lang in ("fi", "sv", "en"):
            data[f"cell-{c.pk}-goal_{lang}"] = getattr(c, f"goal_{lang}") or ""
            data[f"new-{c.pk}-text_{lang}"] = ""
        for s in c.statements.order_by("order", "pk"):
            data[f"st-{s.pk}-lock_version"] = s.lock_version
            for lang in ("fi", "sv", "en"):
                data[f"st-{s.pk}-text_{lang}"] = getattr(s, f"text_{lang}") or ""
    return data


def statements(target):
    return list(target.statements.order_by("order", "pk"))


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
@pytest.mark.parametrize("perspective", Perspective.values)
def test_every_perspective_page_renders_with_one_form(client, promise, users, perspective, lang):
    client.force_login(users[Role.WORKING_GROUP])
    response = client.get(page(promise, perspective, lang))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<form") == 2  # the page's form and the language switcher's
    assert html.count("data-unsaved-warning") == 1
    assert "js/unsaved-changes.js" in html and "<script>" not in html
    resident = cell(promise, perspective, Side.RESIDENT)
    assert f'name="cell-{resident.pk}-goal_fi"' in html
    assert f'name="new-{resident.pk}-text_sv"' in html
    # Only this perspective's statements are on the page.
    other = PromiseStatement.objects.filter(cell__promise=promise).exclude(
        cell__perspective=perspective
    )
    assert f'name="st-{other.first().pk}-text_fi"' not in html


def test_the_first_page_saves_segment_and_vision_together_and_says_so(client, promise, users):
    client.force_login(users[Role.PREPARER])
    html = client.get(page(promise, None, "en")).content.decode()
    assert "Save customer segment and vision" in html
    assert 'name="title_fi"' in html and 'name="vision_sv"' in html
    for perspective in Perspective.values:
        assert page(promise, perspective, "en") in html
    assert 'name="text_fi"' not in html and "-text_fi" not in html


def test_one_save_keeps_everything_typed_on_the_page(client, promise, users):
    """The lost-text case of the working days: a goal typed on one side, a statement
    changed on the other, a new statement, and then "Move down" pressed: all of it saved."""
    client.force_login(users[Role.WORKING_GROUP])
    resident = cell(promise, "access", Side.RESIDENT)
    organiser = cell(promise, "access", Side.ORGANISER)
    first, second = statements(resident)
    other = statements(organiser)[0]
    data = form_data(promise)
    data[f"cell-{resident.pk}-goal_fi"] = "Uusi tavoite asukkaalle"
    data[f"st-{other.pk}-text_sv"] = "Ny mening för anordnaren"
    data[f"new-{organiser.pk}-text_fi"] = "Aivan uusi lause"
    data["move"] = f"down:{first.pk}"
    response = client.post(page(promise), data)
    assert response.status_code == 302
    assert response["Location"].endswith(f"#statement-{first.pk}")
    resident.refresh_from_db()
    other.refresh_from_db()
    assert resident.goal_fi == "Uusi tavoite asukkaalle"
    assert other.text_sv == "Ny mening för anordnaren"
    assert organiser.statements.filter(text_fi="Aivan uusi lause").exists()
    assert [s.pk for s in statements(resident)] == [second.pk, first.pk]


def test_unchanged_rows_are_not_written(client, promise, users):
    client.force_login(users[Role.WORKING_GROUP])
    resident = cell(promise, "access", Side.RESIDENT)
    before = {s.pk: s.lock_version for s in PromiseStatement.objects.filter(cell__promise=promise)}
    data = form_data(promise)
    data[f"cell-{resident.pk}-goal_sv"] = "Bara målet ändras"
    assert client.post(page(promise), data).status_code == 302
    after = {s.pk: s.lock_version for s in PromiseStatement.objects.filter(cell__promise=promise)}
    assert after == before
    assert cell(promise, "access", Side.ORGANISER).lock_version == 1


@pytest.mark.parametrize("interface", ["fi", "sv", "en"])
def test_every_language_is_kept_from_every_interface(client, promise, users, interface):
    client.force_login(users[Role.PREPARER])
    target = cell(promise, "access", Side.RESIDENT)
    statement = statements(target)[0]
    data = form_data(promise)
    for lang in ("fi", "sv", "en"):
        data[f"cell-{target.pk}-goal_{lang}"] = f"{lang}-tavoite"
        data[f"st-{statement.pk}-text_{lang}"] = f"{lang}-lause"
        data[f"new-{target.pk}-text_{lang}"] = f"{lang}-uusi"
    assert client.post(page(promise, lang=interface), data).status_code == 302
    target.refresh_from_db()
    statement.refresh_from_db()
    new = target.statements.get(text_fi="fi-uusi")
    for lang in ("fi", "sv", "en"):
        assert getattr(target, f"goal_{lang}") == f"{lang}-tavoite"
        assert getattr(statement, f"text_{lang}") == f"{lang}-lause"
        assert getattr(new, f"text_{lang}") == f"{lang}-uusi"
    # Saved again with only the Swedish text changed: the others stay.
    data = form_data(promise)
    data[f"st-{statement.pk}-text_sv"] = "sv-ändrad"
    assert client.post(page(promise, lang=interface), data).status_code == 302
    statement.refresh_from_db()
    assert (statement.text_fi, statement.text_sv, statement.text_en) == (
        "fi-lause",
        "sv-ändrad",
        "en-lause",
    )


def test_a_failed_save_keeps_everything_typed_and_writes_nothing(client, promise, users):
    client.force_login(users[Role.WORKING_GROUP])
    resident = cell(promise, "access", Side.RESIDENT)
    first = statements(resident)[0]
    data = form_data(promise)
    data[f"cell-{resident.pk}-goal_fi"] = "Tämä tavoite ei saa kadota"
    data[f"st-{first.pk}-text_fi"] = ""
    data[f"st-{first.pk}-text_sv"] = ""  # an emptied statement is refused
    data[f"new-{resident.pk}-text_sv"] = "Pitkä " * 500  # too long
    response = client.post(page(promise, lang="en"), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="error-summary"' in html
    assert "Write the statement in at least one language." in html
    assert f'href="#id_st-{first.pk}-text_fi"' in html
    assert "Tämä tavoite ei saa kadota" in html
    assert "Not saved: correct the errors and save again." in html
    resident.refresh_from_db()
    assert resident.goal_fi != "Tämä tavoite ei saa kadota"


def test_delete_when_saved(client, promise, users):
    client.force_login(users[Role.WORKING_GROUP])
    resident = cell(promise, "access", Side.RESIDENT)
    first, second = statements(resident)
    data = form_data(promise)
    data[f"st-{first.pk}-text_fi"] = ""  # emptied and deleted: no error
    data[f"st-{first.pk}-text_sv"] = ""
    data["delete"] = [str(first.pk)]
    assert client.post(page(promise), data).status_code == 302
    assert [s.pk for s in statements(resident)] == [second.pk]


def test_concurrent_edit_shows_both_texts_and_keep_mine_saves_the_whole_page(
    client, promise, users
):
    resident = cell(promise, "access", Side.RESIDENT)
    organiser = cell(promise, "access", Side.ORGANISER)
    statement = statements(resident)[0]
    opened = form_data(promise)  # both users open the page
    client.force_login(users[Role.PREPARER])
    data = dict(opened)
    data[f"st-{statement.pk}-text_fi"] = "Valmistelijan lause"
    assert client.post(page(promise), data).status_code == 302

    client.force_login(users[Role.WORKING_GROUP])
    data = dict(opened)
    data[f"st-{statement.pk}-text_fi"] = "Työryhmän lause"
    data[f"cell-{organiser.pk}-goal_fi"] = "Työryhmän tavoite"
    response = client.post(page(promise), data)
    assert response.status_code == 409
    html = response.content.decode()
    assert "Valmistelijan lause" in html and "Työryhmän lause" in html
    # Nothing of the second user's page was written, not even the row without a conflict.
    organiser.refresh_from_db()
    statement.refresh_from_db()
    assert statement.text_fi == "Valmistelijan lause"
    assert organiser.goal_fi != "Työryhmän tavoite"
    # The rest of what was typed rides along; the conflicting row carries its current version.
    assert "Työryhmän tavoite" in html
    assert f'name="st-{statement.pk}-lock_version" value="{statement.lock_version}"' in html
    keep_mine = dict(data)
    keep_mine[f"st-{statement.pk}-lock_version"] = statement.lock_version
    assert client.post(page(promise), keep_mine).status_code == 302
    statement.refresh_from_db()
    organiser.refresh_from_db()
    assert statement.text_fi == "Työryhmän lause"
    assert organiser.goal_fi == "Työryhmän tavoite"


def test_permissions(client, promise, users):
    url = page(promise)
    data = form_data(promise)
    resident = cell(promise, "access", Side.RESIDENT)
    data[f"cell-{resident.pk}-goal_fi"] = "Ei saa tallentua"
    client.force_login(users[Role.VIEWER])
    html = client.get(url).content.decode()
    assert "data-unsaved-warning" not in html and "Tavoite access resident" in html
    assert client.post(url, data).status_code == 403
    client.force_login(users["stranger"])
    assert client.get(url).status_code == 404
    assert client.post(url, data).status_code == 404
    client.force_login(users[Role.WORKING_GROUP])
    assert client.get(url.replace("/access/", "/nonsense/")).status_code == 404
    resident.refresh_from_db()
    assert resident.goal_fi != "Ei saa tallentua"


def test_rows_of_another_promise_cannot_be_written(client, promise, project, users):
    other = filled_promise(project, statements_per_cell=1)
    foreign = PromiseStatement.objects.filter(cell__promise=other).first()
    client.force_login(users[Role.WORKING_GROUP])
    data = form_data(promise)
    data[f"st-{foreign.pk}-lock_version"] = foreign.lock_version
    data[f"st-{foreign.pk}-text_fi"] = "Vieras"
    data["delete"] = [str(foreign.pk)]
    assert client.post(page(promise), data).status_code == 302
    foreign.refresh_from_db()
    assert foreign.text_fi != "Vieras"


@pytest.mark.parametrize("per_cell", [3, 30])
def test_perspective_page_query_count_does_not_grow(client, project, users, per_cell):
    promise = filled_promise(project, statements_per_cell=per_cell, commitments_per_perspective=3)
    client.force_login(users[Role.WORKING_GROUP])
    url = page(promise)
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    counts = test_perspective_page_query_count_does_not_grow.counts
    counts[per_cell] = len(ctx.captured_queries)
    if len(counts) == 2:
        assert counts[3] == counts[30], counts


test_perspective_page_query_count_does_not_grow.counts = {}
