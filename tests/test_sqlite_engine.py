"""`make run` serves the demo from SQLite; the suite runs on PostgreSQL. Where the app's code
takes another path on SQLite (raw PostgreSQL SQL, full-text search, COPY, sequences), that
path is run here: the tests that reach it, in a pytest of their own on a SQLite database.

The opinion round's results page of the demo once crashed under `make run` (its votes were
read with PostgreSQL's `hashtextextended` and `::int4` on SQLite), while every test passed
on PostgreSQL. Every app module that asks which engine it is on must be listed in
`ENGINE_PATHS` with the tests that cover its SQLite path (the first test below fails
otherwise)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = ("servicelofte", "phases", "promises", "participation", "indicators")
ASKS_ENGINE = re.compile(r"connection\.vendor|\bis_postgres\(")

# app module -> the tests that take its SQLite path
ENGINE_PATHS = {
    "indicators/selectors.py": ["tests/indicators/test_overview_kept.py"],
    "participation/selectors.py": ["tests/participation/test_analysis_kept.py"],
    "participation/opinion/selectors.py": ["tests/participation/test_opinion.py"],
    "participation/opinion/services.py": ["tests/participation/test_opinion.py"],
    "phases/platform/backup/restore.py": [
        "tests/phases/test_backup.py::test_export_then_import_into_empty_database_loses_nothing"
    ],
}
# Reaches no engine branch, and seeds the whole demo (16 s on SQLite): left to PostgreSQL.
NOT_HERE = ["tests/participation/test_opinion.py::test_the_region_page_links_to_the_open_round"]


def test_every_module_that_asks_the_engine_has_its_sqlite_tests():
    asking = {
        str(path.relative_to(ROOT))
        for app in APPS
        for path in (ROOT / app).rglob("*.py")
        if "migrations" not in path.parts and ASKS_ENGINE.search(path.read_text())
    }
    assert asking == set(ENGINE_PATHS), (
        "list each module that branches on the database engine in ENGINE_PATHS, with the "
        "tests that reach its SQLite branch"
    )
    for test in [*NOT_HERE, *(test for tests in ENGINE_PATHS.values() for test in tests)]:
        path, _, name = test.partition("::")
        assert (ROOT / path).is_file(), test
        assert not name or f"def {name}(" in (ROOT / path).read_text(), test


def test_the_sqlite_paths_pass_on_sqlite(tmp_path):
    """The listed tests, on SQLite, in a process of their own (about 20 s of one core, a third of
    it migrating the SQLite database as `make run` does)."""
    nodes = sorted({test for tests in ENGINE_PATHS.values() for test in tests})
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("PYTEST_", "DATABASE_URL", "DJANGO_"))
    }
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    env["MEDIA_ROOT"] = str(tmp_path / "media")
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:xdist", "-q", "-x", *nodes]
        + [f"--deselect={node}" for node in NOT_HERE],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    tail = "\n".join(result.stdout.splitlines()[-60:])
    if result.returncode != 0:
        pytest.fail(f"on SQLite:\n{tail}\n{result.stderr[-3000:]}", pytrace=False)
    assert re.search(r"\b\d+ passed\b", tail) and "skipped" not in tail, tail
