"""Bench: an opinion round's vote and its results (issue 29), with targets (MET/MISSED).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/servicelofte python bench/opinion_round.py

Creates a throw-away test database (like the test suite), seeds a region, a project and an
open opinion round with 100 statements and the votes of 5,000 participants in three
opinion groups (each votes on about 60 % of the statements: 300,000 votes, bulk_create),
then measures:

- a vote's service time: `services.vote` (one participant, one statement: one SQL
  statement), p50 of 300; the same vote posted to the public page through Django's test
  client (p50 of 100, with its query count), and posted by htmx, answered in place with
  the next statement;
- the results: `selectors.compute_results` (reading the votes, PCA, k-means with k by
  silhouette, the groups' statements), median of 3, after one warm-up (imports).
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "servicelofte.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

PARTICIPANTS = int(os.environ.get("BENCH_PARTICIPANTS", 5000))
STATEMENTS = int(os.environ.get("BENCH_STATEMENTS", 100))
VOTE_TARGET_MS = 20
RESULTS_TARGET_S = 2.0


def main() -> None:
    setup_test_environment()
    settings.ALLOWED_HOSTS = ["testserver"]
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        from phases.scoping import scopes_disabled

        with scopes_disabled():
            run()
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def seed():
    import random
    from datetime import timedelta

    from django.utils import timezone

    from participation.opinion import services
    from participation.opinion.models import OpinionRound, OpinionStatement, OpinionVote
    from phases.perspectives import Perspective
    from tests.factories import ProjectFactory, RegionFactory

    region = RegionFactory(slug="bench-opinion")
    project = ProjectFactory(region=region)
    now = timezone.now()
    round = services.round_create(
        project=project,
        question={"fi": "Kysymys", "sv": "Fråga"},
        starts_at=now - timedelta(days=1),
        ends_at=now + timedelta(days=30),
        by=None,
    )
    perspectives = Perspective.values
    statements = OpinionStatement.objects.bulk_create(
        [
            OpinionStatement(
                round=round,
                text_fi=f"Väite {n}",
                text_sv=f"Påstående {n}",
                language="fi",
                perspectives=[perspectives[n % len(perspectives)]],
                author=OpinionStatement.Author.STAFF,
                status=OpinionStatement.Status.ACCEPTED,
            )
            for n in range(STATEMENTS)
        ]
    )
    rng = random.Random(29)
    pattern = [[rng.choice((-1, 1)) for _s in statements] for _g in range(3)]
    batch, total = [], 0
    for person in range(PARTICIPANTS):
        group = person % 3
        participant = f"{person:032x}"
        for j, statement in enumerate(statements):
            if rng.random() < 0.6:
                choice = pattern[group][j] if rng.random() < 0.85 else rng.choice((-1, 0, 1))
                batch.append(
                    OpinionVote(
                        round=round, statement=statement, participant=participant, choice=choice
                    )
                )
        if len(batch) >= 20_000:
            OpinionVote.objects.bulk_create(batch, batch_size=5000)
            total += len(batch)
            batch = []
    OpinionVote.objects.bulk_create(batch, batch_size=5000)
    total += len(batch)
    OpinionRound.objects.filter(pk=round.pk).update(version=total)
    round.refresh_from_db()
    return round, statements, total


def verdict(ok: bool) -> str:
    return "MET" if ok else "MISSED"


def run() -> None:
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from participation.opinion import selectors, services

    started = time.perf_counter()
    round, statements, total = seed()
    print(
        f"Seeded {STATEMENTS} statements and {total:,} votes of {PARTICIPANTS:,} participants "
        f"in {time.perf_counter() - started:.1f} s"
    )
    # A vote: new participants (an INSERT each), as in a round in progress.
    times = []
    for n in range(300):
        participant = f"{'e' * 24}{n:08x}"
        statement = statements[n % len(statements)]
        t = time.perf_counter()
        services.vote(round=round, statement_id=statement.pk, participant=participant, choice=1)
        times.append((time.perf_counter() - t) * 1000)
    vote_ms = statistics.median(times)
    client = Client()
    url = reverse(
        "participation:public_opinion", kwargs={"region": "bench-opinion", "opinion": round.pk}
    )
    page_times, page_queries = [], 0
    for n in range(100):
        t = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            response = client.post(url, {"statement": statements[n].pk, "choice": "-1"})
        page_times.append((time.perf_counter() - t) * 1000)
        page_queries = max(page_queries, len(queries))
        assert response.status_code == 302, response.status_code
    page_ms = statistics.median(page_times)
    # The same with htmx: the answer is the card with the next statement (chosen among
    # the round's statements by one query), not a redirect.
    in_place = Client()
    place_times, place_queries = [], 0
    for n in range(100):
        t = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            response = in_place.post(
                url, {"statement": statements[n].pk, "choice": "1"}, HTTP_HX_REQUEST="true"
            )
        place_times.append((time.perf_counter() - t) * 1000)
        place_queries = max(place_queries, len(queries))
        assert response.status_code == 200, response.status_code
    place_ms = statistics.median(place_times)

    selectors.compute_results(round)  # warm up: imports scikit-learn once per process
    runs = []
    for _ in range(3):
        t = time.perf_counter()
        data = selectors.compute_results(round)
        runs.append(time.perf_counter() - t)
    results_s = statistics.median(runs)

    print()
    print(f"{'measure':<58} {'p50':>10} {'target':>10}  result")
    print(
        f"{'a vote (services.vote)':<58} {vote_ms:>7.1f} ms {'<= 20 ms':>10}  "
        f"{verdict(vote_ms <= VOTE_TARGET_MS)}"
    )
    print(
        f"{'a vote posted to the public page (view + service)':<58} {page_ms:>7.1f} ms "
        f"{'<= 20 ms':>10}  {verdict(page_ms <= VOTE_TARGET_MS)}"
    )
    print(
        f"{'  the same with htmx, answered with the next statement':<58} {place_ms:>7.1f} ms "
        f"{'<= 20 ms':>10}  {verdict(place_ms <= VOTE_TARGET_MS)}"
    )
    print(
        f"  (queries: {page_queries} for a posted vote, {place_queries} with the next "
        "statement in place)"
    )
    label = f"results, {PARTICIPANTS:,} participants x {STATEMENTS} statements"
    print(
        f"{label:<58} {results_s:>8.2f} s {'<= 2 s':>10}  {verdict(results_s <= RESULTS_TARGET_S)}"
    )
    print(
        f"  (groups: {data['k']}, sizes {[g['size'] for g in data['groups']]}, "
        f"{data['votes']:,} votes; computed in the background and cached by round)"
    )


if __name__ == "__main__":
    main()
