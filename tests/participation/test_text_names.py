"""Lemmas chosen among Voikko's analyses, theme names an official can read, staff naming,
merging and splitting themes, and what reaches the decision package (issue 27)."""

from __future__ import annotations

import csv
from pathlib import Path

import libvoikko
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from participation import registrations
from participation.models import CommentInsight, Theme
from participation.text.language import NOUN, PROPER, VERB, Analyzer, normalise, tokens
from participation.text.services import analyse_round
from participation.text.themes import Doc, bridge_pairs, find_themes

from .test_text import DENTAL, HOME_CARE, PHONE, _round_with_texts, url

pytestmark = pytest.mark.django_db  # the package's autouse fixtures clear a database cache

BENCH = Path(__file__).resolve().parents[2] / "bench" / "data"


@pytest.fixture(scope="module")
def tool():
    return Analyzer()


# -- lemmas ----------------------------------------------------------------------------


def test_voikko_analysis_is_chosen_not_taken_first(tool):
    # the examples: "tavalla" is "tapa" (a way), never the verb "tappaa";
    # "rinnalla" is the noun "rinta", not the first name Rinna; "tullut" is "tulla"
    assert tool.lemma("tavalla", "fi") == "tapa"
    assert tool.word("rinnalla", "fi").lemma == "rinta"
    assert tool.lemma("tullut", "fi") == tool.lemma("tultu", "fi") == "tulla"
    assert tool.word("tullut", "fi").word_class == VERB
    assert tool.lemma("kuuluu", "fi") == "kuulua"  # a finite verb, not the rare noun "kuuluu"
    assert tool.lemma("näkyä", "fi") == "näkyä"  # the verb's own form, not "näky" (a vision)
    assert tool.lemma("tapaa", "fi") == "tapa"  # "a way" (partitive) stays a noun
    # a verb's MA-infinitive, not the rare agent noun derived from it ("opiskelema")
    assert tool.lemma("opiskelemaan", "fi") == "opiskella"
    assert tool.lemma("kotiutumaan", "fi") == tool.lemma("kotiutumista", "fi") == "kotiutua"
    # ... nor a compound noun written the same way ("toimi+maa": an action's land)
    assert tool.lemma("toimimaan", "fi") == "toimia"
    # a compound keeps its whole lemma; its first member is written as in the word
    assert tool.word("terveysasemalle", "fi") == tool.word("terveysasemien", "fi")
    assert tool.word("terveysasemalle", "fi").lemma == "terveysasema"
    assert tool.word("terveysasemalle", "fi").first == "terveys"  # not the fragment "terve"
    assert tool.word("hoitotakuu", "fi").first == "hoito"
    assert tool.word("kuukauden", "fi").word_class == NOUN


def test_a_capitalised_word_mid_sentence_is_a_name_and_no_term(tool):
    assert tool.word("Sodankylän", "fi", may_be_name=True).word_class == PROPER
    terms = tool.terms("Me Sodankylän asukkaat vaadimme päivystystä.", "fi")
    assert "fi:päivystys" in terms
    assert not any(t.lower().startswith(("fi:sodankylä", "fi:sota")) for t in terms)
    # the same word beginning a sentence is read as a common word
    assert tokens("Rinnalla kulkee. Tuki") == [
        ("Rinnalla", False),
        ("kulkee", False),
        ("Tuki", False),
    ]


def test_swedish_lemmas_read_as_words(tool):
    assert tool.lemma("köerna", "sv") == tool.lemma("kö", "sv")
    assert tool.word("hälsocentralen", "sv").display == "hälsocentral"


# -- theme names -----------------------------------------------------------------------


def _rows(name):
    with (BENCH / name).open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


@pytest.mark.parametrize("name", ["comments.tsv", "independent.tsv"])
def test_no_theme_name_is_a_verb_a_fragment_or_empty(tool, name):
    """On a realistic set (the bench's, fi and sv): every theme has a name; each Finnish
    word of it is, by Voikko itself, a whole noun lemma (not a verb, not a fragment of a
    compound); no Swedish name word is a verb form."""
    rows = _rows(name)
    found = find_themes(
        [Doc(i, r["text"], r["language"]) for i, r in enumerate(rows)],
        tool=tool,
        bridge=bridge_pairs(None),
    )
    voikko = libvoikko.Voikko("fi")
    assert found.themes
    for theme in found.themes:
        assert theme.names and all(n.strip() for n in theme.names.values())
        for word in filter(None, theme.names.get("fi", "").lower().split(" ja ")):
            # a phrase the comments say ("etsivä nuorisotyö", "nuorten mielenterveys"): its
            # last word is the noun, the one before it an adjective's base form or a noun
            # in the genitive, never a verb
            *attribute, word = word.split(" ")
            assert len(attribute) <= 1, theme.names
            analyses = voikko.analyze(word)
            assert any(
                a.get("BASEFORM", "").lower() == word and a.get("CLASS") == "nimisana"
                for a in analyses
            ), (word, theme.names)
            assert word not in POSTPOSITION_NOUNS, theme.names
            for before in attribute:
                assert all(
                    a.get("CLASS") in ("laatusana", "nimisana_laatusana", "nimisana")
                    for a in voikko.analyze(before)
                ), (before, theme.names)
                assert any(
                    (a.get("BASEFORM", "").lower() == before and a.get("CLASS") != "nimisana")
                    or a.get("SIJAMUOTO") == "omanto"
                    for a in voikko.analyze(before)
                ), (before, theme.names)
        for word in filter(None, theme.names.get("sv", "").lower().split(" och ")):
            for part in word.split(" "):
                assert not part.endswith(("ade", "erar", "ar")), theme.names  # verb forms
                assert part not in SWEDISH_VERBS, theme.names
            assert len(word.split(" ")) <= 2, theme.names
    voikko.terminate()


# the nouns behind Finnish postpositions ("jälkeen", "välillä", "vuoksi", "kautta")
POSTPOSITION_NOUNS = {"jälki", "väli", "vuo", "kausi", "sija"}
# Swedish verbs a resident uses, written here apart from the code's own list
SWEDISH_VERBS = {"veta", "göra", "kunna", "säga", "svara", "vänta", "ringa", "skriva", "tycka"}


def test_a_swedish_verb_is_no_noun_but_a_noun_is(tool):
    """ "Veta och mamma" named a theme: "vet" (knows) was read as a definite noun form."""
    from participation.text.themes import is_noun

    terms = tool.terms(
        "Jag vet inte vad mamman får. Vi vet att mammor väntar, läkaren svarar inte.",
        "sv",
        keep_surface=True,
    )
    by_word = {tool.label(t): t for t in terms}
    assert not is_noun(tool, by_word["veta"])
    assert not is_noun(tool, by_word["vänta"])
    assert is_noun(tool, by_word["mamma"])
    assert is_noun(tool, by_word["läkare"])


def test_a_name_joins_only_words_that_a_central_comment_says_together():
    from participation.text.themes import _name_pair, theme_names

    central = [{"sv:vet", "sv:x"}, {"sv:mamm", "sv:hemvård"}]
    words, terms = ["mamma", "veta", "hemvård"], ["sv:mamm", "sv:vet", "sv:hemvård"]
    assert _name_pair(words, terms, central) == ["mamma", "hemvård"]
    assert _name_pair(words[:2], terms[:2], central) == ["mamma"]
    assert _name_pair(words, ["sv:mamm", "sv:vet", ""], central) == ["mamma"]  # no term known
    assert theme_names({"sv": ["mamma"]}) == {"sv": "Mamma", "fi": "Äiti"}
    # a language without keywords of its own gets the general glossary's translation
    assert theme_names({"fi": ["neuvola"]})["sv"] == "Rådgivning"


def test_a_theme_named_by_its_commonest_nouns_takes_two_distinct_ones(tool):
    """When nothing sets a theme apart its name comes from its commonest nouns: two of
    them, never a word inside the other ("koti" beside "kotihoito"), which the name would
    then drop, leaving one."""
    from participation.text.themes import _commonest_nouns

    rows = [
        "Kotihoito tuli kotiin heti.",  # "koti" as a word of its own too
        "Kotihoito ei tiennyt sairaalasta mitään.",
        "Sairaalan ja kotihoidon tieto ei kulje.",
        "Sairaala soitti kotihoitoon illalla.",
    ]
    terms = [tool.terms(text, "fi", keep_surface=True) for text in rows]
    # "koti" is in every comment (the compound's first member), "sairaala" in three
    assert sum("fi:koti" in t for t in terms) == 4 and "fi:koti" in tool.surface
    assert sorted(_commonest_nouns(tool, terms)["fi"]) == ["kotihoito", "sairaala"]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyzåäö", min_size=1, max_size=20))
def test_swedish_noun_forms_are_longer_forms_of_the_word(word):
    from participation.text.themes import swedish_noun_forms

    forms = swedish_noun_forms(word)
    assert forms and word not in forms
    assert all(len(f) > len(word) - 1 and f[: len(word) - 1] == word[:-1] for f in forms)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.text(min_size=1, max_size=8), max_size=5, unique=True),
    st.lists(st.sets(st.text(min_size=1, max_size=8), max_size=4), max_size=4),
)
def test_a_name_pair_is_the_first_keyword_and_at_most_one_more(words, central):
    from participation.text.themes import _name_pair

    terms = ["sv:" + w for w in words]
    pair = _name_pair(words, terms, [{"sv:" + t for t in doc} for doc in central])
    assert pair == words[:1] or (len(pair) == 2 and pair[0] == words[0] and pair[1] in words[1:])


def test_near_duplicates_survive_a_swapped_name_and_light_rewording(tool):
    rows = [
        ("fi", "Me Sodankylän asukkaat vaadimme, että päivystys pidetään auki viikonloppuisin."),
        ("fi", "Me Kittilän asukkaat vaadimme, että päivystys pidetään auki viikonloppuisin."),
        ("fi", "Me Kätkäsuvannon asukkaat vaadimme, että päivystys pidetään auki viikonloppuisin."),
        (
            "fi",
            "Kotiuttaminen sairaalasta pitää suunnitella yhdessä omaisten ja kotihoidon kanssa.",
        ),
        ("fi", "Kotiutus sairaalasta pitää suunnitella yhdessä omaisten ja kotihoidon kanssa."),
        ("sv", "Vi invånare i Närpes kräver att förlossningen i Vasa hålls öppen."),
        ("sv", "Vi invånare i Kristinestad kräver att förlossningen i Vasa hålls öppen."),
        # the same topic in other words is not a duplicate (precision)
        ("fi", "Päivystyksen pitää olla auki myös lauantaina ja sunnuntaina."),
        ("fi", "Sairaalasta kotiin lähtö pitää suunnitella omaisten kanssa."),
    ]
    found = find_themes([Doc(i, t, lang) for i, (lang, t) in enumerate(rows)], tool=tool)
    groups = {}
    for i, leader in found.duplicate_of.items():
        groups.setdefault(leader, set()).add(i)
    assert sorted(map(sorted, groups.values())) == [[0, 1, 2], [3, 4], [5, 6]]


def test_representatives_are_the_most_central(tool):
    rows = HOME_CARE + DENTAL + PHONE
    found = find_themes([Doc(i, t, lang) for i, (lang, t) in enumerate(rows)], tool=tool)
    for theme in found.themes:
        values = [found.centrality[i] for i in theme.members]
        assert values == sorted(values, reverse=True)


# -- staff name, accept, merge, split ----------------------------------------------------


def test_unaccepted_or_unnamed_themes_never_reach_the_decision_package(login, project, preparer):
    round, _comments = _round_with_texts(project, HOME_CARE + DENTAL + PHONE)
    analyse_round(round=round)
    round.closed_at = round.ends_at
    round.save(update_fields=["closed_at"])
    client = login(preparer)
    themes = list(Theme.objects.filter(round=round))
    assert all(t.suggested for t in themes)  # the analysis suggests names...

    def package_themes():
        section = registrations.round_summary_section(project, language="fi", public=True)
        return section["participation_rounds"][0]["themes"]

    assert package_themes() == []  # ...but nothing reaches the council without a person
    first = themes[0]
    blank = {"name_theme": "1", "theme": first.pk, "title_fi": "", "title_sv": "", "accept": "on"}
    response = client.post(url("themes", project, round), blank)
    assert response.status_code == 400
    assert "Give the theme a name before accepting it." in response.content.decode()
    assert package_themes() == []
    named = {**blank, "title_fi": "Kotihoidon hoitajat", "title_sv": "Hemvårdens vårdare"}
    named.pop("accept")
    assert client.post(url("themes", project, round), named).status_code == 302
    assert package_themes() == []  # named, not accepted
    named["accept"] = "on"
    assert client.post(url("themes", project, round), named).status_code == 302
    shown = package_themes()
    assert [dict(t["names"]) for t in shown] == [
        {"fi": "Kotihoidon hoitajat", "sv": "Hemvårdens vårdare"}
    ]
    # a recompute keeps the name of a theme with mostly the same responses
    analyse_round(round=round)
    assert [dict(t["names"]) for t in package_themes()] == [
        {"fi": "Kotihoidon hoitajat", "sv": "Hemvårdens vårdare"}
    ]


def test_staff_merge_and_split_themes(login, project, preparer):
    round, comments = _round_with_texts(project, HOME_CARE + DENTAL + PHONE)
    analyse_round(round=round)
    client = login(preparer)
    themes = list(Theme.objects.filter(round=round).order_by("number"))
    assert len(themes) == 3
    a, b = themes[0], themes[1]
    a_members = set(CommentInsight.objects.filter(theme=a).values_list("comment_id", flat=True))
    b_members = set(CommentInsight.objects.filter(theme=b).values_list("comment_id", flat=True))
    response = client.post(
        url("themes", project, round), {"merge_theme": "1", "theme": b.pk, "into": a.pk}
    )
    assert response.status_code == 302
    assert not Theme.objects.filter(pk=b.pk).exists()
    merged = set(CommentInsight.objects.filter(theme=a).values_list("comment_id", flat=True))
    assert merged == a_members | b_members
    a.refresh_from_db()
    assert a.size == len(merged)
    assert CommentInsight.objects.filter(theme=a, representative=True).count() == 3

    response = client.post(url("themes", project, round), {"split_theme": "1", "theme": a.pk})
    assert response.status_code == 302
    new = Theme.objects.filter(round=round).order_by("-number").first()
    assert new.pk != a.pk and new.suggested
    halves = [
        set(CommentInsight.objects.filter(theme=t).values_list("comment_id", flat=True))
        for t in (a, new)
    ]
    assert halves[0] | halves[1] == merged and not halves[0] & halves[1]
    assert all(halves)


# -- the normaliser and tokeniser never crash and are stable ---------------------------------


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text())
def test_normaliser_and_tokeniser_take_any_text(text):
    once = normalise(text)
    assert normalise(once) == once
    words = tokens(text)
    assert tokens(once) == words
    assert all(w and not any(ch.isspace() for ch in w) for w, _name in words)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(), st.sampled_from(["fi", "sv", "en", ""]))
def test_terms_take_any_text(tool, text, language):
    terms = tool.terms(text, language)
    assert terms == tool.terms(text, language)
    assert all(":" in t for t in terms)
