"""The client's address: one function for the login lock-out, the public forms' limits and
the logs.

Behind a reverse proxy every request comes from the proxy. The proxies named in the
TRUSTED_PROXIES setting (CIDRs) append the address they saw to X-Forwarded-For; the client
is the rightmost address there that is not a trusted proxy. From any other peer the header
is ignored (anyone can send it), and the peer itself is the client."""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

UNKNOWN = "unknown"


def parse_networks(value: str) -> tuple:
    """A comma-separated list of addresses or CIDRs as networks; a bad entry is an error."""
    networks = []
    for part in (value or "").split(","):
        part = part.strip()
        if not part:
            continue
        try:
            networks.append(ipaddress.ip_network(part))
        except ValueError:
            raise ImproperlyConfigured(
                f"TRUSTED_PROXIES: {part!r} is not an IP address or network (CIDR)"
            ) from None
    return tuple(networks)


@lru_cache(maxsize=8)
def _networks(value: tuple[str, ...]) -> tuple:
    return parse_networks(",".join(value))


def _address(text: str):
    text = text.strip()
    if text.startswith("[") and "]" in text:  # "[2001:db8::1]:443"
        text = text[1 : text.index("]")]
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def client_address_from_meta(meta) -> str:
    """The client's address from a request's META (or a WSGI environ)."""
    peer = str(meta.get("REMOTE_ADDR") or "").strip()
    networks = _networks(tuple(getattr(settings, "TRUSTED_PROXIES", ()) or ()))
    if not peer:
        return UNKNOWN
    hop = _address(peer)
    if hop is None or not networks or not any(hop in n for n in networks):
        return peer
    forwarded = str(meta.get("HTTP_X_FORWARDED_FOR") or "")
    client = peer
    for entry in reversed(forwarded.split(",")[:100]):
        address = _address(entry)
        if address is None:  # not written by a proxy of ours: stop at the last good hop
            break
        client = str(address)
        if not any(address in n for n in networks):
            break
    return client


def client_address(request) -> str:
    """The client's address of a Django request (see the module's docstring)."""
    return client_address_from_meta(request.META)


def axes_client_ip(request) -> str | None:
    """AXES_CLIENT_IP_CALLABLE: the lock-out counts the client, not the proxy (None when
    there is no address, as for a login made in code: axes stores an IP address field)."""
    address = client_address(request)
    return address if _address(address) is not None else None


class ClientAddressLogFilter:
    """Adds `client` (the client's address, or "-") to every log record that has a request."""

    def filter(self, record) -> bool:
        request = getattr(record, "request", None)
        meta = getattr(request, "META", None)
        record.client = client_address_from_meta(meta) if meta is not None else "-"
        return True


class ClientAddressMiddleware:
    """WSGI middleware: the client's address in the environ as `servicelofte.client`, for
    gunicorn's access log (`%({servicelofte.client}e)s`)."""

    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        environ["servicelofte.client"] = client_address_from_meta(environ)
        return self.app(environ, start_response)
