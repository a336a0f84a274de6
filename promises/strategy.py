"""The region's strategy tree: bulk entry from a pasted outline, and the tree for display.

A pasted outline has one node per line; its depth comes from a leading code ("1", "1.2",
"1.2.3", "A1.2") or, without one, from the indentation (a tab or any deeper indent is one
level down). Depth 1 is the first level the list uses (by default the theme), and so on:
the caller names which levels the list holds. The import is all-or-nothing: any bad line
stops it with an error naming the line, and nothing is written.

A spreadsheet (xlsx or CSV) is read as the same outline, one row a line: a row whose first
cell is a code and second a name is "code name"; otherwise the column of its first filled
cell gives the depth (themes in column A, focus areas in B, ...).

A line whose code already exists in the same source adds that language's name to the
existing node, so the same list pasted in Swedish translates the Finnish one.

Bounded work (issue 24): a list has at most MAX_LINES lines, a file at most MAX_FILE_BYTES
bytes, MAX_LINES rows (only its first MAX_COLUMNS columns are read; an xlsx is streamed
read-only and its unpacked size is capped too). Past a cap the import stops with a message
naming the cap before anything is parsed further, and nothing is written. The nodes are
written in bulk: one insert per level and one update for the translated ones. Text is
cleaned with phases.text_hygiene.clean_text, as in every form.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from phases.models import Region
from phases.text_hygiene import clean_text, strip_invisible

from .models import StrategyGoal

MAX_DEPTH = 4
CODE = re.compile(r"^(?P<code>[A-Za-zÅÄÖåäö]{0,4}\d+(?:\.\d+)*)\.?\s+(?P<title>\S.*)$")
BULLET = re.compile(r"^[-*•–]\s+")
TITLE_MAX = StrategyGoal._meta.get_field("title").max_length
CODE_MAX = StrategyGoal._meta.get_field("code").max_length
# The caps of one import (a city strategy has a few hundred nodes).
MAX_LINES = 2_000


@dataclass
class OutlineLine:
    number: int
    depth: int
    code: str
    title: str


class OutlineError(ValidationError):
    """The lines that could not be read: [(line number, message)]."""

    def __init__(self, errors: list[tuple[int, str]]):
        self.line_errors = errors
        super().__init__(
            [
                _("Line %(number)d: %(message)s") % {"number": number, "message": message}
                for number, message in errors
            ]
        )


def too_many_lines() -> ValidationError:
    return ValidationError(
        _("The list has more than %(max)s lines; import at most %(max)s lines at a time.")
        % {"max": number_format(MAX_LINES, force_grouping=True)},
        code="too_many_lines",
    )


def _code_depth(code: str) -> int:
    return len(re.sub(r"^[A-Za-zÅÄÖåäö]+", "", code).split("."))


def parse_outline(text: str, *, tabs_exact: bool = False) -> list[OutlineLine]:
    """The outline's lines with their depth (1–4); OutlineError lists every bad line.

    `tabs_exact`: a line's leading tabs are its depth less one (a spreadsheet's column), not
    merely "deeper than the line above"."""
    raw_lines = clean_text(text or "").splitlines()
    if len(raw_lines) > MAX_LINES:
        raise too_many_lines()
    lines: list[OutlineLine] = []
    errors: list[tuple[int, str]] = []
    indents: list[int] = []  # the indentation of each open depth
    previous_depth = 0
    for number, raw in enumerate(raw_lines, start=1):
        if not strip_invisible(raw):
            continue  # blank, or only invisible characters
        tabs = len(raw) - len(raw.lstrip("\t"))
        expanded = raw.replace("\t", "    ")
        indent = len(expanded) - len(expanded.lstrip())
        body = BULLET.sub("", expanded.strip())
        match = CODE.match(body)
        if match:
            code, title = match["code"], match["title"].strip()
            depth = _code_depth(code)
        elif tabs_exact:
            code, title, depth = "", body, tabs + 1
        else:
            code, title = "", body
            dedented = False
            while indents and indent < indents[-1]:
                indents.pop()
                dedented = True
            if dedented and indents and indent != indents[-1]:
                errors.append((number, _("the indentation matches no line above.")))
                continue
            if not indents or indent > indents[-1]:
                indents.append(indent)
            depth = len(indents)
        if match:
            indents = indents[: depth - 1] + [indent]
        if depth > MAX_DEPTH:
            errors.append(
                (number, _("more than %(max)d levels; the tree has four at most.") % {"max": 4})
            )
            continue
        if depth > previous_depth + 1:
            errors.append((number, _("it is more than one level below the line above it.")))
            continue
        title = strip_invisible(title)
        if not title:
            errors.append((number, _("the line has a code but no name.")))
            continue
        if len(title) > TITLE_MAX:
            errors.append(
                (number, _("the name is longer than %(max)d characters.") % {"max": TITLE_MAX})
            )
            continue
        if len(code) > CODE_MAX:
            errors.append(
                (number, _("the code is longer than %(max)d characters.") % {"max": CODE_MAX})
            )
            continue
        previous_depth = depth
        lines.append(OutlineLine(number=number, depth=depth, code=code, title=title))
    if not lines and not errors:
        errors.append((1, _("the list is empty.")))
    if errors:
        raise OutlineError(errors)
    return lines


def strategy_import(
    *,
    region: Region,
    kind: str,
    text: str,
    language: str,
    levels: list[int],
    from_spreadsheet: bool = False,
) -> list[StrategyGoal]:
    """Create (or translate, by code) the outline's nodes under `kind`, all or nothing.

    `levels` are the levels the outline's depths stand for, top first (e.g. [1, 2, 3, 4]
    or [1, 3] for themes over goals).
    """
    levels = sorted({int(level) for level in levels})
    if not levels or any(level not in StrategyGoal.Level.values for level in levels):
        raise ValidationError(_("Choose the levels the list holds."))
    lines = parse_outline(text, tabs_exact=from_spreadsheet)
    errors = [
        (
            line.number,
            _("the list holds %(count)d levels; this line is on level %(depth)d.")
            % {"count": len(levels), "depth": line.depth},
        )
        for line in lines
        if line.depth > len(levels)
    ]
    if errors:
        raise OutlineError(errors)
    with transaction.atomic():
        created, translated = _plan(region, kind, lines, language, levels, errors)
        if errors:
            raise OutlineError(errors)  # nothing was written yet
        for depth in range(1, MAX_DEPTH + 1):  # parents first, so children get their id
            StrategyGoal.objects.bulk_create([g for g, d in created if d == depth])
        StrategyGoal.objects.bulk_update(translated, [f"title_{language}"])
    return [goal for goal, _depth in created]


def _plan(region, kind, lines, language, levels, errors):
    """The new nodes (with their depth) and the existing ones given a translation, in
    memory; the errors are appended to `errors`. Locks the source's nodes."""
    created: list[tuple[StrategyGoal, int]] = []
    translated: dict[int, StrategyGoal] = {}
    existing = {
        g.code: g
        for g in StrategyGoal.objects.select_for_update().filter(region=region, kind=kind)
        if g.code
    }
    order = (
        StrategyGoal.objects.filter(region=region, kind=kind).aggregate(m=Max("order"))["m"] or 0
    )
    parents: dict[int, StrategyGoal] = {}
    for line in lines:
        level = levels[line.depth - 1]
        parent = parents.get(line.depth - 1) if line.depth > 1 else None
        goal = existing.get(line.code) if line.code else None
        if goal is not None:
            if goal.level != level:
                errors.append(
                    (
                        line.number,
                        _("the code %(code)s is already a %(level)s.")
                        % {"code": line.code, "level": goal.get_level_display()},
                    )
                )
                continue
            setattr(goal, f"title_{language}", line.title)
            if goal.pk:
                translated[goal.pk] = goal
        else:
            order += 1
            goal = StrategyGoal(
                region=region, kind=kind, code=line.code, level=level, parent=parent, order=order
            )
            setattr(goal, f"title_{language}", line.title)
            created.append((goal, line.depth))
            if line.code:
                existing[line.code] = goal
        parents[line.depth] = goal
        for deeper in [d for d in parents if d > line.depth]:
            del parents[deeper]
    return created, list(translated.values())


# -- spreadsheets -------------------------------------------------------------------------

CODE_ONLY = re.compile(r"^[A-Za-zÅÄÖåäö]{0,4}\d+(?:\.\d+)*\.?$")
HEADERS = {"code", "koodi", "kod", "name", "nimi", "namn", "level", "taso", "nivå"}
MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_COLUMNS = 10  # columns A–J: a code, a name, and the four levels' columns with room
# An xlsx is a zip (a 2 MB one may unpack to gigabytes): openpyxl reads every part but the
# worksheets whole, and a worksheet is streamed row by row (only the rows up to the cap are
# read) but one cell is read whole, so every part's unpacked size is capped.
MAX_XLSX_PART_BYTES = 4 * 1024 * 1024
# A cell is read up to one character past the longest name (TITLE_MAX), so a longer one is
# still refused, never cut: an xlsx may point every cell at one huge shared string.
CELL_READ_MAX = TITLE_MAX + 1


def _cell(value) -> str:
    if value is None:
        return ""
    text = str(value)[:CELL_READ_MAX]
    return " ".join(clean_text(text).split())  # a line break in a cell is a space


def outline_from_rows(rows) -> str:
    """Spreadsheet rows as an outline (one line per row, so line numbers are row numbers).
    Reads at most MAX_LINES rows (a ValidationError past them) and MAX_COLUMNS columns."""
    lines = []
    for number, row in enumerate(rows, start=1):
        if number > MAX_LINES:
            raise too_many_rows()
        cells = [_cell(c) for c in list(row)[:MAX_COLUMNS]]
        filled = [i for i, c in enumerate(cells) if c]
        if not filled:
            lines.append("")
            continue
        first = filled[0]
        if number == 1 and cells[first].lower() in HEADERS:
            lines.append("")  # a header row
            continue
        rest = [cells[i] for i in filled[1:]]
        if CODE_ONLY.match(cells[first]) and rest:
            lines.append(f"{cells[first].rstrip('.')} {rest[0]}")
        else:
            lines.append("\t" * first + cells[first])
    return "\n".join(lines)


def too_many_rows() -> ValidationError:
    return ValidationError(
        _("The file has more than %(max)s rows; import at most %(max)s rows at a time.")
        % {"max": number_format(MAX_LINES, force_grouping=True)},
        code="too_many_rows",
    )


def unreadable() -> ValidationError:
    return ValidationError(_("The file could not be read as a spreadsheet."), code="unreadable")


def outline_from_file(upload) -> str:
    """An uploaded xlsx or CSV file as an outline; ValidationError when it is neither or
    when it is past a cap."""
    data = upload.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise ValidationError(_("The file is larger than 2 MB."), code="too_large")
    if data[:4] == b"PK\x03\x04":
        return _outline_from_xlsx(data)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise unreadable() from exc
    delimiter = ";" if text.count(";") >= text.count(",") else ","
    try:
        return outline_from_rows(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:  # a cell over the csv module's size limit, a stray NUL
        raise unreadable() from exc


def _outline_from_xlsx(data: bytes) -> str:
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise unreadable() from exc
    if any(part.file_size > MAX_XLSX_PART_BYTES for part in parts):
        raise ValidationError(
            _("The spreadsheet is too large: a part of it holds more than %(max)s MB unpacked.")
            % {"max": MAX_XLSX_PART_BYTES // (1024 * 1024)},
            code="too_large_unpacked",
        )
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise unreadable() from exc
    try:
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()  # the file's own <dimension> may say less (or more) than it holds
        rows = sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True)
        return outline_from_rows(rows)
    except ValidationError:
        raise
    except Exception as exc:  # a broken sheet shows only while it is read
        raise unreadable() from exc
    finally:
        workbook.close()


# -- the tree for display ----------------------------------------------------------------


@dataclass
class Node:
    goal: StrategyGoal
    children: list[Node] = field(default_factory=list)


def build_tree(goals: list[StrategyGoal]) -> list[Node]:
    """The goals (one list, any order kept) as a forest; a node whose parent is not in the
    list is a root."""
    nodes = {g.pk: Node(g) for g in goals}
    roots = []
    for g in goals:
        parent = nodes.get(g.parent_id)
        (parent.children if parent else roots).append(nodes[g.pk])
    return roots


def flatten(roots: list[Node], depth: int = 0):
    """(depth, goal) in tree order, for indented lists and choice fields."""
    for node in roots:
        yield depth, node.goal
        yield from flatten(node.children, depth + 1)
