"""A suggested perspective per response, learnt from what the region has already tagged.

Training examples: the region's inputs (each of their perspectives), its comments that
carry a perspective (chosen by the commenter or accepted by staff), and, as a starting
vocabulary, the promise version's own text per perspective (goals, statements,
commitments, in both languages) and the perspectives' own word list (glossary.py), each word
one example (a heavier list lifts unseen topics but overrules the region's own tags on
theirs, bench/README.md "Sixth pass"). Features are the same lemma/stem terms as the themes
(TF-IDF, sublinear), plus the promise-anchor similarities, which carry the Swedish and
Finnish examples over to each other, and the Swedish terms the glossary knows also written as
their Finnish pair (one vocabulary, as the themes), and the IDF-weighted mean of the Finnish
lemmas' word vectors (vectors.py, the floret table of spaCy's Finnish model; a Swedish term
through its glossary pair), at weight 1: a word no example used still lands near the words
of its field (seventh pass, bench/README.md: unseen topics of the tuning set 0.450 -> 0.481;
1.5 did as well but let the word list overrule the region's own tags; without the model the
features are the others alone). The model is a logistic regression
(scikit-learn, strongly regularised, C = 0.1, and the lemmas' letters at twice the words'
weight: chosen on the tuning set leave one theme out, i.e. on topics the model has not
seen, bench/README.md "Third pass"; balanced class weights, so a perspective with few
examples is not drowned; Newton-CG, which reaches the same optimum as L-BFGS here in a
seventh of the time): fast to train on a few thousand short texts, and its probabilities
give the confidence shown to staff.

A suggestion is only a suggestion: nothing here writes a perspective on a comment.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import normalize

from . import vectors
from .glossary import GENERAL_PAIRS, PERSPECTIVE_WORDS
from .glossary import PAIRS as GLOSSARY
from .language import Analyzer, analyzer

LETTER_WEIGHT = 2.0  # was 1.0 (third pass, bench/perspective_methods.py)
WORD_WEIGHT = 1.0  # the lemmas' TF-IDF beside their letters
C = 0.1  # the logistic regression's inverse regularisation; was 10 (third pass)
SEED_WEIGHT = 1.0  # the weight of the promise's own texts among the training examples
VOCABULARY_WEIGHT = 1.0  # each word of the perspectives' word list (30 measured: sixth pass)
ANCHOR_WEIGHT = 0.5  # the weight of the similarities to the promise's parallel texts
# method switches (bench/perspective_methods.py compares them on the tuning set)
GENERAL_ANCHORS = False  # the glossary's general vocabulary among the bridge's anchors
SHARED_TERMS = True  # Swedish terms also written as their Finnish glossary pair (as the themes)
# ... and as the Finnish pair learned from the app's parallel texts (align.py; fourth pass)
LEARNED_SHARED = False
# Finnish word vectors (vectors.py) beside the features, at this weight (0: off)
WORD_VECTORS = 1.0  # seventh pass (bench/perspective_methods.py; 1.5 overruled region tags)
MIN_CONFIDENCE = 0.0  # every suggestion is stored; the page shows its confidence


@dataclass
class Example:
    text: str
    language: str
    perspective: str
    weight: float = 1.0


@dataclass
class Suggestion:
    perspective: str
    confidence: float


def seed_examples(snapshot: dict | None, *, vocabulary: bool = True) -> list[Example]:
    """The promise's own text per perspective, in each language, and (unless vocabulary is
    False: the bench's figure without it) the perspectives' own vocabulary (glossary.py):
    the starting vocabulary."""
    examples = [
        Example(word, language, perspective, VOCABULARY_WEIGHT)
        for perspective, texts in (PERSPECTIVE_WORDS.items() if vocabulary else ())
        for language, text in zip(("fi", "sv"), texts, strict=True)
        for word in text.split()
    ]
    if not snapshot:
        return examples
    for cell in snapshot.get("cells", []):
        key = cell.get("perspective")
        texts = [cell.get("goal") or {}] + [s.get("text") or {} for s in cell.get("statements", [])]
        for item in texts:
            for lang in ("fi", "sv"):
                if item.get(lang):
                    examples.append(Example(item[lang], lang, key, SEED_WEIGHT))
    for commitment in snapshot.get("commitments", []):
        for lang in ("fi", "sv"):
            text = " ".join(
                (commitment.get(part) or {}).get(lang, "") for part in ("title", "description")
            ).strip()
            if text:
                examples.append(Example(text, lang, commitment.get("perspective"), SEED_WEIGHT))
    return [e for e in examples if e.perspective]


class Suggester:
    def __init__(self, tool: Analyzer | None = None, bridge: list[tuple[str, str]] | None = None):
        self.tool = tool or analyzer()
        self.bridge = bridge or []
        self.model: LogisticRegression | None = None
        self.classes: list[str] = []
        self.trained_on = 0
        self.meaning: vectors.DocumentVectors | None = None

    def _features(self, texts: list[tuple[str, str]], *, fit: bool = False):
        terms = [self.tool.terms(text, lang) for text, lang in texts]
        if SHARED_TERMS:
            if fit:
                from .themes import bridge_words

                self.shared = bridge_words(list(GLOSSARY) + list(GENERAL_PAIRS), self.tool)
                if LEARNED_SHARED:
                    from .align import learned_words

                    sentences = [(fi, sv) for fi, sv in self.bridge if " " in fi.strip()]
                    learned = learned_words(self.tool, sentences)
                    for sv, fi in learned.items():
                        self.shared.setdefault(sv, fi)
            terms = [row + [self.shared[t] for t in row if t in self.shared] for row in terms]
        # letters of the lemmas, across both languages: "ambulanssi"/"ambulans",
        # "kotihoitaja"/"kotihoito", a typo ("fysioterapeutti"/"fysioterapeuti")
        letters = [" ".join(t.split(":", 1)[1] for t in row) for row in terms]
        if fit:
            self.vectorizer = TfidfVectorizer(analyzer=lambda t: t, sublinear_tf=True)
            x = self.vectorizer.fit_transform(terms)
            self.letters = TfidfVectorizer(
                analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True, min_df=2
            )
            c = self.letters.fit_transform(letters)
            pairs = list(self.bridge) + (list(GENERAL_PAIRS) if GENERAL_ANCHORS else [])
            anchor_terms = [
                self.tool.terms(fi, "fi") + self.tool.terms(sv, "sv") for fi, sv in pairs
            ]
            self.anchors = (
                normalize(self.vectorizer.transform(anchor_terms)) if anchor_terms else None
            )
        else:
            x = self.vectorizer.transform(terms)
            c = self.letters.transform(letters)
        parts = [WORD_WEIGHT * x, LETTER_WEIGHT * c]
        if fit:
            words = vectors.table() if WORD_VECTORS else None
            self.meaning = vectors.DocumentVectors(words) if words is not None else None
            if self.meaning is not None:
                parts.append(WORD_VECTORS * sparse.csr_matrix(self.meaning.fit_transform(terms)))
        elif self.meaning is not None:
            parts.append(WORD_VECTORS * sparse.csr_matrix(self.meaning.transform(terms)))
        if self.anchors is not None and self.anchors.shape[0]:
            parts.append(ANCHOR_WEIGHT * normalize(x @ self.anchors.T))
        return sparse.hstack(parts).tocsr()

    def fit(self, examples: list[Example]) -> Suggester:
        examples = [e for e in examples if e.text.strip() and e.perspective]
        self.trained_on = len(examples)
        if len({e.perspective for e in examples}) < 2:
            self.model = None
            return self
        x = self._features([(e.text, e.language) for e in examples], fit=True)
        y = [e.perspective for e in examples]
        self.model = LogisticRegression(
            C=C, class_weight="balanced", max_iter=2000, solver="newton-cg"
        )
        self.model.fit(x, y, sample_weight=[e.weight for e in examples])
        self.classes = list(self.model.classes_)
        return self

    def suggest(self, texts: list[tuple[str, str]]) -> list[Suggestion | None]:
        if self.model is None or not texts:
            return [None] * len(texts)
        x = self._features(texts)
        probabilities = self.model.predict_proba(x)
        result = []
        empty = np.asarray(x.getnnz(axis=1) == 0)  # no letters either
        for row, blank in zip(probabilities, empty, strict=True):
            best = int(np.argmax(row))
            if blank or row[best] < MIN_CONFIDENCE:
                result.append(None)
            else:
                result.append(Suggestion(self.classes[best], float(row[best])))
        return result
