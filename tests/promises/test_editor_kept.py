"""The editor's data is kept per process under the project's content version (issue 31):
a warm page is the same page with no more queries, and every kind of write (a service, a
plain model save as the admin makes, a link added to a statement) shows on the next render."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from participation.models import Input
from phases.perspectives import Side
from phases.roles import Role
from promises import services
from promises.models import PromiseStatement

from .factories import cell, filled_promise
from .test_editor_pages import form_data, page

pytestmark = pytest.mark.django_db

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


def get(client, url) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return CSRF.sub("", response.content.decode()), len(ctx.captured_queries)


@pytest.fixture
def promise(project):
    return filled_promise(project, statements_per_cell=2)


@pytest.mark.parametrize("perspective", [None, "access"])
def test_a_warm_editor_page_is_the_same_page_with_fewer_queries(
    client, promise, users, perspective
):
    client.force_login(users[Role.WORKING_GROUP])
    url = page(promise, perspective)
    cold, cold_queries = get(client, url)
    warm, warm_queries = get(client, url)
    assert warm == cold
    assert warm_queries < cold_queries


def test_a_statement_saved_anywhere_shows_on_the_next_render(client, promise, users):
    client.force_login(users[Role.WORKING_GROUP])
    url = page(promise)
    resident = cell(promise, "access", Side.RESIDENT)
    statement = resident.statements.order_by("order", "pk").first()
    get(client, url)
    statement.text_fi = "Ylläpitäjän muuttama lause"  # as the admin saves it: no service
    statement.save()
    assert "Ylläpitäjän muuttama lause" in get(client, url)[0]
    PromiseStatement.objects.filter(pk=statement.pk).delete()
    assert f'name="st-{statement.pk}-text_fi"' not in get(client, url)[0]


def test_a_new_commitment_and_an_input_link_show_on_the_next_render(
    client, promise, project, users
):
    client.force_login(users[Role.PREPARER])
    url, first = page(promise), page(promise, None)
    before_first = get(client, first)[0]
    get(client, url)
    services.commitment_create(
        promise=promise,
        perspective="access",
        title={"fi": "Tuore sitoumus"},
        description={},
        strategy_goals=[],
        by=users[Role.PREPARER],
    )
    assert "Tuore sitoumus" in get(client, url)[0]
    assert get(client, first)[0] != before_first  # the first page's counts moved
    statement = cell(promise, "access", Side.RESIDENT).statements.first()
    raised = Input.objects.create(project=project, text="Asukasillassa toivottu", perspectives=[])
    raised.statements.add(statement)
    assert "Asukasillassa toivottu" in get(client, url)[0]


# -- the perspective page's cells and commitments kept as HTML ---------------------------


def lock_value(html: str, name: str) -> str:
    return re.search(rf'name="{re.escape(name)}" value="([^"]*)"', html).group(1)


def test_a_kept_perspective_page_carries_each_rows_lock_version_as_saved_since(
    client, promise, users
):
    """The hidden lock versions are drawn into the kept HTML: after someone else's save
    the next render carries the row's new version, and a form from before is a conflict."""
    client.force_login(users[Role.WORKING_GROUP])
    resident = cell(promise, "access", Side.RESIDENT)
    statement = resident.statements.order_by("order", "pk").first()
    name = f"st-{statement.pk}-lock_version"
    before = get(client, page(promise))[0]
    other = Client()
    other.force_login(users[Role.PREPARER])
    theirs = form_data(promise)
    theirs[f"st-{statement.pk}-text_fi"] = "Toisen tallentama lause"
    assert other.post(page(promise), theirs).status_code == 302
    statement.refresh_from_db()
    after = get(client, page(promise))[0]
    assert lock_value(after, name) == str(statement.lock_version) != lock_value(before, name)
    assert "Toisen tallentama lause" in after
    stale = form_data(promise)
    stale[name] = lock_value(before, name)
    stale[f"st-{statement.pk}-text_fi"] = "Minun versioni samasta lauseesta"
    response = client.post(page(promise), stale)
    assert response.status_code == 409  # the concurrent edit is still detected
    statement.refresh_from_db()
    assert statement.text_fi == "Toisen tallentama lause"


def test_each_permission_has_its_own_kept_perspective_page(client, promise, users):
    url = page(promise)
    client.force_login(users[Role.WORKING_GROUP])
    editing = get(client, url)[0]
    assert "<textarea" in editing and 'name="delete"' in editing
    client.force_login(users[Role.VIEWER])
    viewing = get(client, url)[0]
    assert "<textarea" not in viewing and 'name="delete"' not in viewing
    statement = cell(promise, "access", Side.RESIDENT).statements.first()
    assert statement.text_fi in viewing
    client.force_login(users[Role.WORKING_GROUP])
    assert get(client, url)[0] == editing


def test_a_page_sent_back_shows_what_was_typed_and_the_kept_page_stays_as_saved(
    client, promise, users
):
    client.force_login(users[Role.WORKING_GROUP])
    url = page(promise)
    warm = get(client, url)[0]
    resident = cell(promise, "access", Side.RESIDENT)
    first = resident.statements.order_by("order", "pk").first()
    data = form_data(promise)
    data[f"cell-{resident.pk}-goal_fi"] = "Kirjoitettu mutta ei tallennettu"
    data[f"st-{first.pk}-text_fi"] = ""
    data[f"st-{first.pk}-text_sv"] = ""  # an emptied statement is refused
    data["delete"] = [str(s.pk) for s in resident.statements.exclude(pk=first.pk)[:1]]
    response = client.post(url, data)
    assert response.status_code == 400
    sent_back = response.content.decode()
    assert "Kirjoitettu mutta ei tallennettu" in sent_back
    assert 'id="error-summary"' in sent_back and "aria-invalid" in sent_back
    assert " checked>" in sent_back  # the row ticked for deletion stays ticked
    assert get(client, url)[0] == warm  # nothing typed leaks into the kept page


def test_the_kept_perspective_page_is_per_language(client, promise, users):
    client.force_login(users[Role.WORKING_GROUP])
    finnish = get(client, page(promise, lang="fi"))[0]
    swedish = get(client, page(promise, lang="sv"))[0]
    assert "Lisää sitoumus" in finnish and "Lägg till ett åtagande" in swedish
    assert "Lisää sitoumus" not in swedish
