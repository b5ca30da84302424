#!/usr/bin/env python
"""Fit the corpus job's event grouping on the dev stories of BASIL and NeuS/AllSides.

  python scripts/fit_grouping.py --data-dir ../shared/data

1. Every dev article's lede (title + the first ``lede_chars`` characters, for each length of
   ``LEDE_GRID``) and title are embedded once.
2. Pairs of dev articles at most 7 days apart are labelled one story or not. A logistic
   regression (scikit-learn) of the lede cosine, the title cosine, the days between them, one
   outlet and a day named in common gives the pair score's weights, each set weighing the same.
   Two articles of one outlet are a feature (not when one is an update of the other: its lede
   within ``update_cosine``). A day named in common is ``corpus/days.py``'s: both ledes name a
   day for what they report ("on Monday"), read against the article's date, and one day is
   the same.
   NeuS dates are AllSides' story dates, so every article of a NeuS story has the same date,
   and NeuS pairs a day or more apart are all two stories: on them alone the days weight would
   learn that artefact, while BASIL's outlets report one story over several days. So the
   pairs are fitted twice, with NeuS's same-day pairs only and with all of them (BASIL's
   cross-day pairs and the day named in common then say when days apart are one story
   still), and step 3 chooses. The printed average precisions show what each signal adds
   (named-entity overlap was tried and dropped: see the README).
3. The lede length, the NeuS pairs fitted on, the join probability and the window take the
   grid point where the real ``Grouper``, run over each dev stream, does best: the mean over
   the two sets of pairwise F1 plus stories exact, less 2 for each point of mixed events beyond
   2% (step 2 runs once per lede length and pair set, the weights refitted each time).

The last lines are the settings to copy into ``takediff/settings.py`` (``CorpusSettings``).
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import itertools
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import average_precision_score

from takediff.corpus.days import day_mask
from takediff.corpus.grouping import GroupingOptions, lede_of, title_of
from takediff.corpus.records import parse_record
from takediff.evaluate.grouping import ClusterScores, group, score
from takediff.evaluate.grouping_data import SETS, NewsArticle, as_record, load
from takediff.pipeline import Pipeline

MAX_DAYS = 7
LEDE_GRID = (500, 1000, 1500)
JOIN_GRID = (0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)
WINDOW_GRID = (3, 7)
#: Fit on NeuS's pairs a day or more apart too (step 2)?
CROSS_DAY_GRID = (False, True)
MIXED_BOUND = 0.02
UPDATE = GroupingOptions().update_cosine


class Cached:
    """The embedder's vectors, each text embedded once for every grid point."""

    def __init__(self, pipeline: Pipeline) -> None:
        self.pipeline = pipeline
        self.seen: dict[str, np.ndarray] = {}

    def vectors(self, texts: Sequence[str]) -> np.ndarray:
        new = [t for t in dict.fromkeys(texts) if t not in self.seen]
        if new:
            for t, v in zip(new, self.pipeline.embedder.embed(new), strict=True):
                self.seen[t] = v
        return np.stack([self.seen[t] for t in texts])


def _day(a: NewsArticle) -> int:
    return dt.date.fromisoformat(a.date).toordinal()


def pairs(
    name: str, arts: list[NewsArticle], cache: Cached, lede_chars: int, cross_day: bool
) -> tuple[np.ndarray, np.ndarray]:
    recs = [parse_record(as_record(a), i, 0) for i, a in enumerate(arts)]
    texts = [lede_of(r, lede_chars) for r in recs]
    ledes = cache.vectors(texts)
    titles = cache.vectors([title_of(r) for r in recs])
    days = np.array([_day(a) for a in arts])
    masks = [day_mask(text, r.day) for text, r in zip(texts, recs, strict=True)]
    rows, gold = [], []
    for i, j in itertools.combinations(range(len(arts)), 2):
        gap = abs(days[i] - days[j])
        if gap > MAX_DAYS or (name == "neus" and gap and not cross_day):
            continue
        cos = float(ledes[i] @ ledes[j])
        same = arts[i].outlet == arts[j].outlet and cos < UPDATE
        shared_day = float(masks[i] & masks[j] != 0)
        rows.append((cos, titles[i] @ titles[j], gap, float(same), shared_day))
        gold.append(arts[i].story == arts[j].story)
    return np.array(rows, dtype=np.float64), np.array(gold)


def objective(scores: dict[str, ClusterScores]) -> float:
    """Pairwise F1 plus stories exact, less 2 for each point of mixed events past the bound."""
    return sum(
        s.pair_f1 + s.exact - 2 * max(0.0, s.mixed - MIXED_BOUND) for s in scores.values()
    ) / len(scores)


def fit_weights(
    dev: dict[str, list[NewsArticle]], cache: Cached, lede_chars: int, cross_day: bool
) -> GroupingOptions:
    """The pair score's weights, fitted on the dev pairs, with what each signal adds."""
    X, y, w = [], [], []
    for name, arts in dev.items():
        xs, ys = pairs(name, arts, cache, lede_chars, cross_day)
        X.append(xs)
        y.append(ys)
        w.append(np.full(len(ys), 1.0 / len(ys)))
        print(f"{name}: {len(arts)} dev articles, {len(ys)} pairs, {int(ys.sum())} of one story")
    Xa, ya, wa = np.vstack(X), np.concatenate(y), np.concatenate(w)
    wa = wa / wa.mean()
    names = ("lede cosine", "title cosine", "days apart", "one outlet", "a day named in common")
    for cols in ((0,), (0, 1), (0, 1, 2), (0, 1, 2, 3), (0, 1, 2, 3, 4)):
        m = LogisticRegression(C=10, max_iter=3000).fit(Xa[:, cols], ya, sample_weight=wa)
        aps = [
            average_precision_score(ys, m.decision_function(xs[:, cols]))
            for xs, ys in zip(X, y, strict=True)
        ]
        label = " + ".join(names[c] for c in cols)
        print(
            f"pair AP, {label}: "
            + ", ".join(f"{n} {a:.3f}" for n, a in zip(SETS, aps, strict=True))
        )
    model = LogisticRegression(C=10, max_iter=3000).fit(Xa, ya, sample_weight=wa)
    wl, wt, wd, wp, ws = (round(float(c), 2) for c in model.coef_[0])
    return GroupingOptions(
        lede_chars=lede_chars, weight_lede=wl, weight_title=wt, weight_days=wd,
        weight_same_party=wp, weight_shared_day=ws, intercept=round(float(model.intercept_[0]), 2),
    )  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    ap.add_argument("--data-dir", type=Path, default=Path("../shared/data"))
    args = ap.parse_args()
    cache = Cached(Pipeline())
    dev = {name: load(name, args.data_dir, "dev") for name in SETS}
    best: tuple[float, GroupingOptions, bool] | None = None
    for lede_chars, cross_day in itertools.product(LEDE_GRID, CROSS_DAY_GRID):
        pairs_of = "all NeuS pairs" if cross_day else "NeuS same-day pairs"
        print(f"\n## lede of {lede_chars} characters, {pairs_of}\n")
        base = fit_weights(dev, cache, lede_chars, cross_day)
        heads = " | ".join(f"{n} pair F1 | {n} exact | {n} mixed" for n in SETS)
        print(f"\n| join | window | {heads} |")
        for join, window in itertools.product(JOIN_GRID, WINDOW_GRID):
            options = dataclasses.replace(base, join_probability=join, window_days=window)
            scores = {
                n: score([a.story for a in arts], group(arts, options, cache))
                for n, arts in dev.items()
            }
            cells = " | ".join(
                f"{s.pair_f1:.3f} | {s.exact:.1%} | {s.mixed:.1%}" for s in scores.values()
            )
            print(f"| {join} | {window} | {cells} |", flush=True)
            value = objective(scores)
            if best is None or value > best[0]:
                best = (value, options, cross_day)
    assert best is not None
    o = best[1]
    print(f"\nFitted on {'all NeuS pairs' if best[2] else 'NeuS same-day pairs'}.")
    print("CorpusSettings (copy into takediff/settings.py):")
    for f in (
        "window_days",
        "lede_chars",
        "join_probability",
        "weight_lede",
        "weight_title",
        "weight_days",
        "weight_same_party",
        "weight_shared_day",
        "intercept",
    ):
        print(f"  {f} = {getattr(o, f)}")


if __name__ == "__main__":
    main()
