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
OPINION = "tests/participation/test_opinion.py::"
ENGINE_PATHS = {
    "indicators/selectors.py": [
        "tests/indicators/test_overview_kept.py::test_a_warm_overview_is_the_same_page_with_fewer_queries"
    ],
    "participation/selectors.py": [
        "tests/participation/test_analysis_kept.py::"
        "test_each_user_gets_the_rows_of_their_own_permission_and_filters_their_own_query"
    ],
    "participation/opinion/selectors.py": [
        OPINION + "test_the_public_results_page_shows_the_groups_with_a_chart_and_its_table",
        OPINION + "test_results_are_computed_in_the_background_once_per_round",
    ],
    "participation/opinion/services.py": [
        OPINION + "test_a_vote_is_one_per_participant_and_statement_and_can_be_changed",
        OPINION + "test_a_vote_posted_to_the_page_asks_two_queries",
        OPINION + "test_a_vote_in_place_answers_with_the_next_statement_only",
    ],
    "phases/platform/backup/restore.py": [
        "tests/phases/test_backup_refusals.py::test_the_good_archive_restores",
        "tests/phases/test_backup_refusals.py::test_a_crafted_archive_is_refused_and_writes_nothing",
    ],
}


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
    for test in (test for tests in ENGINE_PATHS.values() for test in tests):
        path, _, name = test.partition("::")
        assert (ROOT / path).is_file(), test
        assert not name or f"def {name}(" in (ROOT / path).read_text(), test


def test_the_sqlite_paths_pass_on_sqlite(tmp_path):
    """The listed tests, on SQLite, in a process of their own (about 15 s of one core, a third of
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
        [sys.executable, "-m", "pytest", "-p", "no:xdist", "-q", "-x", *nodes],
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
