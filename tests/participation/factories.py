"""Factories for participation tests and the bench script."""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.utils import timezone

from participation.counters import round_counts_refresh
from participation.models import (
    Comment,
    CommentRound,
    RequestedBody,
    StatementQuestion,
    StatementRequest,
)
from phases.perspectives import Perspective, Side
from promises.models import Commitment, PerspectiveCell, Promise, PromiseStatement, PromiseVersion
from promises.snapshot import build_snapshot


def _texts(field: str, fi: str, sv: str) -> dict:
    return {field: fi, f"{field}_fi": fi, f"{field}_sv": sv, f"{field}_en": ""}


def make_promise(project) -> Promise:
    """A promise with all ten cells, one statement per cell and one commitment per perspective.

    Rows are bulk-created (no history rows), which keeps these tests independent of the
    promise editor's history set-up.
    """
    (promise,) = Promise.objects.bulk_create(
        [
            Promise(
                project=project,
                **_texts("title", "Kaikki asukkaat", "Alla invånare"),
                **_texts("vision", "Hyvä **arki** kaikille.", "En god **vardag** för alla."),
            )
        ]
    )
    cells = PerspectiveCell.objects.bulk_create(
        PerspectiveCell(
            promise=promise,
            perspective=p,
            side=side,
            **_texts("goal", f"Tavoite {p} {side}", f"Mål {p} {side}"),
        )
        for p in Perspective.values
        for side in Side.values
    )
    PromiseStatement.objects.bulk_create(
        PromiseStatement(
            cell=cell,
            order=1,
            **_texts(
                "text",
                f"Väite {cell.perspective} {cell.side}",
                f"Påstående {cell.perspective} {cell.side}",
            ),
        )
        for cell in cells
    )
    Commitment.objects.bulk_create(
        Commitment(
            promise=promise,
            perspective=p,
            order=1,
            **_texts("title", f"Sitoumus {p}", f"Åtagande {p}"),
        )
        for p in Perspective.values
    )
    return promise


def make_version(project, *, kind=PromiseVersion.Kind.FOR_COMMENTS) -> PromiseVersion:
    promise = Promise.objects.filter(project=project).first() or make_promise(project)
    number = PromiseVersion.objects.filter(promise=promise).count() + 1
    return PromiseVersion.objects.create(
        promise=promise, number=number, kind=kind, snapshot=build_snapshot(promise)
    )


def make_round(project, *, open=True, premoderate=False, version=None) -> CommentRound:
    now = timezone.now()
    version = version or make_version(project)
    if open:
        starts, ends = now - timedelta(days=1), now + timedelta(days=10)
    else:
        starts, ends = now - timedelta(days=20), now - timedelta(days=1)
    return CommentRound.objects.create(
        project=project, version=version, starts_at=starts, ends_at=ends, premoderate=premoderate
    )


def make_comments(round: CommentRound, count: int, **kwargs) -> list[Comment]:
    perspectives = [*Perspective.values, ""]
    now = timezone.now()
    rows = []
    for i in range(count):
        perspective = perspectives[i % len(perspectives)]
        defaults = {
            "round": round,
            "text": f"Kommentti numero {i}: palvelujen saatavuus ja jonot ovat tärkeitä.",
            "language": "fi" if i % 3 else "sv",
            "target": Comment.Target.PERSPECTIVE if perspective else Comment.Target.WHOLE,
            "perspective": perspective,
            "name": f"Nimi {i}",
            "show_name": i % 2 == 0,
            "email": f"c{i}@example.invalid",
            "created_at": now - timedelta(minutes=i),
        }
        defaults.update(kwargs)
        rows.append(Comment(**defaults))
    comments = Comment.objects.bulk_create(rows, batch_size=1000)
    round_counts_refresh(round.pk)  # as the services keep them
    return comments


def make_request(round: CommentRound, *, deadline=None, bodies=1) -> StatementRequest:
    request = StatementRequest.objects.create(
        round=round,
        title="Lausuntopyyntö",
        deadline=deadline or timezone.now() + timedelta(days=7),
    )
    StatementQuestion.objects.create(request=request, order=0, text="Mitä mieltä olette?")
    StatementQuestion.objects.create(request=request, order=1, text="Mitä puuttuu?")
    for i in range(bodies):
        RequestedBody.objects.create(
            request=request,
            name=f"Kunta {i}",
            email=f"kunta{i}@example.invalid",
            token=secrets.token_urlsafe(32),
        )
    return request
