"""Word pairs learned from the app's own Finnish/Swedish texts (issue 27, fourth pass): the
.po reader, the sentence split and the aligner (participation/text/align.py)."""

from __future__ import annotations

import json
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from participation.text import align

pytestmark = pytest.mark.django_db  # the package's autouse fixtures clear a database cache

PO_FI = r"""# Finnish
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\n"

#: a.py:1
msgid "Waiting time"
msgstr "Odotusaika"

#, fuzzy
msgid "Home care"
msgstr "Kotihoito (vanha)"

msgctxt "genitive"
msgid "the city's"
msgstr "kaupungin"

msgid "A long "
"sentence"
msgstr "Pitkä "
"lause \"lainattu\""

msgid "Untranslated"
msgstr ""

msgid "One reply"
msgid_plural "%(n)s replies"
msgstr[0] "Yksi vastaus"
msgstr[1] "%(n)s vastausta"

#~ msgid "Old"
#~ msgstr "Vanha"
"""

PO_SV = r"""msgid "Waiting time"
msgstr "Väntetid"

msgid "Home care"
msgstr "Hemvård"

msgctxt "genitive"
msgid "the city's"
msgstr "stadens"

msgid "One reply"
msgid_plural "%(n)s replies"
msgstr[0] "Ett svar"
msgstr[1] "%(n)s svar"
"""


def test_po_reader_keeps_translated_entries_by_context_and_id():
    entries = align.parse_po(PO_FI)
    assert entries == {
        ("", "Waiting time"): "Odotusaika",
        ("genitive", "the city's"): "kaupungin",
        ("", "A long sentence"): 'Pitkä lause "lainattu"',  # continued lines, escapes
        ("", "One reply"): "Yksi vastaus",  # a plural's first form
    }  # not the header, the fuzzy, the untranslated or the obsolete entry


def test_po_pairs_join_the_two_catalogues_on_the_same_entry():
    # "Home care" is fuzzy in Finnish: no pair; the context keeps "kaupungin" with "stadens"
    assert align.po_pairs(PO_FI, PO_SV) == [
        ("Odotusaika", "Väntetid"),
        ("kaupungin", "stadens"),
        ("Yksi vastaus", "Ett svar"),
    ]


_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=30
).filter(lambda t: t.strip())


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(st.tuples(st.sampled_from(["", "ctx"]), _TEXT), _TEXT, max_size=8))
def test_a_written_catalogue_reads_back_as_written(entries):
    body = "\n".join(
        (f"msgctxt {json.dumps(ctx, ensure_ascii=False)}\n" if ctx else "")
        + f"msgid {json.dumps(msgid, ensure_ascii=False)}\n"
        f"msgstr {json.dumps(msgstr, ensure_ascii=False)}\n"
        for (ctx, msgid), msgstr in entries.items()
    )
    assert align.parse_po('msgid ""\nmsgstr ""\n\n' + body) == entries


def test_sentences_are_paired_only_when_both_sides_have_as_many():
    pairs = [
        ("Jono on pitkä. Lääkäri ei vastaa.", "Kön är lång. Läkaren svarar inte."),
        ("Yksi lause. Toinen lause.", "En enda mening."),
    ]
    assert align.sentence_pairs(pairs) == [
        ("Jono on pitkä.", "Kön är lång."),
        ("Lääkäri ei vastaa.", "Läkaren svarar inte."),
        ("Yksi lause. Toinen lause.", "En enda mening."),
    ]


def test_aligner_pairs_words_that_occur_in_the_same_sentences():
    sentences = [
        (["fi:jono", "fi:pitkä"], ["sv:kö", "sv:lång"]),
        (["fi:jono", "fi:lääkäri"], ["sv:kö", "sv:läkare"]),
        (["fi:lääkäri", "fi:vastata"], ["sv:läkare", "sv:svara"]),
        (["fi:pitkä", "fi:odotus"], ["sv:lång", "sv:väntan"]),
    ]
    assert align.align(sentences) == {
        "sv:kö": "fi:jono",
        "sv:läkare": "fi:lääkäri",
        "sv:lång": "fi:pitkä",
    }
    # seen together once only: nothing is learned of "vastata" / "svara"
    assert "sv:svara" not in align.align(sentences)


_TERM = st.sampled_from(["a", "b", "c", "d", "e", "f"])
_SENTENCES = st.lists(
    st.tuples(
        st.lists(_TERM.map(lambda w: f"fi:{w}"), max_size=4),
        st.lists(_TERM.map(lambda w: f"sv:{w}"), max_size=4),
    ),
    max_size=12,
)


@settings(max_examples=200, deadline=None)
@given(_SENTENCES, st.integers(1, 3), st.floats(0.1, 1.0), st.randoms(use_true_random=False))
def test_aligner_is_one_to_one_supported_and_order_free(sentences, min_count, min_dice, rnd):
    pairs = align.align(sentences, min_count=min_count, min_dice=min_dice)
    # one to one
    assert len(set(pairs.values())) == len(pairs)
    for sv, fi in pairs.items():
        assert sv.startswith("sv:") and fi.startswith("fi:")
        together = sum(fi in f and sv in s for f, s in sentences)
        assert together >= min_count
        fi_n = sum(fi in f for f, _s in sentences)
        sv_n = sum(sv in s for _f, s in sentences)
        assert 2 * together / (fi_n + sv_n) >= min_dice
    shuffled = list(sentences)
    random.Random(rnd.random()).shuffle(shuffled)
    assert align.align(shuffled, min_count=min_count, min_dice=min_dice) == pairs


def test_the_apps_parallel_texts_include_the_catalogue_and_the_translations():
    texts = align.app_parallel_texts()
    assert ("Kunnat", "Kommuner") in texts  # the national catalogue's stakeholder group
    assert (
        "Digitaaliset palvelut ensisijaisena kanavana",
        "Digitala tjänster som första kanal",
    ) in texts
    assert all(fi and sv for fi, sv in texts)
    assert len(texts) == len(set(texts))


@pytest.mark.parametrize(
    ("swedish", "finnish"),
    [("Målet saknas", "Tavoite puuttuu"), ("Uppföljningen saknas", "Seuranta puuttuu")],
)
def test_a_swedish_comment_meets_its_finnish_pair_through_the_learned_pairs(
    swedish, finnish, settings, tmp_path
):
    """Neither "mål" nor "uppföljning" is in the hand glossaries: their pairs give the two
    comments no word in common (the themes' general dictionary does), the pairs learned
    from the app's parallel texts do too (the suggestion's LEARNED_SHARED and the bench's
    learned bridge, bench/theme_variants.py)."""
    from participation.text import themes
    from participation.text.language import analyzer

    tool = analyzer()
    sv = tool.terms(swedish, "sv", keep_surface=True)
    fi = tool.terms(finnish, "fi", keep_surface=True)
    x, _bridged = themes._cluster_features([sv, fi], [], tool, 2)
    assert float((x[0] @ x[1].T).toarray()[0, 0]) > 0.0
    settings.TEXT_ANALYSIS_DICTD = str(tmp_path)  # a server without the dictionary's files
    x, _bridged = themes._cluster_features([sv, fi], [], tool, 2)
    assert float((x[0] @ x[1].T).toarray()[0, 0]) == 0.0
    learned = align.learned_words(tool)
    assert {learned.get(t) for t in sv} & set(fi)
