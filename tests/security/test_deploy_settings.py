"""Production settings: `check --deploy` clean, a strict Content-Security-Policy, secure
cookies and HSTS. Each check runs the settings in a fresh process with DEBUG=0, as
production does, since settings are read from the environment at import."""

from __future__ import annotations

import json
import os
import secrets
import string
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def production_env(**extra) -> dict[str, str]:
    alphabet = string.ascii_letters + string.digits + "!@#%^&*(-_=+)"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SECURE_", "DEBUG"))}
    env.update(
        DEBUG="0",
        SECRET_KEY="".join(secrets.choice(alphabet) for _ in range(50)),
        ALLOWED_HOSTS="example.org",
        DJANGO_SETTINGS_MODULE="servicelofte.settings",
        PYTHONPATH=str(ROOT),
    )
    env.update(extra)
    return env


def run_python(code: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_has_no_warnings():
    env = production_env(DATABASE_URL=os.environ.get("DATABASE_URL", "sqlite:////tmp/x.db"))
    proc = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    output = proc.stdout + proc.stderr
    assert proc.returncode == 0, output
    assert "System check identified no issues" in output, output
    assert "WARNINGS" not in output, output


def test_production_settings_without_a_secret_key_refuse_to_start():
    env = production_env()
    env.pop("SECRET_KEY")
    proc = run_python("import django; django.setup()", env)
    assert proc.returncode != 0
    assert "SECRET_KEY must be set" in proc.stderr


def production_settings(**extra) -> dict:
    """The settings module's values in a fresh process with this environment (the module
    alone: the values are read at its import, no app needs loading)."""
    code = (
        "import json; import servicelofte.settings as s; "
        "d = s.CONTENT_SECURITY_POLICY['DIRECTIVES']; "
        "print(json.dumps({"
        "'csp': {k: [str(x) for x in v] for k, v in d.items()}, "
        "'session_secure': s.SESSION_COOKIE_SECURE, 'csrf_secure': s.CSRF_COOKIE_SECURE, "
        "'session_httponly': s.SESSION_COOKIE_HTTPONLY, "
        "'hsts': s.SECURE_HSTS_SECONDS, 'hsts_sub': s.SECURE_HSTS_INCLUDE_SUBDOMAINS, "
        "'ssl_redirect': s.SECURE_SSL_REDIRECT, 'proxy': list(s.SECURE_PROXY_SSL_HEADER or []), "
        "'debug': s.DEBUG, 'hashers': s.PASSWORD_HASHERS, 'x_frame': s.X_FRAME_OPTIONS, "
        "'nosniff': s.SECURE_CONTENT_TYPE_NOSNIFF}))"
    )
    proc = run_python(code, production_env(**extra))
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout.strip().splitlines()[-1])


def test_production_cookies_are_secure_and_hsts_is_on():
    s = production_settings()
    assert s["debug"] is False
    assert s["session_secure"] and s["csrf_secure"] and s["session_httponly"]
    assert s["hsts"] >= 31_536_000 and s["hsts_sub"]
    assert s["ssl_redirect"]
    assert s["proxy"] == []  # X-Forwarded-Proto is not trusted unless told to
    assert s["hashers"][0].endswith("Argon2PasswordHasher")
    assert s["x_frame"] == "DENY" and s["nosniff"]


def test_proxy_ssl_header_is_trusted_only_when_set():
    assert production_settings()["proxy"] == []
    assert production_settings(SECURE_PROXY_SSL_HEADER="0")["proxy"] == []
    s = production_settings(SECURE_PROXY_SSL_HEADER="1")
    assert s["proxy"] == ["HTTP_X_FORWARDED_PROTO", "https"]


@pytest.mark.django_db
def test_a_forged_forwarded_proto_does_not_make_a_request_secure(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    response = client.get("/fi/accounts/login/", HTTP_X_FORWARDED_PROTO="https")
    assert response.status_code == 301 and response["Location"].startswith("https://")


def test_hsts_is_off_when_not_served_over_https():
    """Behind plain HTTP (a local test server) HSTS would lock browsers out: off."""
    s = production_settings(SECURE_HTTPS="0")
    assert s["hsts"] == 0
    assert not s["session_secure"]


def test_csp_in_production_settings_allows_no_inline_script():
    csp = production_settings()["csp"]
    scripts = csp.get("script-src") or csp["default-src"]
    assert "'unsafe-inline'" not in scripts and "'unsafe-eval'" not in scripts
    assert all(not s.startswith(("http:", "https:", "*")) for s in scripts), scripts
    assert csp["object-src"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]


@pytest.mark.django_db
def test_csp_header_on_a_page_has_no_inline_script(client):
    response = client.get("/fi/accounts/login/")
    assert response.status_code == 200
    header = response["Content-Security-Policy"]
    directives = {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}
    assert "'unsafe-inline'" not in directives["script-src"]
    assert "'self'" in directives["script-src"]
    assert any(token.startswith("'nonce-") for token in directives["script-src"]) or (
        directives["script-src"] == ["'self'"]
    )
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    # No inline <script> in the page: CSP would block it, so none may be written.
    body = response.content.decode()
    assert "<script>" not in body and "<script " not in body.replace("<script src=", "")
