"""A region with a promise in force, made directly (no PDF rendering), for the national
view's tests: an APPROVED version with a small snapshot, an approving decision with a
stored document row, and key indicators with measurements."""

from __future__ import annotations

from datetime import date

from phases.models import CouncilDecision
from phases.perspectives import Perspective
from promises.models import DecisionDocument, PromiseVersion
from promises.models.decision import DecisionApproval
from tests.factories import ProjectFactory, RegionFactory
from tests.indicators.factories import IndicatorFactory, PromiseFactory, measure, with_targets


def texts(fi: str, sv: str) -> dict:
    return {"fi": fi, "sv": sv, "en": ""}


def region_in_force(slug: str, name: str, *, commitments, values: dict[str, str], sotkanet_id=5081):
    """`commitments`: [(perspective, title fi, title sv)]; `values`: {"2024": "58.1", …} of
    the key access indicator (THL Sotkanet `sotkanet_id`)."""
    region = RegionFactory(slug=slug, name=name)
    project = ProjectFactory(region=region, term_start=2024, term_end=2026)
    promise = PromiseFactory(project=project)
    snapshot = {
        "schema": 1,
        "promise_id": promise.pk,
        "project_id": project.pk,
        "region": slug,
        "title": texts("Kaikki asukkaat", "Alla invånare"),
        "vision": texts("Hyvä arki", "En god vardag"),
        "cells": [],
        "commitments": [
            {
                "id": n,
                "perspective": perspective,
                "title": texts(fi, sv),
                "description": texts("", ""),
                "responsible": "",
                "strategy_goals": [],
            }
            for n, (perspective, fi, sv) in enumerate(commitments, start=1)
        ],
    }
    version = PromiseVersion.objects.create(
        promise=promise, number=1, kind=PromiseVersion.Kind.APPROVED, snapshot=snapshot
    )
    decision = CouncilDecision.objects.create(
        project=project,
        body="Aluevaltuusto",
        meeting_date=date(2024, 3, 18),
        section="12",
        outcome=CouncilDecision.Outcome.APPROVED,
    )
    approval = DecisionApproval.objects.create(decision=decision, package={}, languages=["fi"])
    approval.versions.add(version)
    DecisionDocument.objects.create(
        decision=decision,
        language="fi",
        file=f"decisions/{slug}.pdf",
        sha256="0" * 64,
        size=1,
        pages=1,
    )
    indicator = with_targets(
        IndicatorFactory(
            project=project,
            name="Hoitoon pääsy 7 päivässä",
            name_sv="Vård inom 7 dagar",
            perspective=Perspective.ACCESS,
            sotkanet_id=sotkanet_id,
        ),
        {2024: "60", 2025: "65", 2026: "70"},
    )
    for period, value in values.items():
        measure(indicator, period, value, source="THL Sotkanet")
    IndicatorFactory(
        project=project, name="Chat-vastausaika", perspective=Perspective.ACCESSIBILITY
    )
    return region, indicator
