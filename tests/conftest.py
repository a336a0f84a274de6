import gc

import pytest
from django.core.management import call_command

from tests import template_db
from tests.factories import PASSWORD, ProjectFactory, RegionFactory, UserFactory, role_users
from tests.fast_flush import flush_by_deleting_rows  # noqa: F401 (autouse: every transactional test's quick flush)
from tests.module_scope import (
    ModuleBase,
    base_wanted,
    checks_done_once,
    module_transaction,
    transactional,
)

_MODULE_BASE = pytest.StashKey[ModuleBase]()
_WANTED = pytest.StashKey[frozenset]()

PRODUCTION_HASHERS: list[str] = []


def pytest_configure(config):
    """Argon2 is slow by design (tens of milliseconds a password, the demo sets 17): the
    tests hash new passwords with MD5, and still verify Argon2 hashes. The production
    list (Argon2 first) is checked by tests/security/test_login.py and
    test_deploy_settings.py."""
    from django.conf import settings
    from django.contrib.auth import hashers

    PRODUCTION_HASHERS[:] = list(settings.PASSWORD_HASHERS)
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        *PRODUCTION_HASHERS,
    ]
    hashers.get_hashers.cache_clear()
    hashers.get_hashers_by_algorithm.cache_clear()
    # Background tasks run inside the request in tests (a test that needs the queue, as
    # production has it, uses the `db_task_backend` fixture).
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    _commits_without_waiting_for_the_disk()


def _commits_without_waiting_for_the_disk() -> None:
    """The test databases are thrown away, so a commit need not wait for its WAL to reach
    the disk (`synchronous_commit=off`, per connection; the commit is visible to every
    other connection at once, as always). `make test`'s private cluster runs so anyway
    (scripts/with-postgres.sh); a server given in DATABASE_URL, as CI's, does not."""
    from django.db import connections

    for alias in connections:
        settings_dict = connections[alias].settings_dict
        if settings_dict["ENGINE"] != "django.db.backends.postgresql":
            continue
        options = settings_dict.setdefault("OPTIONS", {})
        options["options"] = f"{options.get('options', '')} -c synchronous_commit=off".strip()


def pytest_collection_finish(session):
    """Python's cyclic garbage collector walks every object of the generations it collects:
    in a test process that is the whole of Django, the apps and the test modules, walked
    again at every full collection though most of it lives until the end (12-14 % of the
    CPU of two walk tests went to collections). After collection, what exists is left out
    of the collector's walks (`gc.freeze`), and the young generation is collected after
    20,000 allocations instead of 700, so that fewer objects are promoted and walked again
    in the older generations: the same garbage is freed, in fewer, larger batches (those
    two tests: 5.0-6.0 s of collections before, 3.0 s after)."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(20_000, 20, 20)


# Tests without a database that take seconds each (a second Python process: the SQLite
# run, `manage.py check` with a bad provider, the production settings): run first, not
# last. pytest-django runs the tests without a database after all the others, and xdist
# hands the tests out in order, so one of these at the end kept one worker busy alone
# (the SQLite run: about 60 s at the end of a 7½-minute run).
SLOW_WITHOUT_DATABASE = (
    "tests/test_sqlite_engine.py::",
    "tests/oidc/test_config.py::",
    "tests/security/test_deploy_settings.py::",
)


def _uses_database(item) -> bool:
    fixtures = getattr(item, "fixturenames", ())
    return item.get_closest_marker("django_db") is not None or any(
        name in fixtures for name in ("db", "transactional_db", "live_server")
    )


def _modules(items) -> list[list]:
    """The items in runs of one module each, in their order."""
    runs: list[list] = []
    for item in items:
        if runs and runs[-1][0].nodeid.split("::")[0] == item.nodeid.split("::")[0]:
            runs[-1].append(item)
        else:
            runs.append([item])
    return runs


def _spread(few: list[list], many: list[list]) -> list:
    """The modules of `many` spread evenly between those of `few`, each list in its order."""
    result, taken = [], 0
    for index, module in enumerate(few):
        result += module
        upto = (index + 1) * len(many) // len(few)
        result += [item for run in many[taken:upto] for item in run]
        taken = upto
    return result + [item for run in many[taken:] for item in run]


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """pytest-django's order keeps the database tests before the transactional ones (whose
    flush empties the database), and puts the tests without a database last. Here: the slow
    tests without a database first; then the database tests; then the transactional ones
    (the browser journeys, which wait on Chromium much of the time) with the other tests
    without a database spread between their modules, so that while one worker waits on a
    browser the other has work for the CPU. Each module's tests stay together, in order."""
    if not items:
        return
    slow, database, committing, rest = [], [], [], []
    for item in items:
        if not _uses_database(item):
            (slow if item.nodeid.startswith(SLOW_WITHOUT_DATABASE) else rest).append(item)
        elif transactional(item, getattr(item, "fixturenames", ())):
            committing.append(item)
        else:
            database.append(item)
    spread = _spread(_modules(committing), _modules(rest)) if committing else rest
    items[:] = slow + database + spread


@pytest.fixture
def db_task_backend(settings):
    """Tasks queued in the database as in production (run them with `run_queued_tasks`)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def run_queued_tasks() -> int:
    """Run what the database queue holds now, as `manage.py db_worker` would; returns how
    many tasks ran."""
    from django_tasks_db.management.commands.db_worker import Worker
    from django_tasks_db.models import DBTaskResult

    worker = Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="tests",
        excluded_queue_names=[],
    )
    from django_scopes.state import state

    count = 0
    while (result := DBTaskResult.objects.ready().order_by("enqueued_at").first()) is not None:
        token = state.set({"_enabled": True})  # a worker process starts in no scope
        try:
            worker.run_task(result)
        finally:
            state.reset(token)
        count += 1
    return count


@pytest.fixture
def django_settings_module_hashers():
    """The password hashers the settings module declares (Argon2 first)."""
    return list(PRODUCTION_HASHERS)


def _catalogue_after_flush(sender, using, **kwargs):
    """A transactional test ends with a flush, which empties the national model's tables
    too (the data migration filled them): load it again then, once, so that the tests after
    it do not each load it again (ensure_catalogue; about 300 queries a test)."""
    if sender.name != "phases":
        return
    from phases.catalogue import sync_catalogue
    from phases.models import PhaseDefinition

    if not PhaseDefinition.objects.using(using).exists():
        sync_catalogue()


@pytest.fixture(scope="session")
def django_db_modify_db_settings(
    django_db_modify_db_settings, request, tmp_path_factory, django_db_blocker
):
    """An xdist worker copies the test database another worker migrated, when there is one
    (tests/template_db.py)."""
    with django_db_blocker.unblock():
        template_db.begin(request.config, tmp_path_factory.getbasetemp().parent)


@pytest.fixture(scope="session")
def django_db_keepdb(django_db_keepdb, django_db_modify_db_settings):
    return template_db.keepdb(django_db_keepdb)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, request, tmp_path_factory):
    """The test database as `migrate` leaves it, plus the shared cache's table (the cache
    is Django's database cache, as in production without Redis). The xdist workers of a
    run seed the demo once between them (tests/demo_snapshot.py)."""
    from django.db.models.signals import post_migrate

    from tests import demo_snapshot

    if hasattr(request.config, "workerinput"):
        demo_snapshot.share_between_workers(tmp_path_factory.getbasetemp().parent)

    with django_db_blocker.unblock():
        call_command("createcachetable", verbosity=0)
        template_db.built()
    post_migrate.connect(_catalogue_after_flush, dispatch_uid="tests-catalogue-after-flush")
    yield
    with django_db_blocker.unblock():
        template_db.finish(request.config.option.verbose)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """Before a test's fixtures are set up, its module's base fixtures are made to hold
    what it takes of them (tests/module_scope.ModuleBase)."""
    item.session.stash[_WANTED] = wanted = base_wanted(item)
    module = item.getparent(pytest.Module)
    if module is not None and _MODULE_BASE in module.stash:
        module.stash[_MODULE_BASE].ready_for(wanted)


@pytest.hookimpl(wrapper=True)
def pytest_fixture_setup(fixturedef, request):
    """After a module- or class-scoped fixture is built in its module's transaction, the
    checks PostgreSQL deferred for its rows are done once (tests/module_scope.py
    `checks_done_once`), not again at the end of each test."""
    result = yield
    if fixturedef.scope in {"module", "class", "package"}:
        checks_done_once()
    return result


@pytest.fixture(scope="module")
def _module_base(request, django_db_setup, django_db_blocker):
    """The module's `region`, `project` and `users`, built once for the tests that take the
    same ones (tests/module_scope.ModuleBase)."""
    base = ModuleBase(django_db_blocker)
    request.node.stash[_MODULE_BASE] = base
    try:
        base.ready_for(request.session.stash[_WANTED])
        yield base
    finally:
        base.close()
        del request.node.stash[_MODULE_BASE]


@pytest.fixture
def region(_module_base, db):
    if "region" in _module_base.built:
        return _module_base.region()
    return RegionFactory(slug="esimerkki-test")


@pytest.fixture
def project(_module_base, region):
    if "project" in _module_base.built:
        return _module_base.project(region)
    return ProjectFactory(region=region)


@pytest.fixture
def users(_module_base, region):
    """One user per role in `region`, plus a preparer of another region."""
    if "users" in _module_base.built:
        return _module_base.users()
    return role_users(region)


@pytest.fixture
def login(client):
    def _login(user):
        client.force_login(user)
        return client

    return _login


@pytest.fixture
def password():
    return PASSWORD


@pytest.fixture
def user_factory(db):
    return UserFactory


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the site's default language: Django's test client leaves the
    language of its last request active in the thread, so a test after a /sv/ request
    would otherwise reverse /sv/ URLs (and the order differs when tests run in parallel)."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _fresh_page_cache():
    """Rendered public pages are cached per process (CACHES["pages"]), and so is what
    the dashboard computes from a project's content (CACHES["content"], under the
    project's content version, which a test's rollback takes back): each test starts
    without them. Django's cache of content types goes after each test: a test that puts
    the demo snapshot back (tests/demo_snapshot.py) may number the types differently, and
    its rollback takes those rows back while the cache would keep them."""
    from django.contrib.contenttypes.models import ContentType
    from django.core.cache import caches

    caches["pages"].clear()
    caches["content"].clear()
    # also before: a module's teardown (its transaction rolled back) comes after its last
    # test's, and what was read in between would be stale in the next test (seen as
    # guardian's MixedContentTypeError on a live server's first page)
    ContentType.objects.clear_cache()
    yield
    ContentType.objects.clear_cache()


@pytest.fixture(autouse=True)
def _scopes_disabled_in_test_code():
    """Test code (factories, direct service calls, assertions) reads across tenants freely;
    every request still runs scoped (phases.scoping.ScopeResetMiddleware starts each one
    outside every scope), so a view that forgets its scope fails here as in production."""
    from phases.scoping import scopes_disabled

    with scopes_disabled():
        yield


@pytest.fixture(autouse=True)
def _no_transactional_test_inside_a_module_transaction(request):
    """A transactional test commits for real, which a module's rolled-back transaction
    (`module_transaction`) would swallow: such tests live in modules without one."""
    if transactional(request.node, request.fixturenames):
        from django.db import connection

        assert not connection.in_atomic_block, (
            "a transactional test inside a module transaction: move it to a module "
            "without a module-scoped database fixture"
        )


@pytest.fixture(scope="module")
def module_demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo (`seed_demo`) seeded once for a module of read-mostly tests, as Django's
    `setUpTestData` does: inside a transaction that is rolled back after the module, each
    test running in its own savepoint within it (so a test's writes are undone too).
    Seeding costs seconds (three regions walked to their approved promises); a module of
    five tests that only read it pays once, and the process seeds it once
    (tests/demo_snapshot.py)."""
    from tests.demo_snapshot import seeded_demo

    with module_transaction(django_db_blocker, tmp_path_factory.mktemp("media")):
        yield seeded_demo()


@pytest.fixture(autouse=True)
def _public_cache_period_fixed(monkeypatch):
    """The public pages' validators include the current cache period (PUBLIC_CACHE_SECONDS,
    5 minutes): two requests of one test that straddle a period's end would get different
    ETags. Within a test the period stands still; a period's end is tested by passing `now`."""
    from indicators import national
    from indicators import views as indicator_views
    from promises.public import views as public_views

    original = public_views.period_start
    fixed = original()

    def pinned(now=None):
        return fixed if now is None else original(now)

    for module in (public_views, national, indicator_views):  # each imported it by name
        monkeypatch.setattr(module, "period_start", pinned)
