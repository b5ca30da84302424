"""ClaimDiff (Ko et al.): pairs of claims from two presses on one contentious topic, labelled
strengthen / weaken / neither.

The data's README defines the labels by content, not firmness: claim_b *strengthens* (supports)
claim_a, *weakens* (argues against) it, or neither. That is the judge's job, so the judge reads
the pair as ``compare`` reads two claims (both directions, contradiction first, the pipeline's
thresholds): entailment → strengthen, contradiction → weaken, else neither; the judge stage on
the pairs' claims is scored beside it, with and without the explicit checks. takediff's
commitment annotator is scored as the reading the labels do not have (claim_b firmer than
claim_a by takediff's commitment-gap threshold → strengthen, less firm → weaken), with the
majority class as the floor. Only a train split is here; none of it was used to train or tune
takediff.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path

from takediff.evaluate.commitment import claims_of, text_commitment
from takediff.evaluate.data import check_split, require, sample
from takediff.evaluate.metrics import ClassReport, classification, majority_baseline
from takediff.evaluate.nli import NLI_OF_RELATION
from takediff.evaluate.stage import readings, text_relations
from takediff.pipeline import Pipeline, default_pipeline
from takediff.settings import VerdictSettings

LABELS: tuple[str, ...] = ("strengthen", "weaken", "neither")
#: An NLI label (the judge stage's) → ClaimDiff's label.
NLI_TO_CLAIMDIFF = {"entailment": "strengthen", "contradiction": "weaken", "neutral": "neither"}
#: The judge's relation → ClaimDiff's label.
RELATION_TO_CLAIMDIFF = {r: NLI_TO_CLAIMDIFF[n] for r, n in NLI_OF_RELATION.items()}
#: The splits in ../shared/data (ClaimDiff's test split is kept out of it).
SPLITS: tuple[str, ...] = ("train",)
FILE = Path("claimdiff") / "claimdiff_train_3way.jsonl"


@dataclass(slots=True, frozen=True)
class ClaimPair:
    pair_id: str
    claim_a: str
    claim_b: str
    label: str  # strengthen | weaken | neither


@dataclass(slots=True, frozen=True)
class ClaimDiffResult:
    n: int
    report: ClassReport  # the judge's rule on the two claims, as compare applies it
    stage: dict[str, ClassReport]  # the judge stage on their claims, per reading
    rules: str  # the explicit checks' ablation table
    commitment: ClassReport  # the commitment-difference reading
    majority: ClassReport
    margin: float
    seconds: float  # judge and annotator together
    model: str


def load_pairs(data_dir: Path) -> list[ClaimPair]:
    with require(data_dir / FILE).open(encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh if line.strip()]
    return [ClaimPair(r["pair_id"], r["claim_a"], r["claim_b"], r["label_3way"]) for r in rows]


def from_commitment(a: float, b: float, margin: float = VerdictSettings().gap_min) -> str:
    """claim_b firmer than claim_a by ``margin`` → strengthen, less firm → weaken, else neither."""
    if b - a >= margin:
        return "strengthen"
    if a - b >= margin:
        return "weaken"
    return "neither"


def evaluate(
    data_dir: Path,
    *,
    limit: int | None = None,
    seed: int = 0,
    split: str = "train",
    pipeline: Pipeline | None = None,
    margin: float | None = None,
) -> ClaimDiffResult:
    """Score the judge and the commitment reading on ClaimDiff train (or a seeded sample)."""
    check_split(split, SPLITS)
    pairs = sample(load_pairs(data_dir), limit, seed)
    pipeline = pipeline or default_pipeline()
    margin = pipeline.settings.verdict.gap_min if margin is None else margin
    start = time.perf_counter()
    texts = [(p.claim_a, p.claim_b) for p in pairs]
    judged = [RELATION_TO_CLAIMDIFF[r] for r in text_relations(texts, pipeline)]
    staged = readings(texts, pipeline)
    firmness = [
        from_commitment(
            text_commitment(claims_of(p.claim_a, pipeline)),
            text_commitment(claims_of(p.claim_b, pipeline)),
            margin,
        )
        for p in pairs
    ]
    seconds = time.perf_counter() - start
    gold = [p.label for p in pairs]
    return ClaimDiffResult(
        n=len(pairs),
        report=classification(gold, judged, LABELS),
        stage={
            name: classification(gold, [NLI_TO_CLAIMDIFF[x] for x in labels], LABELS)
            for name, labels in staged.labels.items()
        },
        rules=staged.rule_table([{"weaken": "contradiction"}.get(g, g) for g in gold]),
        commitment=classification(gold, firmness, LABELS),
        majority=majority_baseline(gold, LABELS),
        margin=margin,
        seconds=seconds,
        model=pipeline.judge_model.name,
    )


def table(result: ClaimDiffResult) -> str:
    from takediff.evaluate.table import class_table, confusion_table

    top = result.majority.labels[max(range(len(LABELS)), key=lambda i: result.majority.support[i])]
    rows = [
        (
            "judge's rule on the two claims (entailment → strengthen, contradiction → weaken)",
            result.report,
        ),
        *((f"judge stage on their claims, {name}", rep) for name, rep in result.stage.items()),
        (f"commitment difference ≥ {result.margin:g} (firmer → strengthen)", result.commitment),
        (f"majority class ({top})", result.majority),
    ]
    lines = [
        f"ClaimDiff train (not used in training) — {result.n} claim pairs — model: "
        f"{result.model} — {result.n / max(result.seconds, 1e-9):.1f} pairs/s",
        "Labels per the data's README: claim_b strengthens (supports) claim_a, weakens (argues "
        "against) it, or neither.",
        "",
        "| predictor | accuracy | macro-F1 |",
        "|---|---|---|",
    ]
    lines += [f"| {name} | {r.accuracy:.3f} | {r.macro_f1:.3f} |" for name, r in rows]
    lines += [
        "",
        "Explicit checks (ablation): pairs each check turned into a contradiction (weaken) that "
        "the model alone did not; 'truly so' counts gold weaken.",
        "",
        result.rules,
        "",
        "Judge's rule:",
        "",
        class_table(result.report),
        "",
        confusion_table(result.report),
        "",
        "Commitment difference:",
        "",
        class_table(result.commitment),
        "",
        confusion_table(result.commitment),
    ]
    return "\n".join(lines)
