"""One username rule for every new account, however it is made (a region's first
administrator, an invitation from the members page, a first sign-in through an identity
provider): the person's e-mail address in lower case, with `-2`, `-3`, … added when an
account already has it. People sign in with what they know; nobody gets a short name while
others get their address."""

from __future__ import annotations

from django.contrib.auth import get_user_model

MAX_LENGTH = 150  # django.contrib.auth's username
_ALLOWED = set("@.+-_")


def username_for(email: str) -> str:
    """A free username for a new account with this e-mail address."""
    User = get_user_model()  # noqa: N806
    wanted = "".join(ch for ch in (email or "").strip().lower() if ch.isalnum() or ch in _ALLOWED)
    base = wanted[: MAX_LENGTH - 8] or "user"
    candidate, number = base, 1
    while User.objects.filter(username__iexact=candidate).exists():
        number += 1
        candidate = f"{base}-{number}"
    return candidate
