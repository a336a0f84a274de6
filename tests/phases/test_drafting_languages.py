"""Issue 25, item 2: drafting in any of the region's languages.

In a Finnish-majority bilingual region (fi_sv) a Swedish-speaking official writes from /sv/
a strategy node, a project, a commitment and an indicator in Swedish only: each saves, the
missing Finnish is flagged where translations are counted, and the translations become
required only at the gates that need every language (leaving phase 3, the finalisation, and
phase 4, the decision package), which list each missing translation with a link to its input.
"""

import pytest
from django.urls import reverse
from django.utils import translation

from indicators.models import Indicator
from phases import services as phase_services
from phases.models import PromiseProject
from phases.registry import registry
from phases.requirements import TRANSLATION_GATES
from phases.roles import Role
from promises import services as promise_services
from promises.models import Commitment, StrategyGoal
from tests.factories import ProjectFactory, RegionFactory, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    region = RegionFactory(slug="tvasprakig", languages="fi_sv")
    project = ProjectFactory(region=region)
    PromiseProject.objects.filter(pk=project.pk).update(phase=3)
    project.refresh_from_db()
    official = member(region, Role.PREPARER, username="svensk_tjansteman")
    admin = member(region, Role.REGION_ADMIN, username="svensk_admin")
    promise = promise_services.promise_create(
        project=project, title={"fi": "Kaikki asukkaat", "sv": "Alla invånare"}, by=None
    )
    return {
        "region": region,
        "project": project,
        "official": official,
        "admin": admin,
        "promise": promise,
    }


def sv(name, **kwargs):
    with translation.override("sv"):
        return reverse(name, kwargs=kwargs)


def kw(w, **extra):
    return {"region": w["region"].slug, "project": w["project"].pk, **extra}


def write_in_swedish(client, w):
    """The strategy node, the commitment serving it and the indicator, Swedish only."""
    client.force_login(w["official"])
    response = client.post(
        sv("promises:strategy", region=w["region"].slug),
        {
            "kind": "regional",
            "level": "3",
            "title_sv": "Tryggt vardagsliv",
            "code": "RS 9",
            "order": 0,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    goal = StrategyGoal.objects.get(region=w["region"], code="RS 9")
    response = client.post(
        sv("promises:commitment_add", **kw(w, promise=w["promise"].pk)),
        {
            "title_sv": "Vi svarar inom en vecka",
            "kind": "own",
            "side": "organiser",
            "perspectives": ["access"],
            "strategy_goals": [goal.pk],
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    commitment = Commitment.objects.get(promise=w["promise"], title_sv="Vi svarar inom en vecka")
    response = client.post(
        sv("indicators:create", **kw(w)),
        {
            "name_sv": "Svarstid i dagar",
            "perspective": "access",
            "kind": "outcome",
            "direction": "lower",
            "order": 0,
            "commitments": [commitment.pk],
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    indicator = Indicator.objects.get(project=w["project"], name_sv="Svarstid i dagar")
    return goal, commitment, indicator


def test_swedish_only_saves_from_sv_and_nothing_is_written_in_finnish(client, world):
    goal, commitment, indicator = write_in_swedish(client, world)
    assert goal.title_sv == "Tryggt vardagsliv" and not goal.title_fi  # Finnish not written
    assert commitment.title_sv == "Vi svarar inom en vecka" and not commitment.title_fi
    assert indicator.name_sv == "Svarstid i dagar" and not indicator.name_fi
    # A project title in Swedish only, by the region's administrator.
    client.force_login(world["admin"])
    response = client.post(
        sv("phases:project_create", region=world["region"].slug),
        {"title_sv": "Servicelöfte 2030–2032", "term_start": 2030, "term_end": 2032},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    project = PromiseProject.objects.get(region=world["region"], term_start=2030)
    assert (project.title_sv, project.title_fi) == ("Servicelöfte 2030–2032", "")


def test_no_language_at_all_is_refused_with_a_message_and_nothing_saved(client, world):
    client.force_login(world["official"])
    url = sv("promises:strategy", region=world["region"].slug)
    # Nothing, or only English (not one of the region's languages), is refused.
    for typed in ({}, {"title_en": "Safe everyday life"}):
        response = client.post(
            url, {"kind": "regional", "level": "3", "code": "RS 8", "order": 0, **typed}
        )
        assert response.status_code == 400
        html = response.content.decode()
        assert "på minst ett av dessa språk" in html, html[:3000]
        assert "Detta fält måste fyllas i" not in html
    assert not StrategyGoal.objects.filter(region=world["region"], code="RS 8").exists()
    response = client.post(
        sv("indicators:create", **kw(world)),
        {"perspective": "access", "kind": "outcome", "direction": "lower", "order": 0},
    )
    assert response.status_code == 400
    assert not Indicator.objects.filter(project=world["project"]).exists()


def test_the_inputs_are_not_marked_required_one_by_one(client, world):
    client.force_login(world["official"])
    html = client.get(sv("promises:strategy", region=world["region"].slug)).content.decode()
    field = html.split('id="id_title_fi"')[0].rsplit("<", 1)[1] + html.split('id="id_title_fi"')[1]
    assert "required" not in field.split(">")[0]


def test_missing_finnish_is_flagged_where_translations_are_counted(client, world):
    goal, commitment, indicator = write_in_swedish(client, world)
    editor = client.get(sv("promises:editor", **kw(world, promise=world["promise"].pk)))
    assert "1 översättning saknas" in editor.content.decode()
    overview = client.get(sv("indicators:overview", **kw(world))).content.decode()
    assert "Översättning saknas" in overview


def test_stopped_only_at_the_gates_with_each_missing_translation_listed_and_linked(client, world):
    goal, commitment, indicator = write_in_swedish(client, world)
    project = world["project"]
    # No gate before phase 3 asks for every language.
    assert set(TRANSLATION_GATES) == {3, 4}
    for phase in (1, 2, 5, 6):
        keys = {s.key for s in registry.next_steps(project, phase)}
        assert "phases.translations" not in keys
    with translation.override("sv"):
        steps = {s.key: s for s in registry.next_steps(project, 3)}
    gate = steps["phases.translations"]
    urls = {child.url for child in gate.children}
    promise = world["promise"].pk
    expected = {
        sv("promises:strategy_edit", region=world["region"].slug, goal=goal.pk) + "#id_title_fi",
        sv("promises:commitment_edit", **kw(world, promise=promise, commitment=commitment.pk))
        + "#id_title_fi",
        sv("indicators:edit", **kw(world, indicator=indicator.pk)) + "#id_name_fi",
    }
    assert expected <= urls
    messages = " ".join(child.message for child in gate.children)
    assert "Vi svarar inom en vecka" in messages and "Svarstid i dagar" in messages
    assert "finska" in messages
    # The phase page lists them with their links.
    page = client.get(
        sv("phases:project_phase", region=world["region"].slug, project=project.pk, phase=3)
    ).content.decode()
    for url in expected:
        assert f'href="{url}"' in page.replace("&amp;", "&"), url
    # Leaving phase 3 is refused for the translations (and for other rules as well).
    with translation.override("en"), pytest.raises(phase_services.PhaseError) as exc:
        phase_services.project_advance(project=project, by=world["official"], expected_phase=3)
    assert any("lack a translation" in m for m in exc.value.messages), exc.value.messages


def test_written_in_both_the_gate_clears(client, world, monkeypatch):
    """Only the translation rule here: once every text has its Finnish, phase 3 is left."""
    goal, commitment, indicator = write_in_swedish(client, world)
    project = world["project"]
    mine = [r for r in registry.requirements if r.key.startswith("phases.translations.")]
    monkeypatch.setattr(registry, "requirements", mine)
    with pytest.raises(phase_services.PhaseError):
        phase_services.project_advance(project=project, by=world["official"], expected_phase=3)
    StrategyGoal.objects.filter(pk=goal.pk).update(title_fi="Turvallinen arki")
    Commitment.objects.filter(pk=commitment.pk).update(title_fi="Vastaamme viikossa")
    Indicator.objects.filter(pk=indicator.pk).update(name_fi="Vastausaika päivinä")
    assert registry.next_steps(project, 3) == []
    project = phase_services.project_advance(
        project=project, by=world["official"], expected_phase=3
    )
    assert project.phase == 4
