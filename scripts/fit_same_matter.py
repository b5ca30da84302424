#!/usr/bin/env python
"""Fit the judge's same-matter reading (``takediff.same_matter``) and write it beside the judge.

  python scripts/fit_same_matter.py                 # fit, print the folds, write the JSON
  python scripts/fit_same_matter.py --dry-run       # print only

Data: the invented accounts benchmark (../shared/benchmarks/accounts): the claims ``compare``
makes of each case, the claim covering each key item's evidence, and for every two parties the
pairs of one item (same matter: the key ties them) against pairs of two different items
(different matters). A logistic regression over ``same_matter.FEATURES``, classes weighted
equally (``compare`` judges only pairs its alignment proposed, so the prior of the benchmark's
all-against-all pairs is not the prior the judge meets). Cases alternate between two folds in
name order; each fold's figures come from weights fitted on the other. The real readouts
(../shared/benchmarks/readouts) are never fitted on: their figures are held out. The weights
written are fitted on every accounts case.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression

from takediff.evaluate.accounts import bench_dir, load_cases
from takediff.evaluate.probe import KeyedPair, _auc, case_claims, fold_of, keyed_pairs, readouts_dir
from takediff.pipeline import Pipeline
from takediff.same_matter import FEATURES, GATE_FILE, features

C = 1.0  # sklearn's default regularisation: four weights, hundreds of pairs


def rows(
    pipe: Pipeline, folder: Path
) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[KeyedPair]]:
    """Features, same-matter gold (1/0), fold (1/2) and the pairs of every case in ``folder``."""
    xs, ys, folds, pairs = [], [], [], []
    for i, case in enumerate(load_cases(folder)):
        found = keyed_pairs(case, case_claims(pipe, case))
        if not found:
            continue
        vecs = pipe.embedder.embed([t for kp in found for t in (kp.a.plain, kp.b.plain)])
        for k, kp in enumerate(found):
            sim = float(vecs[2 * k] @ vecs[2 * k + 1])
            xs.append(features(kp.a, kp.b, sim))
            ys.append(0 if kp.kind == "other" else 1)
            folds.append(fold_of(i))
            pairs.append(kp)
    return np.array(xs), np.array(ys), np.array(folds), pairs


def fit(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    model = LogisticRegression(C=C, class_weight="balanced", fit_intercept=False, max_iter=1000)
    model.fit(x, y)
    return np.asarray(model.coef_[0], dtype=float)


def prob(w: np.ndarray, x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-(x @ w)))


def figures(w: np.ndarray, x: np.ndarray, y: np.ndarray) -> dict[str, float]:
    p = prob(w, x)
    return {
        "pairs_same": int(y.sum()),
        "pairs_different": int((1 - y).sum()),
        "auc": round(_auc(list(p[y == 1]), list(p[y == 0])), 3),
        "same_kept": round(float((p[y == 1] >= 0.5).mean()), 3),
        "different_kept": round(float((p[y == 0] >= 0.5).mean()), 3),
        "cosine_alone_auc": round(_auc(list(x[y == 1, 0]), list(x[y == 0, 0])), 3),
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data-dir", default="../shared/data")
    ap.add_argument("--dry-run", action="store_true")
    args = ap.parse_args()
    data = Path(args.data_dir)
    pipe = Pipeline()
    x, y, fold, _ = rows(pipe, bench_dir(data))
    rx, ry, _, _ = rows(pipe, readouts_dir(data))
    report: dict[str, object] = {}
    for k in (1, 2):
        w = fit(x[fold != k], y[fold != k])
        report[f"accounts_fold_{k}_held_out"] = figures(w, x[fold == k], y[fold == k])
    w = fit(x, y)
    report["readouts_held_out"] = figures(w, rx, ry)
    print(json.dumps(report, indent=1))
    out = {
        "features": list(FEATURES),
        "weights": [round(float(v), 4) for v in w],
        "fitted_on": "the invented accounts benchmark's keyed claim pairs, every case "
        "(scripts/fit_same_matter.py); never the real readouts",
        "figures": report,
    }
    print(json.dumps(out["weights"]))
    if not args.dry_run:
        GATE_FILE.write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {GATE_FILE}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
