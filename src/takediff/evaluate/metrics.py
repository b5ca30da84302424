"""Classification metrics for the evaluations: scikit-learn's, plus FNC-1's score and ECE."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np


@dataclass(slots=True, frozen=True)
class ClassReport:
    labels: tuple[str, ...]
    accuracy: float
    macro_f1: float
    precision: tuple[float, ...]
    recall: tuple[float, ...]
    f1: tuple[float, ...]
    support: tuple[int, ...]
    confusion: np.ndarray  # rows: gold, columns: predicted


def classification(gold: Sequence[str], pred: Sequence[str], labels: Sequence[str]) -> ClassReport:
    from sklearn.metrics import accuracy_score, confusion_matrix, precision_recall_fscore_support

    p, r, f, s = precision_recall_fscore_support(gold, pred, labels=list(labels), zero_division=0)
    return ClassReport(
        labels=tuple(labels),
        accuracy=float(accuracy_score(gold, pred)),
        macro_f1=float(np.mean(f)),
        precision=tuple(float(x) for x in p),
        recall=tuple(float(x) for x in r),
        f1=tuple(float(x) for x in f),
        support=tuple(int(x) for x in s),
        confusion=confusion_matrix(gold, pred, labels=list(labels)),
    )


def majority_baseline(gold: Sequence[str], labels: Sequence[str]) -> ClassReport:
    """What always answering the most common gold label scores: the floor beside every figure."""
    top = max(labels, key=list(gold).count)
    return classification(gold, [top] * len(gold), labels)


def fnc_score(gold: Sequence[str], pred: Sequence[str]) -> float:
    """FNC-1's weighted score as a share of the best possible: 0.25 for related/unrelated right,
    0.75 more for the exact agree/disagree/discuss label."""
    score = best = 0.0
    for g, p in zip(gold, pred, strict=True):
        best += 0.25 if g == "unrelated" else 1.0
        if g == p:
            score += 0.25 if g == "unrelated" else 1.0
        elif g != "unrelated" and p != "unrelated":
            score += 0.25
    return score / best if best else 0.0


def expected_calibration_error(probs: np.ndarray, gold_idx: np.ndarray, bins: int = 15) -> float:
    """ECE of the top-class probability, equal-width bins."""
    conf = probs.max(axis=1)
    correct = probs.argmax(axis=1) == gold_idx
    edges = np.linspace(0.0, 1.0, bins + 1)
    ece = 0.0
    for lo, hi in zip(edges[:-1], edges[1:], strict=True):
        inside = (conf > lo) & (conf <= hi)
        if inside.any():
            ece += inside.mean() * abs(conf[inside].mean() - correct[inside].mean())
    return float(ece)


#: Gold factuality / commitment bins on the −3..+3 scale: ≤ −1, between, ≥ 1.
BINS: tuple[str, ...] = ("false (≤ −1)", "uncertain", "true (≥ 1)")


@dataclass(slots=True, frozen=True)
class RegressionReport:
    """How a 0..1 score tracks a −3..+3 gold rating, before and after a fitted linear rescale."""

    n: int
    pearson: float
    spearman: float
    slope: float  # gold ≈ slope × score + intercept, fitted on the fit rows
    intercept: float
    mae: float  # after the rescale
    mae_constant: float  # baseline: always the fit rows' mean gold
    bin_accuracy: float  # rescaled score's bin (≤ −1, between, ≥ 1) against the gold bin
    bin_majority: float  # baseline: always the fit rows' most common bin


def to_bins(values: np.ndarray) -> np.ndarray:
    """0, 1, 2 for values ≤ −1, between, ≥ 1 (indices into ``BINS``)."""
    return np.where(values <= -1.0, 0, np.where(values >= 1.0, 2, 1))


def linear_fit(score: np.ndarray, gold: np.ndarray) -> tuple[float, float]:
    """Least-squares slope and intercept of gold on score (slope 0 where the score is constant)."""
    if len(score) < 2 or np.ptp(score) == 0:
        return 0.0, float(np.mean(gold)) if len(gold) else 0.0
    slope, intercept = np.polyfit(score, gold, 1)
    return float(slope), float(intercept)


def correlations(gold: np.ndarray, score: np.ndarray) -> tuple[float, float]:
    """Pearson r and Spearman rho of score against gold (NaN where either is constant)."""
    from scipy.stats import pearsonr, spearmanr

    if len(gold) < 3 or np.ptp(score) == 0 or np.ptp(gold) == 0:
        return float("nan"), float("nan")
    return float(pearsonr(score, gold)[0]), float(spearmanr(score, gold)[0])


def regression(
    gold: np.ndarray, score: np.ndarray, fit_gold: np.ndarray, fit_score: np.ndarray
) -> RegressionReport:
    """Correlation of ``score`` with ``gold``, and errors after a rescale fitted on the fit rows."""
    slope, intercept = linear_fit(fit_score, fit_gold)
    n = len(gold)
    majority = np.bincount(to_bins(fit_gold), minlength=len(BINS)).argmax()
    return _report(
        gold,
        score,
        rescaled=slope * score + intercept,
        constant=np.full(n, np.mean(fit_gold)),
        majority=np.full(n, majority),
        line=(slope, intercept),
    )


def cross_fitted(
    gold: np.ndarray, score: np.ndarray, folds: int = 5, seed: int = 0
) -> RegressionReport:
    """``regression`` where no split exists: each row is rescaled by a fit on the other folds
    (slope and intercept reported as the mean over folds)."""
    fold = np.random.default_rng(seed).permutation(len(gold)) % folds
    rescaled = np.zeros(len(gold))
    constant = np.zeros(len(gold))
    majority = np.zeros(len(gold), dtype=int)
    lines = []
    for k in range(folds):
        test, train = fold == k, fold != k
        if not test.any() or not train.any():
            continue
        slope, intercept = linear_fit(score[train], gold[train])
        lines.append((slope, intercept))
        rescaled[test] = slope * score[test] + intercept
        constant[test] = np.mean(gold[train])
        majority[test] = np.bincount(to_bins(gold[train]), minlength=len(BINS)).argmax()
    mean_line = np.mean(lines, axis=0) if lines else np.zeros(2)
    return _report(
        gold,
        score,
        rescaled=rescaled,
        constant=constant,
        majority=majority,
        line=(float(mean_line[0]), float(mean_line[1])),
    )


def _report(
    gold: np.ndarray,
    score: np.ndarray,
    *,
    rescaled: np.ndarray,
    constant: np.ndarray,
    majority: np.ndarray,
    line: tuple[float, float],
) -> RegressionReport:
    pearson, spearman = correlations(gold, score)
    gold_bins = to_bins(gold)
    return RegressionReport(
        n=len(gold),
        pearson=pearson,
        spearman=spearman,
        slope=line[0],
        intercept=line[1],
        mae=float(np.mean(np.abs(rescaled - gold))),
        mae_constant=float(np.mean(np.abs(constant - gold))),
        bin_accuracy=float(np.mean(to_bins(rescaled) == gold_bins)),
        bin_majority=float(np.mean(majority == gold_bins)),
    )
