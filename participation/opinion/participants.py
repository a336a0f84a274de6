"""A participant of an opinion round: a random id in a signed cookie, nothing else.

The id is 32 random hex characters; the cookie is signed (django.core.signing, through
`set_signed_cookie`) so that nobody can vote in another participant's name by typing an
id. It is HttpOnly, SameSite=Lax and lives for the round's length at most (a year).
No name, address or other personal data is stored with the votes.
"""

from __future__ import annotations

import re
import secrets

from django.conf import settings

COOKIE = "sl_opinion"
SALT = "participation.opinion.participant"
MAX_AGE = 365 * 24 * 3600
VALID = re.compile(r"^[0-9a-f]{32}$")


def read(request) -> str | None:
    """The participant id of this browser, or None (no cookie, or one not signed by us)."""
    value = request.get_signed_cookie(COOKIE, default=None, salt=SALT, max_age=MAX_AGE)
    return value if value and VALID.match(value) else None


def new_id() -> str:
    return secrets.token_hex(16)


def remember(response, participant: str) -> None:
    response.set_signed_cookie(
        COOKIE,
        participant,
        salt=SALT,
        max_age=MAX_AGE,
        httponly=True,
        samesite="Lax",
        secure=not settings.DEBUG and getattr(settings, "SESSION_COOKIE_SECURE", False),
    )
