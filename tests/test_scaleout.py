"""Scale-out: two gunicorn app servers on one PostgreSQL database and one media storage.

A user logs in on one server and works on the other (sessions live in the database), and a
file uploaded through one is downloaded through the other (files go through Django's
storage API, not a server's memory). Production settings (DEBUG=0), bounded in time, and
the servers are always stopped.
"""

from __future__ import annotations

import http.cookiejar
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

import pytest
from django.db import connection

from phases.models import ProjectResult, ResultDefinition
from phases.roles import Role
from tests.factories import PASSWORD, ProjectFactory, RegionFactory, ensure_catalogue, member

ROOT = Path(__file__).resolve().parents[1]
GUNICORN = Path(sys.executable).parent / "gunicorn"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n" + os.urandom(64).hex().encode()
START_TIMEOUT = 40
REQUEST_TIMEOUT = 20


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def database_url() -> str:
    s = connection.settings_dict
    user = urllib.parse.quote(s.get("USER") or "")
    password = urllib.parse.quote(s.get("PASSWORD") or "")
    auth = f"{user}:{password}@" if password else f"{user}@" if user else ""
    return f"postgres://{auth}{s.get('HOST') or '127.0.0.1'}:{s.get('PORT') or 5432}/{s['NAME']}"


class Server:
    def __init__(self, port: int, proc: subprocess.Popen, log: Path):
        self.port, self.proc, self.log = port, proc, log
        self.base = f"http://127.0.0.1:{port}"

    def url(self, path: str) -> str:
        return self.base + path

    def output(self) -> str:
        return self.log.read_text(errors="replace")[-4000:] if self.log.exists() else ""

    def quit(self) -> None:
        """Gunicorn's quick shutdown (SIGQUIT): the test is over, so not the graceful one
        (SIGTERM), which lets the idle keep-alive threads run out first (seconds)."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGQUIT)

    def stop(self) -> None:
        self.quit()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=10)


@pytest.fixture(scope="module")
def _started_servers(django_db_setup, tmp_path_factory):
    """The two servers, started once for the module's tests (a start is a Django start in
    each of two processes: seconds) and stopped after the last; each test still runs on
    its own data (a transactional test: its rows committed, and deleted after it)."""
    if connection.vendor != "postgresql":
        pytest.fail("scale-out needs PostgreSQL: the suite runs on it (make test, DATABASE_URL)")
    tmp_path = tmp_path_factory.mktemp("scaleout")
    media = tmp_path / "media"
    media.mkdir()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")},
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_HTTPS": "0",
        "STATIC_MANIFEST": "0",
        "DATABASE_URL": database_url(),
        "MEDIA_ROOT": str(media),
        "DJANGO_SETTINGS_MODULE": "servicelofte.settings",
        "DB_CONN_MAX_AGE": "0",
    }
    started: list[Server] = []
    try:
        for name in ("a", "b"):
            port = free_port()
            log = tmp_path / f"gunicorn-{name}.log"
            with open(log, "wb") as out:
                proc = subprocess.Popen(
                    [
                        str(GUNICORN),
                        "servicelofte.wsgi",
                        "-b",
                        f"127.0.0.1:{port}",
                        "-w",
                        "1",
                        # threads, as in production: requests run in parallel on a server
                        "-k",
                        "gthread",
                        "--threads",
                        "8",
                        "--timeout",
                        "60",
                    ],
                    cwd=ROOT,
                    env=env,
                    stdout=out,
                    stderr=subprocess.STDOUT,
                )
            started.append(Server(port, proc, log))
        deadline = time.monotonic() + START_TIMEOUT
        for server in started:
            while True:
                try:
                    with urllib.request.urlopen(server.url("/healthz"), timeout=2) as r:
                        if r.status == 200 and r.read() == b"ok":
                            break
                except (urllib.error.URLError, ConnectionError, TimeoutError):
                    pass
                assert server.proc.poll() is None, f"gunicorn exited:\n{server.output()}"
                assert time.monotonic() < deadline, f"gunicorn did not start:\n{server.output()}"
                time.sleep(0.2)
        yield started[0], started[1], media
    finally:
        for server in started:  # both stop at once
            server.quit()
        for server in started:
            server.stop()


@pytest.fixture
def servers(transactional_db, _started_servers):
    """The module's servers, with the shared cache emptied for this test: its rate-limit
    counters are the client address's, 127.0.0.1 for every test (servers started anew had
    a secret key of their own, so counters of their own)."""
    from django.core.cache import cache

    cache.clear()
    a, b, _media = _started_servers
    for server in (a, b):
        assert server.proc.poll() is None, f"gunicorn exited:\n{server.output()}"
    return _started_servers


class Browser:
    """A cookie jar and a CSRF token: what a browser brings to any of the servers."""

    def __init__(self):
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), NoRedirect()
        )

    def get(self, url: str):
        return self._open(urllib.request.Request(url))

    def post(self, url: str, data: bytes, content_type: str, referer: str):
        request = urllib.request.Request(url, data=data, method="POST")
        request.add_header("Content-Type", content_type)
        request.add_header("Referer", referer)
        return self._open(request)

    def _open(self, request):
        try:
            with self.opener.open(request, timeout=REQUEST_TIMEOUT) as response:
                return response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as exc:
            return exc.code, dict(exc.headers), exc.read()

    @staticmethod
    def csrf(body: bytes) -> str:
        match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)
        assert match, "no CSRF token in the form"
        return match.group(1).decode()

    def post_form(self, url: str, fields: dict, files: dict | None = None):
        status, _, body = self.get(url)
        assert status == 200, (url, status)
        fields = {"csrfmiddlewaretoken": self.csrf(body), **fields}
        if not files:
            data = urllib.parse.urlencode(fields).encode()
            return self.post(url, data, "application/x-www-form-urlencoded", url)
        boundary = uuid.uuid4().hex
        parts = []
        for key, value in fields.items():
            parts.append(
                f"--{boundary}\r\nContent-Disposition: form-data; "
                f'name="{key}"\r\n\r\n{value}\r\n'.encode()
            )
        for key, (filename, content, ctype) in files.items():
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"; '
                f'filename="{filename}"\r\nContent-Type: {ctype}\r\n\r\n'.encode()
                + content
                + b"\r\n"
            )
        parts.append(f"--{boundary}--\r\n".encode())
        return self.post(url, b"".join(parts), f"multipart/form-data; boundary={boundary}", url)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def test_two_app_servers_share_sessions_and_files(servers):
    a, b, media = servers
    ensure_catalogue()
    region = RegionFactory(slug="skaala", name="Skaala-alue")
    project = ProjectFactory(region=region, title="Jaettu lupaus")
    preparer = member(region, Role.PREPARER, username="skaala_preparer")
    definition = ResultDefinition.objects.filter(phase__number=1, provided_by="").first()
    dashboard = f"/fi/r/{region.slug}/projects/{project.pk}/"
    result = f"{dashboard}results/{definition.pk}/"

    browser = Browser()
    # Log in on server A ...
    status, headers, _ = browser.post_form(
        a.url("/fi/accounts/login/"), {"username": preparer.username, "password": PASSWORD}
    )
    assert status == 302, a.output()
    assert "sessionid" in {c.name for c in browser.jar}
    # ... and work on server B with the same session.
    status, _, body = browser.get(b.url(dashboard))
    assert status == 200, b.output()
    assert b"Jaettu lupaus" in body
    assert b"skaala_preparer" in body or (preparer.get_full_name().encode() in body)

    # A file uploaded through B is downloaded through A.
    status, headers, _ = browser.post_form(
        b.url(result),
        {"text": "Suunnitelma liitteenä."},
        files={"attachment": ("suunnitelma.pdf", PDF, "application/pdf")},
    )
    assert status == 302, b.output()
    record = ProjectResult.objects.get(project=project, definition=definition)
    assert (media / record.attachment.name).read_bytes() == PDF
    status, headers, body = browser.get(a.url(result + "file/"))
    assert status == 200, a.output()
    assert body == PDF
    assert "suunnitelma" in headers.get("Content-Disposition", "")

    # Logging out on A ends the session on B too.
    _, _, page = browser.get(a.url(dashboard))
    token = Browser.csrf(page)
    status, _, _ = browser.post(
        a.url("/fi/accounts/logout/"),
        urllib.parse.urlencode({"csrfmiddlewaretoken": token}).encode(),
        "application/x-www-form-urlencoded",
        a.url(dashboard),
    )
    assert status == 302
    status, headers, _ = browser.get(b.url(dashboard))
    assert status == 302 and "/accounts/login/" in headers["Location"]


def test_rate_limit_and_public_page_cache_are_shared_by_the_servers(servers, tmp_path):
    """Five comments per address per ten minutes, whichever server takes them; an approval
    made anywhere shows at once on every server (the cache is the database cache, shared)."""
    from django.conf import settings

    from participation.models import Comment
    from participation.ratelimit import LIMIT
    from tests.participation.factories import make_round
    from tests.promises.test_decision_support import approve, decision_ready_project

    a, b, _media = servers
    assert settings.CACHES["default"]["BACKEND"].endswith("DatabaseCache")
    ensure_catalogue()
    region = RegionFactory(slug="jaettu", name="Jaettu alue")
    project = ProjectFactory(region=region, title="Välimuistilupaus")
    round = make_round(ProjectFactory(region=region, title="Kierros"))
    path = f"/fi/round/{round.pk}/"
    browser = Browser()
    for attempt in range(LIMIT):
        server = (a, b)[attempt % 2]
        status, _, _ = browser.post_form(
            server.url(path), {"target": "whole", "text": f"Kommentti {attempt}", "website": ""}
        )
        assert status == 302, server.output()
    status, _, body = browser.post_form(
        b.url(path), {"target": "whole", "text": "Yksi liikaa", "website": ""}
    )
    assert status == 429, (status, b.output())
    assert Comment.objects.filter(round=round).count() == LIMIT

    # No promise in force yet: both servers cache "nothing" for the region's page ...
    public = f"/fi/p/{region.slug}/"
    for server in (a, b):
        assert Browser().get(server.url(public))[0] == 404
    # ... the approval (here, in a third process on the same database) drops that entry for
    # all of them: the page is there at once, not after PUBLIC_CACHE_SECONDS.
    users = {role.value: member(region, role, username=f"jaettu_{role.value}") for role in Role}
    settings.MEDIA_ROOT = tmp_path / "approval-media"
    approve(decision_ready_project(project, users), users, languages=["fi"])
    for server in (a, b):
        status, _, body = Browser().get(server.url(public))
        assert status == 200, server.output()


def test_fifty_parallel_comments_through_two_servers_store_exactly_the_limit(servers):
    """The limit's counter is incremented first and the incremented value compared, in the
    shared (database) cache whose incr locks its row: 50 comments sent at once, half through
    each server, store exactly LIMIT; every other one is told to wait (429)."""
    from django.conf import settings

    from participation.models import Comment
    from participation.ratelimit import LIMIT
    from tests.participation.factories import make_round

    a, b, _media = servers
    assert settings.CACHES["default"]["BACKEND"] == "servicelofte.cache.DatabaseCache"
    ensure_catalogue()
    region = RegionFactory(slug="rinnakkain", name="Rinnakkainen alue")
    round = make_round(ProjectFactory(region=region, title="Rinnakkain"))
    path = f"/fi/round/{round.pk}/"
    browser = Browser()
    status, _, body = browser.get(a.url(path))
    assert status == 200, a.output()
    token = Browser.csrf(body)
    cookie = "; ".join(f"{c.name}={c.value}" for c in browser.jar)
    barrier = threading.Barrier(50)
    statuses: list[int] = []

    def post(i: int) -> None:
        server = (a, b)[i % 2]
        data = urllib.parse.urlencode(
            {"csrfmiddlewaretoken": token, "target": "whole", "text": f"Rinnakkain {i}"}
            | {"website": ""}
        ).encode()
        request = urllib.request.Request(server.url(path), data=data, method="POST")
        request.add_header("Content-Type", "application/x-www-form-urlencoded")
        request.add_header("Referer", server.url(path))
        request.add_header("Cookie", cookie)
        opener = urllib.request.build_opener(NoRedirect())
        barrier.wait(timeout=30)
        try:
            with opener.open(request, timeout=60) as response:
                statuses.append(response.status)
        except urllib.error.HTTPError as exc:
            statuses.append(exc.code)

    threads = [threading.Thread(target=post, args=(i,)) for i in range(50)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert sorted(set(statuses)) == [302, 429], (statuses, a.output(), b.output())
    assert statuses.count(302) == LIMIT, statuses
    assert Comment.objects.filter(round=round).count() == LIMIT
