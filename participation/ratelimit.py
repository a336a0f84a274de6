"""Rate limiting of public forms per client address, through Django's cache.

The address is hashed before it is used as a key; nothing about it is stored in the
database.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache

LIMIT = getattr(settings, "PARTICIPATION_RATE_LIMIT", 5)
WINDOW_SECONDS = getattr(settings, "PARTICIPATION_RATE_WINDOW", 600)


def client_address(request) -> str:
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def _key(kind: str, address: str) -> str:
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{address}".encode()).hexdigest()[:32]
    return f"participation:rl:{kind}:{digest}"


def is_limited(request, kind: str) -> bool:
    return (cache.get(_key(kind, client_address(request))) or 0) >= LIMIT


def hit(request, kind: str) -> None:
    key = _key(kind, client_address(request))
    if cache.add(key, 1, WINDOW_SECONDS):
        return
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 1, WINDOW_SECONDS)
