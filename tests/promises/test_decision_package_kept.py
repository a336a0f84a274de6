"""The decision package page's form (or the package read only) and its pending indicators
are drawn once per content version and permission to edit (`phases.registry.kept`): a
warm page reads neither the package nor the versions again, and each write shows on the
next render (a saved package, a new version, the approval that closes the package)."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from promises.decision.selectors import package_for
from promises.models import Promise

from . import test_decision_support as support
from .test_decision_views import RECORD, decision_url, package_post

pytestmark = pytest.mark.django_db

media_root = support.media_root
ready = support.ready


def page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_a_warm_page_reads_no_package_and_a_saved_package_shows_on_the_next_render(
    ready, users, login
):
    client = login(users["preparer"])
    url = decision_url(ready)
    page(client, url)
    with CaptureQueriesContext(connection) as ctx:
        html = page(client, url)
    sql = " ".join(q["sql"] for q in ctx.captured_queries)
    assert '"promises_decisionpackage"' not in sql and '"promises_promiseversion"' not in sql
    assert "Ny utvärdering" not in html
    response = client.post(
        url, package_post(ready, package_for(ready), evaluation_sv="Ny utvärdering")
    )
    assert response.status_code == 302
    assert "Ny utvärdering" in page(client, url)


def test_a_new_version_is_offered_on_the_next_render(ready, users, login):
    client = login(users["preparer"])
    url = decision_url(ready)
    page(client, url)
    promise = Promise.objects.get(project=ready)
    version = support.freeze(promise, by=users["preparer"])
    assert f'<option value="{version.pk}"' in page(client, url)


def test_each_user_sees_the_package_as_their_permission_lets_them_and_an_approval_closes_it(
    ready, users, login
):
    url = decision_url(ready)
    preparer = login(users["preparer"])
    viewer = Client()
    viewer.force_login(users["viewer"])
    assert 'name="implementation_fi"' not in page(viewer, url)
    assert 'name="implementation_fi"' in page(preparer, url)
    assert 'name="implementation_fi"' not in page(viewer, url)
    secretary = Client()
    secretary.force_login(users["secretary"])
    assert secretary.post(decision_url(ready, "record"), RECORD).status_code == 302
    html = page(preparer, url)
    assert 'name="implementation_fi"' not in html  # approved: the package is read only
    assert "Toimeenpano vaiheistetaan kolmeen vuoteen." in html
