"""A general Finnish–Swedish dictionary for the themes' bridge (themes.py).

The glossaries (glossary.py) pair a few hundred words of the services; a round's comments
use many more. For a Swedish term that neither glossary pairs, the clustering takes a
translation from FreeDict's Finnish–Swedish and Swedish–Finnish dictionaries (WikDict,
made from Wiktionary; CC BY-SA 3.0), as Debian installs them (`dict-freedict-fin-swe`,
`dict-freedict-swe-fin`, scripts/system-deps.sh) in dictd's format under /usr/share/dictd.
Nothing of them is copied into this repository; they are read once per process (again when
the files change: a worker that was running when they were installed need not restart).

Chosen on the tuning set (bench/README.md, "Ninth pass"): with its first glossary withheld the
themes' adjusted Rand rose from 0.18 to 0.40, the choice score from 0.384 to 0.425.

Without the files the dictionary is empty (a warning is logged) and the glossaries bridge
alone, as before.
"""

from __future__ import annotations

import gzip
import logging
import re
import zlib
from collections import Counter
from functools import lru_cache
from pathlib import Path

import Stemmer
from django.conf import settings

logger = logging.getLogger(__name__)

MAX_BYTES = 64 * 1024 * 1024  # Debian's files: 2 MB of text each; a larger one is cut
MAX_ENTRY = 64 * 1024
SOURCES = (("swe", "fin"), ("fin", "swe"))  # the Swedish headwords' own translations first
_SENSE = re.compile(r"^\d+\. ")
_BASE64 = {
    c: i for i, c in enumerate("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
}


def directory() -> Path:
    return Path(getattr(settings, "TEXT_ANALYSIS_DICTD", "/usr/share/dictd"))


def installed(folder: Path | None = None) -> bool:
    """Both dictionaries' files are there (what the analysis page's notice asks)."""
    folder = folder or directory()
    return all(
        (folder / f"freedict-{source}-{target}{suffix}").is_file()
        for source, target in SOURCES
        for suffix in (".index", ".dict.dz")
    )


def _number(text: str) -> int | None:
    """dictd's index numbers: base 64, most significant digit first (None: not one)."""
    if not text or len(text) > 8 or any(c not in _BASE64 for c in text):
        return None
    value = 0
    for c in text:
        value = value * 64 + _BASE64[c]
    return value


def _word(text: str) -> bool:
    """One word of letters (no phrase, no affix such as "-kin" or "ism-")."""
    return bool(text) and text.replace("'", "").isalpha()


def entries(source: str, target: str, folder: Path | None = None):
    """(headword, [translations of its senses, in order]) of one dictd dictionary, only
    one-word headwords and translations. A missing file gives nothing."""
    base = (folder or directory()) / f"freedict-{source}-{target}"
    try:
        with gzip.open(f"{base}.dict.dz") as packed:
            data = packed.read(MAX_BYTES)
        index = Path(f"{base}.index").read_bytes()[:MAX_BYTES].decode("utf-8", "replace")
    except (OSError, EOFError, zlib.error):  # missing, unreadable or damaged: nothing
        return
    for line in index.splitlines():
        parts = line.split("\t")
        if len(parts) != 3 or parts[0].startswith("00-"):
            continue
        offset, length = _number(parts[1]), _number(parts[2])
        if offset is None or length is None or length > MAX_ENTRY:
            continue
        text = data[offset : offset + length].decode("utf-8", "replace").split("\n")
        head = text[0].split(" /")[0].split(" <")[0].strip()
        lines = [x.strip() for x in text[1:] if x.strip()]
        if not lines or not _word(head):
            continue
        # numbered senses: each "N. a, b" line is a sense and the lines between are its
        # definition; else the first line is the one sense (the next, its definition)
        if _SENSE.match(lines[0]):
            senses = [_SENSE.sub("", x) for x in lines if _SENSE.match(x)]
        else:
            senses = lines[:1]
        translations = [t.strip() for sense in senses for t in sense.split(",")]
        translations = [t for t in translations if _word(t)]
        if translations:
            yield head, translations


def swedish_to_finnish(folder: str | None = None) -> dict[str, tuple[str, ...]]:
    """Swedish word (lower case) -> its Finnish translations (lower case), the Swedish
    headword's own first, in the order of its senses, then those of the Finnish headwords
    it translates. Read once per folder (the settings' by default) and state of its files:
    files installed, replaced or removed while the process runs (a background worker) are
    read again."""
    folder = str(folder or directory())
    return _read(folder, _stamp(folder))


def _stamp(folder: str) -> tuple:
    """The dictionary files' sizes and modification times (None for a missing one)."""
    stamp = []
    for source, target in SOURCES:
        for suffix in (".index", ".dict.dz"):
            try:
                found = (Path(folder) / f"freedict-{source}-{target}{suffix}").stat()
            except OSError:
                stamp.append(None)
            else:
                stamp.append((found.st_size, found.st_mtime_ns))
    return tuple(stamp)


@lru_cache(maxsize=4)
def _read(folder: str, stamp: tuple) -> dict[str, tuple[str, ...]]:
    table: dict[str, list[str]] = {}
    for source, target in SOURCES:
        for head, translations in entries(source, target, Path(folder)):
            pairs = (
                [(head, t) for t in translations]
                if source == "swe"
                else [(t, head) for t in translations]
            )
            for swedish, finnish in pairs:
                found = table.setdefault(swedish.lower(), [])
                if finnish.lower() not in found:
                    found.append(finnish.lower())
    if not table:
        logger.warning(
            "No Finnish-Swedish dictionary in %s (Debian: dict-freedict-fin-swe, "
            "dict-freedict-swe-fin): the themes bridge the languages by the glossaries only",
            folder,
        )
    return {swedish: tuple(finnish) for swedish, finnish in table.items()}


def by_stem(folder: str | None = None) -> dict[str, tuple[str, ...]]:
    """The same table by the Swedish word's Snowball stem (the form of a Swedish term)."""
    folder = str(folder or directory())
    return _by_stem(folder, _stamp(folder))


@lru_cache(maxsize=4)
def _by_stem(folder: str, stamp: tuple) -> dict[str, tuple[str, ...]]:
    stemmer = Stemmer.Stemmer("swedish")
    table: dict[str, list[str]] = {}
    for swedish, finnish in _read(folder, stamp).items():
        found = table.setdefault(stemmer.stemWord(swedish), [])
        found.extend(f for f in finnish if f not in found)
    return {stem: tuple(finnish) for stem, finnish in table.items()}


def translations(
    term: str, tool, folder: str | None = None, *, table: dict | None = None
) -> list[str]:
    """The Finnish terms ("fi:lääkäri") a Swedish term ("sv:läk") may translate to, looked
    up by its stem alone: the same term gives the same translations whatever the process
    analysed before (the analyser's record of the forms seen grows with every round).
    `table`: by_stem()'s, read once by a caller that looks up many terms."""
    words = (table if table is not None else by_stem(folder)).get(term.partition(":")[2], ())
    found: list[str] = []
    for word in words:
        key = "fi:" + tool.word(word, "fi").lemma
        if key not in found:
            found.append(key)
    return found


def with_dictionary(
    terms: list[list[str]], mapping: dict[str, str], tool, *, only_said: bool = False
) -> dict[str, str]:
    """The bridge's mapping (Swedish term -> Finnish term) with each Swedish term of the
    round that it leaves out written as a dictionary translation: the one the round's
    Finnish comments say most, else the dictionary's first (only_said: no other)."""
    said = Counter(t for doc in terms for t in set(doc) if t.startswith("fi:"))
    table = None  # read at the first Swedish term to look up: a Finnish round reads nothing
    added = dict(mapping)
    for term in dict.fromkeys(t for doc in terms for t in doc):  # the round's order, once each
        if not term.startswith("sv:") or term.startswith("sv:^") or term in added:
            continue
        table = by_stem() if table is None else table
        candidates = translations(term, tool, table=table)
        if not candidates:
            continue
        best = max(candidates, key=lambda c: said.get(c, 0))
        if said.get(best, 0) or not only_said:
            added[term] = best
    return added
