"""One way to send mail to a person in their own language.

`send_to_user(user, subject=..., template=..., context=...)` renders the subject and the
body inside `translation.override(<the user's language>)` (their profile's language, or
the site's default), so a Swedish-speaking member gets Swedish mail whatever language the
sender's page is in. `send_in_language` does the same for an address that is not a user
(a commenter who asked for the answer to their comment).

Mail leaves only when the change that causes it is committed: the message is rendered at
once (in the recipient's language) and handed to `send_mail` by `transaction.on_commit`
— immediately when no transaction is open, after the outermost commit otherwise, never
when it rolls back.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation


def user_language(user) -> str:
    """The language `user` reads their mail in."""
    from ..models import UserProfile

    supported = {code for code, _name in settings.LANGUAGES}
    profile = UserProfile.objects.filter(user=user).only("language").first()
    if profile and profile.language in supported:
        return profile.language
    return settings.LANGUAGE_CODE if settings.LANGUAGE_CODE in supported else "fi"


def send_in_language(
    address: str,
    language: str,
    *,
    subject: Any,
    template: str,
    context: dict | Callable[[], dict] | None = None,
) -> bool:
    """Render `subject` (a lazy string or a callable) and `template` in `language` and send
    them to `address` once the current transaction commits. `context` may be a callable,
    evaluated in that language too. Returns False when there is no address."""
    if not address:
        return False
    with translation.override(language):
        ctx = context() if callable(context) else dict(context or {})
        ctx.setdefault("site_url", settings.SITE_URL)
        text_subject = subject() if callable(subject) else str(subject)
        body = render_to_string(template, ctx)
    send_after_commit(
        subject=" ".join(text_subject.split()),
        message=body,
        from_email=None,
        recipient_list=[address],
    )
    return True


def send_after_commit(**message) -> None:
    """`send_mail(**message)` once the current transaction commits (at once outside one)."""
    transaction.on_commit(lambda: send_mail(**message))


def send_to_user(
    user,
    *,
    subject: Any,
    template: str,
    context: dict | Callable[[], dict] | None = None,
) -> bool:
    """Send mail to `user` in their own language (see the module docstring)."""

    def full_context() -> dict:
        extra = context() if callable(context) else (context or {})
        return {"user": user, **extra}

    return send_in_language(
        user.email, user_language(user), subject=subject, template=template, context=full_context
    )
