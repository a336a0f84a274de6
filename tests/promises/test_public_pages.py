"""The public promise pages (no login), the open data and the stored PDF download."""

import hashlib
import json
import re

import pytest
from django.core.cache import cache, caches
from django.urls import reverse
from django.utils import translation

from phases.models import PromiseProject, Region
from promises.models import Commitment, PerspectiveCell, Promise
from tests.factories import ProjectFactory, RegionFactory
from tests.pdf_text import stored_pdf

from . import approved_world as world
from .test_decision_support import COMMITMENT, VISION, approve, decision_ready_project

pytestmark = pytest.mark.django_db

# The approved project, built once for this module (tests/promises/approved_world.py).
# Tests that build their own project are in test_public_pages_own_project.py.
approved_world, region, users, project, media_root, approved = world.FIXTURES


@pytest.fixture(autouse=True)
def clear_cache():
    cache.clear()
    caches["pages"].clear()
    yield
    cache.clear()
    caches["pages"].clear()


def url(name, language="fi", **kwargs):
    with translation.override(language):
        return reverse(f"public:{name}", kwargs=kwargs)


def page(client, region, language="fi", **params):
    response = client.get(url("promise", language, region=region.slug), params)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


@pytest.mark.parametrize(
    "language,heading,side",
    [("fi", "Saatavuus", "Asukkaan näkökulma"), ("sv", "Tillgång", "Invånarens perspektiv")],
)
def test_public_page_shows_the_approved_promise(client, approved, language, heading, side):
    project, decision = approved
    html = page(client, project.region, language)
    assert VISION[language] in html
    assert heading in html
    assert f"{COMMITMENT[language]} 0.1" in html
    assert "<svg" in html
    assert "§ 45" in html
    for document in decision.documents.all():
        assert document.sha256 in html
        assert url("document", language, region=project.region.slug, document=document.pk) in html


def test_public_page_shows_only_approved_content(client, approved, users):
    project, decision = approved
    promise = Promise.objects.get(project=project)
    # The live draft moves on after approval; none of it may appear.
    Promise.objects.filter(pk=promise.pk).update(vision_fi="LUONNOS: ei hyväksytty")
    PerspectiveCell.objects.filter(promise=promise).update(goal_fi="LUONNOSTAVOITE")
    Commitment.objects.bulk_create(
        [
            Commitment(
                promise=promise,
                perspective="access",
                title="LUONNOSSITOUMUS",
                title_fi="LUONNOSSITOUMUS",
            )
        ]
    )
    package = project.decision_package
    type(package).objects.filter(pk=package.pk).update(implementation_fi="SISÄINEN MUISTIINPANO")
    html = page(client, project.region, "fi")
    for secret in ["LUONNOS", "LUONNOSTAVOITE", "LUONNOSSITOUMUS", "SISÄINEN MUISTIINPANO"]:
        assert secret not in html
    assert VISION["fi"] in html


def test_304_on_a_repeated_conditional_get(client, approved):
    project, _decision = approved
    address = url("promise", region=project.region.slug)
    first = client.get(address)
    assert first.status_code == 200
    assert first["ETag"] and first["Last-Modified"]
    assert "public" in first["Cache-Control"] and "max-age" in first["Cache-Control"]
    again = client.get(address, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again.content == b""
    since = client.get(address, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 304
    other_view = client.get(address, {"view": "resident"}, HTTP_IF_NONE_MATCH=first["ETag"])
    assert other_view.status_code == 200
    sv = client.get(
        url("promise", "sv", region=project.region.slug), HTTP_IF_NONE_MATCH=first["ETag"]
    )
    assert sv.status_code == 200


def test_a_new_approval_changes_the_etag(
    client, approved, users, django_capture_on_commit_callbacks
):
    project, _decision = approved
    address = url("promise", region=project.region.slug)
    first = client.get(address)
    newer = decision_ready_project(ProjectFactory(region=project.region, term_start=2027), users)
    with django_capture_on_commit_callbacks(execute=True):
        approve(newer, users)
    second = client.get(address, HTTP_IF_NONE_MATCH=first["ETag"])
    assert second.status_code == 200
    assert second["ETag"] != first["ETag"]
    archive = client.get(url("archive", region=project.region.slug)).content.decode()
    assert archive.count("/p/") >= 2


def test_views_whole_resident_organiser(client, approved):
    project, _decision = approved
    whole = page(client, project.region, "fi")
    resident = page(client, project.region, "fi", view="resident")
    organiser = page(client, project.region, "fi", view="organiser")
    assert "Tavoite access/resident" in whole and "Tavoite access/organiser" in whole
    assert "Tavoite access/resident" in resident and "Tavoite access/organiser" not in resident
    assert "Tavoite access/organiser" in organiser and "Tavoite access/resident" not in organiser


@pytest.mark.parametrize("view", ["whole", "resident", "organiser"])
def test_every_sector_of_the_wheel_leads_to_its_goal_on_the_page(client, approved, view):
    project, _decision = approved
    html = page(client, project.region, "sv", view=view)
    targets = re.findall(r'<a href="#([^"]+)" class="wheel__sector"', html)
    assert len(targets) == 5
    for target in targets:
        assert f'id="{target}"' in html, target
    assert "js/wheel.js" in html and "<script>" not in html


def test_english_falls_back_with_a_notice(client, approved):
    project, _decision = approved
    html = page(client, project.region, "en")
    assert "has not been written in this language" in html
    assert VISION["fi"] in html


def test_json_matches_the_page(client, approved):
    project, decision = approved
    response = client.get(url("json", "sv", region=project.region.slug))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    data = json.loads(response.content)
    html = page(client, project.region, "sv")
    assert data["region"]["slug"] == project.region.slug
    assert data["decision"]["section"] == "45" and data["decision"]["body"]["fi"] == "aluevaltuusto"
    [promise] = data["promises"]
    assert promise["vision"]["sv"] == VISION["sv"]
    assert VISION["sv"] in html
    assert len(promise["cells"]) == 10
    for commitment in promise["commitments"]:
        assert commitment["title"]["sv"] in html
    for cell in promise["cells"]:
        assert cell["goal"]["sv"] in html
    assert {d["sha256"] for d in data["documents"]} == set(
        decision.documents.values_list("sha256", flat=True)
    )
    for document in data["documents"]:
        assert document["sha256"] in html
        assert document["path"] in html
    again = client.get(
        url("json", "sv", region=project.region.slug), HTTP_IF_NONE_MATCH=response["ETag"]
    )
    assert again.status_code == 304


def test_download_is_byte_identical_to_the_stored_pdf(client, approved):
    project, decision = approved
    for document in decision.documents.all():
        response = client.get(url("document", region=project.region.slug, document=document.pk))
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        body = b"".join(response.streaming_content)
        assert body == stored_pdf(document)
        assert hashlib.sha256(body).hexdigest() == document.sha256
        assert response["ETag"] == f'"{document.sha256}"'
    wrong_region = client.get(url("document", region="other-region", document=document.pk))
    assert wrong_region.status_code == 404


def test_public_page_query_count_is_constant(client, approved, users):
    """The cache is Django's database cache (shared by every worker): its own reads and
    writes (and the savepoints around them) are queries; what the page costs besides them
    is counted."""
    from django.conf import settings
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def page_queries():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(address).status_code == 200
        return [
            q
            for q in queries
            if settings.CACHE_TABLE not in q["sql"] and "SAVEPOINT" not in q["sql"]
        ]

    project, _decision = approved
    address = url("promise", region=project.region.slug)
    # the head (3), the decision and its versions and documents, and one query for each
    # public section the apps register (opinion rounds, comment rounds, indicators, ...)
    assert len(page_queries()) <= 13
    assert page_queries() == []  # served from the cache


def test_a_warm_public_page_and_its_json_make_no_query_at_all(client, approved):
    """Not even the shared cache's: the head (which decision is shown) is kept in the
    process for PUBLIC_HEAD_LOCAL_SECONDS, the body under its ETag (issue 31: with the
    database cache one query a request halved the page's rate at 50 users)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    project, _decision = approved
    for address in (
        url("promise", region=project.region.slug),
        url("json", region=project.region.slug),
    ):
        client.get(address)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(address).status_code == 200
        assert len(queries) == 0, [q["sql"] for q in queries]


def test_earlier_decision_stays_reachable(client, approved, users):
    project, decision = approved
    address = url("decision", region=project.region.slug, decision=decision.pk)
    html = client.get(address).content.decode()
    assert VISION["fi"] in html
    assert PromiseProject.objects.filter(pk=project.pk).exists()


def test_head_request_answers_with_the_validators(client, approved):
    project, _decision = approved
    response = client.head(url("promise", region=project.region.slug))
    assert response.status_code == 200
    assert response["ETag"]


@pytest.mark.parametrize("turn", ["first", "second"])
def test_a_test_finds_the_shared_approved_project_as_built(approved, media_root, turn):
    """The module's approved project is built once: whichever of these two runs second
    finds nothing of what the other wrote (rows, cache entries, stored files, instances)."""
    project, decision = approved
    promise = Promise.objects.get(project=project)
    assert promise.vision_fi == VISION["fi"]
    assert project.title_fi != "KIRJOITETTU"
    assert not Region.objects.filter(slug="kirjoitettu").exists()
    assert cache.get("kirjoitettu") is None
    documents = list(decision.documents.all())
    assert sorted(d.language for d in documents) == ["fi", "sv"]
    for document in documents:
        data = (media_root / document.file.name).read_bytes()
        assert hashlib.sha256(data).hexdigest() == document.sha256

    Promise.objects.filter(pk=promise.pk).update(vision_fi="KIRJOITETTU")
    project.title_fi = "KIRJOITETTU"
    RegionFactory(slug="kirjoitettu")
    cache.set("kirjoitettu", turn)
    (media_root / documents[0].file.name).unlink()
