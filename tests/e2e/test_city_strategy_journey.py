"""Issue 12: a preparer enters a small city strategy (3 themes, 2 focus areas each, goals,
means) and five organiser promises (one cross-cutting, one statutory) from the Swedish
interface; once approved, the public page shows each promise exactly once."""

from __future__ import annotations

import datetime

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from phases.models import PromiseProject, Region
from phases.roles import Role
from promises import services
from promises.decision import services as decision_services
from promises.models import Commitment, StrategyGoal
from tests.e2e.conftest import tr
from tests.factories import ProjectFactory

pytestmark = pytest.mark.e2e

STRATEGY_SV = """\
1 En god vardag
  1.1 Tjänster nära
    1.1.1 Snabb tillgång till vård
      1.1.1.1 Digital tidsbokning
  1.2 Delaktighet
    1.2.1 Invånarna påverkar
2 Ett livskraftigt Strandby
  2.1 Arbete och företag
    2.1.1 Sysselsättningen ökar
  2.2 Kultur och idrott
    2.2.1 Fler motionerar
3 Hållbar ekonomi
  3.1 Balanserad ekonomi
    3.1.1 Kostnaderna i balans
  3.2 Fastigheter
    3.2.1 Lokalerna används effektivt
"""
# The city's public page says it in the city's words (issue 26).
NONE_ON_RESIDENT_SIDE = "Staden gav inga löften ur invånarens perspektiv."
# title, code of the node it serves, perspectives, kind
PROMISES = [
    ("Vård inom en vecka", "1.1.1.1", ["access"], "own"),
    ("Invånarråd i varje stadsdel", "1.2.1", ["quality", "integration"], "own"),
    ("Motionsrådgivning utan remiss", "2.2.1", ["effectiveness"], "own"),
    ("Kostnaderna växer högst som finansieringen", "3.1.1", [], "own"),
    ("Icke-brådskande vård inom lagstadgad tid", None, ["access"], "statutory"),
]


@pytest.fixture
def city(e2e_region, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    region, people = e2e_region
    Region.objects.filter(pk=region.pk).update(kind=Region.Kind.CITY)  # its words: a city's
    region.refresh_from_db()
    project = ProjectFactory(region=region, title="Stadens servicelöfte")
    PromiseProject.objects.filter(pk=project.pk).update(phase=3)
    project.refresh_from_db()
    promise = services.promise_create(
        project=project,
        title={"fi": "Kaikki kaupunkilaiset", "sv": "Alla stadsbor"},
        vision={"fi": "Hyvä arki kaikille.", "sv": "En god vardag för alla."},
        by=people[Role.PREPARER.value],
    )
    return region, people, project, promise


def test_city_strategy_from_the_swedish_interface(ui, city):
    region, people, project, promise = city
    ui.login(people[Role.PREPARER.value].username)
    page = ui.page

    # The strategy, pasted as a list.
    ui.goto(f"/sv/r/{region.slug}/strategy/", step="strategy")
    form = page.locator(f'form[action="/sv/r/{region.slug}/strategy/import/"]')
    form.locator('select[name="kind"]').select_option("regional")
    form.locator('select[name="language"]').select_option("sv")
    form.locator('textarea[name="text"]').fill(STRATEGY_SV)
    form.get_by_role("button", name=tr("Add the list", "sv")).click()
    ui.message(tr("%(count)d nodes were added to the strategy.", "sv", count=16))
    ui.check("strategy-tree")
    nodes = {g.code: g for g in StrategyGoal.objects.filter(region=region)}
    assert nodes["3"].level == StrategyGoal.Level.THEME
    assert nodes["1.1.1.1"].level == StrategyGoal.Level.MEANS

    # Five organiser promises, entered once each.
    add = f"/sv/r/{region.slug}/projects/{project.pk}/promises/{promise.pk}/commitments/new/"
    for n, (title, code, perspectives, kind) in enumerate(PROMISES):
        ui.goto(add, step="commitment-form" if n == 0 else None)
        page.locator('input[name="title_sv"]').fill(title)
        page.locator(f'input[name="kind"][value="{kind}"]').check()
        page.locator('input[name="side"][value="organiser"]').check()
        for box in page.locator('input[name="perspectives"]').all():
            box.set_checked(box.get_attribute("value") in perspectives)
        if code:
            page.locator(f'input[name="strategy_goals"][value="{nodes[code].pk}"]').check()
        if kind == "statutory":
            page.locator('input[name="legal_reference_sv"]').fill("Hälso- och sjukvårdslagen 51 §")
        page.get_by_role("button", name=tr("Save", "sv")).click()
        expect(page.locator(".messages")).to_be_visible()
    assert Commitment.objects.filter(promise=promise).count() == 5
    cross = Commitment.objects.get(title_sv="Kostnaderna växer högst som finansieringen")
    assert cross.perspectives == []

    # Approved by the council (through the services the package and record pages call).
    version = services.version_freeze(promise=promise, by=None, kind="final")
    PromiseProject.objects.filter(pk=project.pk).update(phase=4)
    project.refresh_from_db()
    decision_services.package_update(
        project=project,
        by=people[Role.PREPARER.value],
        lock_version=1,
        versions={promise.pk: version},
        texts={},
        channels=["web"],
    )
    decision_services.decision_record(
        project=project,
        by=people[Role.SECRETARY.value],
        body={"sv": "stadsfullmäktige", "fi": "kaupunginvaltuusto"},
        meeting_date=datetime.date.today(),
        section="12",
        outcome="approved",
        text={},
        languages=["sv"],
    )
    cache.clear()

    # The public page, in Swedish: the structure, and every promise given in full exactly
    # once (the perspective table, the wheel and references under other nodes name it too).
    for view in ("whole", "organiser", "resident"):
        ui.goto(f"/sv/p/{region.slug}/?view={view}", step=f"public-{view}")
        text = page.locator("main").inner_text()
        full = page.locator("main li.commitment > .commitment__title").all_inner_texts()
        full = [t.strip() for t in full]
        for title, _code, _p, _kind in PROMISES:  # every promise is the organiser's
            expected = 0 if view == "resident" else 1
            assert full.count(title) == expected, (view, title, full)
        if view == "resident":  # the resident's side: none, and said so
            assert NONE_ON_RESIDENT_SIDE in text
            continue
        assert "En god vardag" in text and "Digital tidsbokning" in text
        assert tr("Statutory service standards", "sv") in text
        assert tr("Cross-cutting: all perspectives", "sv") in text
        if view == "whole":
            assert NONE_ON_RESIDENT_SIDE in text
