"""Optimistic locking, the one way: every editable row carries `lock_version`.

A form carries the lock_version the user started from. The service reads the row with
`locked()` (or `locked_or_new()` for a row created on its first save) inside its
transaction: the row comes back locked for update with its version already bumped for the
save, or `EditConflict` is raised when somebody saved in between, and nothing is written.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.utils.translation import gettext as _


class EditConflict(ValidationError):
    """The row changed after the user opened it. `current` is the row as it is now
    (`currents` all of them when one save touched several); the message is for the user."""

    def __init__(self, current=None, message=None, *, currents=None):
        super().__init__(
            message
            or _(
                "Someone else saved this while you were editing. Your text is kept below: "
                "reload the page to see their changes, then save again."
            ),
            code="conflict",
        )
        self.currents = list(currents) if currents else ([current] if current is not None else [])
        self.current = current if current is not None else next(iter(self.currents), None)


def _queryset(model_or_queryset) -> QuerySet:
    if isinstance(model_or_queryset, QuerySet):
        return model_or_queryset
    return model_or_queryset._default_manager.all()


def locked(model_or_queryset: type[Model] | QuerySet, lock_version: int | None, **lookup):
    """The row matching `lookup`, locked for update and at the next version for the save;
    EditConflict if it moved on from `lock_version`, DoesNotExist if there is none."""
    current = _queryset(model_or_queryset).select_for_update().get(**lookup)
    if current.lock_version != lock_version:
        raise EditConflict(current)
    current.lock_version += 1
    return current


def locked_or_new(model_or_queryset: type[Model] | QuerySet, lock_version: int | None, **lookup):
    """Like `locked()` for a row created on its first save (stored empty if missing).

    A user who opened the page before the row existed sends no version (None or 0) or the
    version a new row starts at; anything else is a conflict, as is a row that somebody
    else created meanwhile, since it is at a later version once saved."""
    current, created = _queryset(model_or_queryset).select_for_update().get_or_create(**lookup)
    started_from = (None, 0, current.lock_version) if created else (current.lock_version,)
    if lock_version not in started_from:
        raise EditConflict(current)
    current.lock_version += 1
    return current
