"""Issue 25, item 2, in the browser: in a Finnish-majority bilingual region a Swedish-speaking
official writes a strategy node, a commitment and an indicator in Swedish only from /sv/,
saves each, sees the missing Finnish flagged, and is stopped only at the finalisation gate,
which lists each missing translation with a link to its Finnish input; axe on every page."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


@pytest.fixture
def swedish_official(e2e_region):
    from phases.models import PromiseProject
    from promises import services
    from tests.factories import ProjectFactory

    region, people = e2e_region
    assert region.content_languages == ["fi", "sv"]
    project = ProjectFactory(region=region, title="Palvelulupaus 2027–2029")
    PromiseProject.objects.filter(pk=project.pk).update(phase=3)
    project.refresh_from_db()
    promise = services.promise_create(
        project=project, title={"fi": "Kaikki asukkaat", "sv": "Alla invånare"}, by=None
    )
    return region, people["preparer"], project, promise


def sv(name, **kwargs):
    with translation.override("sv"):
        return reverse(name, kwargs=kwargs)


def _submit(page, form):
    with page.expect_navigation(wait_until="load", timeout=90_000):
        form.locator("button[type=submit]").first.click()


def test_swedish_only_drafts_are_saved_flagged_and_stopped_at_finalisation(ui, swedish_official):
    from indicators.models import Indicator
    from promises.models import Commitment, StrategyGoal
    from tests.factories import PASSWORD

    region, official, project, promise = swedish_official
    page = ui.page
    base = {"region": region.slug, "project": project.pk}
    ui.login(official.username, PASSWORD, check=False)

    # A strategy node, in Swedish only.
    ui.goto(sv("promises:strategy", region=region.slug), "strategy-sv")
    form = page.locator("main form:has([name='title_sv'])").first
    form.locator("#id_title_sv").fill("Tryggt vardagsliv")
    form.locator("#id_code").fill("RS 9")
    # Nothing is classified for the user: the source and the level are chosen.
    form.locator("[name=kind]").select_option("regional")
    form.locator("[name=level]").select_option("3")
    _submit(page, form)
    goal = StrategyGoal.objects.get(region=region, code="RS 9")
    assert (goal.title_sv, goal.title_fi) == ("Tryggt vardagsliv", "")

    # A commitment serving it, in Swedish only.
    ui.goto(sv("promises:commitment_add", **base, promise=promise.pk), "commitment-sv")
    form = page.locator("main form:has([name='title_sv'])").first
    form.locator("#id_title_sv").fill("Vi svarar inom en vecka")
    form.locator("input[name=kind][value=own]").check()
    form.locator("input[name=side][value=organiser]").check()
    form.locator("input[name=perspectives][value=access]").check()
    form.locator(f"input[name=strategy_goals][value='{goal.pk}']").check()
    _submit(page, form)
    commitment = Commitment.objects.get(promise=promise, title_sv="Vi svarar inom en vecka")
    assert commitment.title_fi == ""

    # An indicator measuring it, in Swedish only.
    ui.goto(sv("indicators:create", **base), "indicator-sv")
    form = page.locator("main form:has([name='name_sv'])").first
    form.locator("#id_name_sv").fill("Svarstid i dagar")
    form.locator(f"input[name=commitments][value='{commitment.pk}']").check()
    _submit(page, form)
    indicator = Indicator.objects.get(project=project, name_sv="Svarstid i dagar")
    assert indicator.name_fi == ""

    # The missing Finnish is flagged where translations are counted.
    ui.goto(sv("promises:editor", **base, promise=promise.pk), "editor-sv")
    expect(page.locator("main")).to_contain_text("1 översättning saknas")
    ui.goto(sv("indicators:overview", **base), "indicators-sv")
    expect(page.locator("main")).to_contain_text("Översättning saknas")

    # Finalisation: the gate lists each missing translation, linked to its Finnish input.
    ui.goto(sv("phases:project_phase", **base, phase=3), "phase-3-sv")
    main = page.locator("main")
    expect(main).to_contain_text("saknar översättning till ett språk som området kräver")
    link = main.locator(
        "a[href='"
        + sv("promises:commitment_edit", **base, promise=promise.pk, commitment=commitment.pk)
        + "#id_title_fi']"
    )
    expect(link.first).to_be_visible()
    for href in (
        sv("promises:strategy_edit", region=region.slug, goal=goal.pk) + "#id_title_fi",
        sv("indicators:edit", **base, indicator=indicator.pk) + "#id_name_fi",
    ):
        expect(main.locator(f"a[href='{href}']").first).to_be_attached()
    with page.expect_navigation(wait_until="load"):
        link.first.click()
    expect(page.locator("#id_title_fi")).to_be_visible()
    page.locator("#id_title_fi").fill("Vi svarar på finska: vastaamme viikossa")
    form = page.locator("main form:has([name='title_fi'])").first
    _submit(page, form)
    commitment.refresh_from_db()
    assert commitment.title_fi == "Vi svarar på finska: vastaamme viikossa"
    assert commitment.title_sv == "Vi svarar inom en vecka"
    ui.goto(sv("phases:project_phase", **base, phase=3))
    expect(page.locator("main a[href*='#id_title_fi'][href*='commitments']")).to_have_count(0)
