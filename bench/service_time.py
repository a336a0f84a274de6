"""Service time of the staff pages for one user, with the targets of issue 15 (MET/MISSED).

    .venv/bin/python bench/service_time.py [--requests 20] [--profile editor_access]

Runs in this process with Django's test client against the seeded bench database (DEBUG
off, the demo preparer logged in), so no HTTP server or load client shares the CPU. For
each page: the median of the wall time, of this thread's CPU time (`time.thread_time`) and
of the SQL time (every query timed through `connection.execute_wrapper`), and the HTML size.

The verdict uses **CPU + SQL**, the time the server itself spends on one request: on a
shared machine (other agents, load average printed) the wall time also counts the time
this process waited for a core, which a quiet server does not. Both are printed.

Also: EXPLAIN ANALYZE of the comment-analysis list query (50 of 5,000, newest first), and
`--profile PAGE` prints the cProfile top functions of a few requests of one page (profile
before optimising). Works against any checkout: it imports the app next to it.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import io
import os
import pstats
import re
import secrets
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT))

import seed_large  # noqa: E402

# Issue 31's one-user targets: p50 service time in ms (issue 15's were 20/20/25/35/25), and
# the editor page's HTML size.
TARGET_MS = {
    "dashboard": 20,
    "analysis": 20,
    "indicators": 20,
    "editor": 25,
    "decision": 20,
}
EDITOR_HTML_KB = 150
# Issue 31 judges each page as a ratio to a trivial one-query view (`/healthz`) measured in
# the same run, which took 0.7 ms on the quiet machine the targets were set on: a page
# meets its target when page / trivial <= target / 0.7. The "norm ms" column is that ratio
# × 0.7 ms, the page's time as the quiet machine would give it.
TRIVIAL_REFERENCE_MS = 0.7
# …and the same page at 10× the comments and measurements within 10 % (`--compare`).
FLAT_TOLERANCE = 0.10


@dataclass
class Measured:
    key: str
    label: str
    url: str
    target_ms: float | None
    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    sql: list[float] = field(default_factory=list)
    queries: int = 0
    size: int = 0
    status: int = 0

    def p50(self, values) -> float:
        return statistics.median(values) * 1000 if values else float("nan")

    @property
    def service_ms(self) -> float:
        return self.p50([c + s for c, s in zip(self.cpu, self.sql, strict=True)])

    @property
    def service_min_ms(self) -> float:
        return min(c + s for c, s in zip(self.cpu, self.sql, strict=True)) * 1000

    trivial_ms: float = float("nan")

    @property
    def norm_ms(self) -> float:
        """The service time scaled to the quiet machine through the trivial view."""
        return self.service_ms / self.trivial_ms * TRIVIAL_REFERENCE_MS

    @property
    def verdict(self) -> str:
        if self.target_ms is None:
            return "(no target)" if self.status == 200 else "MISSED"
        return "MET" if self.status == 200 and self.norm_ms <= self.target_ms else "MISSED"


def setup(url: str) -> None:
    os.environ.update(
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="testserver",
        SECURE_HTTPS="0",
        STATIC_MANIFEST="0",
        LOG_LEVEL="ERROR",
    )
    seed_large.setup_django(url)
    seed_large.analyze()


def pages() -> list[tuple[str, str, str, float]]:
    """(key, label, url, target ms) of the pages that exist in this checkout."""
    from django.urls import NoReverseMatch, reverse
    from django.utils import translation

    from participation.models import CommentRound
    from phases.perspectives import Perspective
    from promises.models import Promise

    project = seed_large.big_project()
    base = {"region": project.region.slug, "project": project.pk}
    promise = Promise.objects.filter(project=project).order_by("order", "pk").first()
    round_ = CommentRound.objects.filter(project=project).order_by("-pk").first()
    wanted = [
        ("trivial", "trivial view (/healthz)", "health", {}),
        ("dashboard", "project dashboard", "phases:project_dashboard", base),
        ("analysis", "comment analysis", "participation:analysis", {**base, "round": round_.pk}),
        ("indicators", "indicator overview", "indicators:overview", base),
        ("editor", "editor: first page", "promises:editor", {**base, "promise": promise.pk}),
    ]
    for key in Perspective.values:
        wanted.append(
            (
                f"editor_{key}",
                f"editor: {key}",
                "promises:editor_perspective",
                {**base, "promise": promise.pk, "perspective": key},
            )
        )
    wanted.append(("decision", "decision package", "promises_decision:package", base))
    # The floor: the simplest staff page (session, user, region, project, permissions, the
    # base template), what every staff page costs before its own work.
    wanted.append(("history", "floor: project history", "phases:history", base))
    found = []
    with translation.override("fi"):
        for key, label, name, kwargs in wanted:
            try:
                url = reverse(name, kwargs=kwargs)
            except NoReverseMatch:
                print(f"  ({label}: {name} does not exist in this checkout)")
                continue
            found.append((key, label, url, TARGET_MS.get(key.split("_")[0])))
    return found


def measure(client, key, label, url, target, requests: int) -> Measured:
    from django.db import connection

    result = Measured(key, label, url, target)
    sql: list[float] = []

    def timer(execute, query, params, many, context):
        started = time.perf_counter()
        try:
            return execute(query, params, many, context)
        finally:
            sql.append(time.perf_counter() - started)

    for _ in range(3):  # warm: template loader, content types, sessions
        client.get(url)
    for _ in range(requests):
        sql.clear()
        wall, cpu = time.perf_counter(), time.thread_time()
        with connection.execute_wrapper(timer):
            response = client.get(url)
        cpu = time.thread_time() - cpu
        wall = time.perf_counter() - wall
        result.wall.append(wall)
        result.sql.append(sum(sql))
        result.cpu.append(cpu)
        result.queries = len(sql)
        result.status = response.status_code
        result.size = len(response.content)
    return result


def explain_analysis() -> None:
    from participation import selectors
    from participation.models import CommentRound

    project = seed_large.big_project()
    round_ = CommentRound.objects.filter(project=project).order_by("-pk").first()
    qs = selectors.comments_for_analysis(round=round_, filters={})[:50]
    plan = qs.explain(analyze=True)
    index = re.search(r"Index Scan(?: Backward)? using (\w+) on participation_comment", plan)
    sorts = "Sort Key" in plan.split("->")[1] if "->" in plan else "Sort Key" in plan
    timing = re.search(r"Execution Time: ([\d.]+) ms", plan)
    print(
        "\nEXPLAIN ANALYZE, comment analysis list (50 of "
        f"{round_.comments.count()}, newest first): "
        f"{'index ' + index.group(1) if index else 'no index on the comments'}"
        f"{', sorts all rows' if sorts else ''}, "
        f"{timing.group(1) if timing else '?'} ms"
    )


def use_database(url: str, client) -> None:
    """Point this process's connection at another database (the 10× copy has the same
    keys), empty every cache a page may have filled from the other one, log in there."""
    import dj_database_url
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.cache import caches
    from django.db import connection

    connection.close()
    parsed = dj_database_url.parse(url)
    for key in ("NAME", "USER", "PASSWORD", "HOST", "PORT"):
        connection.settings_dict[key] = parsed[key]
    for alias in settings.CACHES:
        caches[alias].clear()
    client.force_login(get_user_model().objects.get(username="valmistelija"))


def compare(client, base_url: str, x10_url: str, requests: int, rounds: int, keep) -> None:
    """Each page at the base data and at 10× the comments and measurements, in this one
    process, the two databases taking turns `rounds` times (whatever drifts on the machine
    meets both alike), every page warmed again after each switch. Verdict: the page's
    ratio to the trivial view, pooled over both databases (it reads no data), at 10× within
    FLAT_TOLERANCE of its ratio at the base data, and the same number of queries."""
    urls = {"base": base_url, "10×": x10_url}
    runs: dict[tuple[str, str], Measured] = {}
    found = {}
    for _ in range(rounds):
        for name, url in urls.items():
            use_database(url, client)
            found[name] = [p for p in pages() if keep is None or p[0] in keep]
            for page in found[name]:
                gc.collect()  # each page starts from the same heap, whatever came before
                m = measure(client, *page, requests=requests)
                total = runs.setdefault((name, m.key), Measured(*page))
                total.cpu += m.cpu
                total.sql += m.sql
                total.wall += m.wall
                total.queries, total.status = m.queries, m.status
    assert [p[2] for p in found["base"]] == [p[2] for p in found["10×"]], "other pages at 10×"
    pooled = Measured("trivial", "", "", None)
    for name in urls:
        pooled.cpu += runs[(name, "trivial")].cpu
        pooled.sql += runs[(name, "trivial")].sql
    trivial = pooled.service_ms
    load = os.getloadavg()
    print(
        f"\nAt 10× comments and measurements, the two databases in turn ({rounds} rounds × "
        f"{requests} requests a page each; load average {load[0]:.2f}); trivial view "
        f"{trivial:.3f} ms (both databases)"
    )
    print(
        f"{'page':<22} {'base ms':>8} {'10× ms':>8} {'ratio':>6} {'10×':>6} {'change':>7} "
        f"{'sql ms':>11} {'queries':>9}  result (within {FLAT_TOLERANCE:.0%})"
    )
    for base in (runs[("base", p[0])] for p in found["base"]):
        if base.key == "trivial":
            continue
        big = runs[("10×", base.key)]
        change = big.service_ms / base.service_ms - 1
        same = base.queries == big.queries
        ok = change <= FLAT_TOLERANCE and same and base.status == big.status == 200
        print(
            f"{base.label:<22} {base.service_ms:>8.2f} {big.service_ms:>8.2f} "
            f"{base.service_ms / trivial:>6.1f} {big.service_ms / trivial:>6.1f} "
            f"{change:>+7.1%} {base.p50(base.sql):>5.2f}→{big.p50(big.sql):<5.2f} "
            f"{base.queries:>4}→{big.queries:<4}  {'MET' if ok else 'MISSED'}"
        )


def profile(client, url: str, requests: int = 3) -> None:
    client.get(url)
    prof = cProfile.Profile()
    prof.enable()
    for _ in range(requests):
        client.get(url)
    prof.disable()
    out = io.StringIO()
    pstats.Stats(prof, stream=out).sort_stats("cumulative").print_stats(30)
    print(out.getvalue())
    out = io.StringIO()
    pstats.Stats(prof, stream=out).sort_stats("tottime").print_stats(15)
    print(out.getvalue())


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=seed_large.bench_database_url())
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--pages", default="", help="only these keys (comma separated)")
    parser.add_argument("--profile", metavar="PAGE", help="cProfile one page instead")
    parser.add_argument("--json", metavar="PATH", help="write each page's figures here")
    parser.add_argument(
        "--compare",
        metavar="URL",
        help="the database at 10× the comments and measurements: each page there within 10 %% "
        "of this one, the two measured in turn in this process",
    )
    parser.add_argument("--rounds", type=int, default=5, help="turns of each database (--compare)")
    args = parser.parse_args(argv)
    setup(args.database_url)
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client()
    client.force_login(get_user_model().objects.get(username="valmistelija"))
    found = pages()
    if args.pages:
        keep = set(args.pages.split(",")) | {"trivial"}
        found = [p for p in found if p[0] in keep]
    if args.profile:
        for key, _label, url, _target in found:
            if key == args.profile:
                profile(client, url)
                return 0
        print(f"no page {args.profile!r}")
        return 1
    load = os.getloadavg()
    print(
        f"One user, in-process service time, {args.requests} requests a page; load average "
        f"{load[0]:.2f}, {load[1]:.2f}, {load[2]:.2f} on {os.cpu_count()} cores"
    )
    header = (
        f"{'page':<22} {'wall p50':>9} {'cpu p50':>8} {'sql p50':>8} {'cpu+sql':>8} "
        f"{'(min)':>6} {'ratio':>6} {'norm ms':>8} {'queries':>7} {'HTML KB':>8}  "
        f"{'target':<8} result"
    )
    print(header)
    print("-" * len(header))
    results = [measure(client, *p, requests=args.requests) for p in found]
    trivial = next((r.service_ms for r in results if r.key == "trivial"), float("nan"))
    for r in results:
        r.trivial_ms = trivial
        print(
            f"{r.label:<22} {r.p50(r.wall):>9.1f} {r.p50(r.cpu):>8.1f} {r.p50(r.sql):>8.1f} "
            f"{r.service_ms:>8.1f} {r.service_min_ms:>6.1f} {r.service_ms / trivial:>6.1f} "
            f"{r.norm_ms:>8.1f} {r.queries:>7} {r.size / 1024:>8.0f}  "
            f"{'<= ' + str(r.target_ms) + ' ms' if r.target_ms else '-':<8} {r.verdict}"
            + ("" if r.status == 200 else f" (HTTP {r.status})")
        )
    if args.json:
        import json

        Path(args.json).write_text(
            json.dumps(
                {
                    r.key: {
                        "ratio": r.service_ms / trivial,
                        "cpu": r.p50(r.cpu),
                        "queries": r.queries,
                    }
                    for r in results
                }
            )
        )
    if args.compare:
        keep = set(args.pages.split(",")) | {"trivial"} if args.pages else None
        compare(client, args.database_url, args.compare, args.requests, args.rounds, keep)
    editors = [r for r in results if r.key.startswith("editor_")]
    if editors:
        largest = max(editors, key=lambda r: r.size)
        verdict = "MET" if largest.size <= EDITOR_HTML_KB * 1024 else "MISSED"
        print(
            f"\nHTML size, the largest editor page of one perspective ({largest.label}): "
            f"{largest.size / 1024:.0f} KB, target <= {EDITOR_HTML_KB} KB: {verdict}"
        )
    else:
        whole = next((r for r in results if r.key == "editor"), None)
        if whole:
            verdict = "MET" if whole.size <= EDITOR_HTML_KB * 1024 else "MISSED"
            print(
                f"\nHTML size, the editor page (all perspectives on one page): "
                f"{whole.size / 1024:.0f} KB, target <= {EDITOR_HTML_KB} KB: {verdict}"
            )
    explain_analysis()
    return 0


if __name__ == "__main__":
    from django_scopes import scopes_disabled

    with scopes_disabled():  # bench code seeds and reads every region
        sys.exit(main())
