"""Issue 28: small pieces. No function of the app code is longer than 120 lines (migrations
and data modules aside): a longer one is split into named steps. No template line is longer
than 160 characters."""

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


# -- templates: no line over 160 characters ------------------------------------------------
MAX_TEMPLATE_LINE = 160


def long_template_lines(root: Path = ROOT) -> dict[str, list[int]]:
    """{template: [numbers of its lines over the limit]} of the project's templates."""
    found = {}
    for folder in (*PACKAGES, "templates"):
        for path in sorted((root / folder).rglob("*.html")):
            rel = path.relative_to(root).as_posix()
            lines = path.read_text(encoding="utf-8").splitlines()
            numbers = [n for n, line in enumerate(lines, 1) if len(line) > MAX_TEMPLATE_LINE]
            if numbers:
                found[rel] = numbers
    return found


def test_no_template_line_is_longer_than_160_characters():
    too_long = long_template_lines()
    assert not too_long, (
        "break these template lines (attributes one a line, {% with %}, labels chosen in the "
        f"view or a template tag): {too_long}"
    )
