"""One SITE_URL for the server and the management commands: `make run` serves at the
settings' address (it sets none of its own), and a command's mail links to it."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import TestCase

from phases import services
from phases.models import ProjectTask

ROOT = Path(__file__).resolve().parents[1]


def make_run(tmp_path, **env) -> str:
    """What `make run` hands the server: its recipe run with a stand-in Python that shows
    the server's arguments and the SITE_URL it was given (set-up skipped, `-o setup`)."""
    fake = tmp_path / "python"
    fake.write_text(
        "#!/bin/sh\n"
        f'[ "$1" = scripts/site_address.py ] && exec {sys.executable} "$@"\n'
        'echo "SITE_URL=${SITE_URL-none} $*"\n'
    )
    fake.chmod(0o755)
    environ = {k: v for k, v in os.environ.items() if k not in ("SITE_URL", "HOST", "MAKEFLAGS")}
    out = subprocess.run(
        ["make", "-s", "-o", "setup", "run", f"PY={fake}"],
        cwd=ROOT,
        env={**environ, **env},
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    # The worker (manage.py db_worker) starts beside the server; the server's line is read.
    return next(line for line in out.splitlines() if "runserver" in line)


def test_make_run_serves_at_the_settings_site_url_and_sets_none_of_its_own(tmp_path):
    assert make_run(tmp_path) == "SITE_URL=none manage.py runserver 127.0.0.1:8000"
    assert make_run(tmp_path, SITE_URL="http://lupaus.example:8123/") == (
        "SITE_URL=http://lupaus.example:8123/ manage.py runserver lupaus.example:8123"
    )
    assert make_run(tmp_path, SITE_URL="https://lupaus.example", HOST="0.0.0.0") == (
        "SITE_URL=https://lupaus.example manage.py runserver 0.0.0.0:443"
    )


@pytest.mark.django_db
def test_a_management_commands_mail_links_to_the_configured_site_url(settings, project, users):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.SITE_URL = "https://lupaus.example.fi"
    member = users["working_group"]
    task = ProjectTask.objects.filter(project=project).first()
    services.task_update(task=task, by=users["preparer"], status="todo", assignee=member)
    with TestCase.captureOnCommitCallbacks(execute=True):  # the mail leaves on commit
        call_command("send_digests", stdout=open(os.devnull, "w"))  # noqa: SIM115
    (message,) = [m for m in mail.outbox if m.to == [member.email]]
    links = re.findall(r"https?://\S+", message.body)
    assert links and all(link.startswith("https://lupaus.example.fi/") for link in links), links
