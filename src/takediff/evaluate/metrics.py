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
