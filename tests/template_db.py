"""One migrated test database for all xdist workers: the first worker to get here migrates its
own as usual and copies it as a template (PostgreSQL `CREATE DATABASE ... TEMPLATE`, under a
second); each other worker starts from a copy of that template instead of migrating again.
Django's own parallel test runner gives its workers copies the same way (`clone_test_db`).

The workers agree through a lock file in the run's shared temporary folder: a worker that
finds the template copies it; one that does not builds it, holding the lock until it is
there. The builder drops the template when its run ends (under the lock, so a worker that
starts later builds its own). Only for xdist workers on PostgreSQL without --reuse-db: any
other run sets its database up as pytest-django does.
"""

from __future__ import annotations

import fcntl
from dataclasses import dataclass
from pathlib import Path
from typing import IO


@dataclass
class TemplateState:
    mode: str = "off"  # "off" (pytest-django as is), "build" or "copy"
    lock: IO | None = None
    marker: Path | None = None
    template: str = ""
    own: str = ""
    old_name: str = ""


STATE = TemplateState()


def _quote(name: str) -> str:
    from django.db import connection

    return connection.ops.quote_name(name)


def _nodb_execute(*statements: str) -> None:
    from django.db import connection

    with connection.creation._nodb_cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def begin(config, shared: Path) -> None:
    """Before pytest-django sets the worker's database up: copy the template when it is
    there, else take the lock to build it (held until `built`)."""
    from django.db import connection, connections

    worker = getattr(config, "workerinput", {}).get("workerid")
    if not worker or config.getvalue("reuse_db") or connection.vendor != "postgresql":
        return
    if len(connections.settings) != 1:
        return  # one database alias: the suite's
    own = connection.creation._get_test_db_name()
    STATE.own, STATE.old_name = own, connection.settings_dict["NAME"]
    STATE.template = own.removesuffix(f"_{worker}") + "_template"
    STATE.marker = shared / "test-database-template"
    _acquire(shared / "test-database-template.lock")
    if STATE.marker.exists() and STATE.marker.read_text() == STATE.template:
        _nodb_execute(
            f"DROP DATABASE IF EXISTS {_quote(own)}",
            f"CREATE DATABASE {_quote(own)} TEMPLATE {_quote(STATE.template)}",
        )
        STATE.mode = "copy"
        _release()
    else:
        STATE.mode = "build"


def keepdb(default: bool) -> bool:
    """pytest-django keeps (finds) a copied database instead of creating it."""
    return default or STATE.mode == "copy"


def built() -> None:
    """After pytest-django migrated the builder's database: copy it as the template."""
    from django.db import connections

    if STATE.mode != "build":
        return
    connections.close_all()  # a template may have no open session
    _nodb_execute(
        f"DROP DATABASE IF EXISTS {_quote(STATE.template)}",
        f"CREATE DATABASE {_quote(STATE.template)} TEMPLATE {_quote(STATE.own)}",
    )
    STATE.marker.write_text(STATE.template)
    _release()


def finish(verbosity: int) -> None:
    """At the end of the worker's run: a copy is dropped (pytest-django kept it, believing
    it reused), and the builder drops the template."""
    from django.db import connection, connections

    if STATE.mode == "copy":
        connections.close_all()
        connection.creation.destroy_test_db(STATE.old_name, verbosity, keepdb=False)
    elif STATE.mode == "build":
        _acquire(STATE.marker.with_name("test-database-template.lock"))
        try:
            STATE.marker.unlink(missing_ok=True)
            _nodb_execute(f"DROP DATABASE IF EXISTS {_quote(STATE.template)}")
        finally:
            _release()


def _acquire(path: Path) -> None:
    STATE.lock = open(path, "w")  # noqa: SIM115 (closed by _release)
    fcntl.flock(STATE.lock, fcntl.LOCK_EX)


def _release() -> None:
    if STATE.lock is not None:
        fcntl.flock(STATE.lock, fcntl.LOCK_UN)
        STATE.lock.close()
        STATE.lock = None
