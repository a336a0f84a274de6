"""Factories for participation tests and the bench script."""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.db import connection
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


def _comment_fields(round: CommentRound, i: int, now, kwargs: dict) -> dict:
    """The fields of `make_comments`' i-th comment."""
    perspectives = [*Perspective.values, ""]
    perspective = perspectives[i % len(perspectives)]
    return {
        "round": round,
        "text": f"Kommentti numero {i}: palvelujen saatavuus ja jonot ovat tärkeitä.",
        "language": "fi" if i % 3 else "sv",
        "target": Comment.Target.PERSPECTIVE if perspective else Comment.Target.WHOLE,
        "perspective": perspective,
        "name": f"Nimi {i}",
        "show_name": i % 2 == 0,
        "email": f"c{i}@example.invalid",
        "created_at": now - timedelta(minutes=i),
        **kwargs,
    }


def make_comments(round: CommentRound, count: int, **kwargs) -> list[Comment]:
    now = timezone.now()
    rows = [Comment(**_comment_fields(round, i, now, kwargs)) for i in range(count)]
    comments = Comment.objects.bulk_create(rows, batch_size=1000)
    round_counts_refresh(round.pk)  # as the services keep them
    return comments


def copy_comments(round: CommentRound, count: int, **kwargs) -> None:
    """The rows `make_comments` stores, for the thousands a size test needs: written by
    PostgreSQL `COPY`, each row's columns as Django would insert them (the model's
    defaults included), without a model instance a row (50,000 comments: about 15 s
    of instances and INSERTs on a quiet machine). Elsewhere than PostgreSQL: `make_comments`."""
    if connection.vendor != "postgresql":
        make_comments(round, count, **kwargs)
        return
    now = timezone.now()
    columns = [f for f in Comment._meta.concrete_fields if not f.primary_key]
    template = Comment(**_comment_fields(round, 0, now, kwargs))
    fixed = {f.attname: f.get_db_prep_save(f.pre_save(template, True), connection) for f in columns}
    varying = [
        Comment._meta.get_field(name)
        for name in _comment_fields(round, 0, now, kwargs)
        if name != "round"
    ]
    quote = connection.ops.quote_name
    names = ", ".join(quote(f.column) for f in columns)
    with connection.cursor() as wrapper:
        sql = f"COPY {quote(Comment._meta.db_table)} ({names}) FROM STDIN"
        with wrapper.cursor.copy(sql) as copy:
            for i in range(count):
                fields = _comment_fields(round, i, now, kwargs)
                values = dict(fixed)
                for f in varying:
                    values[f.attname] = f.get_db_prep_save(fields[f.name], connection)
                copy.write_row([values[f.attname] for f in columns])
    round_counts_refresh(round.pk)  # as the services keep them


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
