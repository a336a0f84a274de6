"""Counters in the shared cache that hold across app servers: increment, then compare.

`take()` adds one to a counter (created by `cache.add`, else raised by `cache.incr`) and
says whether the incremented value is still within the limit: of n parallel requests, never
more than `limit` are let through, whichever app server takes them (the database cache's
`incr` locks its row: servicelofte.cache.DatabaseCache). Subjects (addresses, accounts) are
hashed with the secret key before they become keys; nothing about them is stored."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache


def _key(kind: str, subject: str) -> str:
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{kind}:{subject}".encode()).hexdigest()
    return f"limit:{kind}:{digest[:32]}"


def count(kind: str, subject: str) -> int:
    """How many times `subject` has been counted for `kind` in the current window."""
    return int(cache.get(_key(kind, subject)) or 0)


def reached(kind: str, subject: str, limit: int) -> bool:
    """Whether the limit is already used up (a cheap early answer; `take` decides)."""
    return count(kind, subject) >= limit


def take(kind: str, subject: str, limit: int, window: int) -> bool:
    """Count one more for `subject`; True when the count is still within `limit`."""
    key = _key(kind, subject)
    for _attempt in range(3):
        if cache.add(key, 1, window):
            return 1 <= limit
        try:
            return cache.incr(key) <= limit
        except ValueError:  # expired between add and incr: start the window again
            continue
    return False  # the cache keeps failing: refuse rather than let everything through
