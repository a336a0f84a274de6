"""Bench: do a theme's Finnish and Swedish names describe the same theme?

    .venv/bin/python bench/theme_names_check.py [--independent] [--list] [--method NAME]

Runs the app's themes on the tuning set (bench/data/comments.tsv) several ways, to see many
themes: the app's run, k = 8, 10, 14 and two more seeds at k = 12, and the two halves of
the set split by theme label (as bench/theme_methods.py). `--independent` scores the
independent set the same way instead (read once, after the choice; never tuned on).

For each theme found with a name in a language, the name's words are read as the themes
read a comment's (`Analyzer.terms`, a Swedish word written as its Finnish pair where the
bridge knows it, as the clustering does), and the name **fits** the theme when a comment of
the set that says one of its words is, more often than not, labelled with the theme's own
label (the commonest hand label of its members): P(label | word) >= 0.5 for its best word.
A name whose words no comment of the set says is "unseen" (a translation, say). Printed:

- themes with names in both languages, and of them: both fit; one fits and the other does
  not (**mismatched**: the reader of one language sees another theme); neither fits;
- themes with a name in one language only while the theme has comments in the other;
- with `--list`, every theme: size, fi/sv comments, fi | sv name and each name's fit.

`--method` runs one of bench/theme_methods.py's methods instead of the app's (e.g.
`no-dictionary`, the app before the general dictionary).
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import text_eval  # noqa: E402  (sets up Django)
from theme_methods import METHODS, halves, switched  # noqa: E402

from participation.text import themes as T  # noqa: E402
from participation.text.language import Analyzer  # noqa: E402

FIT = 0.5


def concept(tool, mapping, text: str, language: str) -> set[str]:
    """The terms of a text as the clustering reads them (Swedish mapped to Finnish)."""
    terms = [mapping.get(t, t) for t in tool.terms(text, language)]
    return set(T._swedish_parts([terms], mapping)[0])


def fit(name_terms: set[str], label: str, doc_terms, labels) -> float | None:
    best = None
    for term in name_terms:
        said = [labels[i] for i, terms in enumerate(doc_terms) if term in terms]
        if said:
            share = sum(lab == label for lab in said) / len(said)
            best = share if best is None else max(best, share)
    return best


def runs(rows):
    yield "app", rows, {}, None
    for k in (8, 10, 14):
        yield f"k={k}", rows, {}, k
    for seed in (1, 2):
        yield f"seed={seed} k=12", rows, {"SEED": seed}, 12
    a, b = halves(rows)
    yield "half A", a, {}, None
    yield "half B", b, {}, None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--independent", action="store_true")
    parser.add_argument("--list", action="store_true")
    parser.add_argument("--method", default="app", choices=sorted(METHODS))
    args = parser.parse_args()
    with switched(dict(METHODS[args.method])):
        return check(args)


def check(args) -> int:
    tool = Analyzer()
    bridge = T.bridge_pairs(text_eval.demo_snapshot())
    rows = text_eval.load(text_eval.INDEPENDENT if args.independent else text_eval.TUNING)
    # the words as the clustering reads them: the glossaries' pairs, then the dictionary's
    # for the set's other Swedish terms
    seen = [tool.terms(r["text"], r["language"], keep_surface=True) for r in rows]
    mapping = T.cluster_mapping(seen, bridge, tool)
    total = Counter()
    for run, subset, settings, k in runs(rows):
        docs = [T.Doc(i, r["text"], r["language"]) for i, r in enumerate(subset)]
        labels = [r["theme"] for r in subset]
        doc_terms = [concept(tool, mapping, r["text"], r["language"]) for r in subset]
        with switched(settings):
            found = T.find_themes(docs, tool=tool, bridge=bridge, k=k)
        if args.list:
            print(f"-- {run}")
        for theme in found.themes:
            if not theme.members:
                continue
            label = Counter(labels[i] for i in theme.members).most_common(1)[0][0]
            count = Counter(subset[i]["language"] for i in theme.members)
            fits = {}
            for language, name in theme.names.items():
                fits[language] = fit(
                    concept(tool, mapping, name, language), label, doc_terms, labels
                )
            ok = {lang: f is not None and f >= FIT for lang, f in fits.items()}
            if len(theme.names) == 2:
                total["both named"] += 1
                if all(ok.values()):
                    total["both fit"] += 1
                elif any(ok.values()):
                    total["MISMATCHED (one fits, one not)"] += 1
                else:
                    total["neither fits"] += 1
                total["sv unseen"] += fits.get("sv") is None
            else:
                missing = {"fi", "sv"} - set(theme.names)
                if any(count[lang] for lang in missing):
                    total["one name, comments in both"] += 1
            if args.list:
                shown = " | ".join(
                    f"{lang}: {theme.names.get(lang, '-')} "
                    f"({'unseen' if fits.get(lang) is None else format(fits[lang], '.2f')})"
                    for lang in ("fi", "sv")
                    if lang in theme.names or count[lang]
                )
                print(
                    f"  {len(theme.members):3d} fi {count['fi']:2d} sv {count['sv']:2d} "
                    f"[{label}]  {shown}"
                )
        total["themes"] += len(found.themes)
    print("\n".join(f"{key}: {value}" for key, value in sorted(total.items())))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
