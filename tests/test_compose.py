"""docker-compose.yml, the Dockerfile and the entry point fit together: PostgreSQL with a
health check, the app under gunicorn (migrations on start, static files collected at
build) with a /healthz check, and the daily reminder job. (`docker compose config` needs a
Docker engine, which CI lacks; this parses the file with a YAML parser instead.)"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from django.core.management import get_commands

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_services_and_volumes(compose):
    assert set(compose["services"]) == {"db", "app", "worker", "reminders"}
    assert {"pgdata", "media"} <= set(compose["volumes"])
    db = compose["services"]["db"]
    assert db["image"].startswith("postgres:16")
    assert any("pgdata:/var/lib/postgresql/data" == v for v in db["volumes"])
    assert "pg_isready" in " ".join(db["healthcheck"]["test"])


def test_app_is_built_checked_and_waits_for_the_database(compose):
    app = compose["services"]["app"]
    assert app["build"]["context"] == "."
    assert app["command"] == ["web"]
    assert app["depends_on"]["db"]["condition"] == "service_healthy"
    assert "media:/data/media" in app["volumes"]
    check = " ".join(app["healthcheck"]["test"])
    assert "healthcheck.py" in check
    assert "/healthz" in (ROOT / "docker" / "healthcheck.py").read_text()
    env = app["environment"]
    for name in ("SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "MEDIA_ROOT", "SECURE_HTTPS"):
        assert name in env, name
    assert env["DEBUG"] == "0"
    assert "@db:5432/" in env["DATABASE_URL"]


def test_reminder_job_runs_the_daily_commands(compose):
    job = compose["services"]["reminders"]
    assert job["image"] == compose["services"]["app"]["image"]
    assert job["command"] == ["reminders"]
    assert "healthcheck" in job
    script = (ROOT / "docker" / "reminders.sh").read_text()
    assert "while true" in script and "sleep" in script
    for command in (
        "send_statement_reminders",
        "erase_commenter_emails",
        "send_digests",
        "fetch_sotkanet",
    ):
        assert f"manage.py {command}" in script
        assert command in get_commands(), f"manage.py {command} does not exist"


def test_worker_runs_the_queued_tasks(compose):
    """The app queues decision PDFs and text analysis in the database; the worker service
    runs them with the same image, environment and media volume."""
    from django.conf import settings

    worker = compose["services"]["worker"]
    assert worker["image"] == compose["services"]["app"]["image"]
    assert worker["command"] == ["worker"]
    # two, so a decision's Finnish and Swedish PDFs are rendered side by side
    assert worker["deploy"]["replicas"] >= 2
    assert "media:/data/media" in worker["volumes"]
    assert (
        worker["environment"]["DATABASE_URL"]
        == compose["services"]["app"]["environment"]["DATABASE_URL"]
    )
    script = (ROOT / "docker" / "entrypoint.sh").read_text()
    case = script[script.index("worker)") :]
    assert "manage.py db_worker" in case[: case.index(";;")]
    assert "db_worker" in get_commands()
    assert "django_tasks_db" in settings.INSTALLED_APPS


def test_entrypoint_migrates_then_serves_with_gunicorn():
    script = (ROOT / "docker" / "entrypoint.sh").read_text()
    web = script[script.index("web)") : script.index(";;")]
    assert web.index("manage.py migrate") < web.index("exec gunicorn servicelofte.wsgi")
    assert "reminders)" in script and "docker/reminders.sh" in script


def test_dockerfile_installs_what_the_app_needs():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert re.search(r"^FROM python:3\.11-slim-bookworm$", dockerfile, re.M)
    for package in (
        "libpango-1.0-0",
        "libpangoft2-1.0-0",
        "libharfbuzz-subset0",
        "fonts-dejavu-core",
        "gettext",
    ):
        assert package in dockerfile, package
    assert "pip install ." in dockerfile
    assert "compilemessages" in dockerfile and "collectstatic" in dockerfile
    assert re.search(r'^ENTRYPOINT \["docker/entrypoint.sh"\]$', dockerfile, re.M)
    assert re.search(r"^USER app$", dockerfile, re.M)
    ignored = (ROOT / ".dockerignore").read_text().split()
    assert {".git", ".venv", "media", "*.sqlite3"} <= set(ignored)
