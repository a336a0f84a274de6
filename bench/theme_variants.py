"""The alternatives to the themes' method that bench/theme_methods.py measures, measured and
not adopted (bench/README.md): participation/text/themes.py runs only the app's method, and
`variant(...)` puts one of these in place of its steps (`_cluster_features`, `_reduce`,
`_centre_languages`, `_kmeans`) for the duration of a `with` block. Every switch at its
default is the app's method (then nothing is replaced):

- general_glossary=False: the bridge without the general vocabulary of the services
  (glossary.GENERAL_PAIRS; second pass)
- language_centre=False: each language's mean not subtracted from the LSA vectors (second pass)
- clustering="nmf" or "agglomerative" (Ward) instead of k-means (second and third pass)
- word_bigrams=True: adjacent terms as a term too ("fi:etsivä_nuorisotyö"; third pass)
- dims_sqrt=True: the square root of n LSA dimensions instead of n / DIMS_DIVISOR (third pass)
- learned_bridge=True: word pairs learned from the app's parallel fi/sv texts (align.py;
  fourth pass: the tuning set's own run fell 0.433 -> 0.359 and the demo's themes got fi and
  sv names of different things), seen together learned_min_count times with Dice at least
  learned_min_dice; learned_add=False writes a Swedish term as its learned pair instead of
  adding the pair beside it
- word_vectors=weight: Finnish word vectors (vectors.py; seventh pass: chosen on the tuning
  set at 1.0 "before", the independent set fell 0.298 -> 0.277) "after" the LSA
  (vectors_at; concatenated to its unit vectors) or "before" it (beside the TF-IDF columns,
  so the SVD sees them)

The app's numeric parameters (themes.DIMS_DIVISOR, LETTERS_WEIGHT, SEED, ...) are module
constants: the bench sets them directly (theme_methods.switched).
"""

from __future__ import annotations

from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from functools import partial
from unittest import mock

import numpy as np
from scipy import sparse
from sklearn.preprocessing import normalize

from participation.text import align, vectors
from participation.text import themes as T
from participation.text.glossary import GENERAL_PAIRS


@dataclass(frozen=True)
class Variant:
    general_glossary: bool = True
    language_centre: bool = True
    clustering: str = "kmeans"
    word_bigrams: bool = False
    dims_sqrt: bool = False
    learned_bridge: bool = False
    learned_min_count: int = align.MIN_COUNT
    learned_min_dice: float = align.MIN_DICE
    learned_add: bool = True
    word_vectors: float = 0.0
    vectors_at: str = "after"


@contextmanager
def variant(**switches):
    """themes.find_themes with these switches (Variant's fields) while the block runs."""
    method = Variant(**switches)
    app = {name: getattr(T, name) for name in ("_reduce", "_kmeans")}
    state: dict = {}  # what a later step needs of an earlier one's input, for one run
    replaced = {}
    if (
        not method.general_glossary
        or method.learned_bridge
        or method.word_bigrams
        or method.word_vectors
    ):
        replaced["_cluster_features"] = partial(_cluster_features, method, state)
    if method.dims_sqrt or method.word_vectors or method.clustering != "kmeans":
        replaced["_reduce"] = partial(_reduce, method, state, app["_reduce"])
    if not method.language_centre:
        replaced["_centre_languages"] = lambda reduced, _languages: reduced
    if method.clustering != "kmeans":
        replaced["_kmeans"] = partial(_cluster, method, state)
    with mock.patch.multiple(T, **replaced) if replaced else nullcontext():
        yield method


def _cluster_features(method: Variant, state: dict, terms, bridge, tool, n):
    """themes._cluster_features with the variant's bridge, bigrams and word vectors."""
    state.clear()
    if method.general_glossary:
        bridge = list(bridge or []) + GENERAL_PAIRS
    mapping = T.bridge_words(bridge, tool) if bridge else {}
    learned = _learned(method, bridge, tool, mapping) if method.learned_bridge else {}
    if not method.learned_add:
        mapping, learned = {**mapping, **learned}, {}
    mapped = [[mapping.get(t, t) for t in doc] for doc in terms]
    if learned:
        mapped = [doc + [learned[t] for t in doc if t in learned] for doc in mapped]
    if mapping:
        mapped = T._swedish_parts(mapped, mapping)
    if method.word_bigrams:
        mapped = [
            doc + [f"{a}_{b.partition(':')[2]}" for a, b in zip(doc, doc[1:], strict=False)]
            for doc in mapped
        ]
    features = T._tfidf(mapped, n)
    words = vectors.table() if method.word_vectors else None
    meaning = vectors.document_vectors(mapped, words) if words is not None else None
    if meaning is not None and method.vectors_at == "before":
        features = sparse.hstack([features, method.word_vectors * meaning]).tocsr()
    elif meaning is not None and method.vectors_at == "after":
        # the rows find_themes clusters (those with a feature), for _reduce
        state["meaning"] = meaning[np.asarray(features.getnnz(axis=1) > 0)]
    return features, len(mapping) + len(learned)


def _learned(method: Variant, bridge, tool, mapping: dict[str, str]) -> dict[str, str]:
    """Swedish term -> Finnish term learned from the app's parallel texts and the bridge's
    sentences (align.py), for the Swedish terms the glossary's mapping leaves out and the
    Finnish terms it does not already pair."""
    sentences = [(fi, sv) for fi, sv in bridge or [] if " " in fi.strip()]
    learned = align.learned_words(
        tool, sentences, min_count=method.learned_min_count, min_dice=method.learned_min_dice
    )
    taken = set(mapping.values())
    return {sv: fi for sv, fi in learned.items() if sv not in mapping and fi not in taken}


def _reduce(method: Variant, state: dict, app_reduce, features, rng):
    """The LSA (square root of n dimensions with dims_sqrt), the word vectors "after" it."""
    state["features"] = features
    if method.dims_sqrt:
        reduced = T._lsa(features, round(features.shape[0] ** 0.5), rng)
    else:
        reduced = app_reduce(features, rng)
    if "meaning" in state:
        reduced = normalize(np.hstack([reduced, method.word_vectors * state["meaning"]]))
    return reduced


def _cluster(method: Variant, state: dict, reduced: np.ndarray, k: int, _rng):
    """NMF or Ward's agglomerative clustering in place of k-means."""
    if method.clustering == "nmf":
        return _nmf(state["features"], reduced, k)
    if method.clustering == "agglomerative":
        return _agglomerative(reduced, k)
    raise ValueError(f"unknown clustering: {method.clustering}")


def _nmf(features, reduced: np.ndarray, k: int):
    """Each response in the NMF topic it loads most on; the centres are its members' mean
    on the reduced vectors (for centrality), as for k-means."""
    from sklearn.decomposition import NMF

    weights = NMF(n_components=k, init="nndsvda", random_state=T.SEED, max_iter=400).fit_transform(
        features
    )
    labels = np.argmax(weights, axis=1)
    centres = np.vstack(
        [reduced[labels == t].mean(axis=0) if (labels == t).any() else reduced[0] for t in range(k)]
    )
    return labels, normalize(centres)


def _agglomerative(vectors: np.ndarray, k: int):
    """Ward's agglomerative clustering on the reduced vectors; centres are the members' means."""
    from sklearn.cluster import AgglomerativeClustering

    labels = AgglomerativeClustering(n_clusters=k, linkage="ward").fit_predict(vectors)
    centres = np.vstack([vectors[labels == t].mean(axis=0) for t in range(k)])
    return labels, normalize(centres)
