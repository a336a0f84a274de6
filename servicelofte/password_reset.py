"""Password reset with limits: per client address and per account.

Past a limit the person sees the same neutral page ("if the address belongs to an account,
a link is on its way") and no mail is sent: neither a flood of mails to one person nor a
hint of which addresses have accounts."""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm

from phases.form_base import TextHygieneMixin
from phases.guards import limits
from phases.guards.network import client_address

logger = logging.getLogger(__name__)


class LimitedPasswordResetForm(TextHygieneMixin, PasswordResetForm):
    def save(self, *args, request=None, **kwargs):
        address = client_address(request) if request is not None else "unknown"
        if not limits.take(
            "password-reset:address",
            address,
            settings.PASSWORD_RESET_ADDRESS_LIMIT,
            settings.PASSWORD_RESET_WINDOW_SECONDS,
        ):
            logger.warning("Password reset refused: too many requests from %s", address)
            return
        super().save(*args, request=request, **kwargs)

    def get_users(self, email):
        for user in super().get_users(email):
            if limits.take(
                "password-reset:account",
                str(user.pk),
                settings.PASSWORD_RESET_ACCOUNT_LIMIT,
                settings.PASSWORD_RESET_WINDOW_SECONDS,
            ):
                yield user
            else:
                logger.warning("Password reset refused: too many mails to account %s", user.pk)
