"""FNC-1 competition test: headline = one party's claim, body = the other account.

Scores the stance model (the FNC-1-trained cross-encoder behind the relatedness gate and corpus
grouping) on each (headline, evidence) pair, the evidence chosen from the body by
``takediff.evidence.select_evidence`` exactly as at training time, alone and with the gate. Where
the claim judge ``compare`` runs is another model (the NLI judge), it is scored beside them on a
seeded sample of the same pairs (``claim_judge``), read as ``compare`` reads two claims: both
directions, contradiction first, "unrelated" from the stance model; entailment → agree,
contradiction → disagree, neutral → discuss.
"""

from __future__ import annotations

import csv
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from takediff.evaluate.data import check_split, require, sample
from takediff.evaluate.metrics import (
    ClassReport,
    classification,
    expected_calibration_error,
    fnc_score,
)
from takediff.evaluate.stage import text_relations
from takediff.evidence import select_evidence
from takediff.models import STANCE_LABELS
from takediff.pipeline import Pipeline, default_pipeline
from takediff.relatedness import RelatednessGate, features


@dataclass(slots=True, frozen=True)
class Fnc1Result:
    n: int
    split: str
    report: ClassReport  # the system scored: gated when ``gated``, else the judge alone
    fnc_score: float
    ece: float
    seconds: float
    model: str
    gated: bool
    judge_only: ClassReport  # the ablation: cross-encoder labels without the relatedness gate
    judge_only_fnc_score: float
    claim_judge: ClassReport | None  # the claim judge on a seeded sample (None: same model)
    claim_judge_fnc_score: float
    claim_judge_n: int
    claim_judge_model: str


#: The claim judge's relation → the FNC-1 stance it stands for.
STANCE_OF_RELATION = {
    "entail": "agree",
    "contradict": "disagree",
    "neutral": "discuss",
    "unrelated": "unrelated",
}
#: FNC-1's splits in ../shared/data: the competition test (evaluation only) and train.
SPLITS: tuple[str, ...] = ("competition_test", "train")


def load_pairs(data_dir: Path, split: str = "competition_test") -> list[tuple[str, str, str]]:
    """(headline, body, stance) rows of an FNC-1 split, bodies joined on Body ID."""
    folder = data_dir / "fnc1"
    with require(folder / f"{split}_bodies.csv").open(encoding="utf-8", newline="") as fh:
        bodies = {row["Body ID"]: row["articleBody"] for row in csv.DictReader(fh)}
    with require(folder / f"{split}_stances.csv").open(encoding="utf-8", newline="") as fh:
        return [(r["Headline"], bodies[r["Body ID"]], r["Stance"]) for r in csv.DictReader(fh)]


def evaluate(
    data_dir: Path,
    *,
    limit: int | None = None,
    seed: int = 0,
    split: str = "competition_test",
    pipeline: Pipeline | None = None,
    gate: bool | RelatednessGate = True,
    claim_judge: int = 2000,
) -> Fnc1Result:
    """Score the judge alone, as ``compare`` uses it, and with the relatedness gate in front
    (``gate=False`` leaves the gate out; a RelatednessGate replaces the bundled one); and the
    claim judge on a seeded sample of ``claim_judge`` of the pairs (0: not at all)."""
    check_split(split, SPLITS)
    pipeline = pipeline or default_pipeline()
    model = pipeline.stance_model
    rows = sample(load_pairs(data_dir, split), limit, seed)
    start = time.perf_counter()
    probs = model.score([(h, select_evidence(h, b)) for h, b, _ in rows])
    plain = [STANCE_LABELS[i] for i in probs.argmax(axis=1)]
    gated = RelatednessGate.load() if gate is True else gate or None
    if gated is not None:
        rows_f = features([(h, b) for h, b, _ in rows], probs, pipeline.embedder)
        probs, pred = gated.apply(probs, rows_f), gated.predict(probs, rows_f)
    else:
        pred = plain
    seconds = time.perf_counter() - start
    gold = [s for _, _, s in rows]
    gold_idx = np.array([STANCE_LABELS.index(g) for g in gold])
    claims: ClassReport | None = None
    claims_score, some = 0.0, []
    if claim_judge and pipeline.judge_model is not model:
        some = sample(rows, claim_judge, seed)
        texts = [(h, select_evidence(h, b)) for h, b, _ in some]
        read = [STANCE_OF_RELATION[r] for r in text_relations(texts, pipeline)]
        claims = classification([s for _, _, s in some], read, STANCE_LABELS)
        claims_score = fnc_score([s for _, _, s in some], read)
    return Fnc1Result(
        n=len(rows),
        split=split,
        report=classification(gold, pred, STANCE_LABELS),
        fnc_score=fnc_score(gold, pred),
        ece=expected_calibration_error(probs, gold_idx),
        seconds=seconds,
        model=model.name,
        gated=gated is not None,
        judge_only=classification(gold, plain, STANCE_LABELS),
        judge_only_fnc_score=fnc_score(gold, plain),
        claim_judge=claims,
        claim_judge_fnc_score=claims_score,
        claim_judge_n=len(some),
        claim_judge_model=pipeline.judge_model.name,
    )


def table(res: Fnc1Result) -> str:
    """FNC-1's figures as Markdown: the judge alone first (what ``compare`` runs), then with the
    relatedness gate; per class and confusion of the gated system."""
    from takediff.evaluate.table import class_table, confusion_table

    r, j = res.report, res.judge_only
    disagree = r.labels.index("disagree")
    rows = [
        f"FNC-1 {res.split.replace('_', ' ')} — {res.n} pairs — model: {res.model}\n",
        "| metric | stance model alone |" + (" judge + relatedness gate |" if res.gated else ""),
        "|---|---|" + ("---|" if res.gated else ""),
    ]

    def row(name: str, a: str, b: str) -> str:
        return f"| {name} | {a} |" + (f" {b} |" if res.gated else "")

    rows += [
        row(
            "FNC-1 weighted score",
            f"{100 * res.judge_only_fnc_score:.2f}%",
            f"{100 * res.fnc_score:.2f}%",
        ),
        row("macro-F1", f"{j.macro_f1:.3f}", f"{r.macro_f1:.3f}"),
        row("accuracy", f"{j.accuracy:.3f}", f"{r.accuracy:.3f}"),
        row(
            "disagree (contradiction) recall",
            f"{j.recall[disagree]:.3f}",
            f"{r.recall[disagree]:.3f}",
        ),
    ]
    c = res.claim_judge
    if c is not None:
        rows += [
            "",
            f"The claim judge compare runs ({res.claim_judge_model}), as it reads two claims, on "
            f"a seeded {res.claim_judge_n} of these pairs: FNC-1 weighted score "
            f"{100 * res.claim_judge_fnc_score:.2f}%, macro-F1 {c.macro_f1:.3f}, accuracy "
            f"{c.accuracy:.3f}, disagree recall {c.recall[disagree]:.3f}.",
        ]
    rows += [
        "",
        f"Expected calibration error (the {'gated' if res.gated else 'judge'} probabilities): "
        f"{res.ece:.3f}; {res.n / max(res.seconds, 1e-9):.1f} pairs/s (2 cores, judge"
        f"{' and gate' if res.gated else ''}), {res.seconds:.1f} s.\n",
        f"Per class ({'gated' if res.gated else 'judge alone'}):\n",
        class_table(r) + "\n",
        confusion_table(r),
    ]
    return "\n".join(rows)
