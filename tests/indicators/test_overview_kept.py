"""The indicator overview is rendered once per content version of the project (issue 31):
a warm page is the same page with fewer queries, and a measurement imported in bulk, saved
by hand or fetched from THL Sotkanet shows on the next render (bulk writes send no signals:
the services raise the version themselves, for every project following the statistic)."""
# ruff: noqa: F811  (the fixtures imported below are parameters of the tests)

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from indicators import services
from phases.models import PromiseProject
from tests.factories import ProjectFactory
from tests.indicators.factories import IndicatorFactory, measure
from tests.indicators.test_sotkanet import indicator, server  # noqa: F401 (fixtures)
from tests.indicators.test_views import data, url  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


def get(client, address) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(address)
    assert response.status_code == 200
    return CSRF.sub("", response.content.decode()), len(ctx.captured_queries)


def test_a_warm_overview_is_the_same_page_with_fewer_queries(project, users, login, data):
    client = login(users["preparer"])
    cold, cold_queries = get(client, url(project, "overview"))
    warm, warm_queries = get(client, url(project, "overview"))
    assert warm == cold
    assert warm_queries < cold_queries
    assert "Hoitoon pääsy (%)" in warm and 'role="img"' in warm  # the body, not escaped


def test_measurements_imported_or_saved_show_on_the_next_render(project, users, login, data):
    client = login(users["preparer"])
    address = url(project, "overview")
    assert "58,5" in get(client, address)[0]
    csv = f"indicator;period;value;source;note\r\n{data['indicator'].pk};2028;61,25;Avohilmo;\r\n"
    services.measurements_import(project=project, data=csv.encode(), by=users["preparer"])
    assert "61,25" in get(client, address)[0]
    measure(data["indicator"], "2029", "71.5")  # a plain save, as the admin's
    assert "71,5" in get(client, address)[0]


def test_a_sotkanet_fetch_raises_every_project_following_the_statistic(server, indicator):
    elsewhere = IndicatorFactory(project=ProjectFactory(), sotkanet_id=indicator.sotkanet_id)
    unrelated = IndicatorFactory(project=ProjectFactory(), sotkanet_id=indicator.sotkanet_id + 1)

    def versions():
        return {
            i.project_id: PromiseProject.objects.get(pk=i.project_id).content_version
            for i in (indicator, elsewhere, unrelated)
        }

    before = versions()
    services.sotkanet_fetch(indicator=indicator)
    after = versions()
    assert after[indicator.project_id] > before[indicator.project_id]
    assert after[elsewhere.project_id] > before[elsewhere.project_id]
    assert after[unrelated.project_id] == before[unrelated.project_id]
