"""The public promise page of a project that is not approved, and of promises of two sizes:
tests that build their own project (the other public page tests share one approved
project, built once for their module: test_public_pages.py)."""

import pytest
from django.core.cache import cache, caches

from tests.factories import ProjectFactory

from . import test_decision_support as support
from .test_decision_support import approve, decision_ready_project
from .test_public_pages import clear_cache, url

pytestmark = pytest.mark.django_db

# fixtures shared with the other decision tests
media_root = support.media_root
ready = support.ready
clear_cache = clear_cache  # the page caches emptied around each test, as in test_public_pages


def test_404_when_nothing_is_approved(client, ready):
    response = client.get(url("promise", region=ready.region.slug))
    assert response.status_code == 404
    assert client.get(url("json", region=ready.region.slug)).status_code == 404
    assert client.get(url("promise", region="no-such-region")).status_code == 404


def count_queries(client, address):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    cache.clear()
    caches["pages"].clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(address).status_code == 200
    return len(queries)


def test_public_page_queries_do_not_grow_with_the_promise(client, project, users, media_root):
    small = decision_ready_project(project, users, promises=1, commitments=2)
    approve(small, users, languages=("fi",))
    small_count = count_queries(client, url("promise", region=small.region.slug))
    large = decision_ready_project(
        ProjectFactory(region=small.region, term_start=2030, term_end=2032),
        users,
        promises=4,
        commitments=20,
        statements=3,
    )
    approve(large, users, languages=("fi", "sv"))
    large_count = count_queries(client, url("promise", region=large.region.slug))
    assert large_count == small_count
