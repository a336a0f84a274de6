"""Builders shared by the decision and public-page tests (and bench/decision_pdf.py):
a project with segment promises, frozen versions, a written package, in phase 4."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path

import pytest

from phases.models import CouncilDecision, PromiseProject
from phases.perspectives import Perspective, Side
from promises.decision import services as decision_services
from promises.models import (
    Commitment,
    PerspectiveCell,
    Promise,
    PromiseStatement,
    PromiseVersion,
    StrategyGoal,
)
from promises.services import version_freeze
from tests.factories import ProjectFactory

VISION = {
    "fi": "Jokainen asukas saa oikea-aikaista apua läheltä ja vaikuttaa palveluihinsa.",
    "sv": "Varje invånare får hjälp i rätt tid nära hemmet och kan påverka sina tjänster.",
    "en": "",
}
COMMITMENT = {
    "fi": "Digitaaliset kanavat vastaavat kahden arkipäivän kuluessa",
    "sv": "De digitala kanalerna svarar inom två vardagar",
}
PACKAGE_TEXTS = {
    "implementation": {
        "fi": "Toimeenpano vaiheistetaan kolmeen vuoteen.",
        "sv": "Genomförandet fasas in under tre år.",
    },
    "follow_up": {"fi": "Seuranta avainmittareilla.", "sv": "Uppföljning med nyckelmätare."},
    "reporting": {
        "fi": "Raportointi osavuosikatsauksissa.",
        "sv": "Rapportering i delårsrapporter.",
    },
    "evaluation": {"fi": "Arviointi kerran vuodessa.", "sv": "Utvärdering en gång om året."},
    "communication": {"fi": "Verkkosivut ja some.", "sv": "Webbsidor och sociala medier."},
    "budget_effect": {
        "fi": "Vuosittainen tavoitetaso talousarvioon.",
        "sv": "En årlig målnivå i budgeten.",
    },
}


def set_phase(project: PromiseProject, phase: int) -> PromiseProject:
    PromiseProject.objects.filter(pk=project.pk).update(phase=phase)
    return PromiseProject.objects.select_related("region").get(pk=project.pk)


def build_promise(project, *, by=None, title=None, commitments=2, statements=1, index=0):
    """A full promise: 10 cells with goals and statements, commitments with a strategy goal.

    Built with bulk_create (no history rows): fast for the bench, and the frozen version
    made from it goes through the editor's own `version_freeze`."""
    title = title or {"fi": f"Kaikki asukkaat {index}", "sv": f"Alla invånare {index}"}
    [promise] = Promise.objects.bulk_create(
        [
            Promise(
                project=project,
                order=index,
                title=title["fi"],
                title_fi=title["fi"],
                title_sv=title.get("sv", ""),
                vision=VISION["fi"],
                vision_fi=VISION["fi"],
                vision_sv=VISION["sv"],
            )
        ]
    )
    goal = StrategyGoal.objects.filter(region=project.region, code="RS 1.1").first()
    if goal is None:
        [goal] = StrategyGoal.objects.bulk_create(
            [
                StrategyGoal(
                    region=project.region,
                    kind=StrategyGoal.Kind.REGIONAL_STRATEGY,
                    code="RS 1.1",
                    title="Palvelut lähellä",
                    title_fi="Palvelut lähellä",
                    title_sv="Tjänster nära",
                )
            ]
        )
    cells = PerspectiveCell.objects.bulk_create(
        PerspectiveCell(
            promise=promise,
            perspective=p,
            side=s,
            goal=f"Tavoite {p}/{s}",
            goal_fi=f"Tavoite {p}/{s}",
            goal_sv=f"Mål {p}/{s}",
        )
        for p in Perspective.values
        for s in Side.values
    )
    PromiseStatement.objects.bulk_create(
        PromiseStatement(
            cell=cell,
            order=n,
            text=f"Väite {cell.perspective}/{cell.side} {n}",
            text_fi=f"Väite {cell.perspective}/{cell.side} {n}",
            text_sv=f"Påstående {cell.perspective}/{cell.side} {n}",
        )
        for cell in cells
        for n in range(statements)
    )
    perspectives = list(Perspective.values)
    created = Commitment.objects.bulk_create(
        Commitment(
            promise=promise,
            perspective=perspectives[n % len(perspectives)],
            order=n,
            title=f"{COMMITMENT['fi']} {index}.{n}",
            title_fi=f"{COMMITMENT['fi']} {index}.{n}",
            title_sv=f"{COMMITMENT['sv']} {index}.{n}",
            description_fi="Vastaus **kahdessa** arkipäivässä.",
            description_sv="Svar inom **två** vardagar.",
            responsible_fi="Asiakasohjaus",
        )
        for n in range(commitments)
    )
    through = Commitment.strategy_goals.through
    through.objects.bulk_create(
        through(commitment_id=c.pk, strategygoal_id=goal.pk) for c in created
    )
    return promise


def freeze(promise, by=None, kind=PromiseVersion.Kind.FINAL) -> PromiseVersion:
    return version_freeze(promise=promise, by=by, kind=kind)


def decision_ready_project(project, users, *, promises=1, commitments=2, statements=1):
    """The project in phase 4 with its promises frozen and the package written."""
    preparer = users["preparer"]
    versions = {}
    for index in range(promises):
        promise = build_promise(
            project, by=preparer, commitments=commitments, statements=statements, index=index
        )
        versions[promise.pk] = freeze(promise, by=preparer)
    project = set_phase(project, 4)
    decision_services.package_update(
        project=project,
        by=preparer,
        lock_version=1,
        versions=versions,
        texts=PACKAGE_TEXTS,
        channels=["web", "social_media"],
    )
    return project


def approve(project, users, *, languages=("fi", "sv"), outcome="approved"):
    return decision_services.decision_record(
        project=project,
        by=users["secretary"],
        body={"fi": "aluevaltuusto", "sv": "välfärdsområdesfullmäktige"},
        meeting_date=datetime.date(2024, 3, 18),
        section="45",
        outcome=outcome,
        text={"fi": "Aluevaltuusto hyväksyi palvelulupauksen esityksen mukaisesti."},
        languages=list(languages),
    )


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def ready(project, users, media_root):
    return decision_ready_project(project, users)


@pytest.fixture
def approved(ready, users):
    decision = approve(ready, users)
    return ready, decision


# The approved project built once per module: a module whose tests only read an approved
# project (or write and have it rolled back) names these fixtures as its `region`,
# `users`, `project`, `media_root` and `approved`; its PDFs are rendered once, not per test.
@dataclass(frozen=True)
class ApprovedWorld:
    region: int
    users: dict  # role -> user pk, and "other_region" -> region pk
    project: int
    decision: int
    media: Path


def approved_world_fixture(decide=None):
    """A module fixture: what `region`, `project`, `users`, `ready` and `approved` build for
    one test (the same slugs and usernames), built once for the module inside its
    rolled-back transaction (tests/module_scope.py), the decision recorded by
    `decide(ready, users)` (default: `approve`)."""

    @pytest.fixture(scope="module")
    def approved_world(django_db_setup, django_db_blocker, tmp_path_factory):
        from django.conf import settings
        from django.utils import translation

        from phases.scoping import scopes_disabled
        from tests.factories import RegionFactory, role_users
        from tests.module_scope import module_transaction

        media = tmp_path_factory.mktemp("approved-media")
        with (
            module_transaction(django_db_blocker, media),
            scopes_disabled(),
            translation.override(settings.LANGUAGE_CODE),
        ):
            region = RegionFactory(slug="esimerkki-test")
            project = ProjectFactory(region=region)
            users = role_users(region)
            ready = decision_ready_project(project, users)
            decision = (decide or approve)(ready, users)
            yield ApprovedWorld(
                region=region.pk,
                users={key: value.pk for key, value in users.items()},
                project=ready.pk,
                decision=decision.pk,
                media=media,
            )

    return approved_world


approved_world = approved_world_fixture()


@pytest.fixture
def world_media_root(approved_world, settings, tmp_path):
    from tests.module_scope import fresh_media

    return fresh_media(approved_world.media, settings, tmp_path)


@pytest.fixture
def world_region(approved_world, db):
    from phases.models import Region

    return Region.objects.get(pk=approved_world.region)


@pytest.fixture
def world_users(approved_world, db):
    from tests.module_scope import users_by_pk

    return users_by_pk(approved_world.users)


@pytest.fixture
def world_project(approved_world, db):
    return PromiseProject.objects.select_related("region").get(pk=approved_world.project)


@pytest.fixture
def world_approved(approved_world, project, media_root):
    """(project, decision) as `approved` gives them, read again for this test (in a module
    that names the fixtures above `project` and `media_root`)."""
    return project, CouncilDecision.objects.get(pk=approved_world.decision)
