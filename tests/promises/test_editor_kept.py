"""The editor's data is kept per process under the project's content version (issue 31):
a warm page is the same page with no more queries, and every kind of write (a service, a
plain model save as the admin makes, a link added to a statement) shows on the next render."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from participation.models import Input
from phases.perspectives import Side
from phases.roles import Role
from promises import services
from promises.models import PromiseStatement

from .factories import cell, filled_promise
from .test_editor_pages import page

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
