"""The demo data (`phases.demo.seed_demo`) for tests, seeded once per test process.

Seeding walks three regions to their approved promises through the real services (the
decision PDFs included): about ten seconds. Eleven fixtures of the suite need exactly that
data on an otherwise empty database. The first call in a process seeds it for real and
keeps a copy of every table (PostgreSQL `COPY ... TO STDOUT`) and of the files it stored;
each later call puts the same rows back (`DELETE` and `COPY ... FROM STDIN`, sequences
moved past the restored ids) and the files into the current MEDIA_ROOT: a fraction of a
second, and the same rows, ids included, as a fresh seed would give in that process.

Only an empty PostgreSQL database (no region, no user) gets the copy: anything else (rows
the test made first, another engine) is seeded for real, as the copy would replace them.
A fixture that needs the demo under other settings calls `seed_demo()` itself.

The xdist workers of one run share the copy (`share_between_workers`): the first to need it
seeds and leaves it in the run's shared temporary folder, under a lock that a worker needing
it meanwhile waits on; the other puts it back from there instead of seeding again.
"""

from __future__ import annotations

import fcntl
import os
import pickle
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import caches
from django.core.management.color import no_style
from django.db import connection, transaction

from tests.fast_flush import delete_rows


@dataclass(frozen=True)
class _Snapshot:
    tables: dict[str, tuple[list[str], bytes]]  # table -> (columns, COPY text)
    files: dict[str, bytes]  # path relative to MEDIA_ROOT -> content
    result: dict  # seed_demo()'s answer as primary keys


_snapshot: _Snapshot | None = None
_shared: Path | None = None  # the run's folder that the xdist workers share


def share_between_workers(folder: Path) -> None:
    global _shared
    _shared = folder


def seeded_demo() -> dict:
    """`seed_demo()`'s answer ({"region", "finished", "current", "users"}) on the demo data."""
    global _snapshot
    from phases.demo import seed_demo
    from phases.scoping import scopes_disabled

    with scopes_disabled():
        if not _empty():
            return seed_demo()
        if _snapshot is None and _shared is not None:
            with open(_shared / "demo-snapshot.lock", "w") as lock:
                fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
                shared = _shared / "demo-snapshot.pickle"
                if shared.exists():
                    _snapshot = pickle.loads(shared.read_bytes())
                else:
                    result, _snapshot = _seed_and_take()
                    part = shared.with_suffix(".part")
                    part.write_bytes(pickle.dumps(_snapshot))
                    os.replace(part, shared)
                    return result
        elif _snapshot is None:
            result, _snapshot = _seed_and_take()
            return result
        _restore(_snapshot)
        return _answer(_snapshot.result)


def _seed_and_take() -> tuple[dict, _Snapshot]:
    from phases.demo import seed_demo

    before = _media_files()
    result = seed_demo()
    return result, _take(result, before)


def _empty() -> bool:
    from django.contrib.auth import get_user_model

    from phases.models import Region

    return (
        connection.vendor == "postgresql"
        and not Region.objects.exists()
        and not get_user_model().objects.exists()
    )


def _tables() -> list[str]:
    return sorted(t for t in connection.introspection.table_names() if t != "django_migrations")


def _columns(cursor, table: str) -> list[str]:
    cursor.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_schema = "
        "current_schema() AND table_name = %s AND is_generated = 'NEVER' "
        "ORDER BY ordinal_position",
        [table],
    )
    return [row[0] for row in cursor.fetchall()]


def _media_files() -> dict[str, float]:
    root = Path(settings.MEDIA_ROOT)
    if not root.is_dir():
        return {}
    return {str(p.relative_to(root)): p.stat().st_mtime_ns for p in root.rglob("*") if p.is_file()}


def _take(result: dict, before: dict[str, float]) -> _Snapshot:
    tables = {}
    with connection.cursor() as wrapper:
        cursor = wrapper.cursor  # psycopg's own cursor: COPY
        for table in _tables():
            columns = _columns(wrapper, table)
            names = ", ".join(connection.ops.quote_name(c) for c in columns)
            with cursor.copy(f"COPY {connection.ops.quote_name(table)} ({names}) TO STDOUT") as c:
                tables[table] = (columns, b"".join(bytes(chunk) for chunk in c))
    root = Path(settings.MEDIA_ROOT)
    files = {
        name: (root / name).read_bytes()
        for name, mtime in _media_files().items()
        if before.get(name) != mtime
    }
    keys = {
        "region": result["region"].pk,
        "finished": result["finished"].pk,
        "current": result["current"].pk,
        "users": {role: user.pk for role, user in result["users"].items()},
    }
    return _Snapshot(tables=tables, files=files, result=keys)


def _restore(snapshot: _Snapshot) -> None:
    quote = connection.ops.quote_name
    with transaction.atomic(), connection.cursor() as wrapper:
        cursor = wrapper.cursor
        # DELETE of the few tables that hold rows (the catalogue, the content types and
        # permissions): TRUNCATE made new files for all of them (about 0.35 s a restore)
        delete_rows(connection, list(snapshot.tables))
        for table, (columns, data) in snapshot.tables.items():
            if not data:
                continue
            names = ", ".join(quote(c) for c in columns)
            with cursor.copy(f"COPY {quote(table)} ({names}) FROM STDIN") as c:
                c.write(data)
        models = apps.get_models(include_auto_created=True)
        wrapper.execute("\n".join(connection.ops.sequence_reset_sql(no_style(), models)))
    ContentType.objects.clear_cache()  # the restored rows may number the types differently
    root = Path(settings.MEDIA_ROOT)
    for name, content in snapshot.files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    for alias in settings.CACHES:  # what the seed left in a per-process cache is gone
        if alias != "default":
            caches[alias].clear()


def _answer(keys: dict) -> dict:
    from django.contrib.auth import get_user_model

    from phases.models import PromiseProject, Region

    users = get_user_model().objects.in_bulk(keys["users"].values())
    return {
        "region": Region.objects.get(pk=keys["region"]),
        "finished": PromiseProject.objects.get(pk=keys["finished"]),
        "current": PromiseProject.objects.get(pk=keys["current"]),
        "users": {role: users[pk] for role, pk in keys["users"].items()},
    }
