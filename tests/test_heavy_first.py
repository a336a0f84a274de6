"""The list of the longest test files (tests/heavy_first.py) names files that exist, and
the suite runs them first, each file's tests together and in order."""

from pathlib import Path

from tests import heavy_first

ROOT = Path(__file__).resolve().parent.parent


def test_every_weighed_file_exists():
    missing = [name for name in heavy_first.WEIGHTS if not (ROOT / name).is_file()]
    assert not missing, f"tests/heavy_first.py weighs files that are gone: {missing}"


def test_the_longest_files_come_first_with_their_tests_together_and_in_order():
    class Item:
        def __init__(self, nodeid):
            self.nodeid = nodeid

    names = [
        "tests/e2e/test_flush.py::a",
        "tests/phases/test_backup.py::a",
        "tests/phases/test_backup.py::b",
        "tests/phases/test_views.py::a",
        "tests/test_unchanged_save_matrix.py::x[fi]",
        "tests/test_unchanged_save_matrix.py::x[sv]",
        "tests/test_unchanged_save_matrix.py::y",
    ]
    items = [Item(n) for n in names]
    heavy_first.order(items)
    assert [i.nodeid for i in items] == [
        "tests/test_unchanged_save_matrix.py::x[fi]",
        "tests/test_unchanged_save_matrix.py::x[sv]",
        "tests/test_unchanged_save_matrix.py::y",
        "tests/phases/test_backup.py::a",
        "tests/phases/test_backup.py::b",
        "tests/e2e/test_flush.py::a",
        "tests/phases/test_views.py::a",
    ]
