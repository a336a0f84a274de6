"""Rate limiting of public forms per client address, through the shared cache.

A post is counted when it is about to be saved: the counter is incremented first and the
incremented value compared with the limit (phases.guards.limits.take), so parallel posts
through several app servers never store more than LIMIT. The address is the client's
(phases.guards.network: behind a trusted proxy, read from X-Forwarded-For) and is hashed
before it becomes a key; nothing about it is stored in the database.
"""

from __future__ import annotations

from django.conf import settings

from phases.guards import limits
from phases.guards.network import client_address

LIMIT = getattr(settings, "PARTICIPATION_RATE_LIMIT", 5)
WINDOW_SECONDS = getattr(settings, "PARTICIPATION_RATE_WINDOW", 600)

__all__ = ["LIMIT", "WINDOW_SECONDS", "client_address", "is_limited", "take"]


def is_limited(request, kind: str) -> bool:
    """The limit is already used up: refuse before any work (take() still decides)."""
    return limits.reached(f"participation:{kind}", client_address(request), LIMIT)


def take(request, kind: str) -> bool:
    """Count this post; True when it is within the limit and may be saved."""
    return limits.take(f"participation:{kind}", client_address(request), LIMIT, WINDOW_SECONDS)
