"""Temperature scaling of a classifier's logits: fit one temperature on dev, report NLL and ECE."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from numpy.typing import NDArray

from takediff.evaluate.metrics import expected_calibration_error

Logits = NDArray[np.floating[Any]]
Labels = NDArray[np.integer[Any]]


def softmax(logits: Logits, temperature: float = 1.0) -> NDArray[np.floating[Any]]:
    """Row-wise softmax of logits / temperature."""
    z = logits / temperature
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    out: NDArray[np.floating[Any]] = e / e.sum(axis=1, keepdims=True)
    return out


def nll(logits: Logits, labels: Labels, temperature: float) -> float:
    """Mean negative log-likelihood of the gold labels."""
    p = softmax(logits, temperature)[np.arange(len(labels)), labels]
    return float(-np.log(np.clip(p, 1e-12, None)).mean())


def fit_temperature(logits: Logits, labels: Labels) -> float:
    """Single temperature minimising NLL (log-spaced grid on 0.05..20, then golden-section)."""
    grid = np.exp(np.linspace(np.log(0.05), np.log(20.0), 200))
    best = float(grid[int(np.argmin([nll(logits, labels, t) for t in grid]))])
    lo, hi = best / 1.05, best * 1.05
    g = (math.sqrt(5) - 1) / 2
    for _ in range(60):
        a, b = hi - g * (hi - lo), lo + g * (hi - lo)
        if nll(logits, labels, a) < nll(logits, labels, b):
            hi = b
        else:
            lo = a
    return (lo + hi) / 2


def cross_fitted_logits(logits: Logits, labels: Labels, seed: int) -> Logits:
    """Logits scaled by a temperature fitted on the other half (a seeded 2-fold split)."""
    fold = np.random.default_rng(seed).permutation(len(labels)) % 2
    out = np.zeros_like(logits)
    for k in (0, 1):
        tk = fit_temperature(logits[fold != k], labels[fold != k])
        out[fold == k] = logits[fold == k] / tk
    return out


def calibration_summary(logits: Logits, labels: Labels, seed: int) -> dict[str, float]:
    """Temperature fitted on all rows, NLL and 15-bin ECE before and after, and the ECE of a
    2-fold cross-fit (each half scaled by the other half's temperature) as the honest figure."""
    t = fit_temperature(logits, labels)
    cross = cross_fitted_logits(logits, labels, seed)
    ece = expected_calibration_error
    return {
        "temperature": round(t, 4),
        "nll_before": round(nll(logits, labels, 1.0), 4),
        "nll_after": round(nll(logits, labels, t), 4),
        "ece_before": round(ece(softmax(logits), labels), 4),
        "ece_after": round(ece(softmax(logits, t), labels), 4),
        "ece_after_2fold": round(ece(softmax(cross), labels), 4),
    }
