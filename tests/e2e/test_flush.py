"""The closing flush of the browser tests (tests/e2e/conftest.py) empties every table, as
Django's TRUNCATE does, by deleting the rows of the tables that hold any."""

from __future__ import annotations

from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from phases.roles import Role
from tests.factories import ProjectFactory, RegionFactory, ensure_catalogue, member


def rows_per_table() -> dict[str, int]:
    quote = connection.ops.quote_name
    tables = connection.introspection.django_table_names(only_existing=True, include_views=False)
    with connection.cursor() as cursor:
        counts = {}
        for table in tables:
            cursor.execute(f"SELECT count(*) FROM {quote(table)}")
            counts[table] = cursor.fetchone()[0]
    return {table: count for table, count in counts.items() if count}


def test_a_live_server_test_is_flushed_by_the_quick_flush(request, live_server):
    # pytest-django's live-server helper sets up the database (and so its closing flush)
    # before any function-scoped fixture of a conftest: the quick flush is module-scoped,
    # so it is in place before the database is set up and until after it is flushed.
    assert request._fixture_defs["flush_by_deleting_rows"].scope == "module"
    assert connection.ops.execute_sql_flush.__qualname__.startswith("flush_by_deleting_rows")


def test_the_flush_deletes_every_row_of_every_table(transactional_db):
    ensure_catalogue()
    region = RegionFactory(slug="tyhjennys")
    member(region, Role.PREPARER)
    ProjectFactory(region=region)  # rows that refer to each other across many tables
    assert {"phases_region", "phases_promiseproject", "phases_phasedefinition"} <= set(
        rows_per_table()
    )

    with CaptureQueriesContext(connection) as queries:
        # As pytest-django's transactional tests call it (TransactionTestCase).
        call_command(
            "flush",
            verbosity=0,
            interactive=False,
            reset_sequences=False,
            allow_cascade=False,
            inhibit_post_migrate=True,
        )

    assert rows_per_table() == {}
    sql = [q["sql"] for q in queries.captured_queries]
    assert not [s for s in sql if s.startswith("TRUNCATE")]
    assert [s for s in sql if s.startswith('DELETE FROM "phases_promiseproject"')]
