"""Identity providers from the environment (phases/platform/oidc_config.py): an operator gives
the issuer, the client id and the secret; a provider without an issuer stops the start."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from phases.platform.oidc_config import (
    configuration_errors,
    end_session_origins,
    providers_from_environ,
)

ROOT = Path(__file__).resolve().parents[2]
KC = "https://sso.example.fi/realms/alue"


def test_no_variables_no_provider():
    assert providers_from_environ({}) == {}
    assert providers_from_environ({"OIDC_SCOPES": "openid"}) == {}


def test_issuer_client_id_and_secret_are_a_provider():
    env = {
        "OIDC_ISSUER": KC,
        "OIDC_CLIENT_ID": "servicelofte",
        "OIDC_CLIENT_SECRET": "s",
        "OIDC_GROUP_ROLES": "valmistelijat=preparer, katselijat=viewer",
        "OIDC_GROUP_REGION": "esimerkki",
        "OIDC_EXTRA_PROVIDERS": "lappi",
        "OIDC_LAPPI_ISSUER": "https://login.microsoftonline.com/7e1d/v2.0",
        "OIDC_LAPPI_CLIENT_ID": "sl-lappi",
        "OIDC_LAPPI_REGIONS": "lappi, lappi-testi",
        "OIDC_LAPPI_EMAIL_DOMAINS": "lapha.fi, @lappi.example",
        "OIDC_LAPPI_LABEL": "Entra ID",
        "OIDC_LAPPI_END_SESSION_ENDPOINT": "https://logout.example.com/end",
    }
    providers = providers_from_environ(env)
    assert list(providers) == ["default", "lappi"]
    default, lappi = providers["default"], providers["lappi"]
    assert configuration_errors(providers) == []
    assert default["issuer"] == KC and default["client_secret"] == "s"
    assert default["token_endpoint"] == "" and default["sign_algo"] == ""  # from discovery
    assert default["group_roles"] == {"valmistelijat": "preparer", "katselijat": "viewer"}
    assert default["regions"] == [] and default["email_domains"] == []
    assert lappi["regions"] == ["lappi", "lappi-testi"]
    assert lappi["email_domains"] == ["lapha.fi", "lappi.example"]
    assert lappi["label"] == "Entra ID" and lappi["client_id"] == "sl-lappi"
    assert end_session_origins(providers) == [
        "https://sso.example.fi",
        "https://login.microsoftonline.com",
        "https://logout.example.com",
    ]


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"OIDC_CLIENT_ID": "c", "OIDC_TOKEN_ENDPOINT": f"{KC}/token"}, "OIDC_ISSUER is not set"),
        ({"OIDC_ISSUER": KC}, "OIDC_CLIENT_ID is not set"),
        ({"OIDC_ISSUER": "sso.example.fi", "OIDC_CLIENT_ID": "c"}, "must be an http(s) URL"),
        ({"OIDC_ISSUER": KC, "OIDC_CLIENT_ID": "c", "OIDC_SIGN_ALGO": "none"}, "SIGN_ALGO"),
        ({"OIDC_ISSUER": KC, "OIDC_CLIENT_ID": "c", "OIDC_TRUST_EMAIL": "1"}, "EMAIL_DOMAINS"),
        (
            {"OIDC_EXTRA_PROVIDERS": "lappi", "OIDC_LAPPI_CLIENT_ID": "c"},
            "OIDC_LAPPI_ISSUER is not set",
        ),
    ],
)
def test_configuration_errors(env, message):
    errors = configuration_errors(providers_from_environ(env))
    assert any(message in error for error in errors), errors


@pytest.mark.parametrize("mapping", ["valmistelijat", "x=superuser", "=viewer"])
def test_a_wrong_group_mapping_stops_the_start(mapping):
    env = {"OIDC_ISSUER": KC, "OIDC_CLIENT_ID": "c", "OIDC_GROUP_ROLES": mapping}
    with pytest.raises(ValueError):
        providers_from_environ(env)


def test_manage_py_check_refuses_a_provider_without_an_issuer():
    env = {
        **os.environ,
        "OIDC_CLIENT_ID": "servicelofte",
        "OIDC_CLIENT_SECRET": "s",
        "OIDC_AUTHORIZATION_ENDPOINT": f"{KC}/protocol/openid-connect/auth",
        "OIDC_TOKEN_ENDPOINT": f"{KC}/protocol/openid-connect/token",
    }
    env.pop("OIDC_ISSUER", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode != 0
    assert "phases.E101" in result.stderr and "OIDC_ISSUER is not set" in result.stderr
    # The WSGI application (gunicorn's) does not start either.
    start = subprocess.run(
        [sys.executable, "-c", "import servicelofte.wsgi"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert start.returncode != 0 and "ImproperlyConfigured" in start.stderr

    env["OIDC_ISSUER"] = KC
    assert subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=env).returncode == 0
