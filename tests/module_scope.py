"""Fixtures built once per module (or class) of tests, as Django's `setUpTestData` does."""

import shutil
from contextlib import ExitStack, contextmanager, nullcontext

# The base fixtures of tests/conftest.py, in the order `ModuleBase` builds them.
BASE_FIXTURES = ("region", "project", "users")


@contextmanager
def module_transaction(django_db_blocker, media=None):
    """What a module-scoped fixture builds, built inside a transaction that is rolled back
    after the module (as Django's `setUpTestData` does), with MEDIA_ROOT at `media` (when
    given). Each
    test of the module runs in its own savepoint within it (pytest-django's per-test
    atomic), so a test's writes are undone before the next test; a fixture built this way
    gives each test fresh instances (read again by primary key) and, when the test may
    write files, a copy of `media` (see `fresh_media`)."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import transaction
    from django.test import override_settings

    media_root = nullcontext() if media is None else override_settings(MEDIA_ROOT=media)
    with django_db_blocker.unblock(), media_root:
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            # content types the module's rows numbered (the demo snapshot put back) are gone
            ContentType.objects.clear_cache()


def checks_done_once() -> None:
    """The foreign-key checks that PostgreSQL deferred for the rows a module fixture just
    built, done now, once, in the module's transaction.

    Each test ends with Django's check of the deferred constraints (`SET CONSTRAINTS ALL
    IMMEDIATE`) inside its savepoint, and rolling back that savepoint marks every check it
    ran as not done again, those of the module's rows included: each test of a module
    re-checked every row the module's fixtures had built (about 12 ms a test over the
    suite, 20,000 rows for the demo). Done here, outside any test's savepoint, they stay
    done, and a test checks only its own rows."""
    from django.db import connection

    if connection.vendor == "postgresql" and connection.in_atomic_block:
        connection.check_constraints()


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


def transactional(node, fixturenames) -> bool:
    """Whether the test `node` commits for real (a `transaction=True` or `reset_sequences`
    database marker, or `transactional_db` / `live_server` among its fixtures)."""
    marker = node.get_closest_marker("django_db")
    kwargs = marker.kwargs if marker else {}
    return bool(kwargs.get("transaction") or kwargs.get("reset_sequences")) or bool(
        {"transactional_db", "live_server"} & set(fixturenames)
    )


def base_wanted(item) -> frozenset:
    """The base fixtures (`region`, `project`, `users` of tests/conftest.py) that `item`
    takes from the module's `ModuleBase`: those it uses, unless it is transactional, is
    marked `base_per_test`, or its module defines one of them itself (then it builds all
    of them itself, as before)."""
    names = getattr(item, "fixturenames", ())
    if "_module_base" not in names or item.get_closest_marker("base_per_test"):
        return frozenset()
    if transactional(item, names):
        return frozenset()
    used = [name for name in BASE_FIXTURES if name in names]
    definitions = item._fixtureinfo.name2fixturedefs
    if any("_module_base" not in definitions[name][-1].argnames for name in used):
        return frozenset()
    return frozenset(used)


class ModuleBase:
    """`region`, `project` and `users` (tests/conftest.py) built once for a run of a
    module's tests that take the same ones, inside a `module_transaction`, instead of for
    each test: each test gets them read again by primary key, in its own savepoint, so its
    writes and in-memory changes do not reach the next test. The world holds exactly what
    the test asks for (a test that takes only `region` finds no project or users), and
    none is open for a test that takes none of them or commits for real (`transactional`):
    `ready_for` is called before each test's fixtures are set up (tests/conftest.py's
    `pytest_runtest_setup`), closing the open world (a rollback) when the next test wants
    another."""

    def __init__(self, django_db_blocker):
        self.blocker = django_db_blocker
        self.built: frozenset = frozenset()
        self.keys: dict = {}
        self._stack: ExitStack | None = None
        self._depth = 0
        from django.db import connection

        # the transactions open when the module's base was set up: its world opens right
        # above them, never inside a module transaction opened later (it could not be
        # rolled back before that one)
        self._floor = len(connection.atomic_blocks)

    def ready_for(self, wanted: frozenset) -> None:
        if wanted == self.built:
            return
        self.close()
        if wanted:
            self._open(wanted)

    def _open(self, wanted: frozenset) -> None:
        from django.conf import settings
        from django.db import connection
        from django.utils import translation

        from phases.scoping import scopes_disabled
        from tests.factories import ProjectFactory, RegionFactory, role_users

        if len(connection.atomic_blocks) != self._floor:
            raise RuntimeError(
                "another module-scoped transaction (e.g. module_demo) was opened after this "
                "module's base fixtures, and a test now takes another set of them: mark the "
                "module's tests `base_per_test`"
            )
        stack = ExitStack()
        stack.enter_context(module_transaction(self.blocker))
        try:
            with scopes_disabled(), translation.override(settings.LANGUAGE_CODE):
                region = RegionFactory(slug="esimerkki-test")
                keys = {"region": region.pk}
                if "project" in wanted:
                    keys["project"] = ProjectFactory(region=region).pk
                if "users" in wanted:
                    keys["users"] = {key: value.pk for key, value in role_users(region).items()}
            checks_done_once()
        except BaseException:
            stack.close()
            raise
        self._stack, self.built, self.keys = stack, wanted, keys
        self._depth = len(connection.atomic_blocks)

    def close(self) -> None:
        """Roll back what was built (nothing opened inside its transaction may still be
        open: module fixtures are torn down in the reverse order of their set-up)."""
        if self._stack is None:
            return
        from django.db import connection

        assert len(connection.atomic_blocks) == self._depth, (
            "the module's base fixtures cannot be rolled back under a transaction opened "
            "after them: mark the tests that take them `base_per_test`"
        )
        stack, self._stack, self.built, self.keys = self._stack, None, frozenset(), {}
        stack.close()

    def region(self):
        from phases.models import Region

        return Region.objects.get(pk=self.keys["region"])

    def project(self, region):
        """The project read again, its `region` the test's own `region` instance (as the
        factory's project holds the region it was made with)."""
        from phases.models import PromiseProject

        project = PromiseProject.objects.get(pk=self.keys["project"])
        project.region = region
        return project

    def users(self) -> dict:
        return users_by_pk(self.keys["users"])
