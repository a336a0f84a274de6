"""Bench: the response analysis page of a comment round with 5,000 comments.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/servicelofte python bench/participation_round.py

Creates a throw-away test database (like the test suite), seeds a region, a project, a
promise version and a round with 5,000 comments (bulk_create), then requests the analysis
page through Django's test client and prints the median and p95 time and the query count.
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
from django.test.utils import (  # noqa: E402
    CaptureQueriesContext,
    setup_test_environment,
)
from django.urls import reverse  # noqa: E402

COMMENTS = int(os.environ.get("BENCH_COMMENTS", 5000))
RUNS = int(os.environ.get("BENCH_RUNS", 30))


def main() -> None:
    if connection.vendor != "postgresql":
        print("Note: DATABASE_URL is not PostgreSQL; full-text search falls back to icontains.")
    setup_test_environment()
    settings.ALLOWED_HOSTS = ["testserver"]
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        run()
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def run() -> None:
    from django.test import Client

    from phases.roles import Role
    from tests.factories import ProjectFactory, RegionFactory, member
    from tests.participation.factories import make_comments, make_request, make_round

    region = RegionFactory(slug="bench")
    project = ProjectFactory(region=region)
    user = member(region, Role.PREPARER, username="bench-preparer")
    comment_round = make_round(project)
    make_request(comment_round, bodies=20)
    started = time.perf_counter()
    make_comments(comment_round, COMMENTS)
    print(f"Seeded {COMMENTS} comments in {time.perf_counter() - started:.1f} s")

    client = Client()
    client.force_login(user)
    url = reverse(
        "participation:analysis",
        kwargs={"region": region.slug, "project": project.pk, "round": comment_round.pk},
    )
    cases = {
        "first page": {},
        "filtered + sorted": {"perspective": "access", "sort": "oldest", "disposition": "none"},
        "page 50": {"page": "50"},
        "full-text search": {"q": "palveluista"},
    }
    for name, params in cases.items():
        client.get(url, params)  # warm up
        times = []
        for _ in range(RUNS):
            with CaptureQueriesContext(connection) as queries:
                t0 = time.perf_counter()
                response = client.get(url, params)
                times.append((time.perf_counter() - t0) * 1000)
            assert response.status_code == 200, response.status_code
        times.sort()
        p95 = times[max(0, int(round(0.95 * len(times))) - 1)]
        print(
            f"{name:<20} median {statistics.median(times):7.1f} ms   p95 {p95:7.1f} ms   "
            f"queries {len(queries.captured_queries)}"
        )


if __name__ == "__main__":
    from django_scopes import scopes_disabled

    with scopes_disabled():  # bench code seeds and reads every region
        main()
