"""Seed the large benchmark dataset into PostgreSQL (database `servicelofte_bench`).

    .venv/bin/python bench/seed_large.py [--database-url URL] [--force]

The demo data (`seed_demo`) gives the real structure: regions, users, a project walked to
phase 6 with its approved, published promise, and the current project in phase 3 with a
comment round and indicators. On top of that, with bulk_create:

- 20 regions and 200 projects in all (each project made by the real service, with the
  national model's tasks, results and permissions);
- the current demo project ("the big project") gets 5 segment promises × 5 perspectives
  × 2 sides × 20 statements, 5,000 comments in its round and 100 indicators × 10 years.

Parts whose app has no models yet are skipped with a note. Idempotent: a seeded database
is recognised by its marker region and left alone (unless --force).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
BENCH_DB = "servicelofte_bench"
DEFAULT_URL = f"postgres://postgres@127.0.0.1:5432/{BENCH_DB}"
MARKER_REGION = "bench-20"

REGIONS = 20
PROJECTS = 200
PROMISES = 5
STATEMENTS_PER_CELL = 20
COMMENTS = 5_000
INDICATORS = 100
YEARS = 10


def bench_database_url() -> str:
    return os.environ.get("BENCH_DATABASE_URL") or DEFAULT_URL


def ensure_database(url: str) -> None:
    """Create the database named in `url` if it is missing (PostgreSQL only)."""
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True, connect_timeout=10) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')
            print(f"created database {name}")


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "servicelofte.settings")
    os.environ.setdefault("DEBUG", "1")  # the seeding process itself; the bench server is DEBUG=0
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def log(message: str) -> None:
    print(f"  seed: {message}", flush=True)


def is_seeded() -> bool:
    from phases.models import Region

    return Region.objects.filter(slug=MARKER_REGION).exists()


def big_project():
    from phases.demo import DEMO_REGION
    from phases.models import PromiseProject

    return (
        PromiseProject.objects.filter(region__slug=DEMO_REGION, term_start=2027)
        .order_by("pk")
        .first()
    )


def seed_regions_and_projects() -> None:
    from phases import services
    from phases.models import PromiseProject, Region
    from phases.roles import Role
    from tests.factories import member

    for n in range(1, REGIONS + 1):
        if Region.objects.count() >= REGIONS - 1:  # the marker region is the last one
            break
        slug = f"bench-{n:02d}"
        if Region.objects.filter(slug=slug).exists():
            continue
        region = services.region_create(
            slug=slug,
            name={"fi": f"Vertailualue {n}", "sv": f"Jämförelseområde {n}", "en": f"Bench {n}"},
            languages=(Region.Languages.BILINGUAL_FI if n % 3 == 0 else Region.Languages.FINNISH),
        )
        member(region, Role.PREPARER, username=f"bench_preparer_{n:02d}")
    from phases.demo import DEMO_REGION

    regions = list(Region.objects.exclude(slug=DEMO_REGION).order_by("pk"))
    log(f"{Region.objects.count()} regions (and the marker region)")
    missing = PROJECTS - PromiseProject.objects.count()
    for i in range(max(missing, 0)):
        region = regions[i % len(regions)]
        start = 2020 + (i % 9)
        services.project_create(
            region=region,
            title={"fi": f"Palvelulupaus {start}–{start + 2} ({i})", "sv": f"Servicelöfte {i}"},
            term_start=start,
            term_end=start + 2,
        )
    log(f"{PromiseProject.objects.count()} projects")


def seed_promises(project) -> None:
    try:
        from promises.models import PerspectiveCell, Promise, PromiseStatement
    except ImportError:
        log("promises: no models yet, skipped")
        return
    from phases.perspectives import Perspective, Side

    segments = [
        ("Kaikki asukkaat", "Alla invånare"),
        ("Lapsiperheet", "Barnfamiljer"),
        ("Ikääntyneet", "Äldre"),
        ("Työikäiset", "Personer i arbetsför ålder"),
        ("Nuoret", "Unga"),
    ]
    existing = Promise.objects.filter(project=project).count()
    Promise.objects.bulk_create(
        [
            Promise(
                project=project,
                title=fi,
                title_fi=fi,
                title_sv=sv,
                vision=f"{fi}: palvelut ovat saatavilla ja laadukkaita.",
                vision_fi=f"{fi}: palvelut ovat saatavilla ja laadukkaita.",
                vision_sv=f"{sv}: tjänsterna är tillgängliga och av god kvalitet.",
                order=existing + i,
            )
            for i, (fi, sv) in enumerate(segments[existing:PROMISES])
        ]
    )
    promises = list(Promise.objects.filter(project=project).order_by("order", "pk")[:PROMISES])
    have = set(
        PerspectiveCell.objects.filter(promise__in=promises).values_list(
            "promise_id", "perspective", "side"
        )
    )
    PerspectiveCell.objects.bulk_create(
        [
            PerspectiveCell(promise=p, perspective=persp, side=side)
            for p in promises
            for persp in Perspective.values
            for side in Side.values
            if (p.pk, persp, side) not in have
        ]
    )
    statements = []
    for cell in PerspectiveCell.objects.filter(promise__in=promises):
        count = PromiseStatement.objects.filter(cell=cell).count()
        for n in range(count, STATEMENTS_PER_CELL):
            fi = f"Lupaamme asian {n + 1}: {cell.perspective} / {cell.side}."
            sv = f"Vi lovar sak {n + 1}: {cell.perspective} / {cell.side}."
            statements.append(PromiseStatement(cell=cell, order=n, text=fi, text_fi=fi, text_sv=sv))
    PromiseStatement.objects.bulk_create(statements, batch_size=1000)
    log(
        f"promises: {len(promises)} promises, "
        f"{PromiseStatement.objects.filter(cell__promise__in=promises).count()} statements"
    )


def seed_comments(project) -> None:
    try:
        from participation.models import Comment, CommentRound
    except ImportError:
        log("participation: no models yet, skipped")
        return
    from django.utils import timezone

    from phases.perspectives import Perspective

    round_ = CommentRound.objects.filter(project=project).order_by("-pk").first()
    if round_ is None:
        log("participation: the big project has no comment round (demo step missing), skipped")
        return
    have = Comment.objects.filter(round=round_).count()
    perspectives = Perspective.values
    now = timezone.now()
    comments = []
    for n in range(have, COMMENTS):
        sv = n % 5 == 0
        comments.append(
            Comment(
                round=round_,
                source=Comment.Source.COMMENT,
                target=Comment.Target.PERSPECTIVE if n % 2 else Comment.Target.WHOLE,
                perspective=perspectives[n % len(perspectives)] if n % 2 else "",
                text=(
                    f"Kommentti {n}: hoitoon pitää päästä nopeammin ja palvelun pitää olla "
                    "saavutettava myös ilman verkkoyhteyttä."
                    if not sv
                    else f"Kommentar {n}: tjänsterna ska finnas på svenska i hela området."
                ),
                language="sv" if sv else "fi",
                status=Comment.Status.PUBLISHED,
                created_at=now,
            )
        )
    Comment.objects.bulk_create(comments, batch_size=1000)
    try:
        from participation.counters import round_counts_refresh
    except ImportError:  # a checkout before the counters
        pass
    else:
        round_counts_refresh(round_.pk)
    log(f"participation: {Comment.objects.filter(round=round_).count()} comments in one round")


def seed_indicators(project) -> None:
    try:
        from indicators.models import Indicator, Measurement
    except ImportError:
        log("indicators: no models yet, skipped")
        return
    from decimal import Decimal

    from phases.perspectives import Perspective

    have = Indicator.objects.filter(project=project).count()
    perspectives = Perspective.values
    Indicator.objects.bulk_create(
        [
            Indicator(
                project=project,
                name=f"Mittari {n + 1}",
                name_fi=f"Mittari {n + 1}",
                name_sv=f"Indikator {n + 1}",
                perspective=perspectives[n % len(perspectives)],
                kind=Indicator.Kind.OUTCOME if n % 2 else Indicator.Kind.PROGRESS,
                direction=Indicator.Direction.HIGHER if n % 3 else Indicator.Direction.LOWER,
                order=n,
            )
            for n in range(have, INDICATORS)
        ]
    )
    indicators = list(Indicator.objects.filter(project=project).order_by("order", "pk"))
    first_year = project.term_end - YEARS + 1
    have_m = set(
        Measurement.objects.filter(indicator__in=indicators, quarter=0, month=0).values_list(
            "indicator_id", "year"
        )
    )
    Measurement.objects.bulk_create(
        [
            Measurement(
                indicator=ind,
                year=year,
                value=Decimal(50 + (ind.pk * 7 + year) % 45),
                source="Vertailuaineisto",
            )
            for ind in indicators[:INDICATORS]
            for year in range(first_year, first_year + YEARS)
            if (ind.pk, year) not in have_m
        ],
        batch_size=1000,
    )
    log(
        f"indicators: {len(indicators)} indicators, "
        f"{Measurement.objects.filter(indicator__project=project).count()} measurements"
    )


def seed(force: bool = False) -> bool:
    """Seed unless already seeded; returns True when it seeded now."""
    from django.core.management import call_command
    from django.db import transaction

    call_command("migrate", verbosity=0, interactive=False)
    call_command("createcachetable", verbosity=0)
    if is_seeded() and not force:
        analyze()
        log("already seeded")
        return False
    started = time.monotonic()
    from phases.demo import seed_demo

    seed_demo()
    log("demo data in place")
    with transaction.atomic():
        seed_regions_and_projects()
    project = big_project()
    with transaction.atomic():
        seed_promises(project)
        seed_comments(project)
        seed_indicators(project)
    from phases.models import Region

    if not Region.objects.filter(slug=MARKER_REGION).exists():
        from phases import services

        services.region_create(slug=MARKER_REGION, name={"fi": "Vertailualue 20"})
    analyze()
    log(f"done in {time.monotonic() - started:.0f} s")
    return True


def analyze() -> None:
    """Planner statistics for the bulk-created rows (autovacuum may not have run yet): without
    them PostgreSQL guesses a handful of rows and sorts all 5,000 comments."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=bench_database_url())
    parser.add_argument("--force", action="store_true", help="top the data up even if seeded")
    parser.add_argument(
        "--times",
        type=int,
        default=1,
        help="N times the comments and measurements (issue 31: the pages stay flat at 10×); "
        "on a seeded database only these are topped up",
    )
    args = parser.parse_args(argv)
    ensure_database(args.database_url)
    setup_django(args.database_url)
    if args.times > 1:
        scale(args.times)
        if is_seeded():
            from django.db import transaction

            project = big_project()
            with transaction.atomic():
                seed_comments(project)
                seed_indicators(project)
            analyze()
            return 0
    seed(force=args.force)
    return 0


def scale(times: int) -> None:
    """N × the comments of the round and the measurements of each indicator (N × the years)."""
    global COMMENTS, YEARS
    COMMENTS, YEARS = 5_000 * times, 10 * times


if __name__ == "__main__":
    from django_scopes import scopes_disabled

    with scopes_disabled():  # bench code seeds and reads every region
        sys.exit(main())
