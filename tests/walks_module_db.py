"""Rows made once for a module of tests, as Django's `setUpTestData` does.

`module_rows(make)` runs `make()` inside a transaction that is rolled back after the
module; each test runs in its own savepoint within it (pytest-django's `db`), so a test's
writes are undone and the next test finds the rows as `make()` left them. The same pattern
as tests/conftest.py `module_demo`, for modules that build their own rows."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

T = TypeVar("T")


@contextmanager
def module_rows(django_db_blocker, make: Callable[[], T]) -> Iterator[T]:
    from django.db import transaction

    from phases.scoping import scopes_disabled

    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            with scopes_disabled():
                made = make()
            yield made
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
