"""A city's approved promise (its words: stadsfullmäktige, "Staden gav inga löften…") on
the public page, in the decision document and on the dashboard: the structure of its
strategy, cross-cutting and pending commitments. The approval (and its Swedish PDF) is built
once for this module; each test reads it in its own savepoint (building the tree and the
commitments: test_strategy_tree.py)."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation

from phases.roles import Role
from promises.decision.pdf import render_decision_html

from .test_strategy_tree import approve_city, import_tree

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def city_world(django_db_setup, django_db_blocker, tmp_path_factory):
    """What `approved_city` (with `region`, `project`, `users`, `tree`) built for each test,
    built once for this module inside its rolled-back transaction (tests/module_scope.py)."""
    from phases.scoping import scopes_disabled
    from tests.factories import ProjectFactory, RegionFactory, role_users
    from tests.module_scope import module_transaction

    media = tmp_path_factory.mktemp("city-media")
    with (
        module_transaction(django_db_blocker, media),
        scopes_disabled(),
        translation.override(settings.LANGUAGE_CODE),
    ):
        region = RegionFactory(slug="esimerkki-test")
        project = ProjectFactory(region=region)
        users = role_users(region)
        tree = import_tree(region)
        cache.clear()
        project, decision, version = approve_city(project, users, tree)
        yield {
            "users": {key: value.pk for key, value in users.items()},
            "approved": (project.pk, decision.pk, version.pk),
            "media": media,
        }


@pytest.fixture
def users(city_world, db):
    from tests.module_scope import users_by_pk

    return users_by_pk(city_world["users"])


@pytest.fixture
def approved_city(city_world, settings, tmp_path):
    """(project, decision, version), read again for this test, with its own copy of the
    stored PDF."""
    from tests.module_scope import decided_again

    yield decided_again(city_world["media"], city_world["approved"], settings, tmp_path)
    cache.clear()


TITLES_SV = [
    "Vård inom en vecka",
    "Tidsbokning på nätet",
    "Invånarråd i varje område",
    "Kostnaderna växer kontrollerat",
    "Icke-brådskande vård inom lagstadgad tid",
    "Respons besvaras",
]


def visible_text(html: str) -> str:
    html = re.sub(r"<svg.*?</svg>", " ", html, flags=re.S)  # the wheel holds no commitments
    return re.sub(r"<[^>]+>", " ", html)


def in_full(html: str) -> list[str]:
    """The commitments given in full (a commitment serving several nodes, or a pending
    one, is also referenced by its title elsewhere: issue 26)."""
    return [
        visible_text(m).strip()
        for m in re.findall(r'<p class="commitment__title">(.*?)</p>', html, flags=re.S)
    ]


@pytest.mark.parametrize("view", ["whole", "organiser", "resident"])
def test_public_page_shows_the_structure_and_each_promise_once(client, approved_city, view):
    project, _decision, _version = approved_city
    with translation.override("sv"):
        url = reverse("public:promise", kwargs={"region": project.region.slug})
    response = client.get(url, {"view": view})
    assert response.status_code == 200
    html = response.content.decode()
    text = visible_text(html)
    if view == "resident":
        # Each view lists only its side (issue 26): the city promised nothing from the
        # resident's side, so its view says so and lists no organiser commitment.
        assert in_full(html) == []
        assert "Staden gav inga löften ur invånarens perspektiv." in text
        for title in TITLES_SV:
            assert title not in html
        return
    for title in TITLES_SV:
        assert in_full(html).count(title) == 1, (title, in_full(html).count(title))
    # the structure: theme > focus area > goal > means, in Swedish
    assert "En god vardag" in text and "Digital tidsbokning" in text
    assert "Hållbar ekonomi" in text
    assert "Ekonomin i balans" in text
    # every node under a theme the promise serves is kept (the council decided them too)
    assert "Tjänster nära" in text and "Tillsammans" in text
    # cross-cutting, statutory apart, pending flagged, the empty resident side as a sentence
    assert "Tvärgående" in text or "tvärgående" in text
    assert "Lagstadgade servicestandarder" in text
    assert "HSL 51 §" in text
    assert "verksamhetsplanen 2026" in text and "31.3.2026" in text
    assert "Staden gav inga löften ur invånarens perspektiv." in text


def test_decision_document_shows_the_structure_cross_cutting_and_pending(approved_city):
    project, decision, version = approved_city
    from promises.decision.selectors import package_for, package_texts

    html = render_decision_html(
        project=project,
        language="sv",
        snapshots=[version.snapshot],
        texts=package_texts(package_for(project)),
        decision=decision,
        preview=False,
        for_pdf=False,
    )
    text = visible_text(html)
    for title in TITLES_SV:
        assert in_full(html).count(title) == 1, title
    assert "Digital tidsbokning" in text
    assert "Tvärgående" in text
    assert "Lagstadgade servicestandarder" in text
    assert "verksamhetsplanen 2026" in text
    assert "Staden gav inga löften ur invånarens perspektiv." in text


def test_an_old_snapshot_still_renders(client, approved_city):
    """Snapshots frozen before the tree (no "strategy", no "perspectives") read as before."""
    from promises.decision.selectors import promise_view

    _project, _decision, version = approved_city
    old = dict(version.snapshot)
    old.pop("strategy")
    old["commitments"] = [
        {
            k: v
            for k, v in c.items()
            if k in {"id", "perspective", "title", "description", "responsible", "strategy_goals"}
        }
        for c in old["commitments"]
    ]
    view = promise_view(old, "fi")
    assert view["structure"] == []
    listed = [c for p in view["perspectives"] for c in p["commitments"]]
    listed += view["cross_cutting"] + view["statutory"]
    assert len(listed) == len(old["commitments"])


def test_pending_indicator_is_flagged_on_the_dashboard_and_the_package(
    client, users, approved_city
):
    project, _decision, _version = approved_city
    client.force_login(users[Role.PREPARER])
    kwargs = {"region": project.region.slug, "project": project.pk}
    with translation.override("sv"):
        dashboard = reverse("phases:project_dashboard", kwargs=kwargs)
        package = reverse("promises_decision:package", kwargs=kwargs)
    html = client.get(dashboard).content.decode()
    assert "Respons besvaras" in html and "verksamhetsplanen 2026" in html
    html = client.get(package).content.decode()
    assert "Åtaganden vars mätare fastställs senare" in html
    assert "verksamhetsplanen 2026" in html and "31.3.2026" in html
