"""Finnish word vectors (the floret table of spaCy's Finnish model), optional.

The model `spacy-fi-experimental-web-md` (PyPI; it uses Voikko) carries a floret table:
50,000 rows of 300 dimensions, keyed by the written word (ORTH) through hashed letter 4-
and 5-grams of "<word>" and the whole word (two MurmurHash3 hashes each), so every word,
also one never seen in training, has a vector: the mean of its n-grams' rows. Only that
table is read, memory-mapped, without importing spaCy (1.1 s of CPU a process saved; a
test compares the vectors with spaCy's own lookup), once per process (bench/README.md,
"Word vectors").

A comment's vector is the IDF-weighted mean of its Finnish lemmas' vectors; a Swedish term
takes its Finnish glossary pair's (the bridge's mapping) where the glossary knows it. When
the model is not installed or cannot be read, `table()` is None and the callers keep
their features without vectors.
"""

from __future__ import annotations

import importlib.util
import json
import logging
import math
from collections import Counter
from functools import lru_cache
from pathlib import Path

import numpy as np
from sklearn.preprocessing import normalize

logger = logging.getLogger(__name__)

MODEL = "spacy_fi_experimental_web_md"


class WordVectors:
    """The floret table and a cache of the words looked up (one per process).

    A word's vector is spaCy's (`Vectors.get_batch` in floret mode, the model's settings in
    vocab/vectors.cfg): the mean of the table's rows at the MurmurHash3 (x64, 128-bit)
    hashes of "<word>" and of its letter n-grams, `hash_count` 32-bit parts of each hash.
    Read without importing spaCy (1.1 s of CPU saved per process; a test compares the two).
    """

    def __init__(self, data: np.ndarray, settings: dict):
        self.data = data
        self.width = int(data.shape[1])
        self.minn, self.maxn = int(settings["minn"]), int(settings["maxn"])
        self.hash_count = min(int(settings["hash_count"]), 4)
        self.seed = int(settings["hash_seed"])
        self.bow, self.eow = settings.get("bow", "<"), settings.get("eow", ">")
        self.cache: dict[str, np.ndarray] = {}

    def rows(self, word: str) -> list[int]:
        import mmh3

        key = self.bow + word + self.eow
        ngrams = [key] + [
            key[start : start + size]
            for size in range(self.minn, self.maxn + 1)
            for start in range(len(key) - size + 1)
        ]
        rows = []
        for ngram in ngrams:
            low, high = mmh3.hash64(ngram.encode("utf8"), self.seed, signed=False)
            parts = (low & 0xFFFFFFFF, low >> 32, high & 0xFFFFFFFF, high >> 32)
            rows.extend(part % self.data.shape[0] for part in parts[: self.hash_count])
        return rows

    def of(self, words: list[str]) -> np.ndarray:
        """A row per word (float32; floret gives every non-empty word one)."""
        for word in dict.fromkeys(words):
            if word not in self.cache:
                rows = self.rows(word) if word else []
                self.cache[word] = (
                    self.data[rows].mean(axis=0) if rows else np.zeros(self.width, dtype=np.float32)
                )
        if not words:
            return np.zeros((0, self.width), dtype=np.float32)
        return np.vstack([self.cache[w] for w in words])


def vocab_folder() -> Path:
    """The model's vocab folder (its vectors and vectors.cfg), found without importing it."""
    spec = importlib.util.find_spec(MODEL)
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError(MODEL)
    root = Path(next(iter(spec.submodule_search_locations)))
    return next(root.glob("fi_experimental_web_md-*/vocab"))


@lru_cache(maxsize=1)
def table() -> WordVectors | None:
    """The model's vector table, read once per process (memory-mapped: the worker's pages
    are the file's); None when it cannot be loaded (the callers then go without)."""
    try:
        import mmh3  # noqa: F401  (the hash; without it, no vectors)

        folder = vocab_folder()
        settings = json.loads((folder / "vectors.cfg").read_text(encoding="utf-8"))
        data = np.load(folder / "vectors", mmap_mode="r", allow_pickle=False)
        if settings.get("mode") != "floret" or data.ndim != 2 or not data.shape[0]:
            raise ValueError(f"not a floret table: {settings.get('mode')}, {data.shape}")
    except Exception:  # not installed, another version's layout, a damaged file
        logger.warning("Finnish word vectors not available; analysis without them", exc_info=True)
        return None
    return WordVectors(data, settings)


def _finnish(doc: list[str]) -> list[str]:
    """The Finnish lemmas of a document's terms ("fi:lemma"; a compound's first-member
    terms "fi:^..." and bigrams left out)."""
    return [t[3:] for t in doc if t.startswith("fi:") and "^" not in t and "_" not in t]


# The length under which a centred document vector is rounding, not meaning (the vectors'
# components are of the order of 0.1-1; float32 rounding leaves about 1e-6).
FLAT = 1e-4


class DocumentVectors:
    """Per document the IDF-weighted mean of its Finnish lemmas' vectors (sublinear term
    frequency), the fitted documents' mean subtracted (what every comment shares) and
    L2-normalised; a row of zeros for a document without a Finnish lemma. Fitted on one set
    of documents (its IDF and mean), applied to any."""

    def __init__(self, words: WordVectors):
        self.words = words
        self.idf: dict[str, float] = {}
        self.default_idf = 1.0
        self.centre = np.zeros(words.width, dtype=np.float32)

    def fit_transform(self, terms: list[list[str]]) -> np.ndarray:
        n = len(terms)
        frequency = Counter(w for doc in terms for w in set(_finnish(doc)))
        self.idf = {w: math.log((1 + n) / (1 + f)) + 1 for w, f in frequency.items()}
        self.default_idf = math.log(1 + n) + 1  # a word the fitted documents never used
        self.centre = np.zeros(self.words.width, dtype=np.float32)
        means, has = self._means(terms)
        if has.any():
            self.centre = means[has].mean(axis=0)
        return self._finish(means, has)

    def transform(self, terms: list[list[str]]) -> np.ndarray:
        return self._finish(*self._means(terms))

    def _means(self, terms: list[list[str]]) -> tuple[np.ndarray, np.ndarray]:
        kept = [_finnish(doc) for doc in terms]
        vocabulary = list(dict.fromkeys(w for doc in kept for w in doc))
        out = np.zeros((len(terms), self.words.width), dtype=np.float32)
        has = np.zeros(len(terms), dtype=bool)
        if not vocabulary:
            return out, has
        index = {w: i for i, w in enumerate(vocabulary)}
        rows = self.words.of(vocabulary)
        idf = np.array([self.idf.get(w, self.default_idf) for w in vocabulary], dtype=np.float32)
        for d, doc in enumerate(kept):
            if not doc:
                continue
            counts = Counter(index[w] for w in doc)
            positions = np.fromiter(counts, dtype=int)
            tf = 1 + np.log(np.fromiter(counts.values(), dtype=np.float32))
            weights = idf[positions] * tf
            out[d] = weights @ rows[positions] / weights.sum()
            has[d] = True
        return out, has

    def _finish(self, means: np.ndarray, has: np.ndarray) -> np.ndarray:
        means[has] -= self.centre
        # A document the same as the fitted documents' mean (e.g. every comment the same
        # word) keeps only float32 rounding: no direction of its own, a row of zeros (the
        # normaliser would leave a residue under its own epsilon as it is, and turn one
        # just above into a unit vector of rounding noise).
        means[np.linalg.norm(means, axis=1) < FLAT] = 0
        return normalize(means)


def document_vectors(terms: list[list[str]], words: WordVectors) -> np.ndarray:
    """DocumentVectors fitted on the documents and applied to them (the themes' use)."""
    return DocumentVectors(words).fit_transform(terms)
