"""Bench: compare features of the suggested perspective on topics the model has not seen.

    .venv/bin/python bench/perspective_methods.py [--independent]

Chosen on the tuning set only, **leave one theme out**: each of its twelve themes (each
one perspective) is predicted by a model trained on the other eleven plus the promise
text, so the words of a topic never help predict that topic, as on a new round. Always
without the perspectives' word list (glossary.PERSPECTIVE_WORDS, written after the
independent set existed). The independent set only with `--independent`, once per method,
trained on the whole tuning set, printed apart.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import text_eval  # noqa: E402  (sets up Django)

from participation.text import suggest as S  # noqa: E402
from participation.text.language import Analyzer  # noqa: E402
from participation.text.themes import bridge_pairs  # noqa: E402

METHODS = {
    "base": {},
    "anchors": {"GENERAL_ANCHORS": True},
    "shared": {"SHARED_TERMS": True},
    "anchors+shared": {"GENERAL_ANCHORS": True, "SHARED_TERMS": True},
    # third pass
    "C=0.3": {"C": 0.3},
    "C=1": {"C": 1.0},
    "C=3": {"C": 3.0},
    "seeds x3": {"SEED_WEIGHT": 3.0},
    "seeds x10": {"SEED_WEIGHT": 10.0},
    "anchors x0": {"ANCHOR_WEIGHT": 0.0},
    "anchors x2": {"ANCHOR_WEIGHT": 2.0},
    "letters x0.5": {"LETTER_WEIGHT": 0.5},
    "letters x2": {"LETTER_WEIGHT": 2.0},
    "C=0.1": {"C": 0.1},
    "C=0.3+shared": {"C": 0.3, "SHARED_TERMS": True},
    "C=1+shared": {"C": 1.0, "SHARED_TERMS": True},
    "C=0.3+shared+anchors x0": {"C": 0.3, "SHARED_TERMS": True, "ANCHOR_WEIGHT": 0.0},
    "C=0.3+shared+seeds x10": {"C": 0.3, "SHARED_TERMS": True, "SEED_WEIGHT": 10.0},
    "C=0.3+shared+letters x2": {"C": 0.3, "SHARED_TERMS": True, "LETTER_WEIGHT": 2.0},
    "C=0.1+shared+letters x2": {"C": 0.1, "SHARED_TERMS": True, "LETTER_WEIGHT": 2.0},
    "C=0.3+shared+letters x2+anchors x0": {
        "C": 0.3,
        "SHARED_TERMS": True,
        "LETTER_WEIGHT": 2.0,
        "ANCHOR_WEIGHT": 0.0,
    },
    "chosen+C=0.03": {"C": 0.03, "SHARED_TERMS": True, "LETTER_WEIGHT": 2.0},
    "chosen+words x0": {"C": 0.1, "SHARED_TERMS": True, "LETTER_WEIGHT": 2.0, "WORD_WEIGHT": 0.0},
    "chosen+words x0.5": {"C": 0.1, "SHARED_TERMS": True, "LETTER_WEIGHT": 2.0, "WORD_WEIGHT": 0.5},
    "chosen+seeds x3": {"C": 0.1, "SHARED_TERMS": True, "LETTER_WEIGHT": 2.0, "SEED_WEIGHT": 3.0},
    "C=0.3+shared+letters x3": {"C": 0.3, "SHARED_TERMS": True, "LETTER_WEIGHT": 3.0},
    # fourth pass: the app's (third pass's chosen) with the learned pairs among the shared terms
    "chosen": {},
    "chosen+learned": {"LEARNED_SHARED": True},
    # sixth pass (--vocabulary): the word list's weight, with the list, as the app runs
    "vocabulary x0.5": {"VOCABULARY_WEIGHT": 0.5},
    "vocabulary x2": {"VOCABULARY_WEIGHT": 2.0},
    "vocabulary x3": {"VOCABULARY_WEIGHT": 3.0},
    "vocabulary x5": {"VOCABULARY_WEIGHT": 5.0},
    "vocabulary x7": {"VOCABULARY_WEIGHT": 7.0},
    "vocabulary x10": {"VOCABULARY_WEIGHT": 10.0},
    "vocabulary x20": {"VOCABULARY_WEIGHT": 20.0},
    "vocabulary x30": {"VOCABULARY_WEIGHT": 30.0},
    "vocabulary x50": {"VOCABULARY_WEIGHT": 50.0},
    "vocabulary x100": {"VOCABULARY_WEIGHT": 100.0},
    # seventh pass (issue 27): the Finnish floret word vectors beside the features
    "app": {},
    **{f"vectors x{w}": {"WORD_VECTORS": w} for w in (0.25, 0.5, 1.0, 1.5, 2.0, 3.0, 4.0)},
}


def leave_one_theme_out(rows, snapshot, tool, vocabulary=False) -> tuple[float, float, float]:
    bridge = bridge_pairs(snapshot)
    seeds = S.seed_examples(snapshot, vocabulary=vocabulary)
    right = {"all": 0, "fi": 0, "sv": 0}
    total = {"all": 0, "fi": 0, "sv": 0}
    for theme in sorted({r["theme"] for r in rows}):
        train = [r for r in rows if r["theme"] != theme]
        test = [r for r in rows if r["theme"] == theme]
        model = S.Suggester(tool, bridge).fit(text_eval.examples(train) + seeds)
        guesses = model.suggest([(r["text"], r["language"]) for r in test])
        for row, guess in zip(test, guesses, strict=True):
            ok = bool(guess and guess.perspective == row["perspective"])
            for key in ("all", row["language"]):
                right[key] += ok
                total[key] += 1
    return tuple(right[k] / total[k] for k in ("all", "fi", "sv"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--independent", action="store_true")
    parser.add_argument("--methods", default=",".join(METHODS))
    parser.add_argument(
        "--vocabulary",
        action="store_true",
        help="with the perspectives' word list (as the app runs), on both sets",
    )
    args = parser.parse_args()
    tool = Analyzer()
    snapshot = text_eval.demo_snapshot()
    tuning = text_eval.load(text_eval.TUNING)
    independent = text_eval.load(text_eval.INDEPENDENT)
    print(
        "method | tuning, leave one theme out: all (fi / sv)"
        + (" || INDEPENDENT: all (fi / sv)" if args.independent else "")
    )
    for name in args.methods.split(","):
        switches = METHODS[name]
        old = {k: getattr(S, k) for k in switches}
        for key, value in switches.items():
            setattr(S, key, value)
        try:
            a, fi, sv = leave_one_theme_out(tuning, snapshot, tool, args.vocabulary)
            line = f"{name} | {a:.3f} ({fi:.3f} / {sv:.3f})"
            if args.independent:
                r = text_eval.suggestions_trained_on(
                    tuning, independent, snapshot, tool, vocabulary=args.vocabulary
                )
                line += f" || {r['all']:.3f} ({r['fi']:.3f} / {r['sv']:.3f})"
        finally:
            for key, value in old.items():
                setattr(S, key, value)
        print(line, flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
