"""The second test OpenID provider: panva's `oidc-provider` (npm, OpenID Certified), independent
of django-oidc-provider (tests/oidc_provider). The test starts it on a free local port:

    with running_certified_provider(redirect_uris=[...]) as op:
        op.issuer, op.settings(...), op.set_account(login, claims), op.tamper(mode)

It is installed with `npm ci` (package.json and package-lock.json here) into .cache/ in the
repository (git-ignored), once; it needs Node.js and npm (scripts/system-deps.sh test).
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import subprocess
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import requests

from phases.platform.oidc_config import provider_entry
from tests.oidc_provider.server import free_port, serving

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
CACHE = ROOT / ".cache" / "oidc-certified"
CLIENT_ID = "servicelofte-certified-tests"
CLIENT_SECRET = "servicelofte-certified-tests-secret"  # noqa: S105 (a test provider's)


def install() -> Path:
    """`npm ci` into the cache folder unless the same lock file is installed there."""
    for tool in ("node", "npm"):
        if shutil.which(tool) is None:
            raise RuntimeError(f"{tool} is missing: run scripts/system-deps.sh test")
    CACHE.mkdir(parents=True, exist_ok=True)
    lock = (HERE / "package-lock.json").read_bytes()
    digest = hashlib.sha256(lock + (HERE / "package.json").read_bytes()).hexdigest()
    with open(CACHE / ".lock", "w") as guard:
        fcntl.flock(guard, fcntl.LOCK_EX)  # one install at a time
        stamp = CACHE / ".installed"
        if not stamp.exists() or stamp.read_text() != digest:
            shutil.copy(HERE / "package.json", CACHE / "package.json")
            shutil.copy(HERE / "package-lock.json", CACHE / "package-lock.json")
            subprocess.run(
                ["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"],
                cwd=CACHE,
                check=True,
                capture_output=True,
                timeout=600,
            )
            stamp.write_text(digest)
        shutil.copy(HERE / "op.mjs", CACHE / "op.mjs")
    return CACHE


@dataclass
class CertifiedProvider:
    issuer: str  # e.g. http://127.0.0.1:54321

    @property
    def discovery(self) -> str:
        return self.issuer + "/.well-known/openid-configuration"

    def settings(self, **overrides) -> dict:
        """The app's OIDC_PROVIDERS entry: issuer, client id and secret (and `overrides`)."""
        values = {
            "label": "Sertifioitu",
            "issuer": self.issuer,
            "client_id": CLIENT_ID,
            "client_secret": CLIENT_SECRET,
            "scopes": "openid email profile groups",
            **overrides,
        }
        return provider_entry(values.pop("name", "certified"), **values)

    def set_account(self, login: str, claims: dict) -> None:
        """What the provider says of the person who signs in as `login` from now on."""
        url = f"{self.issuer}/__test__/accounts/{quote(login, safe='')}"
        requests.put(url, data=json.dumps(claims), timeout=10).raise_for_status()

    def tamper(self, mode: str = "") -> None:
        """Rewrite the next ID tokens: wrong-iss, wrong-aud, expired, bad-signature, alg-none
        ('' for honest tokens)."""
        url = f"{self.issuer}/__test__/tamper"
        requests.put(url, data=json.dumps({"mode": mode}), timeout=10).raise_for_status()


@contextmanager
def running_certified_provider(*, redirect_uris: list[str]):
    folder = install()
    port = free_port()
    env = {
        **os.environ,
        "OP_PORT": str(port),
        "OP_CLIENT_ID": CLIENT_ID,
        "OP_CLIENT_SECRET": CLIENT_SECRET,
        "OP_REDIRECT_URIS": "\n".join(redirect_uris),
    }
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(
            ["node", "op.mjs"], cwd=folder, env=env, stdout=log, stderr=subprocess.STDOUT
        )
        provider = CertifiedProvider(issuer=f"http://127.0.0.1:{port}")
        with serving(process, provider.discovery):
            yield provider
