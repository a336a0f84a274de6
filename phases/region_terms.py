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
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


@dataclass(frozen=True)
class RegionTerms:
    council: Promise  # the body that approves the promise ("regional council")
    council_genitive: Promise  # "the regional council's" (fi: aluevaltuuston, sv: ...fullmäktiges)
    strategy: Promise  # the organiser's own strategy ("wellbeing services county strategy")
    executive: Promise  # the executive board that proposes it ("regional executive")
    organiser: Promise  # what the organiser is called ("wellbeing services county")


TERMS: dict[str, RegionTerms] = {
    "county": RegionTerms(
        council=_("regional council"),
        council_genitive=pgettext_lazy("genitive", "regional council's"),
        strategy=_("wellbeing services county strategy"),
        executive=_("regional executive"),
        organiser=_("wellbeing services county"),
    ),
    "city": RegionTerms(
        council=_("city council"),
        council_genitive=pgettext_lazy("genitive", "city council's"),
        strategy=_("city strategy"),
        executive=_("city board"),
        organiser=_("city"),
    ),
    "joint_authority": RegionTerms(
        council=_("joint authority council"),
        council_genitive=pgettext_lazy("genitive", "joint authority council's"),
        strategy=_("joint authority strategy"),
        executive=_("joint authority board"),
        organiser=_("joint authority"),
    ),
}


def terms_for(kind: str) -> RegionTerms:
    return TERMS.get(kind, TERMS["county"])
