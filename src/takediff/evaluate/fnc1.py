"""FNC-1 competition test: headline = one party's claim, body = the other account.

Scores the judge on each (headline, evidence) pair, the evidence chosen from the body by
``takediff.evidence.select_evidence`` exactly as at training time.
"""

from __future__ import annotations

import csv
import random
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from takediff.evaluate.metrics import (
    ClassReport,
    classification,
    expected_calibration_error,
    fnc_score,
)
from takediff.evidence import select_evidence
from takediff.models import STANCE_LABELS, Embedder, StanceModel
from takediff.relatedness import RelatednessGate, features


@dataclass(slots=True, frozen=True)
class Fnc1Result:
    n: int
    report: ClassReport
    fnc_score: float
    ece: float
    seconds: float
    model: str
    judge_only: ClassReport  # the ablation: cross-encoder labels without the relatedness gate
    judge_only_fnc_score: float


def load_pairs(data_dir: Path, split: str = "competition_test") -> list[tuple[str, str, str]]:
    """(headline, body, stance) rows of an FNC-1 split, bodies joined on Body ID."""
    folder = data_dir / "fnc1"
    with (folder / f"{split}_bodies.csv").open(encoding="utf-8", newline="") as fh:
        bodies = {row["Body ID"]: row["articleBody"] for row in csv.DictReader(fh)}
    with (folder / f"{split}_stances.csv").open(encoding="utf-8", newline="") as fh:
        return [(r["Headline"], bodies[r["Body ID"]], r["Stance"]) for r in csv.DictReader(fh)]


def evaluate(
    model: StanceModel,
    data_dir: Path,
    *,
    embedder: Embedder | None = None,
    gate: RelatednessGate | None = None,
    limit: int | None = None,
    seed: int = 0,
) -> Fnc1Result:
    """Score the judge (and the relatedness gate, when given) on FNC-1's competition test."""
    rows = load_pairs(data_dir)
    if limit is not None and limit < len(rows):
        rows = random.Random(seed).sample(rows, limit)
    start = time.perf_counter()
    probs = model.score([(h, select_evidence(h, b)) for h, b, _ in rows])
    plain = [STANCE_LABELS[i] for i in probs.argmax(axis=1)]
    if gate is not None and embedder is not None:
        rows_f = features([(h, b) for h, b, _ in rows], probs, embedder)
        probs, pred = gate.apply(probs, rows_f), gate.predict(probs, rows_f)
    else:
        pred = plain
    seconds = time.perf_counter() - start
    gold = [s for _, _, s in rows]
    gold_idx = np.array([STANCE_LABELS.index(g) for g in gold])
    return Fnc1Result(
        n=len(rows),
        report=classification(gold, pred, STANCE_LABELS),
        fnc_score=fnc_score(gold, pred),
        ece=expected_calibration_error(probs, gold_idx),
        seconds=seconds,
        model=model.name + (" + relatedness gate" if gate is not None else ""),
        judge_only=classification(gold, plain, STANCE_LABELS),
        judge_only_fnc_score=fnc_score(gold, plain),
    )
