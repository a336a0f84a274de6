"""A visitor's repeated GET of the public promise page and its JSON is answered from the
process's kept response (promises/public/middleware.py), before the session, locale, CSRF,
auth, CSP, history and axes middleware and the view, with every header they set; a
visitor with a cookie, a conditional GET and a new approval take the whole path."""

from unittest import mock

import pytest

from promises.public import views
from tests.factories import ProjectFactory

from . import approved_world as world
from .test_decision_support import approve, decision_ready_project
from .test_public_pages import clear_cache, url

pytestmark = pytest.mark.django_db

approved_world, region, users, project, media_root, approved = world.FIXTURES

HEADERS = (
    "Content-Type",
    "Content-Length",
    "Content-Language",
    "Content-Security-Policy",
    "X-Frame-Options",
    "X-Content-Type-Options",
    "Referrer-Policy",
    "Cross-Origin-Opener-Policy",
    "ETag",
    "Last-Modified",
    "Cache-Control",
    "Vary",
)


clear_cache = clear_cache  # the page caches emptied around each test, as in test_public_pages


def spy(view):
    """Counts the requests that reach the view's get()."""
    return mock.patch.object(view, "get", autospec=True, side_effect=view.get)


@pytest.mark.parametrize(
    "name,view,extra",
    [
        ("promise", views.PromiseView, ()),
        ("json", views.PromiseJsonView, ("Access-Control-Allow-Origin",)),
    ],
)
@pytest.mark.parametrize("language", ["fi", "sv"])
def test_a_repeated_visit_is_answered_before_the_view_with_every_header(
    client, approved, name, view, extra, language
):
    project, _decision = approved
    address = url(name, language, region=project.region.slug)
    first = client.get(address)
    assert first.status_code == 200
    with spy(view) as get:
        again = client.get(address)
    assert get.call_count == 0
    assert again.status_code == 200
    assert again.content == first.content
    for header in HEADERS + extra:
        assert again[header] == first[header], header
    assert again["Content-Language"] == language
    assert "frame-ancestors 'none'" in again["Content-Security-Policy"]
    assert again["X-Frame-Options"] == "DENY"


def test_a_visitor_with_a_cookie_or_another_query_takes_the_whole_path(client, approved, users):
    project, _decision = approved
    address = url("promise", region=project.region.slug)
    assert client.get(address).status_code == 200  # kept
    with spy(views.PromiseView) as get:
        assert client.get(address, {"view": "resident"}).status_code == 200
        assert client.get(address, {"utm": "x"}).status_code == 200
        client.cookies["django_language"] = "sv"
        assert client.get(address).status_code == 200
        del client.cookies["django_language"]
        client.force_login(users["preparer"])
        signed_in = client.get(address)
    assert get.call_count == 4
    assert signed_in.status_code == 200


def test_a_conditional_get_after_a_kept_visit_is_still_answered_304(client, approved):
    project, _decision = approved
    address = url("json", region=project.region.slug)
    first = client.get(address)
    client.get(address)  # from the kept response
    again = client.get(address, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again.content == b""


def test_a_new_approval_is_shown_to_the_next_visitor_at_once(
    client, approved, users, django_capture_on_commit_callbacks
):
    project, _decision = approved
    address = url("promise", region=project.region.slug)
    first = client.get(address)
    assert client.get(address)["ETag"] == first["ETag"]  # kept
    newer = decision_ready_project(ProjectFactory(region=project.region, term_start=2027), users)
    with django_capture_on_commit_callbacks(execute=True):
        approve(newer, users)
    second = client.get(address)  # no conditional header: the kept response is stale
    assert second.status_code == 200
    assert second["ETag"] != first["ETag"]


def test_an_unknown_host_is_refused_even_after_a_kept_visit(client, approved):
    project, _decision = approved
    address = url("promise", region=project.region.slug)
    assert client.get(address).status_code == 200
    assert client.get(address, HTTP_HOST="evil.example").status_code == 400
