"""Limits that hold (issue 24, item 7).

- The counters are incremented first and the incremented value compared: of many parallel
  posts exactly the limit gets through (here in threads on PostgreSQL; across two gunicorn
  servers in tests/test_scaleout.py).
- The client's address is read from X-Forwarded-For only behind a trusted proxy
  (TRUSTED_PROXIES): behind it, one client's failed logins or comments do not lock out
  everyone else; without it, a forged header changes nothing.
- Password reset sends at most so many mails to an account and takes so many requests from
  an address an hour; past either, the same neutral page and no mail.
"""

from __future__ import annotations

import logging
import subprocess
import sys
import threading
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, connections
from django.test import RequestFactory

from phases.guards import limits
from phases.guards.network import (
    ClientAddressLogFilter,
    ClientAddressMiddleware,
    axes_client_ip,
    client_address,
    parse_networks,
)
from tests.factories import PASSWORD, UserFactory

ROOT = Path(__file__).resolve().parents[2]
PROXY = "10.9.0.2"
BEHIND_PROXY = {"TRUSTED_PROXIES": ["10.9.0.0/24", "2001:db8::/32"]}


def request_from(peer, forwarded=None):
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return RequestFactory().get("/", REMOTE_ADDR=peer, **extra)


# -- the client's address ----------------------------------------------------------------


def test_without_trusted_proxies_the_header_is_ignored(settings):
    settings.TRUSTED_PROXIES = []
    assert client_address(request_from("203.0.113.5", "198.51.100.1")) == "203.0.113.5"
    assert client_address(request_from(PROXY, "198.51.100.1")) == PROXY


@pytest.mark.parametrize(
    "peer, forwarded, client",
    [
        (PROXY, "198.51.100.1", "198.51.100.1"),
        # what the client wrote itself (on the left) is not believed
        (PROXY, "1.2.3.4, 198.51.100.1", "198.51.100.1"),
        (PROXY, "1.2.3.4,198.51.100.1, 10.9.0.7", "198.51.100.1"),  # two proxies of ours
        (PROXY, "garbage, 198.51.100.1", "198.51.100.1"),
        (PROXY, "198.51.100.1, garbage", PROXY),  # not written by our proxy: stop there
        (PROXY, "", PROXY),
        (PROXY, "10.9.0.5", "10.9.0.5"),  # only proxies: the leftmost
        ("2001:db8::7", "2001:db8:ffff::1, 2001:0db9::1", "2001:db9::1"),
        ("203.0.113.5", "198.51.100.1", "203.0.113.5"),  # the peer is no proxy of ours
        ("", "198.51.100.1", "unknown"),
    ],
)
def test_behind_a_trusted_proxy_the_rightmost_untrusted_address_is_the_client(
    settings, peer, forwarded, client
):
    settings.TRUSTED_PROXIES = BEHIND_PROXY["TRUSTED_PROXIES"]
    assert client_address(request_from(peer, forwarded)) == client


def test_axes_gets_an_ip_address_or_none(settings):
    settings.TRUSTED_PROXIES = BEHIND_PROXY["TRUSTED_PROXIES"]
    assert axes_client_ip(request_from(PROXY, "198.51.100.1")) == "198.51.100.1"
    assert axes_client_ip(request_from("")) is None
    assert settings.AXES_CLIENT_IP_CALLABLE == "phases.guards.network.axes_client_ip"


@pytest.mark.parametrize("value", ["bogus", "10.0.0.1/24", "10.0.0.0/33", "*"])
def test_a_bad_trusted_proxy_is_a_configuration_error(value):
    with pytest.raises(ImproperlyConfigured, match="TRUSTED_PROXIES"):
        parse_networks(value)


def test_the_app_does_not_start_with_a_bad_trusted_proxy():
    env = {"PATH": "/usr/bin:/bin", "TRUSTED_PROXIES": "10.0.0.0/8, proxy.example"}
    result = subprocess.run(
        [sys.executable, "-c", "import servicelofte.settings"],
        cwd=ROOT,
        env={**env, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0 and "proxy.example" in result.stderr
    assert parse_networks(" 10.0.0.0/8 ,,::1") == parse_networks("10.0.0.0/8,::1")


def test_the_logs_and_the_access_log_name_the_client(settings):
    settings.TRUSTED_PROXIES = BEHIND_PROXY["TRUSTED_PROXIES"]
    record = logging.LogRecord("django.request", logging.WARNING, "", 0, "Not Found", (), None)
    record.request = request_from(PROXY, "6.6.6.6, 198.51.100.1")
    assert ClientAddressLogFilter().filter(record) and record.client == "198.51.100.1"
    plain = logging.LogRecord("x", logging.WARNING, "", 0, "no request", (), None)
    assert ClientAddressLogFilter().filter(plain) and plain.client == "-"
    environ = {}
    ClientAddressMiddleware(lambda e, s: environ.update(e))(
        {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "198.51.100.1"}, None
    )
    assert environ["servicelofte.client"] == "198.51.100.1"
    formatter = logging.Formatter(settings.LOGGING["formatters"]["client"]["format"])
    assert "[198.51.100.1]" in formatter.format(record)


def test_the_container_trusts_only_the_configured_proxies():
    script = (ROOT / "docker" / "entrypoint.sh").read_text()
    assert '"*"' not in script and ":-*" not in script
    assert 'forwarded="${TRUSTED_PROXIES:-127.0.0.1,::1}"' in script
    assert '--forwarded-allow-ips "$forwarded"' in script
    assert "%({servicelofte.client}e)s" in script  # the access log names the client
    compose = (ROOT / "docker-compose.yml").read_text()
    assert "TRUSTED_PROXIES: ${TRUSTED_PROXIES:-}" in compose
    readme = (ROOT / "README.md").read_text()
    assert "## Running behind a proxy" in readme and "| `TRUSTED_PROXIES` |" in readme


# -- the lock-out and the comment limit behind the proxy ---------------------------------


def login(client, username, password, forwarded):
    return client.post(
        "/fi/accounts/login/",
        {"username": username, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded,
    )


def test_behind_the_proxy_one_clients_failures_do_not_lock_out_the_others(client, db, settings):
    settings.TRUSTED_PROXIES = BEHIND_PROXY["TRUSTED_PROXIES"]
    UserFactory(username="henkilo")
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        response = login(client, f"arvaus{attempt}", "Kesä2026!", "203.0.113.66")
    assert response.status_code in {403, 429}
    # the attacker is locked out whatever it writes on the left of the header ...
    response = login(client, "henkilo", PASSWORD, "192.0.2.1, 203.0.113.66")
    assert response.status_code in {403, 429}
    # ... and a colleague behind the same proxy signs in
    response = login(client.__class__(), "henkilo", PASSWORD, "198.51.100.20")
    assert response.status_code == 302


def test_without_trusted_proxies_a_forged_header_does_not_escape_the_lock_out(client, db, settings):
    settings.TRUSTED_PROXIES = []
    UserFactory(username="henkilo")
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        response = login(client, f"arvaus{attempt}", "x", f"203.0.113.{attempt}")
    assert response.status_code in {403, 429}
    assert login(client, "henkilo", PASSWORD, "198.51.100.20").status_code in {403, 429}


def post_comment(client, round, text, forwarded=None, peer=PROXY):
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}
    data = {"target": "whole", "text": text, "website": ""}
    return client.post(f"/fi/round/{round.pk}/", data, REMOTE_ADDR=peer, **extra)


def test_comment_limit_is_per_client_behind_the_proxy_and_not_escaped_by_a_header(
    client, project, settings
):
    from participation.models import Comment
    from participation.ratelimit import LIMIT
    from tests.participation.factories import make_round

    round = make_round(project)
    settings.TRUSTED_PROXIES = BEHIND_PROXY["TRUSTED_PROXIES"]
    for i in range(LIMIT):
        assert post_comment(client, round, f"Kommentti {i}", "203.0.113.9").status_code == 302
    assert post_comment(client, round, "Liikaa", "1.1.1.1, 203.0.113.9").status_code == 429
    assert post_comment(client, round, "Toinen asukas", "198.51.100.3").status_code == 302
    # from a peer that is no proxy of ours, the header is the client's own: ignored
    settings.TRUSTED_PROXIES = []
    for i in range(LIMIT):
        post_comment(client, round, f"Suora {i}", f"192.0.2.{i}", peer="203.0.113.200")
    assert post_comment(client, round, "Suora", "192.0.2.99", peer="203.0.113.200").status_code == (
        429
    )
    assert Comment.objects.filter(round=round).count() == 2 * LIMIT + 1


def test_an_invalid_comment_does_not_use_up_the_limit(client, project):
    from participation.ratelimit import LIMIT
    from tests.participation.factories import make_round

    round = make_round(project)
    for _ in range(LIMIT + 2):
        assert post_comment(client, round, "", peer="203.0.113.7").status_code == 400
    assert post_comment(client, round, "Nyt kunnolla", peer="203.0.113.7").status_code == 302


# -- the counters under parallel requests ------------------------------------------------


def parallel(count, action):
    barrier = threading.Barrier(count)
    results = []

    def run():
        try:
            barrier.wait(timeout=30)
            results.append(action())
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def test_parallel_takes_let_exactly_the_limit_through(transactional_db):
    if connection.vendor != "postgresql":
        pytest.skip("the row lock is PostgreSQL's (set DATABASE_URL)")
    assert settings.CACHES["default"]["BACKEND"] == "servicelofte.cache.DatabaseCache"
    # the cache table outlives a transactional test's flush: a subject of this run only
    subject = f"198.51.100.4-{uuid.uuid4()}"
    results = parallel(30, lambda: limits.take("test", subject, 5, 600))
    assert len(results) == 30 and results.count(True) == 5
    assert limits.count("test", subject) == 30


def test_the_database_cache_incr_refuses_a_missing_or_expired_key(db):
    from django.core.cache import cache

    with pytest.raises(ValueError):
        cache.incr("limit:none")
    cache.set("limit:old", 3, timeout=-1)
    with pytest.raises(ValueError):
        cache.incr("limit:old")
    cache.set("limit:n", 3)
    assert cache.incr("limit:n") == 4 and cache.decr("limit:n", 2) == 2
    assert cache.get("limit:n") == 2


# -- password reset -------------------------------------------------------------------------

RESET = "/fi/accounts/password_reset/"


def reset(client, email, peer="203.0.113.30"):
    response = client.post(RESET, {"email": email}, REMOTE_ADDR=peer)
    assert response.status_code == 302 and response["Location"].endswith("/password_reset/done/")
    return response


def test_password_reset_sends_at_most_three_mails_an_hour_to_an_account(client, db):
    UserFactory(username="unohtaja", email="unohtaja@example.invalid")
    for i in range(settings.PASSWORD_RESET_ACCOUNT_LIMIT + 3):
        reset(client, "unohtaja@example.invalid", peer=f"203.0.113.{40 + i}")
    assert settings.PASSWORD_RESET_ACCOUNT_LIMIT == 3
    assert [m.to for m in mail.outbox] == [["unohtaja@example.invalid"]] * 3
    page = client.get("/fi/accounts/password_reset/done/").content.decode()
    assert "fi" in page  # the same neutral page, whatever happened


def test_password_reset_takes_at_most_ten_requests_an_hour_from_an_address(client, db):
    count = settings.PASSWORD_RESET_ADDRESS_LIMIT
    assert count == 10
    for i in range(count + 2):
        UserFactory(username=f"tili{i}", email=f"tili{i}@example.invalid")
    for i in range(count + 2):
        reset(client, f"tili{i}@example.invalid")
    assert len(mail.outbox) == count
    reset(client, f"tili{count + 1}@example.invalid", peer="198.51.100.77")
    assert len(mail.outbox) == count + 1
