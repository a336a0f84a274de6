"""Words to terms: Finnish lemmas with Voikko, Swedish Snowball stems, stop words removed.

Finnish is heavily inflected ("terveysasemalle", "terveysasemien" are both
"terveysasema"), so Finnish words go through Voikko's morphological analysis (Debian
`libvoikko1` + `voikko-fi`, Python `libvoikko`) and keep their base form. Swedish inflects
much less, and the Snowball stemmer (`pystemmer`) is enough. When Voikko or its Finnish
dictionary is missing, Finnish falls back to the Snowball Finnish stemmer and
`Analyzer.method` says so (the themes page shows it).

Terms carry their language as a prefix ("fi:jono", "sv:kö") so the two vocabularies never
mix by accident; the bridge between them is built on purpose (see themes.py).
"""

from __future__ import annotations

import re
import threading
from collections import Counter
from functools import lru_cache

import Stemmer
from django.conf import settings

from .stopwords import BY_LANGUAGE

COMPOUND_PART = re.compile(r"\(([^)]+)\)")
PREFIX = 5
WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
LANGUAGES = ("fi", "sv")

METHOD_VOIKKO = "voikko"
METHOD_STEMMING = "stemming"


def voikko_language() -> str:
    return getattr(settings, "TEXT_ANALYSIS_VOIKKO_LANGUAGE", "fi")


def _open_voikko(language: str):
    """A Voikko handle, or None when the library or the Finnish dictionary is missing."""
    try:
        import libvoikko
    except ImportError:  # the Python package is not installed
        return None
    try:
        return libvoikko.Voikko(language)
    except (OSError, libvoikko.VoikkoException):  # no libvoikko.so, or no dictionary
        return None


class Analyzer:
    """Turns a text in Finnish or Swedish into a list of terms (prefixed by language).

    Voikko is not thread-safe: one analyser holds one handle behind a lock. Analyses are
    cached per word, since comments repeat their vocabulary.
    """

    def __init__(self, language: str | None = None):
        self._voikko = _open_voikko(language or voikko_language())
        self._lock = threading.Lock()
        self._stemmers = {
            "fi": Stemmer.Stemmer("finnish"),
            "sv": Stemmer.Stemmer("swedish"),
        }
        self.compounds = True
        self.method = METHOD_VOIKKO if self._voikko else METHOD_STEMMING
        self.surface: dict[str, Counter] = {}
        self._fi = lru_cache(maxsize=200_000)(self._finnish_word)
        self._sv = lru_cache(maxsize=200_000)(self._swedish_word)

    # -- single words --------------------------------------------------------------
    def _finnish_word(self, word: str) -> tuple[str, ...]:
        """The lemma, then the first part of a compound ("hammaslääkäri", "hammas")."""
        if self._voikko is not None:
            with self._lock:
                analyses = self._voikko.analyze(word)
            for analysis in analyses:
                base = (analysis.get("BASEFORM") or "").lower()
                if not base:
                    continue
                parts = [
                    m.lower()
                    for m in COMPOUND_PART.findall(analysis.get("WORDBASES") or "")
                    if not m.startswith("+")
                ]
                if len(parts) > 1 and self.compounds:
                    # the first part is the specific one: "hammas" in "hammashoito"
                    # (the head, "hoito", would tie dental care to home care)
                    return (base, parts[0])
                return (base,)
            if "-" in word:  # an unknown compound with a hyphen: its last part
                return self._finnish_word(word.rsplit("-", 1)[-1])
        return (self._stemmers["fi"].stemWord(word),)

    def _swedish_word(self, word: str) -> tuple[str, ...]:
        stem = self._stemmers["sv"].stemWord(word)
        if self.compounds and len(stem) > 7:
            return (stem, "^" + stem[:PREFIX])
        return (stem,)

    def lemma(self, word: str, language: str) -> str:
        """The base form (Finnish, Voikko) or stem (Swedish, or Finnish without Voikko)."""
        word = word.lower()
        return (self._fi(word) if language == "fi" else self._sv(word))[0]

    # -- texts ---------------------------------------------------------------------
    def terms(self, text: str, language: str, *, keep_surface: bool = False) -> list[str]:
        language = language if language in LANGUAGES else "fi"
        stop = BY_LANGUAGE[language]
        result = []
        for match in WORD.finditer(text.lower()):
            word = match.group().strip("-")
            if len(word) < 2 or word in stop:
                continue
            forms = self._fi(word) if language == "fi" else self._sv(word)
            if not forms[0] or len(forms[0]) < 2 or forms[0] in stop:
                continue
            key = f"{language}:{forms[0]}"
            if keep_surface:
                self.surface.setdefault(key, Counter())[word] += 1
            result.append(key)
            result.extend(f"{language}:{part}" for part in forms[1:] if part not in stop)
        return result

    def label(self, term: str) -> str:
        """A readable word for a term: the lemma itself for Voikko, else its commonest
        surface form (Swedish stems such as "läk" read as "läkare")."""
        language, _sep, stem = term.partition(":")
        if language == "fi" and self.method == METHOD_VOIKKO:
            return stem
        seen = self.surface.get(term)
        if seen:
            return seen.most_common(1)[0][0]
        return stem


_shared: dict[str, Analyzer] = {}
_shared_lock = threading.Lock()


def analyzer() -> Analyzer:
    """The process's analyser for the configured Voikko language (opened once)."""
    language = voikko_language()
    with _shared_lock:
        if language not in _shared:
            _shared[language] = Analyzer(language)
        return _shared[language]


def guess_language(text: str) -> str:
    """Finnish or Swedish, for texts stored without a language (the inputs): by stop words
    and letters ("å" is Swedish only)."""
    words = WORD.findall(text.lower())
    fi = sum(w in BY_LANGUAGE["fi"] for w in words)
    sv = sum(w in BY_LANGUAGE["sv"] for w in words) + 2 * text.lower().count("å")
    return "sv" if sv > fi else "fi"
