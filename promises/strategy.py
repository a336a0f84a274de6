"""The region's strategy tree: bulk entry from a pasted outline, and the tree for display.

A pasted outline has one node per line; its depth comes from a leading code ("1", "1.2",
"1.2.3", "A1.2") or, without one, from the indentation (a tab or any deeper indent is one
level down). Depth 1 is the first level the list uses (by default the theme), and so on:
the caller names which levels the list holds. The import is all-or-nothing: any bad line
stops it with an error naming the line, and nothing is written.

A line whose code already exists in the same source adds that language's name to the
existing node, so the same list pasted in Swedish translates the Finnish one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from phases.models import Region

from .models import StrategyGoal

MAX_DEPTH = 4
CODE = re.compile(r"^(?P<code>[A-Za-zÅÄÖåäö]{0,4}\d+(?:\.\d+)*)\.?\s+(?P<title>\S.*)$")
BULLET = re.compile(r"^[-*•–]\s+")
TITLE_MAX = StrategyGoal._meta.get_field("title").max_length
CODE_MAX = StrategyGoal._meta.get_field("code").max_length


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


def _code_depth(code: str) -> int:
    return len(re.sub(r"^[A-Za-zÅÄÖåäö]+", "", code).split("."))


def parse_outline(text: str) -> list[OutlineLine]:
    """The outline's lines with their depth (1–4); OutlineError lists every bad line."""
    lines: list[OutlineLine] = []
    errors: list[tuple[int, str]] = []
    indents: list[int] = []  # the indentation of each open depth
    previous_depth = 0
    for number, raw in enumerate((text or "").splitlines(), start=1):
        if not raw.strip():
            continue
        expanded = raw.replace("\t", "    ")
        indent = len(expanded) - len(expanded.lstrip())
        body = BULLET.sub("", expanded.strip())
        match = CODE.match(body)
        if match:
            code, title = match["code"], match["title"].strip()
            depth = _code_depth(code)
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
    *, region: Region, kind: str, text: str, language: str, levels: list[int]
) -> list[StrategyGoal]:
    """Create (or translate, by code) the outline's nodes under `kind`, all or nothing.

    `levels` are the levels the outline's depths stand for, top first (e.g. [1, 2, 3, 4]
    or [1, 3] for themes over goals).
    """
    levels = sorted({int(level) for level in levels})
    if not levels or any(level not in StrategyGoal.Level.values for level in levels):
        raise ValidationError(_("Choose the levels the list holds."))
    lines = parse_outline(text)
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
    created: list[StrategyGoal] = []
    with transaction.atomic():
        existing = {
            g.code: g
            for g in StrategyGoal.objects.select_for_update().filter(region=region, kind=kind)
            if g.code
        }
        order = (
            StrategyGoal.objects.filter(region=region, kind=kind).aggregate(m=Max("order"))["m"]
            or 0
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
                goal.save(update_fields=[f"title_{language}"])
            else:
                order += 1
                goal = StrategyGoal(
                    region=region,
                    kind=kind,
                    code=line.code,
                    level=level,
                    parent=parent,
                    order=order,
                )
                setattr(goal, f"title_{language}", line.title)
                goal.save()
                created.append(goal)
                if line.code:
                    existing[line.code] = goal
            parents[line.depth] = goal
            for deeper in [d for d in parents if d > line.depth]:
                del parents[deeper]
        if errors:
            raise OutlineError(errors)  # leaving the atomic block undoes every line
    return created


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
