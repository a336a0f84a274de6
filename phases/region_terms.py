"""The words each kind of organiser uses for its council and its strategy, in fi, sv and en.

A wellbeing services county has an aluevaltuusto / välfärdsområdesfullmäktige and a
hyvinvointialuestrategia; the City of Helsinki a kaupunginvaltuusto / stadsfullmäktige and a
kaupunkistrategia / stadsstrategi; a joint authority a yhtymävaltuusto / samkommunsfullmäktige.
The English words are the msgids; the catalogues give the Finnish and Swedish ones. Every text
that names the council or the strategy takes them from here, so the region's kind decides them.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


@dataclass(frozen=True)
class RegionTerms:
    council: Promise  # the body that approves the promise ("regional council")
    council_genitive: Promise  # "the regional council's" (fi: aluevaltuuston, sv: ...fullmäktiges)
    strategy: Promise  # the organiser's own strategy ("wellbeing services county strategy")
    executive: Promise  # the executive board that proposes it ("regional executive")
    organiser: Promise  # what the organiser is called ("wellbeing services county")
    the_organiser: Promise  # as the subject of a sentence ("the city", sv: "staden")
    organisers: Promise  # its genitive ("the city's", fi: "kaupungin", sv: "stadens")


TERMS: dict[str, RegionTerms] = {
    "county": RegionTerms(
        council=_("regional council"),
        council_genitive=pgettext_lazy("genitive", "regional council's"),
        strategy=_("wellbeing services county strategy"),
        executive=_("regional executive"),
        organiser=_("wellbeing services county"),
        the_organiser=pgettext_lazy("definite", "the wellbeing services county"),
        organisers=pgettext_lazy("genitive", "the wellbeing services county's"),
    ),
    "city": RegionTerms(
        council=_("city council"),
        council_genitive=pgettext_lazy("genitive", "city council's"),
        strategy=_("city strategy"),
        executive=_("city board"),
        organiser=_("city"),
        the_organiser=pgettext_lazy("definite", "the city"),
        organisers=pgettext_lazy("genitive", "the city's"),
    ),
    "joint_authority": RegionTerms(
        council=_("joint authority council"),
        council_genitive=pgettext_lazy("genitive", "joint authority council's"),
        strategy=_("joint authority strategy"),
        executive=_("joint authority board"),
        organiser=_("joint authority"),
        the_organiser=pgettext_lazy("definite", "the joint authority"),
        organisers=pgettext_lazy("genitive", "the joint authority's"),
    ),
}


def terms_for(kind: str) -> RegionTerms:
    return TERMS.get(kind, TERMS["county"])


def body_label(body: str, kind: str) -> Promise:
    """An approving body ("council" or "board") in the words of the region's kind, as a
    label ("Kaupunginvaltuusto", "Samkommunsstyrelsen" ...)."""
    terms = terms_for(kind)
    return capfirst(terms.council if body == "council" else terms.executive)


# The national model's texts (phases/catalogue_data.py) are written for a wellbeing services
# county. For another kind of organiser its words are swapped when shown: word stems, so
# that inflected forms follow ("aluevaltuuston" → "kaupunginvaltuuston").
WORDS: dict[str, dict[str, list[tuple[str, str]]]] = {
    "city": {
        "fi": [
            ("hyvinvointialuestrategi", "kaupunkistrategi"),
            ("aluevaltuust", "kaupunginvaltuust"),
            ("Aluevaltuust", "Kaupunginvaltuust"),
            ("aluehallitu", "kaupunginhallitu"),
            ("hyvinvointialueen", "kaupungin"),
            ("hyvinvointialue", "kaupunki"),
        ],
        "sv": [
            ("välfärdsområdesstrategi", "stadsstrategi"),
            ("välfärdsområdesfullmäktige", "stadsfullmäktige"),
            ("Välfärdsområdesfullmäktige", "Stadsfullmäktige"),
            ("välfärdsområdesstyrelse", "stadsstyrelse"),
            ("välfärdsområdets", "stadens"),
            ("välfärdsområdet", "staden"),
        ],
        "en": [
            ("regional council", "city council"),
            ("Regional council", "City council"),
            ("regional strategy", "city strategy"),
            ("regional executive", "city board"),
        ],
    },
    "joint_authority": {
        "fi": [
            ("hyvinvointialuestrategi", "yhtymästrategi"),
            ("aluevaltuust", "yhtymävaltuust"),
            ("Aluevaltuust", "Yhtymävaltuust"),
            ("aluehallitu", "yhtymähallitu"),
            ("hyvinvointialueen", "kuntayhtymän"),
            ("hyvinvointialue", "kuntayhtymä"),
        ],
        "sv": [
            ("välfärdsområdesstrategi", "samkommunsstrategi"),
            ("välfärdsområdesfullmäktige", "samkommunsfullmäktige"),
            ("Välfärdsområdesfullmäktige", "Samkommunsfullmäktige"),
            ("välfärdsområdesstyrelse", "samkommunsstyrelse"),
            ("välfärdsområdets", "samkommunens"),
            ("välfärdsområdet", "samkommunen"),
        ],
        "en": [
            ("regional council", "joint authority council"),
            ("Regional council", "Joint authority council"),
            ("regional strategy", "joint authority strategy"),
            ("regional executive", "joint authority board"),
        ],
    },
}


def in_region_words(text: str, kind: str, language: str) -> str:
    """`text` of the national model with the words of this kind of organiser."""
    for county_word, own_word in WORDS.get(kind, {}).get(language, []):
        text = text.replace(county_word, own_word)
    return text


def texts_in_region_words(texts: dict[str, str], kind: str) -> dict[str, str]:
    """{language: text} of the national model (or the demo) in the words of this kind."""
    return {lang: in_region_words(text, kind, lang) for lang, text in texts.items()}
