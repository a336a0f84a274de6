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

Eighth pass (2026-12-07, measured on the tuning set, none adopted; bench/README.md):

- neighbours=m, smooth=w (cross=True: only the other language's): each response's vector
  moved toward the mean of its m nearest responses after the language centring
- overcluster=f: k-means at f times k, the centres joined by average linkage down to k
- shared_weight=w: the terms both languages use (after the bridge) weighted w in the TF-IDF
- refine=w (refine_keep=q): a second pass on the features weighted by their chi-squared
  against the first pass's themes (or only the top q of them kept)
- dissolve=t: a theme of (almost) one language dissolved into the nearest others
- swedish_letters=False: the letter n-grams of the Finnish terms only

Ninth pass (2026-12-07; bench/README.md):

- dictionary="off": the general fi-sv dictionary (participation/text/dictionary.py, adopted)
  left out, as before it; "said": only the translations the round's Finnish comments say
- aligned="lsa" or "terms" (aligned_k="share", "same" or "silhouette"): each language
  clustered on its own, the other language's themes joined to the main language's most
  like them (measured, not adopted)

The app's numeric parameters (themes.DIMS_DIVISOR, LETTERS_WEIGHT, SEED, ...) are module
constants: the bench sets them directly (theme_methods.switched).
"""

from __future__ import annotations

from collections import Counter
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from functools import partial
from unittest import mock

import numpy as np
from scipy import sparse
from sklearn.preprocessing import normalize

from participation.text import align, dictionary, vectors
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
    neighbours: int = 0
    smooth: float = 0.0
    cross: bool = False
    overcluster: float = 0.0
    shared_weight: float = 1.0
    refine: float = 0.0
    refine_keep: float = 1.0
    dissolve: float = 0.0
    swedish_letters: bool = True
    aligned: str = ""
    aligned_k: str = "share"
    dictionary: str = "first"


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
    if method.shared_weight != 1.0:
        replaced["_tfidf"] = partial(_shared_tfidf, method, state, T._tfidf)
        replaced["_cluster_features"] = partial(_remember_terms, state, T._cluster_features)
    if method.refine:
        app_reduce_now, app_centre = _remember_inputs(replaced, app, state)
        replaced["_kmeans"] = partial(
            _refined, method, state, app["_kmeans"], app_reduce_now, app_centre
        )
    if not method.swedish_letters:
        replaced["_tfidf"] = _tfidf_without_swedish_letters
    if method.dissolve:
        app_centre_d = replaced.get("_centre_languages", T._centre_languages)

        def remember_languages(reduced, languages):
            state["languages"] = languages
            return app_centre_d(reduced, languages)

        replaced["_centre_languages"] = remember_languages
        replaced["_kmeans"] = partial(_dissolved, method, state, app["_kmeans"])
    if method.neighbours:
        centre = replaced.get("_centre_languages", T._centre_languages)
        replaced["_centre_languages"] = partial(_smoothed, method, centre)
    if method.overcluster:
        replaced["_kmeans"] = partial(_overcluster, method, app["_kmeans"])
    if method.clustering != "kmeans":
        replaced["_kmeans"] = partial(_cluster, method, state)
    if method.aligned:
        _remember_inputs(replaced, app, state)
        replaced["_kmeans"] = partial(_aligned, method, state, app["_kmeans"])
    dictionary_switch = {
        "first": nullcontext(),
        "off": mock.patch.object(
            dictionary, "with_dictionary", lambda terms, mapping, tool: mapping
        ),
        "said": mock.patch.object(
            dictionary, "with_dictionary", partial(dictionary.with_dictionary, only_said=True)
        ),
    }[method.dictionary]
    with mock.patch.multiple(T, **replaced) if replaced else nullcontext(), dictionary_switch:
        yield method


def _remember_inputs(replaced: dict, app: dict, state: dict):
    """The LSA step and the language centring (the app's or a variant's) wrapped so that
    `state` keeps their inputs ("features", "languages") for a later step; returns the
    two unwrapped, for a step that runs them again."""
    reduce = replaced.get("_reduce", app["_reduce"])
    centre = replaced.get("_centre_languages", T._centre_languages)

    def remember_reduce(features, rng):
        state["features"] = features
        return reduce(features, rng)

    def remember_centre(reduced, languages):
        state["languages"] = languages
        return centre(reduced, languages)

    replaced["_reduce"] = remember_reduce
    replaced["_centre_languages"] = remember_centre
    return reduce, centre


def _cluster_features(method: Variant, state: dict, terms, bridge, tool, n):
    """themes._cluster_features with the variant's bridge, bigrams and word vectors."""
    state.clear()
    if method.general_glossary:
        bridge = list(bridge or []) + GENERAL_PAIRS
    mapping = T.bridge_words(bridge, tool) if bridge else {}
    mapping = dictionary.with_dictionary(terms, mapping, tool)  # as the switch has it
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


def _smoothed(method: Variant, centre, reduced: np.ndarray, languages: list[str]):
    """Eighth pass: each response's vector moved toward the mean of its `neighbours`
    nearest responses (cosine; with cross=True only those in another language), weight
    `smooth`: a short comment borrows the words of the comments most like it."""
    vectors = centre(reduced, languages)
    n = vectors.shape[0]
    m = min(method.neighbours, n - 1)
    if m < 1:
        return vectors
    codes = np.asarray(languages)
    out = np.empty_like(vectors)
    for start in range(0, n, 1000):
        block = vectors[start : start + 1000] @ vectors.T
        rows = np.arange(block.shape[0])
        block[rows, rows + start] = -np.inf
        if method.cross:
            block[codes[start : start + 1000, None] == codes[None, :]] = -np.inf
        nearest = np.argpartition(-block, m - 1, axis=1)[:, :m]
        out[start : start + 1000] = vectors[start : start + 1000] + method.smooth * vectors[
            nearest
        ].mean(axis=1)
    return normalize(out)


def _overcluster(method: Variant, app_kmeans, reduced: np.ndarray, k: int, rng):
    """Eighth pass: k-means at `overcluster` times k, the centres then joined by average
    linkage (cosine) down to k; each response keeps its joined group."""
    from sklearn.cluster import AgglomerativeClustering

    many = min(reduced.shape[0], max(k + 1, round(k * method.overcluster)))
    labels, centres = app_kmeans(reduced, many, rng)
    joined = AgglomerativeClustering(n_clusters=k, metric="cosine", linkage="average").fit_predict(
        centres
    )
    labels = joined[labels]
    centres = np.vstack(
        [reduced[labels == t].mean(axis=0) if (labels == t).any() else reduced[0] for t in range(k)]
    )
    return labels, normalize(centres)


def _remember_terms(state: dict, app_features, terms, bridge, tool, n):
    """The app's features, with each response's language kept for _shared_tfidf."""
    state["languages"] = [doc[0].split(":", 1)[0] if doc else "" for doc in terms]
    return app_features(terms, bridge, tool, n)


def _shared_tfidf(method: Variant, state: dict, app_tfidf, mapped, n):
    """Eighth pass: the terms that comments of both languages use (after the bridge) weigh
    `shared_weight` times the others in the TF-IDF: the themes form on what both
    languages say."""
    features = app_tfidf(mapped, n).tocsc(copy=True)
    languages = state.get("languages") or []
    used: dict[str, set] = {}
    for doc, language in zip(mapped, languages, strict=False):
        for term in doc:
            used.setdefault(term, set()).add(language)
    common = {"min_df": 2 if n >= 40 else 1, "max_df": 0.5 if n >= 40 else 1.0}
    from sklearn.feature_extraction.text import TfidfVectorizer

    words = TfidfVectorizer(analyzer=lambda t: t, **common)
    try:
        words.fit(mapped)
    except ValueError:
        return features.tocsr()
    scale = np.ones(features.shape[1])
    for term, column in words.vocabulary_.items():
        if len(used.get(term, ())) > 1:
            scale[column] = method.shared_weight
    return (features @ sparse.diags(scale)).tocsr()


def _refined(method: Variant, state: dict, app_kmeans, app_reduce, app_centre, reduced, k, rng):
    """Eighth pass: k-means, then the features weighted by how well each sets the found
    themes apart (chi-squared against the first labels, scaled to 0..1, weight 1 + refine
    times it; with refine_keep < 1 the least telling columns dropped), and the LSA, the
    language centring and k-means once more on them."""
    from sklearn.feature_selection import chi2

    labels, _centres = app_kmeans(reduced, k, rng)
    features = state["features"]
    scores, _p = chi2(features, labels)
    scores = np.nan_to_num(scores)
    scale = scores / (scores.max() or 1.0)
    weight = 1.0 + method.refine * scale
    if method.refine_keep < 1.0:
        cut = np.quantile(scale, 1.0 - method.refine_keep)
        weight[scale < cut] = 0.0
    again = (features @ sparse.diags(weight)).tocsr()
    fresh = np.random.RandomState(T.SEED)
    vectors = app_centre(app_reduce(again, fresh), state["languages"])
    return app_kmeans(vectors, k, fresh)


def _dissolved(method: Variant, state: dict, app_kmeans, reduced, k, rng):
    """Eighth pass: k-means, then a theme of (almost) one language where the round has
    two dissolved: when its share of the round's less used language is below `dissolve`
    times that language's share of the round, its members go to the nearest other
    centre (a theme forms on a language's own words, not on a topic)."""
    labels, centres = app_kmeans(reduced, k, rng)
    codes = np.asarray(state.get("languages") or [])
    counts = Counter(codes.tolist())
    if len(counts) < 2:
        return labels, centres
    minority = min(counts, key=counts.get)
    share = counts[minority] / len(codes)
    keep = [
        t
        for t in range(k)
        if (labels == t).any()
        and np.mean(codes[labels == t] == minority) >= method.dissolve * share
        and np.mean(codes[labels == t] != minority) >= method.dissolve * (1 - share)
    ]
    if len(keep) < 2 or len(keep) == k:
        return labels, centres
    nearest = np.asarray(keep)[np.argmax(reduced @ centres[keep].T, axis=1)]
    moved = ~np.isin(labels, keep)
    labels = np.where(moved, nearest, labels)
    remap = {old: new for new, old in enumerate(keep)}
    labels = np.array([remap[v] for v in labels])
    return labels, centres[keep]


def _tfidf_without_swedish_letters(mapped, n):
    """Eighth pass: themes._tfidf with the letter n-grams of the Finnish terms only (the
    bridge's pairs of Swedish terms included): a Swedish term the bridge does not know
    adds no letters, which could only join Swedish comments to Swedish ones."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    common = {"min_df": 2 if n >= 40 else 1, "max_df": 0.5 if n >= 40 else 1.0}
    try:
        x = TfidfVectorizer(analyzer=lambda t: t, sublinear_tf=True, **common).fit_transform(mapped)
    except ValueError:
        x = TfidfVectorizer(analyzer=lambda t: t, sublinear_tf=True).fit_transform(mapped)
    lemmas = [
        " ".join(
            t.partition(":")[2]
            for t in doc
            if t.startswith("fi:") and ":^" not in t and "_" not in t
        )
        for doc in mapped
    ]
    letters = TfidfVectorizer(
        analyzer="char_wb",
        ngram_range=T.LETTERS_RANGE,
        sublinear_tf=True,
        dtype=np.float32,
        **common,
    )
    try:
        x = sparse.hstack([x, T.LETTERS_WEIGHT * letters.fit_transform(lemmas)]).tocsr()
    except ValueError:
        pass
    return x


def _aligned(method: Variant, state: dict, app_kmeans, reduced, k, rng):
    """Ninth pass: each language clustered on its own (the round's main language into k
    themes, another into its share of k, or k), then each theme of another language joined
    to the main language's theme it is most like: by the LSA centres (aligned="lsa") or by
    the TF-IDF profiles over the columns both languages use (aligned="terms": the bridge's
    words and shared letter n-grams, summed over a whole theme, not one comment)."""
    codes = np.asarray(state.get("languages") or [])
    counts = Counter(codes.tolist())
    if len(counts) < 2 or min(counts.values()) < 2 * T.CENTRE_MINIMUM:
        return app_kmeans(reduced, k, rng)
    major = max(counts, key=counts.get)
    labels = np.full(len(codes), -1)
    rows_major = np.flatnonzero(codes == major)
    k = min(k, len(rows_major))
    found, centres_major = app_kmeans(reduced[rows_major], k, rng)
    labels[rows_major] = found
    features = normalize(state["features"]) if method.aligned == "terms" else None
    if features is not None:
        used = [
            np.asarray((features[codes == language] != 0).sum(axis=0)).ravel() > 0
            for language in counts
        ]
        shared = np.flatnonzero(np.logical_and.reduce(used))
        features = features[:, shared]
        profile_major = normalize(
            np.vstack([np.asarray(features[rows_major[found == t]].mean(axis=0)) for t in range(k)])
        )
    for language in counts:
        if language == major:
            continue
        rows = np.flatnonzero(codes == language)
        if method.aligned_k == "same":
            k2 = k
        elif method.aligned_k == "silhouette":
            k2 = T._choose_k(reduced[rows], rng)
        else:
            k2 = round(k * len(rows) / len(rows_major))
        k2 = max(2, min(k2, len(rows) // 2))
        own, centres = app_kmeans(reduced[rows], k2, rng)
        if features is not None:
            profile = normalize(
                np.vstack([np.asarray(features[rows[own == t]].mean(axis=0)) for t in range(k2)])
            )
            similarity = profile @ profile_major.T
        else:
            similarity = centres @ centres_major.T
        labels[rows] = np.argmax(similarity, axis=1)[own]
    centres = np.vstack(
        [reduced[labels == t].mean(axis=0) if (labels == t).any() else reduced[0] for t in range(k)]
    )
    return labels, normalize(centres)
