"""Moderation: the one mechanism by which staff check what residents write, used by the
comments of a comment round (publish / hide with a reason) and the statements of an opinion
round (accept / reject, tagged with perspectives).

`status_for(action, actions)` turns a posted action into the new status (an unknown action
is refused), `record(...)` writes the moderator's decision (the status, the fields the
caller set, who and when) in one transaction with what the caller refreshes alongside (the
round's counters or version), and `notify_moderators(...)` tells the project's editors that
something waits (through the daily digest, one line per item). The staff page is
participation.views.rounds.ModerationPageMixin.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from phases import roles
from phases.platform import notifications

MODERATION = "moderation"  # the notification kind (registered in registrations.py)


def status_for(action: str, actions: Mapping[str, str]) -> str:
    """The status `action` gives; ValidationError for an action the item does not know."""
    try:
        return actions[action]
    except (KeyError, TypeError):
        raise ValidationError(_("Unknown action.")) from None


def record(
    item: models.Model,
    *,
    status: str,
    by,
    fields: tuple[str, ...] = (),
    on_saved: Callable[[models.Model], None] | None = None,
) -> models.Model:
    """Save a moderator's decision on `item`: its new `status`, the `fields` the caller
    set on it, who decided and when; `on_saved(item)` runs in the same transaction."""
    item.status = status
    item.moderated_by, item.moderated_at = by, timezone.now()
    with transaction.atomic():
        item.save(update_fields=["status", *fields, "moderated_by", "moderated_at"])
        if on_saved is not None:
            on_saved(item)
    return item


def notify_moderators(*, project, event: str, params: dict, url: str) -> int:
    """Something waits for moderation: tell the project's editors (one line per item; the
    digest counts them)."""
    return notifications.notify(
        users=notifications.project_users(project, roles.EDIT_CONTENT),
        kind=MODERATION,
        event=event,
        project=project,
        params=params,
        url=url,
    )
