"""Fixtures built once per module (or class) of tests, as Django's `setUpTestData` does."""

import shutil
from contextlib import contextmanager


@contextmanager
def module_transaction(django_db_blocker, media):
    """What a module-scoped fixture builds, built inside a transaction that is rolled back
    after the module (as Django's `setUpTestData` does), with MEDIA_ROOT at `media`. Each
    test of the module runs in its own savepoint within it (pytest-django's per-test
    atomic), so a test's writes are undone before the next test; a fixture built this way
    gives each test fresh instances (read again by primary key) and, when the test may
    write files, a copy of `media` (see `fresh_media`)."""
    from django.db import transaction
    from django.test import override_settings

    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media):
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def fresh_media(media, settings, tmp_path):
    """This test's own copy of a module fixture's stored files, as MEDIA_ROOT: files a
    test writes or removes do not reach the next test."""
    copy = tmp_path / "media"
    shutil.copytree(media, copy)
    settings.MEDIA_ROOT = copy
    return copy


def users_by_pk(keys: dict) -> dict:
    """`role_users`' answer read again from its primary keys (role -> user, and
    "other_region" -> the other region)."""
    from django.contrib.auth import get_user_model

    from phases.models import Region

    keys = dict(keys)
    other = Region.objects.get(pk=keys.pop("other_region"))
    people = get_user_model().objects.in_bulk(keys.values())
    return {role: people[pk] for role, pk in keys.items()} | {"other_region": other}


def decided_again(media, ids, settings, tmp_path):
    """A module's decided project as (project, decision, version), read again by primary
    key for this test, with this test's own copy of the module's stored files."""
    from phases.models import CouncilDecision, PromiseProject
    from promises.models import PromiseVersion

    fresh_media(media, settings, tmp_path)
    project, decision, version = ids
    return (
        PromiseProject.objects.select_related("region").get(pk=project),
        CouncilDecision.objects.get(pk=decision),
        PromiseVersion.objects.get(pk=version),
    )
