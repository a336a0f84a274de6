"""Issue 26, item 3: the perspective table, the wheel and the three views (whole, resident,
organiser) read the commitments from the same selector as the commitments list, whatever
path gave a commitment its perspectives; each view lists only its side.

The promise is built through the editor's own commitment form (several perspectives; one
perspective named by the perspective page's link; none: cross-cutting; a side; both sides;
a statutory standard; a strategy goal), frozen, approved and read from the public page and
the decision document's print HTML."""

from __future__ import annotations

import html as html_lib
import re
import xml.etree.ElementTree as ET

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation

from phases.roles import Role
from promises.decision.pdf import render_decision_html
from promises.decision.selectors import package_for, package_texts
from promises.models import Commitment
from tests.factories import ProjectFactory

from . import test_decision_support as support
from .test_strategy_tree import commitment_page, create_empty_promise, import_tree

pytestmark = pytest.mark.django_db
NS = "{http://www.w3.org/2000/svg}"

# key: (fi title, sv title, form data beyond the titles, {(perspective, side)} expected;
# a side alone ("organiser") is the cross-cutting row of that side)
ITEMS = {
    "several": (
        "Monta näkökulmaa",
        "Flera perspektiv",
        {"kind": "own", "side": "organiser", "perspectives": ["quality", "access"]},
        {("access", "organiser"), ("quality", "organiser")},
    ),
    "page": (
        "Näkökulman sivulta",
        "Från perspektivets sida",
        # the perspective page's link names one perspective (`?perspective=`)
        {"kind": "own", "side": "organiser", "perspective": "integration"},
        {("integration", "organiser")},
    ),
    "resident": (
        "Asukkaan oma lupaus",
        "Invånarens eget löfte",
        {"kind": "own", "side": "resident", "perspectives": ["access"]},
        {("access", "resident")},
    ),
    "both": (
        "Molempien puolten lupaus",
        "Löfte för båda sidor",
        {"kind": "own", "side": "both", "perspectives": ["effectiveness"]},
        {("effectiveness", "resident"), ("effectiveness", "organiser")},
    ),
    "cross": (
        "Poikkileikkaava lupaus",
        "Tvärgående löfte",
        {"kind": "own", "side": "organiser"},
        {("", "organiser")},
    ),
    "statutory": (
        "Lakisääteinen palvelu",
        "Lagstadgad tjänst",
        {
            "kind": "statutory",
            "side": "organiser",
            "perspectives": ["accessibility"],
            "legal_reference_fi": "Laki 1 §",
            "legal_reference_sv": "Lag 1 §",
        },
        {("accessibility", "organiser")},
    ),
    "goal": (
        "Strategian tavoitteen kautta",
        "Via strategins mål",
        {"kind": "own", "side": "organiser", "perspectives": ["quality"], "goal": "1.1.1.1"},
        {("quality", "organiser")},
    ),
}
PERSPECTIVES = ["access", "accessibility", "quality", "effectiveness", "integration"]
SIDES = ["resident", "organiser"]


def title(key: str, language: str) -> str:
    return ITEMS[key][0] if language == "fi" else ITEMS[key][1]


def expected(perspective: str, side: str) -> set[str]:
    return {key for key, item in ITEMS.items() if (perspective, side) in item[3]}


def on_side(side: str) -> set[str]:
    return {key for key, item in ITEMS.items() if any(s == side for _p, s in item[3])}


def publish(client, users, tree, empty_promise):
    """The commitments of ITEMS added through the commitment form, the promise frozen and
    approved (its Finnish PDF): (project, decision, version)."""
    cache.clear()
    client.force_login(users[Role.PREPARER])
    for key, (fi, sv, data, _cells) in ITEMS.items():
        data = dict(data)
        goal = data.pop("goal", "1.2")  # an own commitment serves a goal
        page = commitment_page(empty_promise)
        if "perspective" in data:
            page += f"?perspective={data['perspective']}"
        response = client.post(
            page,
            {
                "title_fi": fi,
                "title_sv": sv,
                **data,
                "strategy_goals": [tree[goal].pk],
            },
        )
        assert response.status_code == 302, (key, response.content.decode()[:2000])
    assert Commitment.objects.filter(promise=empty_promise).count() == len(ITEMS)
    client.logout()
    version = support.freeze(empty_promise, by=users[Role.PREPARER])
    project = support.set_phase(empty_promise.project, 4)
    from promises.decision import services as decision_services

    decision_services.package_update(
        project=project,
        by=users[Role.PREPARER],
        lock_version=1,
        versions={empty_promise.pk: version},
        texts=support.PACKAGE_TEXTS,
        channels=["web"],
    )
    decision = support.approve(project, users, languages=("fi",))
    return project, decision, version


@pytest.fixture(scope="module")
def published_world(django_db_setup, django_db_blocker, tmp_path_factory):
    """What `published` built for each test (region, users, the strategy tree, the promise
    with ITEMS, its approval and PDF), built once for this module inside its rolled-back
    transaction (tests/module_scope.py); each test reads it in its own savepoint."""
    from django.conf import settings
    from django.test import Client

    from phases.scoping import scopes_disabled
    from tests.factories import RegionFactory, role_users
    from tests.module_scope import module_transaction

    media = tmp_path_factory.mktemp("published-media")
    with (
        module_transaction(django_db_blocker, media),
        scopes_disabled(),
        translation.override(settings.LANGUAGE_CODE),
    ):
        region = RegionFactory(slug="esimerkki-test")
        users = role_users(region)
        tree = import_tree(region)
        empty_promise = create_empty_promise(ProjectFactory(region=region), users)
        project, decision, version = publish(Client(), users, tree, empty_promise)
        yield {
            "users": {key: value.pk for key, value in users.items()},
            "published": (project.pk, decision.pk, version.pk),
            "media": media,
        }


@pytest.fixture
def users(published_world, db):
    from tests.module_scope import users_by_pk

    return users_by_pk(published_world["users"])


@pytest.fixture
def published(published_world, settings, tmp_path):
    """(project, decision, version), read again for this test, with its own copy of the
    stored PDF."""
    from tests.module_scope import decided_again

    yield decided_again(published_world["media"], published_world["published"], settings, tmp_path)
    cache.clear()


def titles_in(fragment: str) -> set[str]:
    return {
        html_lib.unescape(t).strip()
        for t in re.findall(r'<li class="side-commitment"><a [^>]*>(.*?)</a>', fragment, re.S)
    }


def keys_of(titles: set[str], language: str) -> set[str]:
    names = {title(key, language): key for key in ITEMS}
    unknown = titles - set(names)
    assert not unknown, unknown
    return {names[t] for t in titles}


def cell_html(page: str, cell_id: str) -> str:
    match = re.search(rf'<td id="{cell_id}"[^>]*>(.*?)</td>', page, re.S)
    assert match, cell_id
    return match.group(1)


def public_page(client, project, language, view):
    with translation.override(language):
        url = reverse("public:promise", kwargs={"region": project.region.slug})
    response = client.get(url, {"view": view})
    assert response.status_code == 200
    return response.content.decode()


def wheel_sectors(page: str) -> dict[str, str]:
    """{perspective: the sector link's name} of the page's first wheel."""
    svg = re.search(r'<svg[^>]*class="wheel .*?</svg>', page, re.S).group(0)
    root = ET.fromstring(svg)
    sectors = {}
    for link in root.iter(f"{NS}a"):
        perspective = re.match(r"#segment-1-([a-z]+)", link.get("href")).group(1)
        sectors[perspective] = link.get("aria-label")
    return sectors


@pytest.mark.parametrize("language", ["fi", "sv"])
@pytest.mark.parametrize("view", ["whole", "resident", "organiser"])
def test_table_wheel_and_view_hold_exactly_their_sides_commitments(
    client, published, language, view
):
    project, _decision, _version = published
    page = public_page(client, project, language, view)
    sides = SIDES if view == "whole" else [view]
    # The perspective table: each cell exactly the commitments of its perspective and side.
    for perspective in PERSPECTIVES:
        for side in sides:
            found = keys_of(titles_in(cell_html(page, f"segment-1-{perspective}-{side}")), language)
            assert found == expected(perspective, side), (perspective, side, found)
    # The cross-cutting row (all perspectives).
    row = re.search(r'<tr id="segment-1-cross-cutting">(.*?)</tr>', page, re.S)
    cross_expected = set().union(*(expected("", side) for side in sides))
    if cross_expected:
        assert keys_of(titles_in(row.group(1)), language) == cross_expected
    # The wheel: each sector names exactly its commitments (on the view's sides).
    sectors = wheel_sectors(page)
    assert sorted(sectors) == sorted(PERSPECTIVES)
    for perspective, name in sectors.items():
        wanted = set().union(*(expected(perspective, side) for side in sides))
        for key in ITEMS:
            assert (title(key, language) in name) == (key in wanted), (perspective, key, name)
    # The view lists only its side: the other side's commitments are nowhere on the page.
    shown = set().union(*(on_side(side) for side in sides))
    for key in ITEMS:
        assert (title(key, language) in page) == (key in shown), (view, key)


def test_the_resident_view_of_an_organiser_only_promise_has_no_commitment(client, published):
    project, _decision, _version = published
    page = public_page(client, project, "fi", "resident")
    assert title("resident", "fi") in page
    for key in ("several", "page", "cross", "statutory", "goal"):
        assert title(key, "fi") not in page


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_the_decision_document_lists_each_sides_commitments(published, language):
    project, decision, version = published
    page = render_decision_html(
        project=project,
        language=language,
        snapshots=[version.snapshot],
        texts=package_texts(package_for(project)),
        decision=decision,
        preview=False,
        for_pdf=False,
    )
    sections = re.findall(r'<section class="perspective">(.*?)</section>', page, re.S)
    assert len(sections) == len(PERSPECTIVES)
    for perspective, section in zip(PERSPECTIVES, sections, strict=True):
        for side in SIDES:
            block = re.search(rf'<div class="side side--{side}">(.*?)</div>', section, re.S)
            found = keys_of(titles_in(block.group(1)), language) if block else set()
            assert found == expected(perspective, side), (perspective, side, found)
    cross = re.search(
        r'<section class="perspective perspective--cross-cutting">(.*?)</section>', page, re.S
    )
    assert keys_of(titles_in(cross.group(1)), language) == {"cross"}
    # The document draws one wheel for each side (issue 26): each sector names exactly
    # that side's commitments of its perspective, none of the other side's.
    figures = re.findall(r'<figure class="wheel wheel--([a-z]+)">(.*?)</figure>', page, re.S)
    assert [side for side, _figure in figures] == SIDES
    for side, figure in figures:
        svg = ET.fromstring(re.search(r"<svg.*?</svg>", figure, re.S).group(0))
        assert f"wheel--{side}" in svg.get("class")
        names = [
            g.find(f"{NS}title").text
            for g in svg.iter(f"{NS}g")
            if g.get("class") == "wheel__sector"
        ]
        assert len(names) == len(PERSPECTIVES)
        for perspective, name in zip(PERSPECTIVES, names, strict=True):
            wanted = expected(perspective, side)
            for key in ITEMS:
                found = title(key, language) in name
                assert found == (key in wanted), (side, perspective, key)


def test_a_promise_copied_to_the_next_cycle_keeps_each_commitments_place(published, users):
    """The copy of the next cycle (promise_from_snapshot) is another path that gives a
    commitment its perspectives: every cell and cross-cutting side holds the same titles."""
    from promises.decision.selectors import perspective_commitments
    from promises.services import promise_from_snapshot
    from promises.snapshot import build_snapshot

    project, _decision, version = published
    following = ProjectFactory(region=project.region, term_start=2027, term_end=2030)
    copy = promise_from_snapshot(
        project=following, snapshot=version.snapshot, by=users[Role.PREPARER]
    )

    def places(snapshot):
        placed = perspective_commitments(snapshot)
        cells = {
            key: sorted(m["title"]["fi"] for m in items) for key, items in placed["cells"].items()
        }
        cross = {
            side: sorted(m["title"]["fi"] for m in items)
            for side, items in placed["cross_cutting"].items()
        }
        return cells, cross

    assert places(build_snapshot(copy)) == places(version.snapshot)
    cells, cross = places(version.snapshot)
    for (perspective, side), titles in cells.items():
        assert set(titles) == {title(key, "fi") for key in expected(perspective, side)}
    assert cross == {"resident": [], "organiser": [title("cross", "fi")]}
