"""Words to terms: Finnish lemmas with Voikko, Swedish lemmas, stop words removed.

Finnish is heavily inflected ("terveysasemalle", "terveysasemien" are both
"terveysasema"), so Finnish words go through Voikko's morphological analysis (Debian
`libvoikko1` + `voikko-fi`, Python `libvoikko`) and keep their base form. Voikko often
gives several analyses ("rinnalla": the first name Rinna or the noun "rinta"; "tullut": the
passive "tultu" or the active "tullut"); one is *chosen*, never simply the first:

- a proper name (first name, surname, place) only for a capitalised word that does not
  begin a sentence ("Sodankylän" mid-sentence is the town; "sodankylän" is not "war village"),
  and every other analysis before it;
- then by word class: nouns, then adjectives, then the rest, verbs last;
- then the analysis with fewer compound parts and derivations (the lexicalised reading:
  "hoitotakuu" = hoito + takuu, not hoi-ta-a + to + takuu);
- a participle ("tullut", "tultu") is its verb ("tulla"): they are verb forms.

A compound keeps its whole lemma (the theme names only ever show whole lemmas) and adds
its first member as a term of its own, built from the member's surface form
("terveysasema" adds "terveys", not the fragment "terve"): "hammashoito" and
"hammaslääkäri" meet on "hammas".

Swedish inflects much less: `simplemma`'s dictionary gives lemmas ("hälsocentralen" →
"hälsocentral", "köerna" → "kö"), and the term is the Snowball stem of that lemma (which
also joins what simplemma does not know); names show simplemma's lemma. Measured against
Snowball alone and simplemma alone on the tuning set (bench/README.md): the combination
gives the best theme agreement at the same suggestion accuracy. When Voikko or
its Finnish dictionary is missing, Finnish falls back to the Snowball Finnish stemmer and
`Analyzer.method` says so (the themes page shows it).

Terms carry their language as a prefix ("fi:jono", "sv:kö") so the two vocabularies never
mix by accident; the bridge between them is built on purpose (see themes.py).
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

import Stemmer
from django.conf import settings

from .stopwords import BY_LANGUAGE

MORPHEME = re.compile(r"\+([^+(]*)(?:\(([^)]*)\))?")
WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
SENTENCE_END = re.compile(r"[.!?:;]\s*$")
LANGUAGES = ("fi", "sv")
SWEDISH_PREFIX = 5
COMPOUND_HEADS = False  # a Finnish compound's last member as a term too (measured: off)

METHOD_VOIKKO = "voikko"
METHOD_STEMMING = "stemming"

NOUN, ADJECTIVE, PROPER, VERB, OTHER = "noun", "adjective", "proper", "verb", "other"
VOIKKO_CLASS = {
    "nimisana": NOUN,
    "nimisana_laatusana": ADJECTIVE,  # "nuori", "pitkä", "oma": not a name alone
    "laatusana": ADJECTIVE,
    "etunimi": PROPER,
    "sukunimi": PROPER,
    "paikannimi": PROPER,
    "nimi": PROPER,
    "teonsana": VERB,
}
CLASS_ORDER = {NOUN: 0, ADJECTIVE: 1, OTHER: 2, PROPER: 3, VERB: 4}


@dataclass(frozen=True)
class Word:
    """One analysed word: its lemma, its compound's first member (if a compound), its class."""

    lemma: str
    first: str = ""
    word_class: str = OTHER
    display: str = ""  # the readable form when the lemma is a stem (Swedish)
    head: str = ""  # the compound's last member (Finnish): "kotihoitaja" -> "hoitaja"


def normalise(text: str) -> str:
    """The text in NFC with control and format characters (zero-width spaces, soft hyphens,
    bidi marks) removed: what every step of the analysis reads."""
    text = unicodedata.normalize("NFC", text or "")
    return "".join(
        ch if unicodedata.category(ch)[0] != "C" else (" " if ch in "\t\n\r\x0b\x0c" else "")
        for ch in text
    )


def tokens(text: str) -> list[tuple[str, bool]]:
    """The words of a text, each with whether it may be a name: capitalised and not the
    first word of a sentence."""
    text = normalise(text)
    result = []
    for match in WORD.finditer(text):
        word = match.group().strip("-")
        if not word:
            continue
        start = match.start()
        sentence_start = start == 0 or bool(SENTENCE_END.search(text[max(0, start - 3) : start]))
        if not text[:start].strip():
            sentence_start = True
        # an acronym ("FPA-taxin", "HUS") is no name
        capitalised = word[:1].isupper() and not word[1:2].isupper()
        result.append((word, capitalised and not sentence_start))
    return result


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


def _members(wordbases: str) -> list[str]:
    """The compound's members as written: "+terve(terve)+ys(+ys)+asema(asema)" →
    ["terveys", "asema"] (a derivation such as "+ys" joins the member before it)."""
    members: list[str] = []
    for surface, base in MORPHEME.findall(wordbases or ""):
        if base.startswith("+") or not base:
            if members:
                members[-1] += surface
            elif surface:
                members.append(surface)
        else:
            members.append(surface)
    return [m.lower() for m in members if m]


def _choose(analyses: list[dict], may_be_name: bool, word: str = "") -> Word | None:
    candidates = []
    # a finite verb form is far commoner than a rare noun written the same way
    # ("kuuluu": "kuulua", belongs; not the noun "kuuluu")
    finite = any(a.get("CLASS") == "teonsana" and a.get("PERSON") for a in analyses)
    # so is a verb's own dictionary form ("näkyä": to be seen; not "näky", a vision)
    infinitive = any(
        a.get("CLASS") == "teonsana" and (a.get("BASEFORM") or "").lower() == word.lower()
        for a in analyses
    )
    # a verb's MA- or MINEN-infinitive ("opiskelemaan": to go studying; "kotiutumista":
    # of being discharged) is far commoner than the agent noun derived from the verb
    # ("opiskelema", "kotiutuma"): that noun goes after the verb, as does a compound noun
    ma_verbs = {
        "(" + (a.get("BASEFORM") or "").lower() + ")"
        for a in analyses
        if a.get("CLASS") == "teonsana" and a.get("MOOD") in ("MA-infinitive", "MINEN-infinitive")
    }
    for analysis in analyses:
        base = analysis.get("BASEFORM") or ""
        if not base:
            continue
        word_class = VOIKKO_CLASS.get(analysis.get("CLASS", ""), OTHER)
        members = _members(analysis.get("WORDBASES", ""))
        if analysis.get("PARTICIPLE") and word_class == ADJECTIVE:
            verbs = re.findall(r"\(([^)+][^)]*)\)", analysis.get("WORDBASES", ""))
            if len(verbs) == 1 and len(members) <= 1:
                base, word_class = verbs[0], VERB
        # a noun-adjective ("nuori": young, a young person) is read as a noun among
        # readings ("nuorten": "nuori", not "nuora", a rope), named as an adjective
        rank = 0 if analysis.get("CLASS") == "nimisana_laatusana" else CLASS_ORDER[word_class]
        if word_class == PROPER:
            rank = -1 if may_be_name else 9
        elif word_class == NOUN and (
            infinitive
            or (finite and base.lower() == word.lower())
            or any(v in (analysis.get("WORDBASES") or "") for v in ma_verbs)
            # ... and than a compound noun written the same way ("toimimaan": to work;
            # not "toimi+maa", an action's land)
            or (ma_verbs and len(members) > 1)
        ):
            rank = CLASS_ORDER[VERB] + 1
        morphemes = (analysis.get("WORDBASES") or "").count("+")
        candidates.append((rank, len(members), morphemes, base, members, word_class))
    if not candidates:
        return None
    rank, _n, _m, base, members, word_class = min(candidates, key=lambda c: c[:3])
    lemma = base if word_class == PROPER else base.lower()
    first = members[0] if len(members) > 1 and word_class != PROPER else ""
    head = members[-1] if len(members) > 1 and word_class != PROPER else ""
    return Word(lemma, first if first != lemma else "", word_class, head=head)


class Analyzer:
    """Turns a text in Finnish or Swedish into a list of terms (prefixed by language).

    Voikko is not thread-safe: one analyser holds one handle behind a lock. Analyses are
    cached per word, since comments repeat their vocabulary.
    """

    def __init__(self, language: str | None = None, *, swedish: str = "both"):
        self._voikko = _open_voikko(language or voikko_language())
        self._lock = threading.Lock()
        self._stemmers = {
            "fi": Stemmer.Stemmer("finnish"),
            "sv": Stemmer.Stemmer("swedish"),
        }
        self.swedish = swedish
        self.compounds = True
        self.names = False  # proper names (towns, people) are not terms: they name no theme
        self.method = METHOD_VOIKKO if self._voikko else METHOD_STEMMING
        self.surface: dict[str, Counter] = {}
        self.classes: dict[str, str] = {}
        self.forms: dict[str, set[str]] = {}  # term -> the word forms seen (Swedish nouns)
        self._fi = lru_cache(maxsize=200_000)(self._finnish_word)
        self._sv = lru_cache(maxsize=200_000)(self._swedish_word)
        self._analyses = lru_cache(maxsize=50_000)(self._voikko_analyses)

    # -- single words --------------------------------------------------------------
    def _finnish_word(self, word: str, may_be_name: bool = False) -> Word:
        if self._voikko is not None:
            with self._lock:
                analyses = self._voikko.analyze(word)
            chosen = _choose(analyses, may_be_name, word)
            if chosen is not None:
                return chosen
            if "-" in word:  # an unknown compound with a hyphen: its last part
                return self._finnish_word(word.rsplit("-", 1)[-1].lower())
            if may_be_name:  # capitalised mid-sentence, unknown: a village, a person
                return Word(word, word_class=PROPER)
        return Word(self._stemmers["fi"].stemWord(word.lower()))

    def _voikko_analyses(self, word: str) -> tuple[dict, ...]:
        if self._voikko is None:
            return ()
        with self._lock:
            return tuple(dict(a) for a in self._voikko.analyze(word))

    def analyses(self, word: str) -> tuple[dict, ...]:
        """Voikko's analyses of a Finnish word in lower case (class, base form, case and
        number), none without Voikko: what the theme names read of an attribute."""
        return self._analyses(word.lower())

    def _swedish_word(self, word: str, may_be_name: bool = False) -> Word:
        if may_be_name:  # Swedish capitalises only names mid-sentence
            return Word(word, word_class=PROPER)
        word = word.lower()
        display = word
        if self.swedish in ("simplemma", "both"):
            from simplemma import lemmatize

            display = lemmatize(word, lang="sv").lower()
        if self.swedish == "simplemma":
            lemma = display
            if lemma == word and not _known_swedish(word):
                lemma = self._stemmers["sv"].stemWord(word)
        else:
            lemma = self._stemmers["sv"].stemWord(display)
        # Swedish compounds are written as one word too; without a splitter, a long word's
        # first letters stand for its first member ("tandvård", "tandläkare": "^tandv"...)
        first = "^" + lemma[:SWEDISH_PREFIX] if len(lemma) > 7 else ""
        return Word(lemma, first, word_class=OTHER, display=display)

    def word(self, word: str, language: str, *, may_be_name: bool = False) -> Word:
        if language == "fi":
            return self._fi(word if may_be_name else word.lower(), may_be_name)
        return self._sv(word if may_be_name else word.lower(), may_be_name)

    def masked(self, text: str, language: str) -> str:
        """The text's words in lower case with every name replaced by "#": what the
        near-duplicate check compares ("Me Sodankylän asukkaat…" = "Me Kittilän…")."""
        return " ".join(
            "#"
            if may_be_name and self.word(word, language, may_be_name=True).word_class == PROPER
            else word.lower()
            for word, may_be_name in tokens(text)
        )

    def lemma(self, word: str, language: str) -> str:
        """The base form (Finnish, Voikko; Swedish, simplemma) or stem (the fallbacks)."""
        return self.word(word, language).lemma

    # -- texts ---------------------------------------------------------------------
    def terms(self, text: str, language: str, *, keep_surface: bool = False) -> list[str]:
        language = language if language in LANGUAGES else "fi"
        stop = BY_LANGUAGE[language]
        result = []
        for word, may_be_name in tokens(text):
            lower = word.lower()
            if len(lower) < 2 or lower in stop:
                continue
            analysed = self.word(word, language, may_be_name=may_be_name)
            lemma = analysed.lemma
            if len(lemma) < 2 or lemma.lower() in stop:
                continue
            if analysed.word_class == PROPER and not self.names:
                continue
            key = f"{language}:{lemma}"
            if keep_surface:
                self.surface.setdefault(key, Counter())[analysed.display or lower] += 1
                self.classes[key] = analysed.word_class
                if language == "sv":
                    self.forms.setdefault(key, set()).add(lower)
            result.append(key)
            if self.compounds and analysed.first and analysed.first not in stop:
                result.append(f"{language}:{analysed.first}")
            if COMPOUND_HEADS and analysed.head and analysed.head not in stop:
                result.append(f"{language}:{analysed.head}")
        return result

    def label(self, term: str) -> str:
        """A readable word for a term: the lemma itself for Voikko and simplemma, else its
        commonest form behind the stem (a Swedish stem such as "läk" reads as "läkare",
        simplemma's lemma of the words seen)."""
        language, _sep, stem = term.partition(":")
        if language == "fi" and self.method == METHOD_VOIKKO:
            return stem
        seen = self.surface.get(term)
        if seen:
            return seen.most_common(1)[0][0]
        return stem

    def word_class(self, term: str) -> str:
        """The class of a term's lemma as analysed (Finnish only; Swedish: OTHER)."""
        if term in self.classes:
            return self.classes[term]
        language, _sep, lemma = term.partition(":")
        return self.word(lemma, language, may_be_name=lemma[:1].isupper()).word_class


@lru_cache(maxsize=100_000)
def _known_swedish(word: str) -> bool:
    from simplemma import is_known

    return bool(is_known(word, lang="sv"))


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
    words = WORD.findall(normalise(text).lower())
    fi = sum(w in BY_LANGUAGE["fi"] for w in words)
    sv = sum(w in BY_LANGUAGE["sv"] for w in words) + 2 * text.lower().count("å")
    return "sv" if sv > fi else "fi"
