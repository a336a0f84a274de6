"""Start the test OpenID Connect provider as a subprocess, for the sign-in tests.

    with running_provider(redirect_uris=[...]) as op:
        op.url, op.discovery, op.settings(...)  # the app's OIDC_PROVIDERS entry for it

`python -m tests.oidc_provider.server serve <address>` (run by running_provider in the
provider's own environment) makes its SQLite database, its RSA signing key and the users of
users.json, then serves: one process, one start of Django.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import requests

from phases.platform.oidc_config import provider_entry

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
FIXTURE = json.loads((HERE / "users.json").read_text())
CLIENT = FIXTURE["client"]
PASSWORD = FIXTURE["password"]
# django-oidc-provider's response types (its migration 0026 adds these rows).
RESPONSE_TYPES = [
    ("code", "code (Authorization Code Flow)"),
    ("id_token", "id_token (Implicit Flow)"),
    ("id_token token", "id_token token (Implicit Flow)"),
    ("code token", "code token (Hybrid Flow)"),
    ("code id_token", "code id_token (Hybrid Flow)"),
    ("code id_token token", "code id_token token (Hybrid Flow)"),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Provider:
    url: str  # e.g. http://127.0.0.1:54321/openid
    process: subprocess.Popen

    @property
    def discovery(self) -> str:
        return self.url + "/.well-known/openid-configuration"

    def settings(self, **overrides) -> dict:
        """The app's OIDC_PROVIDERS entry for this provider (phases/platform/oidc_config.py):
        issuer, client id and secret only, as an operator gives them; the rest comes from
        the provider's discovery document."""
        values = {
            "label": "Testitunnistus",
            "issuer": self.url,
            "client_id": CLIENT["client_id"],
            "client_secret": CLIENT["client_secret"],
            "scopes": "openid email profile groups",
            **overrides,
        }
        return provider_entry(values.pop("name", "default"), **values)


def wait_until_up(url: str, process: subprocess.Popen, timeout: float = 60.0) -> None:
    """Poll `url` until it answers 200 (never a fixed sleep); fail if the server died."""
    deadline = time.monotonic() + timeout
    delay = 0.05
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the test provider exited with {process.returncode}")
        try:
            if requests.get(url, timeout=2).status_code == 200:
                return
        except requests.ConnectionError:
            pass
        time.sleep(delay)  # back off between polls
        delay = min(delay * 2, 0.5)
    raise RuntimeError(f"the test provider did not answer at {url} within {timeout} s")


@contextmanager
def serving(process: subprocess.Popen, discovery: str):
    """A provider's process, answered at `discovery` before the block, ended after it."""
    try:
        wait_until_up(discovery, process)
        yield
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextmanager
def running_provider(
    *, redirect_uris: list[str], post_logout_redirect_uris=(), idtoken_expire: int = 600
):
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="oidc-provider-") as data_dir:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.oidc_provider.settings",
            "OP_DATA_DIR": data_dir,
            "OP_SITE_URL": f"http://127.0.0.1:{port}",
            "OP_IDTOKEN_EXPIRE": str(idtoken_expire),
            "OP_REDIRECT_URIS": "\n".join(redirect_uris),
            "OP_POST_LOGOUT_REDIRECT_URIS": "\n".join(post_logout_redirect_uris),
        }
        env.pop("DATABASE_URL", None)
        log_path = Path(data_dir) / "server.log"
        log = open(log_path, "wb")  # noqa: SIM115
        process = subprocess.Popen(
            [sys.executable, "-m", "tests.oidc_provider.server", "serve", f"127.0.0.1:{port}"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        provider = Provider(url=f"http://127.0.0.1:{port}/openid", process=process)
        try:
            with serving(process, provider.discovery):
                yield provider
        except RuntimeError as error:  # not up: what the provider printed tells why
            raise RuntimeError(f"{error}\n{log_path.read_text(errors='replace')}") from error
        finally:
            log.close()


def setup() -> None:
    """In the provider's process: database, signing key, the client and the users. The
    tables are made from the models (the settings turn the apps' migrations off: running
    the forty of them took seconds on a loaded machine); the response types are the rows
    django-oidc-provider's migration 0026 adds."""
    import django

    django.setup()
    from django.contrib.auth.models import Group, User
    from django.core.management import call_command
    from oidc_provider.models import Client, ResponseType

    call_command("migrate", run_syncdb=True, verbosity=0)
    for value, description in RESPONSE_TYPES:
        ResponseType.objects.create(value=value, description=description)
    call_command("creatersakey")
    client = Client.objects.create(
        name=CLIENT["name"],
        client_type="confidential",
        client_id=CLIENT["client_id"],
        client_secret=CLIENT["client_secret"],
        jwt_alg="RS256",
        require_consent=False,
        reuse_consent=False,
    )
    client.scope = CLIENT["scope"].split()
    client.redirect_uris = os.environ["OP_REDIRECT_URIS"].split()
    client.post_logout_redirect_uris = os.environ["OP_POST_LOGOUT_REDIRECT_URIS"].split()
    client.save()
    client.response_types.add(ResponseType.objects.get(value="code"))
    for data in FIXTURE["users"]:
        user = User.objects.create_user(
            username=data["username"],
            email=data["email"],
            password=PASSWORD,
            first_name=data["first_name"],
            last_name=data["last_name"],
        )
        for name in data["groups"]:
            user.groups.add(Group.objects.get_or_create(name=name)[0])


def serve(address: str) -> None:
    """In the provider's process: set up, then serve at `address` until terminated."""
    setup()
    from django.core.management import call_command

    call_command("runserver", address, use_reloader=False, skip_checks=True)


if __name__ == "__main__" and sys.argv[1:2] == ["serve"] and len(sys.argv) == 3:
    serve(sys.argv[2])
