"""Theme names as the comments say them: an attribute and its noun ("Etsivä nuorisotyö",
"Nuorten mielenterveys", "Psykisk ohälsa"), taken from the theme's own comments.

A theme's first keyword is a noun (themes.py chooses it). Where the theme's comments put
the same attribute right before that noun, with no punctuation between, in at least two
comments of the language, the name is that phrase instead of two nouns joined by "ja":

- **Finnish** (Voikko): an adjective or participle that agrees with the noun in case and
  number ("etsivää nuorisotyötä") gives its base form, so the phrase stands in the
  nominative ("Etsivä nuorisotyö"); a noun in the genitive before it ("nuorten
  mielenterveyttä", "lapsen hoitoa") stays as written ("Nuorten mielenterveys"). A word
  that can also be read as a verb, a pronoun, a name or a general word is never an
  attribute.
- **Swedish** (no analyser here): a word with an adjective's ending ("psykisk",
  "digitala", "kommunal") right before the noun in its base form, both as written.

A theme's Swedish name may also come from a Swedish noun phrase its most central Swedish
comments say, whatever its keywords (swedish_phrases; themes._swedish_said_name).

Never a verb or a fragment alone: the head is the theme's noun keyword and an attribute
only ever stands before it.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from .language import Analyzer, normalise, tokens
from .stopwords import BY_LANGUAGE

# a phrase never crosses punctuation ("…hoitajan. Kotihoito…")
BREAK = re.compile(r"[.,;:!?()\[\]{}\"'«»“”‘’/|–—…]+|\s-\s")
# evaluative and general words make no name ("Hyvä hoito", "Oma lääkäri", "Bra vård")
ATTRIBUTE_STOP = {
    "fi": frozenset(
        """
        hyvä huono paha iso pieni suuri uusi vanha oma muu sama eri kaikki jokin joku ainoa
        tärkeä koko moni usea parempi paras pahin kova kaikenlainen erilainen tietty nykyinen
        aika vuosi päivä viikko kuukausi kerta tunti minuutti osa asia tapa ihminen henkilö
        se tämä tuo mikä kuka joka itse
        """.split()
    ),
    "sv": frozenset(
        """
        bra dålig dåliga dåligt egen egna eget annan andra annat samma hela hel ny nya nytt
        stor stora stort liten lilla små viktig viktiga viktigt många fler flera bättre
        sämre mycket lite någon något några ingen inget inga vilken vilket vilka all alla
        allt varje enda vanlig vanliga vanligt riktig riktiga riktigt rolig roligt
        """.split()
    ),
}
FINNISH_ATTRIBUTES = ("laatusana", "nimisana_laatusana")
FINNISH_NOUNS = ("nimisana", "nimisana_laatusana")
GENITIVE = "omanto"
SWEDISH_ADJECTIVE_ENDINGS = tuple(
    stem + ending
    for stem in ("isk", "ig", "lig", "ell", "al", "iv", "är", "bar", "sam", "ös")
    for ending in ("", "a", "t")
)


@lru_cache(maxsize=20_000)
def segments(text: str) -> tuple[tuple[tuple[str, bool], ...], ...]:
    """The text's runs of words between punctuation, each word with whether it may be a
    name (tokens()): an attribute and its noun are always within one run."""
    return tuple(tuple(tokens(part)) for part in BREAK.split(normalise(text)) if part.strip())


def finnish_attribute(tool: Analyzer, first: str, second: str, head: str) -> str | None:
    """The attribute "first" makes before "second" when "second" is the noun "head": an
    agreeing adjective's base form, or a genitive noun as written; else None."""
    heads = [a for a in tool.analyses(second) if (a.get("BASEFORM") or "").lower() == head]
    mods = tool.analyses(first)
    if not heads or not mods or first.lower() in BY_LANGUAGE["fi"]:
        return None
    if any(a.get("CLASS") not in FINNISH_ATTRIBUTES + FINNISH_NOUNS for a in mods):
        return None  # a verb, pronoun, name, numeral or adverb reading too: never an attribute
    if any((a.get("BASEFORM") or "").lower() in ATTRIBUTE_STOP["fi"] for a in mods):
        return None
    genitive = [
        a for a in mods if a.get("CLASS") in FINNISH_NOUNS and a.get("SIJAMUOTO") == GENITIVE
    ]
    agreeing = [
        a
        for a in mods
        if a.get("CLASS") in FINNISH_ATTRIBUTES
        and any(
            a.get("SIJAMUOTO") == h.get("SIJAMUOTO") and a.get("NUMBER") == h.get("NUMBER")
            for h in heads
        )
    ]
    # "nuorten mielenterveys": a plural genitive is the noun "young people's", not an
    # adjective agreeing with a genitive head
    if genitive and (any(a.get("NUMBER") == "plural" for a in genitive) or not agreeing):
        return first.lower()
    if agreeing:
        return (agreeing[0].get("BASEFORM") or "").lower() or None
    return None


def swedish_attribute(first: str, second: str, head: str) -> str | None:
    """A word with an adjective's ending right before the noun "head" in its base form."""
    first, second = first.lower(), second.lower()
    if second != head or len(first) < 4 or first in BY_LANGUAGE["sv"]:
        return None
    if first in ATTRIBUTE_STOP["sv"] or not first.endswith(SWEDISH_ADJECTIVE_ENDINGS):
        return None
    return first


def phrase(
    tool: Analyzer, head: str, texts: list[str], language: str, minimum: int = 2
) -> str | None:
    """The theme's name as its comments say it: the commonest attribute before the noun
    "head" (a lemma; Swedish: its base form), said in at least `minimum` of the texts,
    joined to it ("etsivä nuorisotyö"); None when no attribute is said that often."""
    if not head or " " in head:
        return None
    counts: Counter[str] = Counter()
    for text in texts:
        seen = set()
        for run in segments(text):
            for (first, first_name), (second, _name) in zip(run, run[1:], strict=False):
                if first_name:
                    continue
                if language == "fi":
                    attribute = finnish_attribute(tool, first, second, head)
                else:
                    attribute = swedish_attribute(first, second, head)
                if attribute and attribute != head:
                    seen.add(attribute)
        counts.update(seen)
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    if ranked and ranked[0][1] >= minimum:
        return f"{ranked[0][0]} {head}"
    return None


def swedish_phrases(texts: list[str], noun, compound, minimum: int = 2) -> list[tuple[str, int]]:
    """The Swedish noun phrases the texts say, each with the number of texts saying it, at
    least `minimum`, the most said first (ties: an adjective's phrase before a compound
    alone, then alphabetical): an adjective right before a noun in its base form
    ("kommunal hemvård", the checks of swedish_attribute), or a compound noun in any form,
    named by its base form ("tidsbokningen": "tidsbokning"). `noun(word)` is the base form
    of a word that is a noun (themes.py: never a verb, a fragment or a general word) and
    `compound(base)` says whether a noun is a compound, so a phrase is never a verb or a
    fragment."""
    counts: Counter[str] = Counter()
    for text in texts:
        seen = set()
        for run in segments(text):
            words = [(w.lower(), may_be_name) for w, may_be_name in run]
            for position, (word, may_be_name) in enumerate(words):
                base = None if may_be_name else noun(word)
                if not base:
                    continue
                if position and not words[position - 1][1] and base == word:
                    attribute = swedish_attribute(words[position - 1][0], word, word)
                    if attribute:
                        seen.add(f"{attribute} {word}")
                        continue
                if compound(base):
                    seen.add(base)
        counts.update(seen)
    ranked = sorted(counts.items(), key=lambda item: (-item[1], " " not in item[0], item[0]))
    return [(said, count) for said, count in ranked if count >= minimum]
