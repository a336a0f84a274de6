"""A theme's Finnish and Swedish names name one topic (issue 27): a theme mostly about one
thing is never named after a few off-topic comments of the other language ("Päihde" /
"Dygn och förlossningsavdelning"); without a fitting name in a language the page shows the
other language's name, marked as such."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation

from participation.models import Theme
from participation.text.glossary import GENERAL_PAIRS, PAIRS
from participation.text.language import Analyzer
from participation.text.services import analyse_round
from participation.text.themes import Doc, bridge_pairs, find_themes, one_topic

from .test_text import DENTAL, HOME_CARE, PHONE, _round_with_texts

pytestmark = pytest.mark.django_db

BENCH = Path(__file__).resolve().parents[2] / "bench" / "data"


@pytest.fixture(scope="module")
def tool():
    return Analyzer()


def _named(tool, names, specific, central=None, keywords=None, paired=None, fits=None):
    paired = paired or {k: [v.lower()] for k, v in names.items()}
    central = Counter(central or {"fi": 6, "sv": 2})
    return one_topic(tool, names, paired, keywords or {}, specific, central, central, fits)


def test_the_other_languages_off_topic_name_gives_way_to_the_translation(tool):
    # a home-care theme whose two Swedish comments talk about mothers
    names = {"fi": "Kotihoito ja hoitaja", "sv": "Mamma"}
    paired = {"fi": ["kotihoito", "hoitaja"], "sv": ["mamma"]}
    renamed = _named(tool, names, {"fi": 1.0, "sv": 0.5}, paired=paired)
    assert renamed == {"fi": "Kotihoito ja hoitaja", "sv": "Hemvård och vårdare"}
    # one of the Swedish comments' own nouns that names the same thing comes first
    keywords = {"fi": ["kotihoito"], "sv": ["mamma", "hemvård"]}
    assert _named(tool, names, {"fi": 1.0, "sv": 0.5}, keywords=keywords, paired=paired) == {
        "fi": "Kotihoito ja hoitaja",
        "sv": "Hemvård",
    }


def test_of_two_nouns_only_the_one_that_names_the_theme_stays(tool):
    # the demo's "Kotihoidon omahoitajamalli" / "Hemvård och mamma": the mother is what
    # one Swedish comment talks about, not the theme
    names = {"fi": "Kotihoidon omahoitajamalli", "sv": "Hemvård och mamma"}
    assert _named(tool, names, {"fi": 1.0, "sv": 0.6}) == {
        "fi": "Kotihoidon omahoitajamalli",
        "sv": "Hemvård",
    }
    both = {"fi": "Järjestö ja palveluohjaus", "sv": "Organisation och servicehandledning"}
    assert _named(tool, both, {"fi": 1.0, "sv": 0.6}) == both


def test_a_compound_the_glossary_does_not_know_is_translated_by_its_first_member(tool):
    # "puhelinnumero" (a phone number): "puhelin" is "telefon"
    names = {"fi": "Puhelinnumero", "sv": "Tidsbokning"}
    assert _named(tool, names, {"fi": 1.0, "sv": 0.5}, fits=lambda name, lang: 0.8) == {
        "fi": "Puhelinnumero",
        "sv": "Telefon",
    }
    # ... only when the member's translation is still the theme's own: "palveluauto" (a
    # service van) is no "tjänst" (a service), a word the whole round uses
    van = {"fi": "Palveluauto", "sv": "Dygn"}
    assert _named(tool, van, {"fi": 1.0, "sv": 0.2}, fits=lambda name, lang: 0.1) == {
        "fi": "Palveluauto"
    }


def test_without_a_translation_the_mismatched_name_is_dropped(tool):
    # "Päihde" (substance abuse) / "Dygn och förlossningsavdelning" was one theme's pair
    names = {"fi": "Päihde", "sv": "Dygn och förlossningsavdelning"}
    assert _named(tool, names, {"fi": 1.0, "sv": 0.4}) == {"fi": "Päihde", "sv": "Missbruk"}
    # no translation known ("tarina", a story): no Swedish name rather than a wrong one
    names = {"fi": "Tarina", "sv": "Dygn och förlossningsavdelning"}
    assert _named(tool, names, {"fi": 1.0, "sv": 0.4}) == {"fi": "Tarina"}


def test_names_that_agree_or_a_name_of_the_themes_own_words_stay(tool):
    # the glossary pairs "läkare" with "lääkäri", a member of "lääkäriaika"
    agreeing = {"fi": "Lääkäriaika", "sv": "Läkare"}
    assert _named(tool, agreeing, {"fi": 1.0, "sv": 0.3}) == agreeing
    # a loanword written alike in both
    loan = {"fi": "Ambulanssi", "sv": "Ambulans"}
    assert _named(tool, loan, {"fi": 1.0, "sv": 0.3}) == loan
    # "Kotiutushoitaja" / "Utskrivningsskötare": no glossary pair, but nearly every comment
    # of the round saying the Swedish word is in this theme: it is the theme's own name
    own = {"fi": "Kotiutushoitaja", "sv": "Utskrivningsskötare"}
    assert _named(tool, own, {"fi": 1.0, "sv": 1.0}) == own


def test_the_name_more_the_themes_own_leads_whatever_the_language(tool):
    # mostly Swedish comments, but "tidsbokning" is said all over the round while
    # "ruotsi"/"svenska" is this theme's: the Finnish name leads
    names = {"fi": "Ruotsi", "sv": "Tidsbokning"}
    renamed = _named(tool, names, {"fi": 0.8, "sv": 0.5}, central={"fi": 3, "sv": 4})
    assert renamed == {"fi": "Ruotsi", "sv": "Svenska"}
    # a Swedish name leads when it is the more specific: the Finnish one is its translation
    names = {"fi": "Kunta", "sv": "Tandvård"}
    assert _named(tool, names, {"fi": 0.3, "sv": 1.0}) == {"fi": "Hammashoito", "sv": "Tandvård"}


def test_a_finnish_name_from_the_glossary_is_never_a_verb(tool):
    # the glossary pairs "vänta" with the verb "odottaa": no Finnish name then
    names = {"fi": "Kunta", "sv": "Vänta"}
    assert _named(tool, names, {"fi": 0.3, "sv": 1.0}) == {"sv": "Vänta"}


def _rows(name):
    with (BENCH / name).open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def test_on_the_tuning_set_each_swedish_name_names_what_the_finnish_one_does(tool):
    """On the bench's tuning set (fi and sv), every theme with comments in both languages
    has a name in both, and the two name one topic (before: "Ruotsi" / "Tidsbokning",
    "Nuorten mielenterveyspalvelu" / "Barn", "Puhelinnumero" with no Swedish name): either
    the glossary reads the Swedish name as a word of the Finnish one, or each name, read
    in its own language, is said mostly by comments of the theme's own hand-labelled topic
    ("Järjestö ja yhteyshenkilö" / "Förening och samarbete": other words, one topic)."""
    rows = _rows("comments.tsv")
    found = find_themes(
        [Doc(i, r["text"], r["language"]) for i, r in enumerate(rows)],
        tool=tool,
        bridge=bridge_pairs(None),
    )
    sv_to_fi: dict[str, set[str]] = {}
    for fi, sv in PAIRS + GENERAL_PAIRS:
        sv_to_fi.setdefault(sv, set()).add(fi)
    said = [set(tool.terms(r["text"], r["language"])) for r in rows]

    def of_topic(name: str, language: str, label: str) -> bool:
        """The comments of the name's language that say one of its words are mostly of
        the topic (the best of its words)."""
        shares = []
        for term in tool.terms(name, language):
            labels = [r["theme"] for r, terms in zip(rows, said, strict=True) if term in terms]
            if labels:
                shares.append(labels.count(label) / len(labels))
        return max(shares, default=0.0) >= 0.5

    for theme in found.themes:
        if {rows[i]["language"] for i in theme.members} == {"fi", "sv"}:
            assert set(theme.names) == {"fi", "sv"}, theme.names
        finnish = theme.names["fi"].lower()
        finnish_words = {tool.lemma(w, "fi") for w in finnish.split()} | set(finnish.split())
        known = [w for w in theme.names["sv"].lower().split() if w in sv_to_fi]
        # the same word, or one a compound of the other (of four letters or more: "työ" /
        # "arbete" is the glossary's pair itself)
        agrees = any(
            fi == word or (len(word) >= 4 and (fi in word or word in fi))
            for w in known
            for fi in sv_to_fi[w]
            for word in finnish_words
        )
        label = Counter(rows[i]["theme"] for i in theme.members).most_common(1)[0][0]
        assert (
            not known
            or agrees
            or (
                of_topic(theme.names["fi"], "fi", label)
                and of_topic(theme.names["sv"], "sv", label)
            )
        ), theme.names


def test_a_theme_without_a_name_in_the_pages_language_shows_the_other_marked(
    login, project, preparer
):
    round, _comments = _round_with_texts(project, HOME_CARE + DENTAL + PHONE)
    analyse_round(round=round)
    theme = Theme.objects.filter(round=round).order_by("number").first()
    # as the analysis leaves a theme whose Swedish comments named something else
    theme.suggested = {"fi": "Päihde"}
    theme.terms = {"fi": ["päihde"], "sv": ["dygn", "förlossningsavdelning"]}
    theme.save(update_fields=["suggested", "terms"])
    assert theme.name_in("sv") == ""
    name = theme.name("sv")
    assert (str(name), name.lang, name.fallback) == ("Päihde", "fi", True)
    assert theme.names() == [("fi", "Päihde")]
    client = login(preparer)

    def swedish(name: str) -> str:
        with translation.override("sv"):
            return reverse(
                f"participation:{name}",
                kwargs={"region": project.region.slug, "project": project.pk, "round": round.pk},
            )

    page = client.get(swedish("analysis")).content.decode()
    assert '<span lang="fi" class="lang-fallback">Päihde</span>' in page
    assert "(på finska)" in page
    assert "förlossningsavdelning" not in page
    # the themes page lists it under its Finnish name, and the merge form's choice says so
    page = client.get(swedish("themes")).content.decode()
    assert '<span lang="fi">Päihde</span>' in page
    assert f"Tema {theme.number}: Päihde (på finska)" in page
    # a theme of an older analysis, without suggested names, still shows its keywords
    theme.suggested = {}
    theme.save(update_fields=["suggested"])
    assert theme.name_in("sv") == "dygn, förlossningsavdelning"
