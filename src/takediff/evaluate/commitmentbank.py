"""CommitmentBank (de Marneffe, Simons & Tonhauser 2019): 1,200 sentences whose clause-embedding
verb sits under negation, a modal, a question or a conditional; gold is how certain readers take
the speaker to be that the embedded clause is true (mean rating, −3..+3).

takediff scores the claim of the target sentence that shares most words with the embedded
clause. There is no train/test split, so the rescale behind MAE is cross-fitted (5 folds, seeded).
"""

from __future__ import annotations

import csv
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from takediff.evaluate.commitment import claim_about, claims_of, signed_commitment
from takediff.evaluate.data import check_split, require, sample
from takediff.evaluate.metrics import RegressionReport, correlations, cross_fitted
from takediff.pipeline import Pipeline, default_pipeline

#: The data set's splits (CommitmentBank has one: all 1,200 items).
SPLITS: tuple[str, ...] = ("all",)
FILE = Path("commitmentbank") / "CommitmentBank-items.csv"
EMBEDDINGS: tuple[str, ...] = ("negation", "modal", "question", "conditional")


@dataclass(slots=True, frozen=True)
class CbItem:
    uid: str
    target: str  # the sentence with the embedding verb
    prompt: str  # its embedded clause, as put to the annotators
    mean: float  # −3 (certainly false) .. +3 (certainly true)
    embedding: str  # negation | modal | question | conditional
    genre: str  # BNC | SWBD | WSJ


@dataclass(slots=True, frozen=True)
class Breakdown:
    name: str
    n: int
    gold_mean: float
    commitment_mean: float
    pearson: float  # within this embedding


@dataclass(slots=True, frozen=True)
class CommitmentBankResult:
    overall: RegressionReport  # signed commitment (negated claims below zero)
    unsigned: RegressionReport  # ablation: commitment alone, polarity ignored
    by_embedding: tuple[Breakdown, ...]
    folds: int
    seconds: float


def load_items(data_dir: Path) -> list[CbItem]:
    with require(data_dir / FILE).open(encoding="utf-8", newline="") as fh:
        return [
            CbItem(r["uID"], r["Target"], r["Prompt"], float(r["Mean"]), r["Embedding"], r["genre"])
            for r in csv.DictReader(fh)
        ]


def evaluate(
    data_dir: Path,
    *,
    limit: int | None = None,
    seed: int = 0,
    folds: int = 5,
    split: str = "all",
    pipeline: Pipeline | None = None,
) -> CommitmentBankResult:
    """Correlate takediff's commitment with CommitmentBank's mean rating (all items, or a seeded
    sample of ``limit``)."""
    check_split(split, SPLITS)
    items = sample(load_items(data_dir), limit, seed)
    pipeline = pipeline or default_pipeline()
    start = time.perf_counter()
    claims = [claim_about(claims_of(it.target, pipeline), it.prompt) for it in items]
    score = np.array([signed_commitment(c) for c in claims])
    unsigned = np.array([c.commitment for c in claims])
    seconds = time.perf_counter() - start
    gold = np.array([it.mean for it in items])
    kinds = np.array([it.embedding for it in items])
    breakdown = tuple(
        Breakdown(
            k,
            int(m.sum()),
            float(gold[m].mean()),
            float(score[m].mean()),
            correlations(gold[m], score[m])[0],
        )
        for k in EMBEDDINGS
        if (m := kinds == k).any()
    )
    return CommitmentBankResult(
        overall=cross_fitted(gold, score, folds, seed),
        unsigned=cross_fitted(gold, unsigned, folds, seed),
        by_embedding=breakdown,
        folds=folds,
        seconds=seconds,
    )


def table(result: CommitmentBankResult) -> str:
    from takediff.evaluate.table import regression_table

    r = result.overall
    lines = [
        f"CommitmentBank — {r.n} items; takediff signed commitment (negated claims below zero) "
        f"of the target's claim nearest the "
        f"embedded clause vs mean rating −3..+3 — {r.n / max(result.seconds, 1e-9):.1f} items/s",
        f"No split exists: the rescale (gold ≈ {r.slope:.2f}·commitment {r.intercept:+.2f}, mean "
        f"over folds) is {result.folds}-fold cross-fitted; bins: ≤ −1, between, ≥ 1.",
        "",
        regression_table(
            [
                ("CommitmentBank, signed commitment", r),
                ("ablation: commitment, polarity ignored", result.unsigned),
            ],
            f"{result.folds}-fold cross-fitted",
        ),
        "",
        "| embedding | n | mean gold | mean commitment | Pearson r |",
        "|---|---|---|---|---|",
    ]
    lines += [
        f"| {b.name} | {b.n} | {b.gold_mean:+.2f} | {b.commitment_mean:.3f} | {b.pearson:.3f} |"
        for b in result.by_embedding
    ]
    return "\n".join(lines)
