"""Finnish word vectors in the suggested perspective (issue 27, seventh pass): read from
the spaCy model's floret table without spaCy, the same vectors as spaCy's, and the
analysis unchanged in what it offers when the model cannot be loaded."""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from participation.text import suggest, vectors
from participation.text.language import Analyzer
from participation.text.suggest import Suggester
from participation.text.themes import bridge_pairs

from .test_text import TAGGED

pytestmark = pytest.mark.django_db  # the package's autouse fixtures clear a database cache

WORDS = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)), min_size=0, max_size=30
)  # any text that can be written as UTF-8

EXAMPLES = TAGGED
ASKED = [
    ("Kotihoidossa käy eri hoitaja joka päivä.", "fi"),
    ("Lääkärijonot ovat kohtuuttomia.", "fi"),
    ("Samma vårdare i hemvården, tack.", "sv"),
]


@pytest.fixture
def table():
    found = vectors.table()
    if found is None:
        pytest.skip("the Finnish model (spacy-fi-experimental-web-md) is not installed")
    return found


@pytest.fixture
def no_model(monkeypatch):
    """The model not installed: its name unknown to Python."""
    monkeypatch.setattr(vectors, "MODEL", "no_such_model_installed")
    vectors.table.cache_clear()
    yield
    vectors.table.cache_clear()


def test_words_of_one_field_are_nearer_than_unrelated_words(table):
    doctor, dentist, nurse, car = table.of(["lääkäri", "hammaslääkäri", "hoitaja", "auto"])

    def cosine(a, b):
        return float(a @ b / np.linalg.norm(a) / np.linalg.norm(b))

    assert cosine(doctor, dentist) > cosine(doctor, car) + 0.3
    assert cosine(doctor, nurse) > cosine(doctor, car) + 0.3


@lru_cache(maxsize=1)
def _spacys_table():
    spacy_vectors = pytest.importorskip("spacy.vectors")
    spacy_strings = pytest.importorskip("spacy.strings")
    return spacy_vectors.Vectors(strings=spacy_strings.StringStore()).from_disk(
        str(vectors.vocab_folder())
    )


@settings(max_examples=60, deadline=None)
@given(st.lists(WORDS, min_size=1, max_size=5))
def test_the_vectors_are_spacys_for_any_word(words):
    """Read without spaCy, a word's vector is what spaCy's own floret lookup gives."""
    table = vectors.table()
    if table is None:
        pytest.skip("the Finnish model is not installed")
    reference = _spacys_table()
    expected = np.asarray(reference.get_batch(words)) if any(words) else None
    got = table.of(words)
    assert got.shape == (len(words), 300)
    if expected is not None:
        assert np.allclose(got, expected, atol=1e-5)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(WORDS, st.sampled_from(["fi", "sv"])), min_size=1, max_size=6))
# every comment the same word: each is the mean, left with float32 rounding (1.2e-6 long)
@example(texts=[("FFHMN", "fi")] * 3)
def test_a_comment_of_any_text_gets_a_unit_vector_or_none(texts):
    table = vectors.table()
    if table is None:
        pytest.skip("the Finnish model is not installed")
    tool = Analyzer()
    terms = [tool.terms(text, language) for text, language in texts]
    rows = vectors.DocumentVectors(table).fit_transform(terms)
    assert rows.shape == (len(texts), 300)
    assert np.isfinite(rows).all()
    norms = np.linalg.norm(rows, axis=1)
    assert np.all(np.isclose(norms, 0, atol=1e-6) | np.isclose(norms, 1, atol=1e-4))
    # a comment without a Finnish word has no vector (its other features decide)
    for row, doc in zip(rows, terms, strict=True):
        if not vectors._finnish(doc):
            assert not row.any()


def test_the_suggestion_uses_the_vectors_when_the_model_is_there(table, monkeypatch):
    monkeypatch.setattr(suggest, "WORD_VECTORS", 1.0)
    model = Suggester(bridge=bridge_pairs(None)).fit(EXAMPLES)
    assert model.meaning is not None
    guesses = model.suggest(ASKED)
    assert [g.perspective for g in guesses] == ["quality", "access", "quality"]


def test_without_the_model_the_suggestion_is_todays(no_model, monkeypatch):
    monkeypatch.setattr(suggest, "WORD_VECTORS", 1.0)
    assert vectors.table() is None
    fallback = Suggester(bridge=bridge_pairs(None)).fit(EXAMPLES)
    assert fallback.meaning is None
    guesses = fallback.suggest(ASKED)
    monkeypatch.setattr(suggest, "WORD_VECTORS", 0.0)
    without = Suggester(bridge=bridge_pairs(None)).fit(EXAMPLES).suggest(ASKED)
    assert [(g.perspective, round(g.confidence, 6)) for g in guesses] == [
        (g.perspective, round(g.confidence, 6)) for g in without
    ]
    assert [g.perspective for g in guesses] == ["quality", "access", "quality"]
