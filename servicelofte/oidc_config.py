"""OpenID Connect providers read from the environment (no Django imports: settings use it).

One provider is configured with the variables `OIDC_CLIENT_ID`, `OIDC_CLIENT_SECRET`,
`OIDC_AUTHORIZATION_ENDPOINT`, … (README, "Signing in with the organisation's identity
provider"). Further providers are named in `OIDC_EXTRA_PROVIDERS` (e.g. `lappi`) and read
the same variables with the upper-cased name after `OIDC_` (`OIDC_LAPPI_CLIENT_ID`, …).
A provider is configured when its client id and authorization and token endpoints are set.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from urllib.parse import urlsplit

ROLE_NAMES = {"region_admin", "preparer", "working_group", "secretary", "viewer"}


def _bool(value: str | None) -> bool:
    return (value or "").strip().lower() in {"1", "true", "yes", "on"}


def _list(value: str | None) -> list[str]:
    return [item.strip() for item in (value or "").split(",") if item.strip()]


def parse_group_roles(value: str | None) -> dict[str, str]:
    """`group=role,group2=role2` → {group: role}. An unknown role is a configuration error."""
    mapping = {}
    for item in _list(value):
        group, sep, role = item.rpartition("=")
        if not sep or not group.strip():
            raise ValueError(f"OIDC group mapping {item!r}: write it as group=role")
        role = role.strip()
        if role not in ROLE_NAMES:
            raise ValueError(f"OIDC group mapping {item!r}: {role!r} is not one of {ROLE_NAMES}")
        mapping[group.strip()] = role
    return mapping


def provider_from_environ(environ: Mapping[str, str], name: str, prefix: str) -> dict | None:
    def get(key: str, default: str = "") -> str:
        return environ.get(prefix + key, default).strip()

    client_id = get("CLIENT_ID")
    authorization = get("AUTHORIZATION_ENDPOINT")
    token = get("TOKEN_ENDPOINT")
    if not (client_id and authorization and token):
        return None
    return {
        "name": name,
        "label": get("LABEL"),  # empty: "Sign in with your organisation's account"
        "issuer": get("ISSUER"),
        "client_id": client_id,
        "client_secret": get("CLIENT_SECRET"),
        "authorization_endpoint": authorization,
        "token_endpoint": token,
        "userinfo_endpoint": get("USERINFO_ENDPOINT"),
        "jwks_endpoint": get("JWKS_ENDPOINT"),
        "end_session_endpoint": get("END_SESSION_ENDPOINT"),
        "sign_algo": get("SIGN_ALGO", "RS256"),
        "scopes": get("SCOPES", "openid email profile"),
        "regions": _list(get("REGIONS")),
        "trust_email": _bool(get("TRUST_EMAIL")),
        "groups_claim": get("GROUPS_CLAIM", "groups"),
        "group_roles": parse_group_roles(get("GROUP_ROLES")),
        "group_region": get("GROUP_REGION"),
    }


def providers_from_environ(environ: Mapping[str, str]) -> dict[str, dict]:
    """All configured providers by name; the unprefixed one is called `default`."""
    providers = {}
    default = provider_from_environ(environ, "default", "OIDC_")
    if default:
        providers["default"] = default
    for name in _list(environ.get("OIDC_EXTRA_PROVIDERS")):
        if not re.fullmatch(r"[a-z0-9]+", name):
            raise ValueError(f"OIDC_EXTRA_PROVIDERS: {name!r} must be lower-case letters/digits")
        provider = provider_from_environ(environ, name, f"OIDC_{name.upper()}_")
        if provider:
            providers[name] = provider
    return providers


def end_session_origins(providers: Mapping[str, dict]) -> list[str]:
    """The origins of the providers' end-session endpoints (for CSP form-action)."""
    origins = []
    for provider in providers.values():
        parts = urlsplit(provider["end_session_endpoint"])
        if parts.scheme and parts.netloc:
            origin = f"{parts.scheme}://{parts.netloc}"
            if origin not in origins:
                origins.append(origin)
    return origins
