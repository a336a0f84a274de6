"""Side-by-side comparison of two promise versions (two frozen snapshots).

Word-level diff with difflib. The older text is shown with removed words in <del>, the
newer one with added words in <ins>; the page explains the marks in words too, so the
change is not told by colour alone. One comparison per language.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from phases.perspectives import Perspective, Side

_TOKENS = re.compile(r"\s+|[^\s]+")


def _tokens(text: str) -> list[str]:
    return _TOKENS.findall(text or "")


@dataclass
class WordDiff:
    old: SafeString
    new: SafeString
    changed: bool
    added: int = 0
    removed: int = 0


def diff_words(old: str, new: str) -> WordDiff:
    """Both texts as HTML: the old with <del> for removed words, the new with <ins>."""
    a, b = _tokens(old), _tokens(new)
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    left: list[str] = []
    right: list[str] = []
    removed_label = escape(_("removed"))
    added_label = escape(_("added"))
    removed_mark = f'<span class="visually-hidden">[{removed_label}] </span>'
    added_mark = f'<span class="visually-hidden">[{added_label}] </span>'

    added = removed = 0
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        old_part = escape("".join(a[i1:i2]))
        new_part = escape("".join(b[j1:j2]))
        if op == "equal":
            left.append(old_part)
            right.append(new_part)
            continue
        if op in ("replace", "delete") and old_part.strip():
            left.append(f"<del>{removed_mark}{old_part}</del>")
            removed += sum(1 for t in a[i1:i2] if t.strip())
        else:
            left.append(old_part)
        if op in ("replace", "insert") and new_part.strip():
            right.append(f"<ins>{added_mark}{new_part}</ins>")
            added += sum(1 for t in b[j1:j2] if t.strip())
        else:
            right.append(new_part)
    return WordDiff(
        old=mark_safe("".join(left)),  # noqa: S308 - every part escaped above
        new=mark_safe("".join(right)),  # noqa: S308
        changed=bool(added or removed),
        added=added,
        removed=removed,
    )


@dataclass
class DiffRow:
    label: str
    diff: WordDiff
    status: str  # "same", "changed", "added", "removed"

    @property
    def changed(self) -> bool:
        return self.status != "same"


@dataclass
class DiffSection:
    title: str
    rows: list[DiffRow] = field(default_factory=list)

    @property
    def changes(self) -> int:
        return sum(1 for r in self.rows if r.changed)


def _row(label: str, old: str | None, new: str | None) -> DiffRow:
    diff = diff_words(old or "", new or "")
    if old is None:
        status = "added"
    elif new is None:
        status = "removed"
    else:
        status = "changed" if diff.changed else "same"
    return DiffRow(label, diff, status)


def _t(value: dict | None, language: str) -> str:
    return (value or {}).get(language) or ""


def _by_id(items: list[dict]) -> dict[int, dict]:
    return {item["id"]: item for item in items}


def _paired(old_items: list[dict], new_items: list[dict]):
    """(old, new) pairs matched by id, in the new order; removed items where they were."""
    old_ids = _by_id(old_items)
    new_ids = {item["id"] for item in new_items}
    pairs = []
    for item in new_items:
        pairs.append((old_ids.get(item["id"]), item))
    for index, item in enumerate(old_items):
        if item["id"] not in new_ids:
            pairs.insert(min(index, len(pairs)), (item, None))
    return pairs


def _goal_names(commitment: dict | None, language: str) -> str | None:
    if commitment is None:
        return None
    return "; ".join(
        " ".join(x for x in (g.get("code", ""), _t(g.get("title"), language)) if x)
        for g in commitment.get("strategy_goals", [])
    )


def compare_snapshots(old: dict, new: dict, language: str) -> list[DiffSection]:
    """The two snapshots compared in one language, section by section."""
    sections: list[DiffSection] = []
    head = DiffSection(_("Promise"))
    head.rows.append(
        _row(_("Customer segment"), _t(old["title"], language), _t(new["title"], language))
    )
    head.rows.append(_row(_("Vision"), _t(old["vision"], language), _t(new["vision"], language)))
    sections.append(head)
    old_cells = {(c["perspective"], c["side"]): c for c in old.get("cells", [])}
    new_cells = {(c["perspective"], c["side"]): c for c in new.get("cells", [])}
    side_labels = dict(Side.choices)
    for key, label in Perspective.choices:
        section = DiffSection(str(label))
        for side in Side.values:
            oc, nc = old_cells.get((key, side), {}), new_cells.get((key, side), {})
            side_label = side_labels[side]
            section.rows.append(
                _row(
                    _("%(side)s: goal summary") % {"side": side_label},
                    _t(oc.get("goal"), language),
                    _t(nc.get("goal"), language),
                )
            )
            for o, n in _paired(oc.get("statements", []), nc.get("statements", [])):
                section.rows.append(
                    _row(
                        _("%(side)s: statement") % {"side": side_label},
                        _t(o["text"], language) if o else None,
                        _t(n["text"], language) if n else None,
                    )
                )
        _commitment_rows(section, old, new, key, language)
        sections.append(section)
    # Cross-cutting commitments (no perspective) have a section of their own.
    section = DiffSection(str(_("Cross-cutting")))
    _commitment_rows(section, old, new, "", language)
    if section.rows:
        sections.append(section)
    return sections


def _commitment_rows(section, old: dict, new: dict, key: str, language: str) -> None:
    old_commitments = [c for c in old.get("commitments", []) if (c.get("perspective") or "") == key]
    new_commitments = [c for c in new.get("commitments", []) if (c.get("perspective") or "") == key]
    # A commitment moved to another perspective shows as removed here, added there.
    for o, n in _paired(old_commitments, new_commitments):
        section.rows.append(
            _row(
                _("Commitment"),
                _t(o["title"], language) if o else None,
                _t(n["title"], language) if n else None,
            )
        )
        if (o and _t(o["description"], language)) or (n and _t(n["description"], language)):
            section.rows.append(
                _row(
                    _("Commitment: description"),
                    _t(o["description"], language) if o else None,
                    _t(n["description"], language) if n else None,
                )
            )
        section.rows.append(
            _row(
                _("Commitment: strategy goals"),
                _goal_names(o, language),
                _goal_names(n, language),
            )
        )
