"""A quicker closing flush for transactional tests (live server, `transactional_db`).

pytest-django ends such a test with Django's `flush`: one TRUNCATE of every table of the
project's models (about ninety). TRUNCATE makes new files for each table and index, so it
costs the same whatever the rows: about 4.5 s a test on a loaded 2-core machine. A test
leaves rows in a few of the tables: deleting those rows empties the database just the same
in a fraction of a second. tests/conftest.py imports `flush_by_deleting_rows`, so every
transactional test of the suite has it.
"""

from __future__ import annotations

import pytest
from django.db import connections, transaction


def delete_every_row(connection) -> None:
    """Empty every table of the project's models, as `flush` does at the end of a
    transactional test, with DELETE instead of TRUNCATE: a journey leaves rows in a few
    dozen of the ninety tables, and TRUNCATE makes new files for every table and index
    (about 4.5 s on a loaded machine, whatever the rows) where DELETE of the tables
    that hold rows takes a fraction of a second. The project's foreign keys are
    deferrable (Django makes them so on PostgreSQL and SQLite), so the order of the
    tables does not matter."""
    tables = sorted(
        connection.introspection.django_table_names(only_existing=True, include_views=False)
    )
    delete_rows(connection, tables)


def delete_rows(connection, tables: list[str]) -> None:
    """Empty `tables`: a DELETE of those that hold rows (found in one query), with the
    foreign keys deferred to the end of the transaction."""
    quote = connection.ops.quote_name
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        cursor.execute(
            " UNION ALL ".join(
                f"SELECT {i} WHERE EXISTS (SELECT 1 FROM {quote(table)})"
                for i, table in enumerate(tables)
            )
        )
        filled = [tables[i] for (i,) in cursor.fetchall()]
        if connection.vendor == "postgresql":  # SQLite's are created deferred already
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        for table in filled:
            cursor.execute(f"DELETE FROM {quote(table)}")


@pytest.fixture(scope="module", autouse=True)
def flush_by_deleting_rows():
    """A transactional test's closing flush (pytest-django's, Django's `flush` command)
    deletes the rows (`delete_every_row`) instead of truncating every table; anything but
    the plain flush (sequences reset, another engine) runs as Django has it. Module-scoped:
    set up before, and undone after, the test's database fixtures (pytest-django's own
    autouse live-server helper sets up `transactional_db` before any function-scoped
    fixture of a conftest)."""
    connection = connections["default"]
    ops = connection.ops
    truncate = ops.execute_sql_flush

    def execute_sql_flush(sql_list):
        plain = (
            connection.vendor == "postgresql"
            and len(sql_list) == 1
            and sql_list[0].startswith("TRUNCATE ")
            and "RESTART IDENTITY" not in sql_list[0]
        )
        if plain:
            delete_every_row(connection)
        else:
            truncate(sql_list)

    ops.execute_sql_flush = execute_sql_flush
    yield
    del ops.execute_sql_flush
