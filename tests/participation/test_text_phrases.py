"""Theme names as the comments say them ("Etsivä nuorisotyö", not "Etsivä ja nuorisotyö"),
and fi and sv names that match on a theme of both languages (issue 27)."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from participation.text.language import Analyzer
from participation.text.names import phrase, segments, swedish_phrases
from participation.text.themes import (
    Doc,
    _matching_heads,
    _minority_name,
    _said_phrase,
    _swedish_compound,
    _swedish_noun,
    _swedish_said_name,
    find_themes,
    theme_names,
)

pytestmark = pytest.mark.django_db  # the package's autouse fixtures clear a database cache


@pytest.fixture(scope="module")
def tool():
    return Analyzer()


def test_an_agreeing_adjective_names_the_theme_in_the_nominative(tool):
    texts = [
        "Etsivää nuorisotyötä tarvitaan joka kylään.",
        "Etsivä nuorisotyö löysi poikamme ajoissa.",
        "Nuorisotyö on tärkeää.",
    ]
    assert phrase(tool, "nuorisotyö", texts, "fi") == "etsivä nuorisotyö"
    # the first keyword the attribute of the second: one phrase, not two nouns joined
    assert _said_phrase(tool, ["etsivä", "nuorisotyö"], texts, "fi") == "etsivä nuorisotyö"
    # a genitive keyword before a later one: the phrase as written
    said = ["Rantakylän terveysasema on säilytettävä!", "Rantakylän terveysasemalla on jono."]
    assert _said_phrase(tool, ["rantakylä", "terveysasema"], said, "fi") == (
        "rantakylän terveysasema"
    )
    # a later keyword whose attribute is no keyword does not replace the first
    assert _said_phrase(tool, ["kylä", "nuorisotyö"], texts, "fi") is None
    assert theme_names({"fi": ["etsivä nuorisotyö"]}) == {
        "fi": "Etsivä nuorisotyö",
        "sv": "Uppsökande ungdomsarbete",  # the glossary's translation of the phrase
    }
    # a phrase the glossary does not know: the translation of the theme's nouns
    nouns = {"fi": ["kotihoito", "omahoitajamalli"]}
    assert theme_names({"fi": ["kotihoidon omahoitajamalli"]}, nouns)["sv"] == "Hemvård"


def test_a_genitive_noun_before_it_stays_as_written(tool):
    texts = ["Nuorten mielenterveys huolettaa.", "Jonot nuorten mielenterveyspalveluihin."]
    assert phrase(tool, "mielenterveys", texts, "fi") is None  # said once only
    texts.append("Nuorten mielenterveyttä pitää tukea koulussa.")
    assert phrase(tool, "mielenterveys", texts, "fi") == "nuorten mielenterveys"


def test_no_phrase_across_punctuation_from_a_verb_or_a_general_word(tool):
    # "hoitajan. Kotihoito": two sentences; "hyvä" judges, names nothing; "odottaa" a verb
    assert phrase(tool, "kotihoito", ["Soitin hoitajan. Kotihoito ei vastannut."] * 3, "fi") is None
    assert phrase(tool, "hoito", ["Hyvä hoito on tärkeää.", "hyvää hoitoa"], "fi") is None
    assert phrase(tool, "jono", ["Jäimme odottamaan jonoon.", "odottamaan jonoon"], "fi") is None
    # a name mid-sentence is no attribute of the noun after it
    assert phrase(tool, "ohälsa", ["Hos Nilsson ohälsa", "Hos Nilsson ohälsa"], "sv") is None


def test_swedish_adjective_and_noun_as_written(tool):
    texts = ["Psykisk ohälsa hos unga ökar.", "Mer stöd för psykisk ohälsa!", "ohälsa"]
    assert phrase(tool, "ohälsa", texts, "sv") == "psykisk ohälsa"
    # the noun in another form than its base is not the phrase ("psykiska ohälsan")
    assert phrase(tool, "ohälsa", ["den psykiska ohälsan"] * 3, "sv") is None
    assert phrase(tool, "vård", ["Bra vård.", "bra vård"], "sv") is None  # judges only


def test_a_mixed_theme_takes_the_leading_languages_noun_in_both(tool):
    member_terms = [
        tool.terms("Nuorisotyö tavoittaa nuoret.", "fi", keep_surface=True),
        tool.terms("Nuorisotyötä lisää.", "fi", keep_surface=True),
        tool.terms("Nuorisotyö puuttuu kunnasta.", "fi", keep_surface=True),
        tool.terms("Ungdomsarbete i kommunen.", "sv", keep_surface=True),
        tool.terms("Mer ungdomsarbete i kommunen!", "sv", keep_surface=True),
    ]
    term_of = {}
    keywords = {"fi": ["nuorisotyö"], "sv": ["kommun", "ungdomsarbete"]}
    matched = _matching_heads(tool, keywords, term_of, member_terms)
    assert matched == {"fi": ["nuorisotyö"], "sv": ["ungdomsarbete", "kommun"]}
    assert ("sv", "ungdomsarbete") in term_of
    # said by one of two Swedish comments only: each language keeps its own noun
    other = tool.terms("Kommunen svarar inte.", "sv", keep_surface=True)
    assert _matching_heads(tool, keywords, {}, member_terms[:4] + [other]) == keywords
    # a theme of one language is named in it alone
    assert _matching_heads(tool, {"fi": ["nuorisotyö"]}, {}, member_terms) == {"fi": ["nuorisotyö"]}


def test_a_language_with_few_of_the_themes_comments_takes_the_others_name():
    paired = {"fi": ["kotihoito", "hoitaja"], "sv": ["mamma"]}
    names = {"fi": "Kotihoito ja hoitaja", "sv": "Mamma"}
    nouns = {"fi": ["kotihoito", "hoitaja"], "sv": ["mamma"]}
    # 2 Swedish comments of 14: the Finnish name's translation
    renamed = _minority_name(names, paired, nouns, Counter({"fi": 12, "sv": 2}))
    assert renamed == {"fi": "Kotihoito ja hoitaja", "sv": "Hemvård och vårdare"}
    # a third or more: each language keeps the name its own comments give
    assert _minority_name(names, paired, nouns, Counter({"fi": 9, "sv": 3})) == names
    # no translation known: the name stays
    odd = {"fi": ["tarina"], "sv": ["mamma"]}
    assert _minority_name(names, odd, odd, Counter({"fi": 12, "sv": 2})) == names


def test_a_theme_of_outreach_youth_work_is_named_by_its_phrase(tool):
    texts = [
        "Etsivä nuorisotyö tavoitti poikani kun hän jäi kotiin.",
        "Etsivää nuorisotyötä pitäisi olla enemmän kylillä.",
        "Etsivän nuorisotyön työntekijä soitti meille.",
        "Etsivä nuorisotyö on ainoa joka auttaa nuoria.",
    ] * 3 + [
        "Hammaslääkärille pääsee vasta kuukauden päästä.",
        "Hammaslääkärin jono on pitkä.",
        "Hammaslääkäri ei vastaa puhelimeen.",
        "Hammashoitoon pääsy kestää liian kauan, hammaslääkäri puuttuu.",
    ] * 3
    found = find_themes([Doc(i, t, "fi") for i, t in enumerate(texts)], tool=tool, k=2)
    assert "Etsivä nuorisotyö" in {t.names.get("fi") for t in found.themes}


def _seen(tool, texts):
    """The analyser has read the texts, as find_themes has read a round's comments."""
    for text in texts:
        tool.terms(text, "sv", keep_surface=True)
    return texts


def test_a_mostly_finnish_theme_takes_its_swedish_name_from_its_swedish_comments(tool):
    paired = {"fi": ["kotihoito", "hoitaja"], "sv": ["hemvård", "mamma"]}
    names = {"fi": "Kotihoito ja hoitaja", "sv": "Hemvård och mamma"}
    texts = _seen(
        tool,
        [
            "Kommunal hemvård måste finnas på svenska.",
            "Min mamma behöver kommunal hemvård varje dag.",
            "Mamma väntar på svar.",
        ],
    )
    # an adjective and the noun, said in two of the Swedish comments
    renamed = _swedish_said_name(tool, names, paired, texts)
    assert renamed == {"fi": "Kotihoito ja hoitaja", "sv": "Kommunal hemvård"}
    # said in one comment only: the name stays as it was
    assert _swedish_said_name(tool, names, paired, texts[1:]) == names
    # a compound noun in its definite form names the theme in its base form
    booking = _seen(tool, ["Tidsbokningen fungerar inte.", "Tidsbokningen borde gå på svenska."])
    ajanvaraus = {"fi": ["ajanvaraus"], "sv": ["klient"]}
    assert _swedish_said_name(tool, {"fi": "Ajanvaraus", "sv": "Klient"}, ajanvaraus, booking) == {
        "fi": "Ajanvaraus",
        "sv": "Tidsbokning",
    }


def test_fi_and_sv_names_of_one_theme_never_name_different_things(tool):
    """ "Potilasturvallisuus" / "Tidsbokning" was one theme's pair of names: the glossary
    pairs "tidsbokning" with "ajanvaraus", not the Finnish name's noun, so the Swedish name
    is the Finnish one's translation."""
    booking = _seen(tool, ["Tidsbokningen fungerar inte.", "Tidsbokningen borde gå på svenska."])
    paired = {"fi": ["potilasturvallisuus"], "sv": ["klient"]}
    names = {"fi": "Potilasturvallisuus", "sv": "Klient"}
    assert _swedish_said_name(tool, names, paired, booking) == {
        "fi": "Potilasturvallisuus",
        "sv": "Patientsäkerhet",
    }
    # a genitive attribute of the Finnish name is one of its nouns: "hemvård" is "kotihoito"
    home = _seen(tool, ["Kommunal hemvård räcker inte.", "Kommunal hemvård på svenska!"])
    client = {"fi": ["kotihoidon asiakas"], "sv": ["klient"]}
    assert _swedish_said_name(tool, {"fi": "Kotihoidon asiakas", "sv": "Klient"}, client, home) == {
        "fi": "Kotihoidon asiakas",
        "sv": "Kommunal hemvård",
    }
    # no translation known: the name stays as it was, never the mismatched phrase
    odd = {"fi": ["tarina"], "sv": ["klient"]}
    assert _swedish_said_name(tool, {"fi": "Tarina", "sv": "Klient"}, odd, booking) == {
        "fi": "Tarina",
        "sv": "Klient",
    }
    # a Swedish name already said by its comments stays
    said = {"fi": ["potilasturvallisuus"], "sv": ["psykisk ohälsa"]}
    kept = {"fi": "Potilasturvallisuus", "sv": "Psykisk ohälsa"}
    assert _swedish_said_name(tool, kept, said, booking) == kept


def test_a_swedish_phrase_is_never_a_verb_or_a_fragment(tool):
    texts = _seen(
        tool,
        [
            "Vi väntar och väntar, ingen svarar.",
            "Vi väntar fortfarande, ingen svarar.",
            "Frivilligarbetet behöver resurser.",
            "Frivilligarbetet är viktigt.",
        ],
    )
    found = dict(swedish_phrases(texts, lambda word: _swedish_noun(tool, word), _swedish_compound))
    assert not {"väntar", "vänta", "svarar", "svara", "frivilligarbet"} & set(found)
    assert _swedish_noun(tool, "väntar") is None
    assert _swedish_noun(tool, "hälsocentralerna") == "hälsocentral"


WORDS = st.sampled_from(
    "etsivä etsivää nuorisotyö nuorisotyötä nuorten mielenterveys hyvä hoito odottaa "
    "jonoon psykisk ohälsa bra vård Nilsson . , ! ja och".split()
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(st.lists(WORDS, max_size=8).map(" ".join), max_size=6),
    st.sampled_from(["nuorisotyö", "mielenterveys", "hoito", "ohälsa", "vård"]),
    st.sampled_from(["fi", "sv"]),
)
def test_a_phrase_is_one_attribute_and_the_noun_said_in_two_comments(tool, texts, head, language):
    said = phrase(tool, head, texts, language)
    if said is None:
        return
    attribute, _space, noun = said.partition(" ")
    assert noun == head and attribute and " " not in attribute and attribute != head
    # said in at least two of the comments, right before the noun within one run of words
    runs = [[w.lower() for w, _name in run] for text in texts for run in segments(text)]
    assert sum(1 for text in texts if any(len(r) > 1 for r in segments(text))) >= 2
    assert any(len(run) > 1 for run in runs)
    if language == "sv":
        assert (
            sum(said in " ".join(w.lower() for w, _n in r) for t in texts for r in segments(t)) >= 2
        )


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80))
def test_segments_take_any_text_and_never_hold_punctuation(text):
    for run in segments(text):
        for word, _may_be_name in run:
            assert word and not any(ch in ".,;:!?()" for ch in word)


SWEDISH = st.sampled_from(
    "kommunal kommunala hemvård hemvården tidsbokningen tidsbokning väntar svarar bra "
    "psykisk ohälsa mamma tandvården Nilsson i och . , !".split()
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.lists(SWEDISH, max_size=8).map(" ".join), max_size=6))
def test_a_swedish_phrase_is_a_noun_or_an_adjective_and_noun_said_in_two_comments(tool, texts):
    for said, count in swedish_phrases(
        texts, lambda word: _swedish_noun(tool, word), _swedish_compound
    ):
        words = said.split(" ")
        assert count >= 2 and 1 <= len(words) <= 2
        assert not {"väntar", "svarar", "bra", "i", "och", "nilsson"} & set(words)
        # the noun is a noun's base form, an attribute a word as written before it
        assert _swedish_noun(tool, words[-1]) == words[-1]
        if len(words) == 2:
            assert sum(said in text.lower() for text in texts) >= 2
        else:
            assert _swedish_compound(said)
            assert sum(said in text.lower() for text in texts) >= 2
