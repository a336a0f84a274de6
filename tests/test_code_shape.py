"""Issue 28: small pieces. No function of the app code is longer than 120 lines (migrations
and data modules aside): a longer one is split into named steps."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("servicelofte", "phases", "promises", "participation", "indicators")
MAX_LINES = 120
DATA_MODULES = {"phases/catalogue_data.py"}


def long_functions() -> dict[str, int]:
    found = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            rel = path.relative_to(ROOT).as_posix()
            if "/migrations/" in rel or rel in DATA_MODULES:
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                    lines = node.end_lineno - node.lineno + 1
                    if lines > MAX_LINES:
                        found[f"{rel}:{node.name}"] = lines
    return found


def test_no_function_is_longer_than_120_lines():
    too_long = long_functions()
    assert not too_long, f"split these into named steps (lines): {too_long}"
