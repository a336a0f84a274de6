"""Themes over a round's responses, near-duplicates, and the bilingual bridge.

The method, and why (the README's "Themes" section says the same):

1. **Terms**: Finnish lemmas (Voikko) and Swedish stems (Snowball), stop words removed
   (language.py). Lemmas matter for Finnish: without them "jonot", "jonoja" and "jonossa"
   are three unrelated words, and themes split along case endings.
2. **TF-IDF** with sublinear term frequency over those terms: short comments, where one
   repeated word should not dominate, and words every comment uses weigh little.
3. **The bridge between Finnish and Swedish**: the bridge's one-word pairs (the glossary,
   glossary.py) write a Swedish term as its Finnish pair for the clustering ("sv:läk"
   from "läkare" becomes "fi:lääkäri"), so both languages share one vocabulary (the
   glossary's first pairs and its general vocabulary of the services, GENERAL_PAIRS), and a
   Swedish compound the bridge does not know also as the Finnish pair of the longest bridge
   word it begins or ends with ("hemtjänstpersonal": "kotihoito"). A Swedish term neither
   glossary knows takes a translation from a general fi–sv dictionary (dictionary.py:
   FreeDict's, as Debian installs it; the translation the round's Finnish comments say,
   else the dictionary's first; bench/README.md "Ninth pass"). Word pairs learned
   from the app's own parallel texts (align.py) were measured and are not used
   (bench/README.md "Fourth pass"; bench/theme_variants.py keeps them). Beside the
   terms, TF-IDF of the lemmas' letter 3-5-grams (inflection the lemmatiser missed,
   typos, compounds' members). Chosen on the tuning set (bench/README.md, "Themes pass"):
   the earlier projection on the promise's parallel texts as anchors did no better beside
   them and is no longer used; the names keep each language's own terms.
4. **LSA** (TruncatedSVD to n/20 dimensions, 8 to 100: fewer than before, n/10, chosen on
   the tuning set and its halves, bench/README.md "Third pass") and **k-means** (scikit-learn, 10
   seeded restarts) on the L2-normalised vectors, each language's mean vector subtracted
   first (what all comments of one language share), which is spherical k-means, i.e.
   clustering by cosine. Above 1,000 responses the LSA and the restarts are fitted on a
   seeded sample and applied to all (the best centres run once over all of them): the
   same input gives the same themes, and 5,000 responses take about 2 s of CPU. K-means
   gives every response exactly one theme and a centre, from which "most representative"
   follows directly (closest to the centre: extractive, never generated text).
   Agglomerative (cosine, average linkage), spectral clustering and NMF were measured on
   the same space and did no better (bench/theme_variants.py keeps the ones the bench
   still runs), and neither did Finnish word vectors beside the LSA vectors
   (bench/README.md "Seventh pass"). The number of themes k is chosen by
   the silhouette score (cosine) on a sample of at most 800, over 2…min(12, n/5).
5. **Names**: for each theme and language, the nouns (whole lemmas: Voikko's word class in
   Finnish, a noun's own definite or plural form seen in Swedish; never a verb or a
   compound's fragment) whose weight in the theme, and above all in its most central
   comments, most exceeds their weight overall. The name is the phrase the theme's comments
   say, an attribute and a keyword ("Etsivä nuorisotyö", "Nuorten mielenterveys":
   names.py), when two of its central comments say it; else the first keyword, joined to
   the next one that a central comment of that language says with it ("Kotihoito ja
   hoitaja"), else the first alone. On a theme of both languages the other language's name
   starts from the glossary's translation of the leading language's noun when the theme's
   comments in it say it. A Swedish noun phrase ("Kommunal hemvård", a compound such as
   "Tidsbokning") said by two of the theme's most central Swedish comments names it in
   Swedish, unless the glossary pairs its noun with none of the Finnish name's nouns: then
   the Finnish name's translation (_swedish_said_name). Last, the two languages' names
   are made to name one topic (one_topic): the name more the theme's own leads and the
   other's is kept only when it agrees with it or is as much the theme's own, else it is
   the leading name's translation, else there is none and the page shows the other
   language's name, marked. Staff rename, merge,
   split and accept themes (services.py); only accepted, named themes reach the decision
   package.
6. **Near-duplicates**: cosine ≥ DUPLICATE_THRESHOLD between TF-IDF vectors of all the
   terms, rare ones included (the same text posted again, campaign comments with a
   word changed), or the same text once lowercased, stripped of punctuation and with its
   names masked; grouped transitively. Names are never terms (language.py: Voikko's
   proper-noun class, and capitalised words mid-sentence that no dictionary knows), so a
   campaign comment with only the town or the person swapped is the same text.
"""

from __future__ import annotations

import re
import time
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
from scipy import sparse
from sklearn.cluster import KMeans
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import silhouette_score
from sklearn.preprocessing import normalize
from threadpoolctl import threadpool_limits

from . import dictionary
from .glossary import GENERAL_PAIRS
from .glossary import PAIRS as GLOSSARY
from .language import METHOD_VOIKKO, NOUN, Analyzer, analyzer
from .names import phrase, swedish_phrases

DUPLICATE_THRESHOLD = 0.8
LETTERS_WEIGHT = 1.5
RESTARTS = 10
SAMPLE = 1000
MAX_THEMES = 12
TERMS_PER_LANGUAGE = 4
PHRASE_TEXTS = 100  # the most central comments per language a name's phrase is read from
SEED = 17
MEMBER_FIT = 0.5  # a translation by a compound's first member must be this specific
OWN_SAID = 3  # ... and at least this many of its comments say one of them
OWN_NAME = 0.9  # a name whose words this share of the round's comments saying them are the theme's
# the method's parameters, chosen on the tuning set (bench/theme_methods.py compares them;
# the alternatives it measures beside the app's steps are in bench/theme_variants.py)
CENTRE_MINIMUM = 5  # responses a language needs before its mean is subtracted
PART_LETTERS = 8  # a Swedish compound's bridge word is at least this long, "sv:" included
LETTERS_RANGE = (3, 5)  # the letter n-grams of the lemmas
DIMS_DIVISOR = 20  # LSA dimensions: n / DIMS_DIVISOR (DIMS_MIN to 100); was n/10, 10 to 100
DIMS_MIN = 8


@dataclass
class Doc:
    key: int
    text: str
    language: str


@dataclass
class Theme:
    members: list[int]  # indices into the documents, most representative first
    terms: dict[str, list[str]]  # language -> readable top terms (nouns, whole lemmas)
    names: dict[str, str] = field(default_factory=dict)  # language -> suggested name
    paired: dict[str, list[str]] = field(default_factory=dict, repr=False)  # the names' words


@dataclass
class Result:
    themes: list[Theme]
    labels: np.ndarray  # theme index per document, -1 for none
    centrality: np.ndarray  # cosine to the theme's centre
    duplicate_of: dict[int, int]  # document index -> index of its group's first document
    method: str
    seconds: float
    bridged: int = 0  # Swedish terms written as their Finnish pair (the glossaries' and the
    # dictionary's: cluster_mapping)
    terms: list[list[str]] = field(default_factory=list)


def bridge_pairs(snapshot: dict | None) -> list[tuple[str, str]]:
    """The promise version's parallel Finnish/Swedish texts (goals, statements,
    commitments), then the glossary's word pairs."""
    pairs = list(GLOSSARY)
    if not snapshot:
        return pairs

    def add(texts):
        if isinstance(texts, dict) and texts.get("fi") and texts.get("sv"):
            pairs.append((texts["fi"], texts["sv"]))

    add(snapshot.get("vision"))
    for cell in snapshot.get("cells", []):
        add(cell.get("goal"))
        for statement in cell.get("statements", []):
            add(statement.get("text"))
    for commitment in snapshot.get("commitments", []):
        title, description = commitment.get("title") or {}, commitment.get("description") or {}
        add(
            {
                lang: f"{title.get(lang, '')} {description.get(lang, '')}".strip()
                for lang in ("fi", "sv")
            }
        )
    return pairs


_PUNCT = re.compile(r"[\W_]+")


def _normal(text: str) -> str:
    return _PUNCT.sub(" ", text.lower()).strip()


def _duplicates(x: sparse.csr_matrix, texts: list[str]) -> dict[int, int]:
    n = x.shape[0]
    parent = list(range(n))

    def find(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(i, j):
        a, b = find(i), find(j)
        if a != b:
            parent[max(a, b)] = min(a, b)

    seen: dict[str, int] = {}
    for i, text in enumerate(texts):
        key = _normal(text)
        if key in seen:
            union(seen[key], i)
        elif key:
            seen[key] = i
    # the terms (lemmas: "kotiutus" and "kotiuttaminen" differ), then the letters of the
    # text with its names masked (character 4-grams: a light rewording keeps most of them)
    shingles = TfidfVectorizer(analyzer="char_wb", ngram_range=(4, 4), sublinear_tf=True)
    try:
        letters = shingles.fit_transform(texts)
    except ValueError:  # no text with letters at all
        letters = None
    for matrix in (x, letters):
        if matrix is None:
            continue
        mt = matrix.T.tocsc()
        for start in range(0, n, 1000):
            block = (matrix[start : start + 1000] @ mt).tocoo()
            keep = (block.data >= DUPLICATE_THRESHOLD) & (block.row + start < block.col)
            for i, j in zip(block.row[keep] + start, block.col[keep], strict=True):
                union(int(i), int(j))
    groups: dict[int, list[int]] = {}
    for i in range(n):
        groups.setdefault(find(i), []).append(i)
    return {i: members[0] for members in groups.values() if len(members) > 1 for i in members}


def bridge_words(bridge: list[tuple[str, str]], tool: Analyzer) -> dict[str, str]:
    """Swedish term -> Finnish term, from the bridge's one-word pairs (the glossary's):
    "sv:läk" (läkare) -> "fi:lääkäri", so both languages share one vocabulary."""
    mapping: dict[str, str] = {}
    for fi, sv in bridge:
        if not fi or not sv or " " in fi.strip() or " " in sv.strip():
            continue
        fi_terms, sv_terms = tool.terms(fi, "fi"), tool.terms(sv, "sv")
        if fi_terms and sv_terms:
            mapping.setdefault(sv_terms[0], fi_terms[0])
    return mapping


def cluster_mapping(terms, bridge, tool) -> dict[str, str]:
    """Swedish term -> Finnish term, as the clustering reads a comment: the bridge's and the
    general vocabulary's (GENERAL_PAIRS) one-word pairs, then for the round's other Swedish
    terms a general dictionary's translation (dictionary.py)."""
    mapping = bridge_words(list(bridge or []) + GENERAL_PAIRS, tool)
    return dictionary.with_dictionary(terms, mapping, tool)


def _cluster_features(terms, bridge, tool, n) -> tuple[sparse.csr_matrix, int]:
    """What the themes are clustered on: the terms with the Swedish ones the bridge (the
    glossaries, then the dictionary: cluster_mapping) knows written as their Finnish pair, a
    Swedish compound also as the pair of its bridge word (_swedish_parts), as TF-IDF
    (_tfidf); and how many Swedish terms the bridge knows."""
    mapping = cluster_mapping(terms, bridge, tool)
    mapped = _swedish_parts([[mapping.get(t, t) for t in doc] for doc in terms], mapping)
    return _tfidf(mapped, n), len(mapping)


def _tfidf(mapped: list[list[str]], n: int) -> sparse.csr_matrix:
    """TF-IDF (sublinear, L2) of the terms, beside TF-IDF of the lemmas' letter 3-5-grams
    (inflection the lemmatiser missed, typos, compounds' members: "kotihoito" and
    "kotihoitaja" share "kotih")."""
    common = {"min_df": 2 if n >= 40 else 1, "max_df": 0.5 if n >= 40 else 1.0}
    words = TfidfVectorizer(analyzer=lambda t: t, sublinear_tf=True, **common)
    try:
        x = words.fit_transform(mapped)
    except ValueError:  # min_df/max_df left no terms
        x = TfidfVectorizer(analyzer=lambda t: t, sublinear_tf=True).fit_transform(mapped)
    lemmas = [
        " ".join(t.partition(":")[2] for t in doc if ":^" not in t and "_" not in t)
        for doc in mapped
    ]
    letters = TfidfVectorizer(
        analyzer="char_wb", ngram_range=LETTERS_RANGE, sublinear_tf=True, dtype=np.float32, **common
    )
    try:
        x = sparse.hstack([x, LETTERS_WEIGHT * letters.fit_transform(lemmas)]).tocsr()
    except ValueError:  # too few letters to keep any n-gram
        pass
    return x


def _swedish_parts(mapped: list[list[str]], mapping: dict[str, str]) -> list[list[str]]:
    """A Swedish compound the bridge does not know, written with the Finnish pair of the
    longest bridge word it begins or ends with ("hemtjänstpersonal": "hemtjänst" ->
    "fi:kotihoito"), as Finnish compounds add their first member."""
    parts = sorted(
        ((sv.partition(":")[2], fi) for sv, fi in mapping.items() if len(sv) >= PART_LETTERS),
        key=lambda p: -len(p[0]),
    )
    cache: dict[str, str] = {}

    def part(term: str) -> str:
        if term not in cache:
            stem = term.partition(":")[2]
            cache[term] = next(
                (
                    fi
                    for sv, fi in parts
                    if len(stem) > len(sv) + 2 and (stem.startswith(sv) or stem.endswith(sv))
                ),
                "",
            )
        return cache[term]

    return [doc + [p for t in doc if t.startswith("sv:") and (p := part(t))] for doc in mapped]


def _sample(n: int, rng: np.random.RandomState) -> np.ndarray:
    """At most SAMPLE rows, the same ones for the same input (a seeded generator)."""
    return np.arange(n) if n <= SAMPLE else np.sort(rng.choice(n, SAMPLE, replace=False))


def _reduce(features: sparse.csr_matrix, rng: np.random.RandomState) -> np.ndarray:
    """LSA: TruncatedSVD to n/20 dimensions (8 to 100), fitted on a sample of at most
    SAMPLE responses and applied to all, then L2-normalised (k-means on it is then
    clustering by cosine)."""
    return _lsa(features, features.shape[0] // DIMS_DIVISOR, rng)


def _lsa(features: sparse.csr_matrix, dims: int, rng: np.random.RandomState) -> np.ndarray:
    """TruncatedSVD to `dims` dimensions (DIMS_MIN to 100), L2-normalised."""
    n = features.shape[0]
    dims = min(max(DIMS_MIN, dims), 100, features.shape[1] - 1, n - 1)
    if dims < 2:
        return normalize(features.toarray())
    svd = TruncatedSVD(n_components=dims, random_state=SEED).fit(features[_sample(n, rng)])
    return normalize(svd.transform(features))


def _centre_languages(vectors: np.ndarray, languages: list[str]) -> np.ndarray:
    """Each language's mean subtracted (what every comment of a language shares: its
    function words, its own spelling of the same topic), then L2-normalised again: the
    themes then form along what the comments say, not the language they are written in."""
    codes = np.asarray(languages)
    counts = Counter(languages)
    # a language of a few responses has no mean worth the name (one response alone would
    # become a zero vector): then nothing is centred
    if len(counts) < 2 or min(counts.values()) < CENTRE_MINIMUM:
        return vectors
    centred = vectors.copy()
    for language in set(languages):
        rows = codes == language
        centred[rows] -= vectors[rows].mean(axis=0)
    return normalize(centred)


def _kmeans(vectors: np.ndarray, k: int, rng: np.random.RandomState):
    """K-means with RESTARTS seeded restarts on a sample of at most SAMPLE responses; the
    best centres then run once over all of them (the restarts cost little that way)."""
    sample = _sample(vectors.shape[0], rng)
    model = KMeans(n_clusters=k, n_init=RESTARTS, random_state=SEED).fit(vectors[sample])
    if len(sample) < vectors.shape[0]:
        model = KMeans(n_clusters=k, init=model.cluster_centers_, n_init=1).fit(vectors)
    return model.labels_, normalize(model.cluster_centers_)


def _choose_k(vectors: np.ndarray, rng: np.random.RandomState) -> int:
    n = vectors.shape[0]
    high = min(MAX_THEMES, max(2, n // 5))
    if n < 8:
        return 1 if n < 4 else 2
    sample = vectors if n <= 800 else vectors[rng.choice(n, 800, replace=False)]
    best_k, best = 2, -1.0
    candidates = sorted({k for k in (2, 3, 4, 5, 6, 8, 10, 12) if k <= high} | {high})
    for k in candidates:
        labels = KMeans(n_clusters=k, n_init=1, random_state=SEED).fit_predict(sample)
        if len(set(labels)) < 2:
            continue
        score = silhouette_score(sample, labels, metric="cosine")
        if score > best + 1e-3:
            best_k, best = k, score
    return best_k


def find_themes(
    docs: list[Doc],
    *,
    bridge: list[tuple[str, str]] | None = None,
    tool: Analyzer | None = None,
    k: int | None = None,
) -> Result:
    started = time.perf_counter()
    tool = tool or analyzer()
    n = len(docs)
    terms = [tool.terms(d.text, d.language, keep_surface=True) for d in docs]
    empty = Result([], np.full(n, -1), np.zeros(n), {}, tool.method, 0.0, terms=terms)
    if n == 0 or not any(terms):
        masked = [tool.masked(d.text, d.language) for d in docs]
        empty.duplicate_of = _duplicates(sparse.csr_matrix((n, 1)), masked)
        empty.seconds = time.perf_counter() - started
        return empty
    vectorizer = TfidfVectorizer(
        analyzer=lambda t: t,
        sublinear_tf=True,
        min_df=2 if n >= 40 else 1,
        max_df=0.5 if n >= 40 else 1.0,
    )
    try:
        x = vectorizer.fit_transform(terms)
    except ValueError:  # min_df/max_df left no terms
        vectorizer.set_params(min_df=1, max_df=1.0)
        x = vectorizer.fit_transform(terms)
    # Duplicates on every term (the theme vectors above keep only the words that recur,
    # which makes short texts look alike too easily).
    exact = TfidfVectorizer(analyzer=lambda t: t, sublinear_tf=True)
    masked = [tool.masked(d.text, d.language) for d in docs]
    duplicate_of = _duplicates(exact.fit_transform(terms), masked)

    features, bridged = _cluster_features(terms, bridge, tool, n)
    has_terms = np.asarray(features.getnnz(axis=1) > 0)
    index = np.flatnonzero(has_terms)
    labels = np.full(n, -1)
    centrality = np.zeros(n)
    themes: list[Theme] = []
    if len(index):
        rng = np.random.RandomState(SEED)
        # one thread: on a busy machine OpenMP's spinning threads cost more than they save
        with threadpool_limits(limits=1):
            reduced = _reduce(features[index], rng)
            reduced = _centre_languages(reduced, [docs[i].language for i in index])
            clusters = k or _choose_k(reduced, rng)
            clusters = max(1, min(clusters, len(index)))
            if clusters == 1:
                assigned = np.zeros(len(index), dtype=int)
                centres = normalize(reduced.mean(axis=0, keepdims=True))
            else:
                assigned, centres = _kmeans(reduced, clusters, rng)
        labels[index] = assigned
        centrality[index] = np.einsum("ij,ij->i", reduced, centres[assigned])
        themes = _describe(x, labels, centrality, vectorizer, tool, clusters, terms, docs)
        themes = _one_topic_names(themes, labels, terms, bridge, tool, docs)
        # the biggest theme first; renumber the labels to match
        order = sorted(range(len(themes)), key=lambda t: -len(themes[t].members))
        remap = {old: new for new, old in enumerate(order)}
        themes = [themes[t] for t in order]
        labels = np.array([remap.get(int(v), -1) if v >= 0 else -1 for v in labels])
    return Result(
        themes=themes,
        labels=labels,
        centrality=centrality,
        duplicate_of=duplicate_of,
        method=tool.method,
        seconds=time.perf_counter() - started,
        bridged=bridged,
        terms=terms,
    )


def _describe(x, labels, centrality, vectorizer, tool, clusters, terms, docs) -> list[Theme]:
    vocabulary = vectorizer.get_feature_names_out()
    overall = np.asarray(x.mean(axis=0)).ravel()
    themes = []
    for t in range(clusters):
        members = np.flatnonzero(labels == t)
        if not len(members):
            themes.append(Theme(members=[], terms={}))
            continue
        ranked = sorted(members.tolist(), key=lambda i: -centrality[i])
        sub = x[members]
        mean = np.asarray(sub.mean(axis=0)).ravel()
        present = np.asarray((sub > 0).sum(axis=0)).ravel()
        # the words of the theme's most central comments weigh more: the name is taken
        # from them, so it fits the comments shown as representative
        central = ranked[: max(3, len(ranked) * 2 // 5)]
        in_central = np.asarray(x[central].mean(axis=0)).ravel()
        score = ((mean + in_central) / 2 - overall) * (present >= min(2, len(members)))
        keywords: dict[str, list[str]] = {}
        chosen_terms: dict[str, list[str]] = {}
        for position in np.argsort(-score):
            if score[position] <= 0:
                break
            term = vocabulary[position]
            if term not in tool.surface:  # only a part of compounds ("terveys", "^tandv")
                continue
            language = term.split(":", 1)[0]
            chosen = keywords.setdefault(language, [])
            word = tool.label(term)
            if (
                len(chosen) < TERMS_PER_LANGUAGE
                and word not in chosen
                and word not in NAME_STOP[language]
                and is_noun(tool, term)
            ):
                chosen.append(word)
                chosen_terms.setdefault(language, []).append(term)
            if len(keywords) == 2 and all(len(v) >= TERMS_PER_LANGUAGE for v in keywords.values()):
                break
        if not any(keywords.values()):  # nothing sets it apart: its commonest nouns, never no name
            keywords = _commonest_nouns(tool, [terms[i] for i in ranked])
        # a word inside another keyword adds nothing ("koti" beside "kotihoito")
        keywords = {
            k: [w for w in v if not any(w != o and w in o for o in v)]
            for k, v in keywords.items()
            if v
        }
        # each keyword's term (the commonest-nouns path and the filter above keep words)
        term_of = {(t.split(":", 1)[0], tool.label(t)): t for v in chosen_terms.values() for t in v}
        if any((k, w) not in term_of for k, v in keywords.items() for w in v):
            for term in set().union(*(terms[i] for i in ranked)):
                term_of.setdefault((term.split(":", 1)[0], tool.label(term)), term)
        keywords = _matching_heads(tool, keywords, term_of, [terms[i] for i in ranked])
        paired = {
            language: _name_pair(
                words,
                [term_of.get((language, w), "") for w in words],
                _central_terms(ranked, terms, language),
            )
            for language, words in keywords.items()
        }
        for language, words in keywords.items():
            # the theme's most central comments in the language say its name
            texts = [docs[i].text for i in ranked if docs[i].language == language][:PHRASE_TEXTS]
            said = _said_phrase(tool, words, texts, language)
            if said:
                paired[language] = [said]
        names = theme_names(paired, keywords)
        names = _minority_name(names, paired, keywords, Counter(docs[i].language for i in ranked))
        if any(docs[i].language == "sv" for i in central):
            swedish = [docs[i].text for i in ranked if docs[i].language == "sv"]
            names = _swedish_said_name(
                tool, names, paired, swedish[: max(3, len(swedish) * 2 // 5)]
            )
        themes.append(Theme(members=ranked, terms=keywords, names=names, paired=paired))
    return themes


def _said_phrase(tool, words: list[str], texts: list[str], language: str) -> str | None:
    """The name as the theme's comments say it (names.phrase): an attribute before the
    first keyword ("Nuorten mielenterveys"), or another keyword with one of the keywords
    as its attribute ("kylä", "etsivä", "nuorisotyö": "Etsivä nuorisotyö"; "rantakylä",
    "terveysasema": "Rantakylän terveysasema"), which says two of them."""
    for position, word in enumerate(words):
        said = phrase(tool, word, texts, language)
        attribute = said.split(" ", 1)[0] if said else ""
        # a genitive stays as written: "rantakylän" is the keyword "rantakylä"
        if said and (position == 0 or {attribute, tool.lemma(attribute, language)} & set(words)):
            return said
    return None


def _minority_name(names, paired, nouns, count: Counter) -> dict[str, str]:
    """A language with fewer than a third as many of the theme's comments as the other is
    named by the glossary's translation of the other's name, when there is one: a theme is
    one topic, and its few comments in the other language say too little to name it
    ("Nuorten mielenterveyspalvelu" / "Barn"). Its own keywords stay as they are."""
    if len(count) < 2 or not paired:
        return names
    lead = max(paired, key=lambda k: (count[k], k == "fi"))
    other = "sv" if lead == "fi" else "fi"
    if count[other] * 3 >= count[lead]:
        return names
    translated = theme_names({lead: paired[lead]}, {lead: nouns.get(lead, [])}).get(other)
    return {**names, other: translated} if translated else names


def _swedish_said_name(tool, names, paired, texts: list[str]) -> dict[str, str]:
    """The Swedish name from a Swedish noun phrase that at least two of the theme's most
    central Swedish comments say (names.swedish_phrases: "Kommunal hemvård", not the
    glossary's "Hemvård och mamma" for a theme mostly in Finnish), unless the Swedish name
    is already such a phrase. One theme, one topic: when the glossary knows the phrase's
    noun and its Finnish pair is none of the Finnish name's nouns (its head, a genitive
    attribute's base form, a noun joined by "ja": "tidsbokning" -> "ajanvaraus" beside
    "Potilasturvallisuus"), the Swedish name is the glossary's translation of the Finnish
    one instead, and when there is none it stays as it was."""
    if len(texts) < 2 or (paired.get("sv") and " " in paired["sv"][0]):
        return names
    found = swedish_phrases(texts, lambda word: _swedish_noun(tool, word), _swedish_compound)
    if not found:
        return names
    said = found[0][0]
    finnish = SV_TO_FI.get(said.rsplit(" ", 1)[-1], "")
    # the Finnish name's nouns: "Kotihoidon asiakas": asiakas, kotihoito; "X ja Y": X, Y
    words = names.get("fi", "").lower().replace(f" {AND['fi']} ", " ").split()
    nouns = set(words) | {tool.lemma(word, "fi") for word in words}
    if finnish and words and finnish not in nouns:
        translated = theme_names({"fi": paired["fi"]}).get("sv") if paired.get("fi") else None
        return {**names, "sv": translated} if translated else names
    return {**names, "sv": said[:1].upper() + said[1:]}


def _one_topic_names(themes, labels, terms, bridge, tool, docs) -> list[Theme]:
    """Each theme's names made to name one topic in both languages (one_topic), the names'
    words read as the clustering reads a comment's (Swedish written as its Finnish pair
    where the bridge knows it), so a name's specificity to its theme is the share of the
    round's comments saying one of its words that are in the theme."""
    mapping = cluster_mapping(terms, bridge, tool)
    said_by: dict[str, list[int]] = {}
    for i, doc in enumerate(terms):
        for term in {mapping.get(t, t) for t in doc}:
            said_by.setdefault(term, []).append(i)

    def specific(name: str, language: str, theme: int, said: int = OWN_SAID) -> float:
        """The best share, over the name's words, of the round's comments saying the word
        that are in the theme; 0 for a word fewer than OWN_SAID of the theme's comments
        say (`said`: one or two comments' word is no name of the theme)."""
        words = [mapping.get(t, t) for t in tool.terms(name, language)]
        best = 0.0
        for term in set(_swedish_parts([words], mapping)[0]):
            rows = said_by.get(term)
            inside = int(np.sum(labels[rows] == theme)) if rows else 0
            if inside >= said:
                best = max(best, inside / len(rows))
        return best

    for number, theme in enumerate(themes):
        if len(theme.names) == 1:
            # a language with comments in the theme and no name: the other's translated
            # ("Puhelinnumero": "Telefon"), else the page shows the other's, marked
            ((lead, name),) = theme.names.items()
            other = "sv" if lead == "fi" else "fi"
            if any(docs[i].language == other for i in theme.members):
                words = theme.paired.get(lead) or [name.lower()]
                translated = _translation(
                    tool, words, lead, lambda name, lang, t=number: specific(name, lang, t, 1)
                )
                theme.names = {**theme.names, other: translated} if translated else theme.names
            continue
        central = theme.members[: max(3, len(theme.members) * 2 // 5)]
        theme.names = one_topic(
            tool,
            theme.names,
            theme.paired,
            theme.terms,
            {lang: specific(name, lang, number) for lang, name in theme.names.items()},
            Counter(docs[i].language for i in central),
            Counter(docs[i].language for i in theme.members),
            lambda name, lang, t=number: specific(name, lang, t, 1),
        )
    return themes


def one_topic(
    tool, names, paired, keywords, specific: dict, central: Counter, count: Counter, fits=None
) -> dict[str, str]:
    """One theme, one topic in both languages: a theme's name in one language never names
    something else than its name in the other ("Päihde" / "Dygn och
    förlossningsavdelning" was one theme's pair: a few off-topic Swedish comments named it
    in Swedish). The name more the theme's own leads (`specific`: the share of the round's
    comments saying one of its words that are in the theme, when at least OWN_SAID of the
    theme's comments say it), then the language of most of its most central comments, of
    most of its comments, Finnish. The other language's name stays when it is as much the
    theme's own (OWN_NAME: "Kotiutushoitaja" / "Utskrivningsskötare", which no glossary
    pairs) or agrees with the leading name (_agrees: through the glossary, a compound
    member or a loanword: "Läkare" beside "Lääkäriaika"; of "X och Y" only the part that
    agrees stays); else it is one of its own keywords that agrees, else the translation of
    the leading name (_translation); else the theme has no name in that language and the
    page shows the leading one, marked as written in the other language (Theme.name).
    Measured on the tuning set with bench/theme_names_check.py (bench/README.md, "Eighth
    pass")."""
    if len(names) < 2:
        return names
    lead = max(names, key=lambda k: (specific[k], central[k], count[k], k == "fi"))
    other = "sv" if lead == "fi" else "fi"
    if specific[other] >= OWN_NAME:
        return names
    lead_words = _name_nouns(tool, names[lead], lead)
    parts = names[other].split(f" {AND[other]} ")
    agreeing = [part for part in parts if _agrees(tool, part, other, lead_words)]
    if len(agreeing) == len(parts):
        return names
    if agreeing:  # "Hemvård och mamma" beside "Kotihoidon omahoitajamalli": "Hemvård"
        return {**names, other: agreeing[0][:1].upper() + agreeing[0][1:]}
    for word in keywords.get(other, []):
        if _agrees(tool, word, other, lead_words):
            return {**names, other: word[:1].upper() + word[1:]}
    translated = _translation(tool, paired.get(lead) or [names[lead].lower()], lead, fits)
    return {**names, other: translated} if translated else {lead: names[lead]}


def _translation(tool: Analyzer, words: list[str], language: str, fits=None) -> str | None:
    """The other language's name for a name's words (`paired`): the glossary's
    translation (theme_names), else by the compound's first member
    (_member_translation) when that is still the theme's own (`fits(name, language)`, its
    specificity, at least MEMBER_FIT: "Telefon" for "Puhelinnumero", never "Tjänst", a
    service, for "Palveluauto"); a Finnish one only of nouns."""
    other = "sv" if language == "fi" else "fi"
    translated = theme_names({language: words}).get(other)
    if not translated:
        translated = _member_translation(tool, words, language)
        if translated and fits is not None and fits(translated, other) < MEMBER_FIT:
            translated = None
    if translated and (other == "sv" or _finnish_nouns(tool, translated)):
        return translated
    return None


def _finnish_nouns(tool: Analyzer, name: str) -> bool:
    """Whether each head of a Finnish name ("X ja Y", an attribute's phrase: its last
    word) is a noun by Voikko (a glossary translation may be a verb: "vänta" is
    "odottaa")."""
    if tool.method != METHOD_VOIKKO:
        return True
    heads = [part.split()[-1] for part in name.lower().split(f" {AND['fi']} ") if part.split()]
    return bool(heads) and all(tool.word(w, "fi").word_class == NOUN for w in heads)


def _member_translation(tool: Analyzer, words: list[str], language: str) -> str | None:
    """The glossary's translation of the leading name's compound noun by its first member,
    when the glossary knows the member and not the compound: "puhelinnumero" (a phone
    number) is "Telefon", "utskrivningsskötare" is "Kotiutus"; never a general word."""
    head = words[0].rsplit(" ", 1)[-1]
    if language == "fi":
        member = tool.word(head, "fi").first or ""
        table = FI_TO_SV
    else:
        member = next(
            (w for w in SWEDISH_PARTS if head.startswith(w) and len(head) > len(w) + 2), ""
        )
        table = SV_TO_FI
    translation = table.get(member, "")
    if len(member) < 4 or member in NAME_STOP[language] or not translation:
        return None
    return translation[:1].upper() + translation[1:]


def _name_nouns(tool: Analyzer, name: str, language: str) -> set[str]:
    """The words of a name and their base forms ("Nuorten mielenterveys": nuorten, nuori,
    mielenterveys), "ja"/"och" left out."""
    words = [w for w in name.lower().split() if w != AND[language]]
    return set(words) | {tool.lemma(w, language) for w in words} - {""}


def _agrees(tool: Analyzer, name: str, language: str, lead_words: set[str]) -> bool:
    """Whether a name in `language` names what `lead_words` (the other language's nouns)
    do: one of its words or its base form is, through the glossary (NAME_PAIRS), one of
    them, or a compound member of one, or one of them of it ("läkare": "lääkäri", in
    "lääkäriaika"); a loanword written alike in both counts too ("ambulans",
    "ambulanssi": six letters or more in common from the start)."""
    other = "fi" if language == "sv" else "sv"
    mine = _name_nouns(tool, name, language)
    # each side's words in the other's language, both ways (the glossary's first pair of a
    # word is its translation, so "A" -> "B" does not always mean "B" -> "A")
    pairs = [(_translated(tool, mine, language), lead_words)]
    pairs.append((mine, _translated(tool, lead_words, other)))
    for words, theirs in pairs:
        for word in words:
            for their in theirs:
                if word == their or (
                    min(len(word), len(their)) >= 4 and (word in their or their in word)
                ):
                    return True
    return any(len(a) >= 6 and len(b) >= 6 and a[:6] == b[:6] for a in mine for b in lead_words)


def _translated(tool: Analyzer, words: set[str], language: str) -> set[str]:
    """The glossary's translations of words (and their base forms) of one language."""
    table = SV_TO_FI if language == "sv" else FI_TO_SV
    other = "fi" if language == "sv" else "sv"
    found: set[str] = set()
    for word in words:
        for candidate in filter(None, (table.get(word), table.get(_bare(word, language)))):
            found |= _name_nouns(tool, candidate, other)
    return found


def _bare(word: str, language: str) -> str:
    """A Swedish noun's base form from a definite or plural form the name may hold."""
    if language != "sv":
        return word
    for ending in ("arna", "erna", "orna", "en", "et", "ar", "er", "or", "n"):
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            return word[: -len(ending)]
    return word


def _swedish_noun(tool: Analyzer, word: str) -> str | None:
    """The base form of a Swedish word that is a noun that may name a theme, else None: a
    whole word (never a compound's fragment), is_noun (never a verb or an adjective), not
    too general (NAME_STOP); a definite or plural form ("tidsbokningen") gives its lemma."""
    found = tool.terms(word, "sv")
    if not found or word in NAME_STOP["sv"] or not is_noun(tool, found[0]):
        return None
    lemma = found[0].partition(":")[2]
    if word == lemma:
        return word
    # the lemma of a definite or plural form, when it is a word: seen as written, a noun's
    # ending or the glossary's ("tidsbokning"; never a stem such as "frivilligarbet")
    known = lemma in tool.forms.get(found[0], ()) or lemma in GLOSSARY_WORDS["sv"]
    if word in swedish_noun_forms(lemma) and (known or lemma.endswith(SWEDISH_NOUN_ENDINGS)):
        return lemma if lemma not in NAME_STOP["sv"] else None
    return word if tool.label(found[0]) == word and word not in swedish_noun_forms(lemma) else None


@lru_cache(maxsize=20_000)
def _swedish_compound(word: str) -> bool:
    """A Swedish compound noun: COMPOUND_LETTERS letters or more, or a glossary word with
    at least three letters before it ("tandvård": "vård")."""
    return len(word) >= COMPOUND_LETTERS or any(
        word.endswith(part) and len(word) >= len(part) + 3 for part in SWEDISH_HEADS
    )


def _matching_heads(tool, keywords, term_of, member_terms) -> dict[str, list[str]]:
    """Names that match on a theme of both languages: the first keyword of the language
    most of its comments are in leads; the other language's name starts from its glossary
    translation when at least two of that language's comments in the theme say it
    ("Nuorisotyö" / "Ungdomsarbete", not "… / Kommun")."""
    if len(keywords) < 2:
        return keywords
    count = Counter(t[0].split(":", 1)[0] for t in member_terms if t)
    lead = max(keywords, key=lambda k: (count[k], k == "fi"))
    other = "sv" if lead == "fi" else "fi"
    translation = (FI_TO_SV if lead == "fi" else SV_TO_FI).get(keywords[lead][0], "")
    if not translation or " " in translation or translation == keywords[other][0]:
        return keywords
    found = tool.terms(translation, other)
    if not found or (other == "fi" and not is_noun(tool, found[0])):
        return keywords
    said = sum(found[0] in t for t in member_terms if t and t[0].startswith(other + ":"))
    if said < min(2, count[other]):
        return keywords
    term_of[(other, translation)] = found[0]
    keywords = dict(keywords)
    keywords[other] = [translation] + [w for w in keywords[other] if w != translation]
    return keywords


def _central_terms(ranked: list[int], terms: list[list[str]], language: str) -> list[set[str]]:
    """The terms of the theme's most central comments in one language (its top two fifths,
    at least three)."""
    own = [i for i in ranked if terms[i] and terms[i][0].startswith(language + ":")]
    return [set(terms[i]) for i in own[: max(3, len(own) * 2 // 5)]]


def _name_pair(words: list[str], terms: list[str], central: list[set[str]]) -> list[str]:
    """The words a name joins: the first keyword and the best-ranked other one that a
    central comment of the theme says together with it ("Sjukhus och hemvård": comments
    about going home from hospital), else the first alone; never two nouns that no comment
    of the theme puts side by side ("Veta och mamma")."""
    if len(words) < 2:
        return words
    for word, term in zip(words[1:], terms[1:], strict=True):
        if terms[0] and term and any(terms[0] in doc and term in doc for doc in central):
            return [words[0], word]
    return words[:1]


def _commonest_nouns(tool, texts: list[list[str]]) -> dict[str, list[str]]:
    counts = Counter(t for terms in texts for t in set(terms) if t in tool.surface)
    # ties: the longer term first ("kotihoito" before its member "koti"), then the term
    # itself, so the name never depends on the order of a set (string hashes vary by process)
    ranked = sorted(counts, key=lambda t: (-counts[t], -len(t), t))
    keywords: dict[str, list[str]] = {}
    for general in (False, True):  # general nouns ("aika") only if there is nothing else
        for term in ranked:
            language = term.split(":", 1)[0]
            word = tool.label(term)
            chosen = keywords.setdefault(language, [])
            if (
                len(chosen) < 2
                and not any(word in o or o in word for o in chosen)  # "koti" in "kotihoito"
                and (general or word not in NAME_STOP[language])
                and is_noun(tool, term)
            ):
                chosen.append(word)
        keywords = {k: v for k, v in keywords.items() if v}
        if keywords:
            break
    return keywords


# Nouns too general to name a theme (time, quantity, "thing"), and the nouns behind
# Finnish postpositions ("jälkeen": after, from "jälki"; "välillä": at times, "väli";
# "vuoksi": because of, "vuo"; "kautta": through, "kausi"): they stay terms.
NAME_STOP = {
    "fi": frozenset(
        """
        aika vuosi päivä viikko kuu kuukausi tunti minuutti kerta moni koko lisä osa asia
        tapa käyttö ihminen henkilö määrä paikka kohta puoli alku loppu ongelma syy
        jälki väli vuo sija kausi perä pää ansio taho
        """.split()
    ),
    "sv": frozenset(
        """
        tid dag år vecka månad timme minut gång sak ärende ingenting något del sätt
        människa person antal plats problem orsak hel
        """.split()
    ),
}

# Words that look like Swedish nouns by their endings or forms but are not (adjectives,
# adverbs, and the commonest verbs, whose present tense looks like a noun's: "vet", "gör").
SWEDISH_NOT_NOUNS = frozenset(
    """
    öppen liten egen annan mogen vaken trogen dagen gärna heller hellre sen sent
    tillbaka ensam nöjd dålig bättre sämre länge långt svår lätt enkel ny gammal
    veta göra kunna säga ta ge se gå komma vilja låta stå sitta ligga bo leva känna
    tänka tro tycka förstå hitta behöva börja sluta hända fungera använda lova hålla
    """.split()
)
SWEDISH_NOUN_ENDINGS = (
    "ning",
    "het",
    "else",
    "are",
    "tion",
    "skap",
    "ande",
    "ende",
    "itet",
    "ör",
    "ist",
    "log",
    "eri",
    "dom",
    "tid",
    "vård",
    "kö",
    "ing",
)
NAME_PAIRS = list(GLOSSARY) + list(GENERAL_PAIRS)
GLOSSARY_WORDS = {
    "fi": {fi for fi, _sv in NAME_PAIRS if " " not in fi},
    "sv": {sv for _fi, sv in NAME_PAIRS if " " not in sv},
}
FI_TO_SV: dict[str, str] = {}
SV_TO_FI: dict[str, str] = {}
for _fi, _sv in NAME_PAIRS:  # the first pair of a word is its translation
    FI_TO_SV.setdefault(_fi, _sv)
    SV_TO_FI.setdefault(_sv, _fi)
AND = {"fi": "ja", "sv": "och"}
COMPOUND_LETTERS = 10  # a Swedish noun this long is a compound (is_noun's rule too)
SWEDISH_PARTS = sorted(
    (w for w in GLOSSARY_WORDS["sv"] if len(w) >= 5 and w in SV_TO_FI), key=len, reverse=True
)
SWEDISH_HEADS = sorted((w for w in GLOSSARY_WORDS["sv"] if len(w) >= 3), key=len, reverse=True)


def is_noun(tool: Analyzer, term: str) -> bool:
    """Whether a term's lemma is a noun: Voikko's word class for Finnish (a proper name
    or a verb never is); for Swedish, which has no analyser here, a definite or plural
    form seen in the comments, a noun ending, or a glossary noun."""
    language, _sep, lemma = term.partition(":")
    if language == "fi":
        if tool.method == METHOD_VOIKKO:
            return tool.word_class(term) == NOUN
        return lemma in GLOSSARY_WORDS["fi"]
    word = tool.label(term)
    if word in SWEDISH_NOT_NOUNS or len(word) < 3:
        return False
    if word in SV_TO_FI and " " not in SV_TO_FI[word] and tool.method == METHOD_VOIKKO:
        # a glossary word is a noun when its Finnish pair is ("mäta": "mitata", a verb)
        return tool.word(SV_TO_FI[word], "fi").word_class == NOUN
    if word.endswith(SWEDISH_NOUN_ENDINGS):
        return True
    forms = set(tool.forms.get(term, ())) | {word}
    if word.endswith("a") and forms & {
        word + "r",
        word[:-1] + "er",
        word[:-1],
        word + "de",
        word[:-1] + "ade",
        word[:-1] + "de",
        word[:-1] + "te",
    }:
        return False  # a verb: "svara" seen as "svarar", "vänta" as "väntade", "veta" as "vet"
    return bool(forms & swedish_noun_forms(word)) or (
        len(word) >= 10
        and not word.endswith(("a", "ar", "ade", "era", "ig", "el", "isk", "bar", "ad", "ös"))
    )


def swedish_noun_forms(word: str) -> set[str]:
    """The definite and plural forms a Swedish noun of this base form can take ("mamma":
    "mamman", "mammor"; "läkare": "läkaren", "läkarna"; "vård": "vården"; "hem": "hemmet"),
    never the base itself: such a form seen in the comments says the word is a noun."""
    if word.endswith("a"):
        forms = {word + "n", word[:-1] + "or", word[:-1] + "orna", word + "ns"}
    elif word.endswith("e"):
        forms = {word + "n", word + "t", word + "r", word + "rna", word[:-1] + "na"}
        forms |= {word[:-1] + "arna", word + "ns"}
    else:
        forms = {word + "en", word + "et", word + "ar", word + "arna", word + "er"}
        forms |= {word + "erna", word + "n", word + "na", word + "ens", word + "ets"}
        forms |= {word + word[-1] + "et", word + word[-1] + "en"}  # "hemmet", "rummet"
    return forms - {word}


def theme_names(
    keywords: dict[str, list[str]], nouns: dict[str, list[str]] | None = None
) -> dict[str, str]:
    """A short noun phrase per language from the theme's keywords (nouns): "Kotihoito ja
    hoitaja", "Hemvård och vårdare". A language without keywords of its own gets the
    glossary's translation of the other's (a phrase's, else its noun's, else that of the
    theme's other nouns, `nouns`), when it has one; else no name (the page shows the other
    language's, marked as such)."""
    names = {}
    for language, other, table in (("fi", "sv", SV_TO_FI), ("sv", "fi", FI_TO_SV)):
        words = list(keywords.get(language) or [])
        if not words:  # a phrase's translation, else its noun's ("etsivä nuorisotyö")
            words = [
                table.get(w) or table.get(w.rsplit(" ", 1)[-1], "")
                for w in keywords.get(other) or []
            ]
            words = [w for w in words if w]
            if not words:  # "kotihoidon omahoitajamalli": the theme's nouns ("kotihoito")
                words = [table[w] for w in (nouns or {}).get(other) or [] if w in table]
        if not words:
            continue
        phrase = words[0][:1].upper() + words[0][1:]
        if len(words) > 1:
            phrase += f" {AND[language]} {words[1]}"
        names[language] = phrase
    return names


def representatives(
    members: list[int],
    docs: list[Doc],
    duplicate_of: dict[int, int],
    centrality,
    count: int = 3,
) -> list[int]:
    """The most central distinct responses of a theme (members are sorted by centrality),
    one of each language first if it is at least half as central as the best."""
    chosen: list[int] = []
    groups: set[int] = set()
    languages = Counter(docs[i].language for i in members)

    def take(i):
        chosen.append(i)
        groups.add(duplicate_of.get(i, i))

    floor = 0.5 * max((centrality[i] for i in members), default=0)
    for language in languages:
        for i in members:
            if centrality[i] < floor:
                break
            if docs[i].language == language and duplicate_of.get(i, i) not in groups:
                take(i)
                break
    for i in members:
        if len(chosen) >= count:
            break
        if i not in chosen and duplicate_of.get(i, i) not in groups:
            take(i)
    return sorted(chosen[:count], key=members.index)
