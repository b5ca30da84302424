"""RTE-3 three-way NLI (English dev), the pairs the judge did not train on: premise = evidence,
hypothesis = claim.

A judge whose config says it trained on part of RTE-3 dev (``held_out.rte3_id_mod``: the bundled
stance judge trained on the pairs whose ``int(id) % 5 != 0``) is scored on the rest; any other
judge on all 800 pairs. Its four stance labels map onto RTE's three:
agree → entailment, disagree → contradiction, discuss or unrelated → neutral. Accuracy is the
measure RTE-3's organisers report.

Two readings are scored: the cross-encoder alone on (hypothesis, premise), and the judge stage as
``compare`` runs it: both texts segmented and annotated into claims, every hypothesis claim judged
against every premise claim in both directions with the explicit contradiction checks first; any
contradiction makes the pair a contradiction, else any entailment an entailment. The same stage
without the explicit checks is the ablation that says whether they earn their place.
"""

from __future__ import annotations

import csv
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from takediff.evaluate import stage
from takediff.evaluate.data import check_split, require, sample
from takediff.evaluate.metrics import (
    ClassReport,
    classification,
    expected_calibration_error,
    majority_baseline,
)
from takediff.evaluate.nli import both_ways, nli_probs
from takediff.evaluate.nli_data import NLI_LABELS
from takediff.models import StanceModel
from takediff.pipeline import Pipeline, default_pipeline

RTE_LABELS: tuple[str, ...] = ("entailment", "contradiction", "neutral")
#: RTE-3's split in ../shared/data (its test split is kept out).
SPLITS: tuple[str, ...] = ("dev",)
FILE = Path("rte3") / "rte3_en_3way_dev.tsv"


@dataclass(slots=True, frozen=True)
class RtePair:
    id: int
    premise: str
    hypothesis: str
    label: str  # entailment | contradiction | neutral
    task: str  # IE | IR | QA | SUM


@dataclass(slots=True, frozen=True)
class Rte3Result:
    n: int
    ids: tuple[int, ...]  # the pairs scored, all held out from training
    held_out: str  # which pairs those are, in words
    report: ClassReport  # the cross-encoder alone, argmax
    rule: ClassReport  # the judge's rule both ways (contradiction either way, then entailment)
    majority: ClassReport
    ece: float  # of the mapped three-way probabilities
    seconds: float
    model: str
    stage: dict[str, ClassReport]  # the judge stage on claims: the model alone, then + checks
    rules: str  # which explicit check turned how many pairs into contradictions, rightly
    antonyms: str  # the antonym list of the pipeline's settings (the reading compare runs)


def load_pairs(data_dir: Path) -> list[RtePair]:
    """Every pair of the English three-way dev file, in file order."""
    with require(data_dir / FILE).open(encoding="utf-8", newline="") as fh:
        rows = csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        return [
            RtePair(int(r["id"]), r["premise"], r["hypothesis"], r["label_3way"], r["task"])
            for r in rows
        ]


def held_out_mod(model: StanceModel) -> int | None:
    """``m`` when the judge trained on the RTE-3 dev pairs with ``id % m != 0`` (its config says
    so), else None: it trained on none of them."""
    config = getattr(model, "config", None)
    mod = config.get("held_out", {}).get("rte3_id_mod") if isinstance(config, dict) else None
    return int(mod) if mod else None


def held_out(pairs: list[RtePair], mod: int | None) -> list[RtePair]:
    """The pairs the judge never trained on."""
    return [p for p in pairs if mod is None or p.id % mod == 0]


def to_rte(probs: np.ndarray, labels: tuple[str, ...] = NLI_LABELS) -> np.ndarray:
    """Three-way probabilities with columns ``labels`` → columns RTE_LABELS."""
    return probs[:, [labels.index(name) for name in RTE_LABELS]]


def evaluate(
    data_dir: Path,
    *,
    limit: int | None = None,
    seed: int = 0,
    split: str = "dev",
    pipeline: Pipeline | None = None,
) -> Rte3Result:
    """Score the judge on RTE-3's dev pairs it did not train on (a seeded sample of ``limit``)."""
    check_split(split, SPLITS)
    pipeline = pipeline or default_pipeline()
    model = pipeline.judge_model
    mod = held_out_mod(model)
    pairs = sample(held_out(load_pairs(data_dir), mod), limit, seed)
    start = time.perf_counter()
    forward = nli_probs(model, [(p.premise, p.hypothesis) for p in pairs])
    backward = nli_probs(model, [(p.hypothesis, p.premise) for p in pairs])
    probs = to_rte(forward)
    ruled = both_ways(forward, backward, pipeline.settings.judge)
    gold = [p.label for p in pairs]
    pred = [RTE_LABELS[i] for i in probs.argmax(axis=1)]
    staged = stage.readings([(p.premise, p.hypothesis) for p in pairs], pipeline)
    return Rte3Result(
        n=len(pairs),
        ids=tuple(p.id for p in pairs),
        held_out=(
            f"id % {mod} == 0; the judge trained on the others" if mod else "all: none trained"
        ),
        report=classification(gold, pred, RTE_LABELS),
        rule=classification(gold, ruled, RTE_LABELS),
        majority=majority_baseline(gold, RTE_LABELS),
        ece=expected_calibration_error(probs, np.array([RTE_LABELS.index(g) for g in gold])),
        seconds=time.perf_counter() - start,
        model=model.name,
        stage={k: classification(gold, v, RTE_LABELS) for k, v in staged.labels.items()},
        rules=staged.rule_table(gold),
        antonyms=pipeline.settings.rules.antonyms,
    )


def table(result: Rte3Result) -> str:
    from takediff.evaluate.table import class_table, confusion_table

    r, m = result.report, result.majority
    contra = RTE_LABELS.index("contradiction")
    top = m.labels[int(np.argmax(m.support))]
    runs = stage.reading_name(result.antonyms)
    lines = [
        f"RTE-3 English dev, pairs the judge did not train on ({result.held_out}) — "
        f"{result.n} pairs — model: {result.model}",
        "A stance judge's labels map agree → entailment, disagree → contradiction, "
        "discuss/unrelated → neutral.",
        "",
        "| reading | accuracy | macro-F1 | contradiction precision | contradiction recall |",
        "|---|---|---|---|---|",
        f"| cross-encoder alone, (premise, hypothesis), argmax | {r.accuracy:.3f} | "
        f"{r.macro_f1:.3f} | {r.precision[contra]:.3f} | {r.recall[contra]:.3f} |",
        f"| the judge's rule, both directions, fitted thresholds | {result.rule.accuracy:.3f} | "
        f"{result.rule.macro_f1:.3f} | {result.rule.precision[contra]:.3f} | "
        f"{result.rule.recall[contra]:.3f} |",
    ]
    for name, rep in result.stage.items():
        mark = " (what compare runs)" if name == runs else ""
        lines.append(
            f"| judge stage on claims, {name}{mark} | {rep.accuracy:.3f} | {rep.macro_f1:.3f} | "
            f"{rep.precision[contra]:.3f} | {rep.recall[contra]:.3f} |"
        )
    lines += [
        f"| majority class ({top}) | {m.accuracy:.3f} | {m.macro_f1:.3f} | "
        f"{m.precision[contra]:.3f} | {m.recall[contra]:.3f} |",
        "",
        f"Expected calibration error (cross-encoder, 3-way): {result.ece:.3f}; "
        f"{result.n / max(result.seconds, 1e-9):.1f} pairs/s, every reading included "
        f"({result.seconds:.1f} s).",
        "",
        "Explicit checks (ablation): pairs each check turned into a contradiction that the "
        "model alone did not call one.",
        "",
        result.rules,
        "",
        "Cross-encoder alone:",
        "",
        class_table(r),
        "",
        confusion_table(r),
    ]
    return "\n".join(lines)
