"""Finnish–Swedish word pairs learned from the app's own parallel texts (issue 27, fourth pass).

The themes' bridge (themes.py) writes a Swedish term as its Finnish pair so that comments of
both languages on one topic share a vocabulary. The hand glossary gives a few hundred pairs;
this module learns more from texts the app already holds in both languages: the national
model's catalogue (phases/catalogue_data.py), the demo promise's goals and strategy
(promises/demo.py), the translation catalogues (locale/*/LC_MESSAGES/django.po, a Finnish and
a Swedish msgstr of one msgid) and the round's own promise texts (the bridge's sentences).

Method: the texts are split into aligned sentences where both sides have as many sentences,
each side read as a set of content terms (language.Analyzer.terms), and a Swedish term is
paired with the Finnish term of the highest Dice coefficient over those sentence pairs, kept
only when the two are each other's best (competitive linking), seen together at least
``min_count`` times and with Dice at least ``min_dice``. Nothing is downloaded: the texts are
the repository's.
"""

from __future__ import annotations

import ast
import re
import threading
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from . import language
from .language import Analyzer

BASE = Path(__file__).resolve().parents[2]
# learned_words' thresholds (fourth pass, bench/README.md; the themes' bench variant and the
# suggestion's LEARNED_SHARED)
MIN_COUNT = 3
MIN_DICE = 0.5
LOCALE = BASE / "locale"

_SENTENCE_END = re.compile(r"(?<=[.!?;:])\s+(?=[A-ZÅÄÖ0-9\"“(])")


# ---------------------------------------------------------------------------------------------
# .po catalogues


def _unquote(literal: str) -> str:
    """A .po string literal ("..." with C escapes) as text; a malformed one as it stands."""
    literal = literal.strip()
    try:
        value = ast.literal_eval(literal)
    except (ValueError, SyntaxError):
        return literal.strip('"')
    return value if isinstance(value, str) else literal.strip('"')


def parse_po(text: str) -> dict[tuple[str, str], str]:
    """(msgctxt, msgid) -> msgstr of a .po catalogue's translated singular entries.

    Obsolete ("#~") and fuzzy entries, the header (empty msgid) and untranslated entries
    are left out; a plural entry gives its first form (msgstr[0])."""
    entries: dict[tuple[str, str], str] = {}
    fields: dict[str, str] = {}
    fuzzy = False
    current: str | None = None

    def close():
        nonlocal fields, fuzzy, current
        msgid = fields.get("msgid", "")
        msgstr = fields.get("msgstr", fields.get("msgstr[0]", ""))
        if msgid and msgstr and not fuzzy:
            entries[(fields.get("msgctxt", ""), msgid)] = msgstr
        fields, fuzzy, current = {}, False, None

    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            if fields:
                close()
            continue
        if line.startswith("#"):
            if line.startswith("#,") and "fuzzy" in line:
                if fields and "msgid" in fields:
                    close()
                fuzzy = True
            continue
        keyword, _sep, rest = line.partition(" ")
        if line.startswith('"'):
            if current is not None:
                fields[current] += _unquote(line)
            continue
        if keyword in ("msgctxt", "msgid") and any(k.startswith("msgstr") for k in fields):
            close()
        if keyword in ("msgctxt", "msgid", "msgid_plural", "msgstr") or keyword.startswith(
            "msgstr["
        ):
            current = keyword
            fields[keyword] = _unquote(rest)
        else:
            current = None
    if fields:
        close()
    return entries


def po_pairs(fi_text: str, sv_text: str) -> list[tuple[str, str]]:
    """(Finnish msgstr, Swedish msgstr) of every entry both catalogues translate."""
    fi, sv = parse_po(fi_text), parse_po(sv_text)
    return [(fi[key], sv[key]) for key in fi if key in sv and fi[key] != sv[key]]


# ---------------------------------------------------------------------------------------------
# the app's parallel texts


def _pairs_in(value, found: list[tuple[str, str]]) -> None:
    """Every {"fi": ..., "sv": ...} dictionary inside a nested data structure."""
    if isinstance(value, dict):
        fi, sv = value.get("fi"), value.get("sv")
        if isinstance(fi, str) and isinstance(sv, str) and fi and sv:
            found.append((fi, sv))
        for item in value.values():
            _pairs_in(item, found)
    elif isinstance(value, list | tuple):
        for item in value:
            _pairs_in(item, found)


def app_parallel_texts() -> list[tuple[str, str]]:
    """The repository's Finnish/Swedish text pairs: the national catalogue, the demo
    promise's strategy and the translation catalogues."""
    from phases import catalogue_data
    from promises import demo

    found: list[tuple[str, str]] = []
    for name in dir(catalogue_data):
        if name.isupper():
            _pairs_in(getattr(catalogue_data, name), found)
    for _kind, _code, fi, sv, _en in demo.STRATEGY_GOALS:
        found.append((fi, sv))
    for _code, _level, _parent, fi, sv, _en in demo.STRATEGY_TREE:
        found.append((fi, sv))
    for fi, sv, _en in demo.STRATEGY_DESCRIPTIONS.values():
        found.append((fi, sv))
    for promise in demo.PROMISES:
        _pairs_in(promise.get("vision"), found)
        for goal, statements in promise["cells"].values():
            found.append(tuple(goal[:2]))
            found.extend(tuple(s[:2]) for s in statements)
        for items in promise["commitments"].values():
            found.extend(tuple(item[:2]) for item in items)
    fi_po, sv_po = LOCALE / "fi/LC_MESSAGES/django.po", LOCALE / "sv/LC_MESSAGES/django.po"
    if fi_po.exists() and sv_po.exists():
        found.extend(po_pairs(fi_po.read_text("utf-8"), sv_po.read_text("utf-8")))
    return list(dict.fromkeys(found))


def sentence_pairs(pairs: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """Texts split into their sentences where both sides have as many, else kept whole."""
    result = []
    for fi, sv in pairs:
        fi_parts, sv_parts = _SENTENCE_END.split(fi.strip()), _SENTENCE_END.split(sv.strip())
        if len(fi_parts) == len(sv_parts) > 1:
            result.extend(zip(fi_parts, sv_parts, strict=True))
        else:
            result.append((fi, sv))
    return result


# ---------------------------------------------------------------------------------------------
# word alignment


def align(
    sentences: Iterable[tuple[Iterable[str], Iterable[str]]],
    *,
    min_count: int = 2,
    min_dice: float = 0.5,
) -> dict[str, str]:
    """Swedish term -> Finnish term by competitive linking on the Dice coefficient over
    aligned sentence pairs (each side a collection of terms, counted once per sentence).

    A pair is kept when seen together in at least ``min_count`` sentence pairs, with Dice
    at least ``min_dice``, and each is the other's best (ties broken by the term itself,
    so the result does not depend on the order of the sentences)."""
    fi_count: Counter[str] = Counter()
    sv_count: Counter[str] = Counter()
    joint: Counter[tuple[str, str]] = Counter()
    for fi_terms, sv_terms in sentences:
        fi_set, sv_set = set(fi_terms), set(sv_terms)
        fi_count.update(fi_set)
        sv_count.update(sv_set)
        joint.update((f, s) for f in fi_set for s in sv_set)
    best_fi: dict[str, tuple[float, str]] = {}
    best_sv: dict[str, tuple[float, str]] = {}
    for (f, s), together in joint.items():
        if together < min_count:
            continue
        dice = 2 * together / (fi_count[f] + sv_count[s])
        if dice < min_dice:
            continue
        if _better(dice, f, best_sv.get(s)):
            best_sv[s] = (dice, f)
        if _better(dice, s, best_fi.get(f)):
            best_fi[f] = (dice, s)
    return {s: f for s, (_dice, f) in best_sv.items() if best_fi[f][1] == s}


def _better(dice: float, term: str, current: tuple[float, str] | None) -> bool:
    """Higher Dice wins; on a tie the alphabetically first term."""
    return current is None or dice > current[0] or (dice == current[0] and term < current[1])


def learned_words(
    tool: Analyzer,
    extra: Iterable[tuple[str, str]] = (),
    *,
    min_count: int = MIN_COUNT,
    min_dice: float = MIN_DICE,
) -> dict[str, str]:
    """Swedish term -> Finnish term learned from the app's parallel texts and ``extra``
    (the round's promise texts), over the analyser's content terms."""
    base = _app_sentence_terms(tool)
    added = [
        (tool.terms(fi, "fi"), tool.terms(sv, "sv"))
        for fi, sv in sentence_pairs(extra)
        if fi and sv
    ]
    return align(base + added, min_count=min_count, min_dice=min_dice)


_APP_TERMS: dict[tuple, list[tuple[list[str], list[str]]]] = {}
_APP_TERMS_LOCK = threading.Lock()


def _app_sentence_terms(tool: Analyzer) -> list[tuple[list[str], list[str]]]:
    """The app's parallel sentences as terms, read once per process and kind of analyser
    (the texts are the code's: they change only with a deployment)."""
    key = (tool.method, tool.swedish, tool.compounds, tool.names, language.COMPOUND_HEADS)
    with _APP_TERMS_LOCK:
        if key not in _APP_TERMS:
            _APP_TERMS[key] = [
                (tool.terms(fi, "fi"), tool.terms(sv, "sv"))
                for fi, sv in sentence_pairs(app_parallel_texts())
            ]
        return _APP_TERMS[key]
