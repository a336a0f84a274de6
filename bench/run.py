"""The benchmark: one command, prints a table.  `make bench` = `.venv/bin/python bench/run.py`

1. seeds the large dataset into PostgreSQL database `servicelofte_bench` (unless seeded);
2. collects static files into a temporary STATIC_ROOT and starts gunicorn with production
   settings (DEBUG=0, a generated SECRET_KEY, manifest static files) on 127.0.0.1;
3. logs a user in and drives each page with a small asyncio HTTP/1.1 keep-alive client
   for a fixed time at 1, 10 and 50 concurrent users, printing requests/s, median and p95
   latency, errors and the target;
4. prints the SQL query count per page at small data (the demo data in a second database,
   `servicelofte_bench_small`) and at large data: they must be equal;
5. runs bench/decision_pdf.py (the decision-package PDF render time) when it exists.

Only 127.0.0.1 is ever contacted, every loop is bounded in time, and gunicorn is always
stopped. Not part of the test suite. Options: --duration, --users, --workers, --pages.
"""

from __future__ import annotations

import argparse
import asyncio
import http.client
import importlib.util
import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(ROOT))

import seed_large  # noqa: E402

HOST = "127.0.0.1"
STAFF_P95_MS = 150  # every staff page's p95 at 10 concurrent users
# Issue 15: one user, p50 service time of each staff page (the editor: per page, as split).
STAFF_P50_MS = {"dashboard": 20, "analysis": 20, "indicators": 25, "editor": 35, "decision": 25}
PUBLIC_RPS = 1000  # public pages (promise, JSON, national view, regions) at 50 users
CONNECT_TIMEOUT = 10
REQUEST_TIMEOUT = 30


@dataclass
class Page:
    key: str
    label: str
    public: bool
    url: str | None = None
    why_missing: str = ""


@dataclass
class Result:
    page: Page
    users: int
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    seconds: float = 0.0
    statuses: dict[int, int] = field(default_factory=dict)

    @property
    def rps(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0

    def pct(self, q: float) -> float:
        if not self.latencies:
            return float("nan")
        data = sorted(self.latencies)
        return data[min(len(data) - 1, int(round(q * (len(data) - 1))))] * 1000

    def target(self) -> tuple[str, str]:
        if self.page.public and self.users == 50:
            return (
                f">= {PUBLIC_RPS} req/s",
                "MET" if self.rps >= PUBLIC_RPS and not self.errors else "MISSED",
            )
        if not self.page.public and self.users == 10:
            return (
                f"p95 <= {STAFF_P95_MS} ms",
                "MET" if self.pct(0.95) <= STAFF_P95_MS and not self.errors else "MISSED",
            )
        p50 = STAFF_P50_MS.get(self.page.key.split("_")[0])
        if not self.page.public and self.users == 1 and p50:
            return (
                f"p50 <= {p50} ms",
                "MET" if self.pct(0.5) <= p50 and not self.errors else "MISSED",
            )
        return "errors = 0", "MET" if not self.errors else "MISSED"


# -- URLs of the pages, resolved against the seeded data ----------------------------------


def resolve_pages(language: str = "fi") -> tuple[list[Page], dict]:
    """The benchmarked pages of the big project; a page whose view does not exist yet is
    kept with the reason, and skipped."""
    from django.urls import NoReverseMatch, reverse
    from django.utils import translation

    project = seed_large.big_project()
    region = project.region
    base = {"region": region.slug, "project": project.pk}
    pages = [
        Page("dashboard", "project dashboard", False),
        Page("editor", "editor: first page", False),
        Page("editor_access", "editor: a perspective", False),
        Page("analysis", "comment analysis", False),
        Page("indicators", "indicator overview", False),
        Page("decision", "decision package", False),
        Page("public", "public promise page", True),
        Page("public_json", "public JSON", True),
        Page("national", "national view", True),
        Page("regions_json", "regions list JSON", True),
    ]
    candidates: dict[str, list[tuple[str, dict]]] = {
        "dashboard": [("phases:project_dashboard", base)],
        "indicators": [("indicators:overview", base)],
        "decision": [("promises_decision:package", base)],
        "public": [("public:promise", {"region": region.slug})],
        "public_json": [("public:json", {"region": region.slug})],
        "national": [("indicators:national", {})],
        "regions_json": [("api:regions", {})],
    }
    try:
        from promises.models import Promise

        promise = Promise.objects.filter(project=project).order_by("order", "pk").first()
        if promise:
            candidates["editor"] = [("promises:editor", {**base, "promise": promise.pk})]
            candidates["editor_access"] = [
                (
                    "promises:editor_perspective",
                    {**base, "promise": promise.pk, "perspective": "access"},
                )
            ]
    except ImportError:
        pass
    try:
        from participation.models import CommentRound

        round_ = CommentRound.objects.filter(project=project).order_by("-pk").first()
        if round_:
            candidates["analysis"] = [("participation:analysis", {**base, "round": round_.pk})]
    except ImportError:
        pass
    with translation.override(language):
        for page in pages:
            for name, kwargs in candidates.get(page.key, []):
                try:
                    page.url = reverse(name, kwargs=kwargs)
                    break
                except NoReverseMatch:
                    page.why_missing = f"URL {name} does not resolve yet"
            if page.url is None and not page.why_missing:
                page.why_missing = "no data or view for it yet"
    return pages, {"project": project.pk, "region": region.slug}


# -- the query count of each page (Django's test client inside this process) -------------


def query_counts(language: str = "fi") -> dict[str, int | str]:
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    from phases.demo import DEMO_REGION

    setup_test_environment()
    pages, _ = resolve_pages(language)
    user = get_user_model().objects.get(username="valmistelija")
    assert user.region_memberships.filter(region__slug=DEMO_REGION).exists()
    staff = Client()
    staff.force_login(user)
    anonymous = Client()
    counts: dict[str, int | str] = {}
    for page in pages:
        if not page.url:
            counts[page.key] = "-"
            continue
        client = anonymous if page.public else staff
        client.get(page.url)  # warm caches that a running server would have warm too
        from django.core.cache import cache

        cache.clear()
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(page.url)
        counts[page.key] = (
            len(ctx) if response.status_code == 200 else f"HTTP {response.status_code}"
        )
    return counts


def counts_in_subprocess(database_url: str, seed_small: bool) -> dict:
    """Query counts against another database (the small one), in a fresh process."""
    env = {**os.environ, "DATABASE_URL": database_url, "DEBUG": "1"}
    args = [sys.executable, str(Path(__file__).resolve()), "--counts-only", database_url]
    if seed_small:
        args.append("--seed-small")
    proc = subprocess.run(args, env=env, capture_output=True, text=True, timeout=900)
    if proc.returncode != 0:
        print(proc.stdout[-2000:], proc.stderr[-4000:], file=sys.stderr)
        return {}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def counts_only(database_url: str, seed_small: bool) -> int:
    seed_large.ensure_database(database_url)
    seed_large.setup_django(database_url)
    if seed_small:
        from django.core.management import call_command

        from phases.models import Region

        call_command("migrate", verbosity=0, interactive=False)
        call_command("createcachetable", verbosity=0)
        if not Region.objects.filter(slug="esimerkki").exists():
            from phases.demo import seed_demo

            seed_demo()
    print(json.dumps(query_counts()))
    return 0


# -- the server --------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


class Gunicorn:
    def __init__(self, database_url: str, workers: int, threads: int, tmp: Path):
        self.port = free_port()
        self.tmp = tmp
        static_root = tmp / "static"
        (tmp / "bench_settings.py").write_text(
            "from servicelofte.settings import *  # noqa: F401,F403\n"
            f"STATIC_ROOT = {str(static_root)!r}\n"
        )
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")},
            "DJANGO_SETTINGS_MODULE": "bench_settings",
            "PYTHONPATH": os.pathsep.join([str(tmp), str(ROOT)]),
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": HOST,
            "SECURE_HTTPS": "0",
            "STATIC_MANIFEST": "1",
            "DATABASE_URL": database_url,
            "DB_CONN_MAX_AGE": "600",
            "LOG_LEVEL": "ERROR",
        }
        self.workers, self.threads = workers, threads
        self.proc: subprocess.Popen | None = None
        self.log = tmp / "gunicorn.log"

    def collectstatic(self) -> None:
        subprocess.run(
            [sys.executable, str(ROOT / "manage.py"), "collectstatic", "--noinput", "-v0"],
            cwd=ROOT,
            env=self.env,
            check=True,
            timeout=300,
        )

    def start(self) -> None:
        gunicorn = Path(sys.executable).parent / "gunicorn"
        args = [
            str(gunicorn), "servicelofte.wsgi", "-b", f"{HOST}:{self.port}",
            "-w", str(self.workers), "--worker-class", "gthread", "--threads", str(self.threads),
            "--timeout", "60", "--keep-alive", "30", "--backlog", "2048",
        ]  # fmt: skip
        with open(self.log, "wb") as out:
            self.proc = subprocess.Popen(
                args, cwd=ROOT, env=self.env, stdout=out, stderr=subprocess.STDOUT
            )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"gunicorn exited:\n{self.log.read_text()[-3000:]}")
            try:
                status, _, body = request("GET", self.port, "/healthz")
                if status == 200 and body == b"ok":
                    return
            except OSError:
                pass
            time.sleep(0.3)
        raise RuntimeError(f"gunicorn did not start:\n{self.log.read_text()[-3000:]}")

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=15)


def request(method, port, path, body=None, headers=None):
    conn = http.client.HTTPConnection(HOST, port, timeout=REQUEST_TIMEOUT)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.getheaders(), response.read()
    finally:
        conn.close()


def login(port: int, username: str, password: str) -> str:
    """Log in through the login form; returns the Cookie header of the session."""
    status, headers, body = request("GET", port, "/fi/accounts/login/")
    assert status == 200, status
    cookies = {}
    for name, value in headers:
        if name.lower() == "set-cookie":
            key, _, rest = value.partition("=")
            cookies[key] = rest.split(";", 1)[0]
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1).decode()
    form = urllib.parse.urlencode(
        {"username": username, "password": password, "csrfmiddlewaretoken": token}
    )
    status, headers, _ = request(
        "POST",
        port,
        "/fi/accounts/login/",
        body=form,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items()),
            "Referer": f"http://{HOST}:{port}/fi/accounts/login/",
        },
    )
    assert status == 302, f"login failed: HTTP {status}"
    for name, value in headers:
        if name.lower() == "set-cookie":
            key, _, rest = value.partition("=")
            cookies[key] = rest.split(";", 1)[0]
    assert "sessionid" in cookies, "no session cookie after login"
    return "; ".join(f"{k}={v}" for k, v in cookies.items())


# -- the load client: asyncio, raw HTTP/1.1 with keep-alive --------------------------------


async def read_response(reader: asyncio.StreamReader) -> tuple[int, bool]:
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {}
    for line in lines[1:]:
        if ":" in line:
            k, v = line.split(":", 1)
            headers[k.strip().lower()] = v.strip()
    if headers.get("transfer-encoding", "").lower() == "chunked":
        while True:
            size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
            await reader.readexactly(size + 2)
            if size == 0:
                break
    elif "content-length" in headers:
        await reader.readexactly(int(headers["content-length"]))
    else:
        await reader.read()
        return status, False
    return status, headers.get("connection", "").lower() != "close"


async def user_loop(port, path, cookie, deadline, result: Result) -> None:
    raw = (
        f"GET {path} HTTP/1.1\r\nHost: {HOST}:{port}\r\nAccept: text/html,application/json\r\n"
        f"Accept-Encoding: identity\r\nConnection: keep-alive\r\n"
        + (f"Cookie: {cookie}\r\n" if cookie else "")
        + "\r\n"
    ).encode()
    reader = writer = None
    while time.monotonic() < deadline:
        try:
            if writer is None:
                reader, writer = await asyncio.wait_for(
                    asyncio.open_connection(HOST, port), CONNECT_TIMEOUT
                )
            started = time.perf_counter()
            writer.write(raw)
            await writer.drain()
            status, keep = await asyncio.wait_for(read_response(reader), REQUEST_TIMEOUT)
            elapsed = time.perf_counter() - started
            result.statuses[status] = result.statuses.get(status, 0) + 1
            if status == 200:
                result.latencies.append(elapsed)
            else:
                result.errors += 1
            if not keep:
                writer.close()
                writer = None
        except (TimeoutError, OSError, asyncio.IncompleteReadError, ValueError):
            result.errors += 1
            if writer is not None:
                writer.close()
            writer = None
            await asyncio.sleep(0.05)
    if writer is not None:
        writer.close()


async def drive(port, page: Page, users: int, seconds: float, cookie: str | None) -> Result:
    result = Result(page, users)
    started = time.monotonic()
    deadline = started + seconds
    await asyncio.gather(
        *(user_loop(port, page.url, cookie, deadline, result) for _ in range(users))
    )
    result.seconds = time.monotonic() - started
    return result


# -- output -----------------------------------------------------------------------------


def print_table(results: list[Result]) -> None:
    header = (
        f"{'page':<22} {'users':>5} {'req/s':>8} {'median ms':>10} {'p95 ms':>8} "
        f"{'errors':>6}  {'target':<17} result"
    )
    print(header)
    print("-" * len(header))
    for r in results:
        target, verdict = r.target()
        print(
            f"{r.page.label:<22} {r.users:>5} {r.rps:>8.1f} {r.pct(0.5):>10.1f} "
            f"{r.pct(0.95):>8.1f} {r.errors:>6}  {target:<17} {verdict}"
        )


def decision_pdf() -> None:
    path = BENCH / "decision_pdf.py"
    if not path.exists():
        print("\ndecision PDF: bench/decision_pdf.py does not exist yet; skipped")
        return
    spec = importlib.util.spec_from_file_location("bench_decision_pdf", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    for name in ("run", "measure", "main", "bench"):
        func = getattr(module, name, None)
        if callable(func):
            print(f"\ndecision PDF (bench/decision_pdf.py {name}()):")
            try:
                outcome = func()
            except SystemExit:
                outcome = None
            except Exception as exc:  # noqa: BLE001 - report, do not abort the bench
                print(f"  failed: {exc!r}")
                return
            if outcome not in (None, 0, 1):  # 0/1: met or missed, as printed above
                print(f"  {outcome}")
            return
    print("\ndecision PDF: bench/decision_pdf.py has no run()/measure()/main(); skipped")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Servicelöfte benchmark")
    parser.add_argument("--duration", type=float, default=5.0, help="seconds per page and level")
    parser.add_argument("--users", default="1,10,50", help="concurrency levels")
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--pages", default="", help="only these page keys (comma separated)")
    parser.add_argument("--database-url", default=seed_large.bench_database_url())
    parser.add_argument("--no-seed", action="store_true")
    parser.add_argument("--counts-only", metavar="DATABASE_URL", help=argparse.SUPPRESS)
    parser.add_argument("--seed-small", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.counts_only:
        return counts_only(args.counts_only, args.seed_small)

    started = time.monotonic()
    url = args.database_url
    print(
        f"Servicelöfte benchmark on {os.cpu_count()} cores, "
        f"database {urllib.parse.urlsplit(url).path[1:]}"
    )
    seed_large.ensure_database(url)
    seed_large.setup_django(url)
    if not args.no_seed:
        seed_large.seed()
    pages, _ = resolve_pages()
    if args.pages:
        wanted = set(args.pages.split(","))
        pages = [p for p in pages if p.key in wanted]
    levels = [int(x) for x in args.users.split(",") if x]

    tmp = Path(tempfile.mkdtemp(prefix="sl-bench-"))
    server = Gunicorn(url, args.workers, args.threads, tmp)
    results: list[Result] = []
    try:
        server.collectstatic()
        server.start()
        from phases.demo import DEMO_PASSWORD

        cookie = login(server.port, "valmistelija", DEMO_PASSWORD)
        print(
            f"gunicorn: {args.workers} workers × {args.threads} threads (gthread) on "
            f"{HOST}:{server.port}; {args.duration:.0f} s per page and level\n"
        )
        for page in pages:
            if not page.url:
                print(f"skipped {page.label}: {page.why_missing}")
                continue
            c = None if page.public else cookie
            warm = asyncio.run(drive(server.port, page, 1, 0.5, c))
            if not warm.latencies:
                print(f"skipped {page.label}: {page.url} answers {warm.statuses}")
                page.why_missing = f"HTTP {warm.statuses}"
                continue
            # Every worker process keeps its own copy of a page (the public pages' bodies and
            # kept responses, the staff pages' kept parts): one user warms one worker only, so
            # warm them all, as a server running for a while has them.
            asyncio.run(drive(server.port, page, args.workers * args.threads, 1.0, c))
            for users in levels:
                results.append(asyncio.run(drive(server.port, page, users, args.duration, c)))
    finally:
        server.stop()
        shutil.rmtree(tmp, ignore_errors=True)
    print()
    print_table(results)

    print("\nSQL queries per page (small data: the demo only; large data: the bench dataset)")
    parts = urllib.parse.urlsplit(url)
    small_url = urllib.parse.urlunsplit(parts._replace(path=f"{parts.path}_small"))
    small = counts_in_subprocess(small_url, seed_small=True)
    large = query_counts()
    print(f"{'page':<22} {'small':>6} {'large':>6}  equal")
    for page in pages:
        s, lg = small.get(page.key, "-"), large.get(page.key, "-")
        same = "yes" if s == lg and isinstance(s, int) else "NO" if isinstance(s, int) else "-"
        print(f"{page.label:<22} {s!s:>6} {lg!s:>6}  {same}")

    decision_pdf()
    missed = [r for r in results if r.target()[1] != "MET"]
    print(
        f"\n{len(results) - len(missed)} of {len(results)} rows met their target; "
        f"{sum(r.errors for r in results)} errors; {time.monotonic() - started:.0f} s in all"
    )
    return 0


if __name__ == "__main__":
    from django_scopes import scopes_disabled

    with scopes_disabled():  # bench code seeds and reads every region
        sys.exit(main())
