"""OpenID Connect providers read from the environment (no Django imports: settings use it).

One provider is configured with the variables `OIDC_ISSUER`, `OIDC_CLIENT_ID` and
`OIDC_CLIENT_SECRET`; its endpoints, keys and signing algorithm come from the provider's
discovery document (`<issuer>/.well-known/openid-configuration`, read when first needed).
`OIDC_AUTHORIZATION_ENDPOINT`, `OIDC_TOKEN_ENDPOINT`, `OIDC_USERINFO_ENDPOINT`,
`OIDC_JWKS_ENDPOINT`, `OIDC_END_SESSION_ENDPOINT` and `OIDC_SIGN_ALGO` override it. Further
providers are named in `OIDC_EXTRA_PROVIDERS` (e.g. `lappi`) and read the same variables
with the upper-cased name after `OIDC_` (`OIDC_LAPPI_ISSUER`, …).

A provider exists when its client id or issuer is set; one without an issuer (or without a
client id) is a configuration error that `manage.py check` reports (`configuration_errors`),
and the app does not start with it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from urllib.parse import urlsplit

ROLE_NAMES = {"region_admin", "preparer", "working_group", "secretary", "viewer"}
SIGN_ALGOS = {"RS256", "RS384", "RS512", "ES256", "ES384", "ES512", "HS256", "HS384", "HS512"}
ENDPOINTS = (
    "authorization_endpoint",
    "token_endpoint",
    "userinfo_endpoint",
    "jwks_endpoint",
    "end_session_endpoint",
)


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


def provider_entry(name: str = "default", **values) -> dict:
    """A provider's settings entry: `values` over the defaults (an operator gives the
    issuer, the client id and the secret; everything else is optional)."""
    entry = {
        "name": name,
        "label": "",  # empty: "Sign in with your organisation's account"
        "issuer": "",
        "client_id": "",
        "client_secret": "",
        **dict.fromkeys(ENDPOINTS, ""),  # empty: from the discovery document
        "sign_algo": "",  # empty: from the discovery document
        "scopes": "openid email profile",
        "regions": [],
        # Addresses in these domains are taken as verified without `email_verified`
        # (for providers that never send it, e.g. Entra ID). Empty: only verified ones.
        "email_domains": [],
        "groups_claim": "groups",
        "group_roles": {},
        "group_region": "",
        "legacy_trust_email": False,  # OIDC_TRUST_EMAIL is gone: set, it stops the start
    }
    unknown = set(values) - set(entry)
    if unknown:
        raise ValueError(f"unknown OIDC provider settings: {sorted(unknown)}")
    entry.update(values)
    entry["issuer"] = entry["issuer"].strip()
    return entry


def provider_from_environ(environ: Mapping[str, str], name: str, prefix: str) -> dict | None:
    def get(key: str, default: str = "") -> str:
        return environ.get(prefix + key, default).strip()

    if not (get("CLIENT_ID") or get("ISSUER")):
        return None
    return provider_entry(
        name,
        label=get("LABEL"),
        issuer=get("ISSUER"),
        client_id=get("CLIENT_ID"),
        client_secret=get("CLIENT_SECRET"),
        **{endpoint: get(endpoint.upper()) for endpoint in ENDPOINTS},
        sign_algo=get("SIGN_ALGO"),
        scopes=get("SCOPES", "openid email profile"),
        regions=_list(get("REGIONS")),
        email_domains=[d.lower().lstrip("@") for d in _list(get("EMAIL_DOMAINS"))],
        groups_claim=get("GROUPS_CLAIM", "groups"),
        group_roles=parse_group_roles(get("GROUP_ROLES")),
        group_region=get("GROUP_REGION"),
        legacy_trust_email=bool(get("TRUST_EMAIL")),
    )


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


def _variable(provider: dict, key: str) -> str:
    name = provider["name"]
    return f"OIDC_{key}" if name == "default" else f"OIDC_{name.upper()}_{key}"


def _is_url(value: str) -> bool:
    parts = urlsplit(value)
    return parts.scheme in {"https", "http"} and bool(parts.netloc)


def configuration_errors(providers: Mapping[str, dict]) -> list[str]:
    """What is wrong with the providers' settings (empty: nothing). Reported by
    `manage.py check` (phases.checks) and refused at start."""
    errors = []
    for provider in providers.values():
        issuer = provider.get("issuer") or ""
        if not issuer:
            errors.append(
                f"{_variable(provider, 'ISSUER')} is not set: every identity provider needs "
                "its issuer (the ID token's `iss`, whose discovery document gives the endpoints)."
            )
        elif not _is_url(issuer) or len(issuer) > 255 or urlsplit(issuer).query:
            errors.append(f"{_variable(provider, 'ISSUER')} must be an http(s) URL: {issuer!r}")
        if not provider.get("client_id"):
            errors.append(f"{_variable(provider, 'CLIENT_ID')} is not set.")
        for endpoint in ENDPOINTS:
            value = provider.get(endpoint) or ""
            if value and not _is_url(value):
                errors.append(f"{_variable(provider, endpoint.upper())} must be an http(s) URL.")
        algo = provider.get("sign_algo") or ""
        if algo and algo not in SIGN_ALGOS:
            errors.append(
                f"{_variable(provider, 'SIGN_ALGO')}={algo!r} is not one of {sorted(SIGN_ALGOS)}."
            )
        if provider.get("legacy_trust_email"):
            errors.append(
                f"{_variable(provider, 'TRUST_EMAIL')} is no longer supported: list the e-mail "
                f"domains the provider vouches for in {_variable(provider, 'EMAIL_DOMAINS')}."
            )
    return errors


def end_session_origins(providers: Mapping[str, dict]) -> list[str]:
    """The origins the browser may be sent to after the logout form (CSP form-action): the
    issuer's, and an explicit end-session endpoint's."""
    origins = []
    for provider in providers.values():
        for url in (provider.get("issuer") or "", provider.get("end_session_endpoint") or ""):
            parts = urlsplit(url)
            if parts.scheme and parts.netloc:
                origin = f"{parts.scheme}://{parts.netloc}"
                if origin not in origins:
                    origins.append(origin)
    return origins
