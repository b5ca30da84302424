"""Three-way NLI on the dev pairs of ../shared/data/nli: does the judge read claims?

Every 3-way pair of the split (MNLI, SNLI, ConjNLI, counterfactual SNLI, Breaking NLI, TaxiNLI,
the negation set) is scored three ways: the model alone on (premise, hypothesis); the judge's rule
(both directions, contradiction in either first, then entailment premise → hypothesis, the
pipeline's thresholds), the reading NLI's directional labels ask for; and ``compare``'s reading of
two parties' claims, whose order means nothing (entailment in either direction), which the
directional gold penalises: a neutral hypothesis that adds detail entails its premise backwards.
The NLI judge's thresholds are fitted on these dev pairs (``training/nli_ship.py``), so its dev
figure is in-sample for those two numbers; the model card
gives the 2-fold cross-fitted figure beside it, and RTE-3 is fully held out. Macro-F1 and
contradiction recall are the headline; the per-source table shows where it is weak (MNLI's own
pairs are the hardest). A stance judge's labels are mapped as in ``rte3`` (agree → entailment,
disagree → contradiction, discuss/unrelated → neutral).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from takediff.evaluate.data import check_split, sample
from takediff.evaluate.metrics import (
    ClassReport,
    classification,
    expected_calibration_error,
    majority_baseline,
)
from takediff.evaluate.nli_data import NLI_LABELS, NliPair, load_nli
from takediff.evaluate.stage import reading_name
from takediff.evaluate.stage import readings as stage_readings
from takediff.judge import label_of, relation_scores
from takediff.models import STANCE_LABELS, StanceModel
from takediff.pipeline import Pipeline, default_pipeline
from takediff.settings import JudgeSettings

SPLITS: tuple[str, ...] = ("dev", "train")
#: A stance judge's label → the NLI label it stands for.
STANCE_TO_NLI: dict[str, str] = {
    "agree": "entailment",
    "disagree": "contradiction",
    "discuss": "neutral",
    "unrelated": "neutral",
}


@dataclass(slots=True, frozen=True)
class NliResult:
    n: int
    split: str
    model: str
    report: ClassReport  # the judge's rule: contradiction either way first, then entailment (p, h)
    symmetric: ClassReport  # compare's reading: entailment in either direction
    model_only: ClassReport  # the model alone on (premise, hypothesis), argmax
    majority: ClassReport
    ece: float
    by_source: tuple[tuple[str, int, float, float], ...]  # source, n, macro-F1, contra recall
    seconds: float
    #: the judge stage on claims (the model alone, then + explicit checks per antonym list);
    #: empty when ``stage=False``
    stage: dict[str, ClassReport]
    rules: str  # which explicit check turned how many pairs into contradictions, rightly
    antonyms: str  # the pipeline's antonym list: the reading compare runs


def nli_probs(model: StanceModel, pairs: list[tuple[str, str]]) -> np.ndarray:
    """Probabilities over NLI_LABELS for (premise, hypothesis) pairs, from either kind of judge."""
    labels = tuple(getattr(model, "labels", STANCE_LABELS))
    if labels == NLI_LABELS:
        probs: np.ndarray = model.score(pairs)
        return probs
    # A stance judge reads (claim, evidence): the hypothesis is the claim.
    stance = model.score([(h, p) for p, h in pairs])
    out = np.zeros((len(pairs), len(NLI_LABELS)), dtype=np.float64)
    for col, name in enumerate(STANCE_LABELS):
        out[:, NLI_LABELS.index(STANCE_TO_NLI[name])] += stance[:, col]
    return out


#: A relation label of the judge → the NLI label it claims.
NLI_OF_RELATION = {
    "contradict": "contradiction",
    "entail": "entailment",
    "neutral": "neutral",
    "unrelated": "neutral",
}


def both_ways(
    forward: np.ndarray,
    backward: np.ndarray,
    settings: JudgeSettings = JudgeSettings(),
    *,
    symmetric: bool = False,
) -> list[str]:
    """The judge's rule on (premise, hypothesis) and its reverse: contradiction in either
    direction from ``contradict_min`` first, then entailment premise → hypothesis from
    ``entail_min``, else neutral. ``symmetric``: entailment in either direction, exactly as
    ``judge.judge`` reads two parties' claims (whose order means nothing)."""
    if symmetric:
        return [
            NLI_OF_RELATION[label_of(relation_scores(np.stack([f, b]), NLI_LABELS), settings)]
            for f, b in zip(forward, backward, strict=True)
        ]
    e, c = NLI_LABELS.index("entailment"), NLI_LABELS.index("contradiction")
    contra = np.maximum(forward[:, c], backward[:, c]) >= settings.contradict_min
    entail = forward[:, e] >= settings.entail_min
    return [
        "contradiction" if x else "entailment" if y else "neutral"
        for x, y in zip(contra, entail, strict=True)
    ]


def evaluate(
    data_dir: Path,
    *,
    limit: int | None = None,
    seed: int = 0,
    split: str = "dev",
    pipeline: Pipeline | None = None,
    stage: bool = True,
) -> NliResult:
    """Score the judge on the 3-way pairs of ``split`` (all of them, or a seeded sample); with
    ``stage``, also the judge stage on the pairs' claims, with and without the explicit checks."""
    check_split(split, SPLITS)
    pipeline = pipeline or default_pipeline()
    model = pipeline.judge_model
    pairs: list[NliPair] = sample(load_nli(data_dir, split, kinds=("nli3",)), limit, seed)
    start = time.perf_counter()
    forward = nli_probs(model, [(p.premise, p.hypothesis) for p in pairs])
    backward = nli_probs(model, [(p.hypothesis, p.premise) for p in pairs])
    gold = [p.label for p in pairs]
    staged = stage_readings([(p.premise, p.hypothesis) for p in pairs], pipeline) if stage else None
    seconds = time.perf_counter() - start
    pred = [NLI_LABELS[i] for i in forward.argmax(axis=1)]
    rule = both_ways(forward, backward, pipeline.settings.judge)
    symmetric = both_ways(forward, backward, pipeline.settings.judge, symmetric=True)
    contra = NLI_LABELS.index("contradiction")
    by_source = []
    for source in sorted({p.source for p in pairs}):
        idx = [i for i, p in enumerate(pairs) if p.source == source]
        rep = classification([gold[i] for i in idx], [rule[i] for i in idx], NLI_LABELS)
        by_source.append((source, len(idx), rep.macro_f1, rep.recall[contra]))
    return NliResult(
        n=len(pairs),
        split=split,
        model=model.name,
        report=classification(gold, rule, NLI_LABELS),
        symmetric=classification(gold, symmetric, NLI_LABELS),
        model_only=classification(gold, pred, NLI_LABELS),
        majority=majority_baseline(gold, NLI_LABELS),
        ece=expected_calibration_error(forward, np.array([NLI_LABELS.index(g) for g in gold])),
        by_source=tuple(by_source),
        seconds=seconds,
        stage={k: classification(gold, v, NLI_LABELS) for k, v in staged.labels.items()}
        if staged
        else {},
        rules=staged.rule_table(gold) if staged else "",
        antonyms=pipeline.settings.rules.antonyms,
    )


def table(result: NliResult) -> str:
    from takediff.evaluate.table import class_table, confusion_table

    b, r, m, y = result.report, result.model_only, result.majority, result.symmetric
    contra = NLI_LABELS.index("contradiction")
    lines = [
        f"3-way NLI, ../shared/data/nli split '{result.split}' — {result.n} pairs — "
        f"model: {result.model}\n",
        "| reading | macro-F1 | accuracy | contradiction precision | contradiction recall |",
        "|---|---|---|---|---|",
        f"| the judge's rule: contradiction either way, then entailment premise → hypothesis | "
        f"{b.macro_f1:.3f} | {b.accuracy:.3f} | {b.precision[contra]:.3f} | "
        f"{b.recall[contra]:.3f} |",
        f"| compare's reading of two claims: the same, entailment either way | {y.macro_f1:.3f} | "
        f"{y.accuracy:.3f} | {y.precision[contra]:.3f} | {y.recall[contra]:.3f} |",
        f"| the model alone, (premise, hypothesis) | {r.macro_f1:.3f} | {r.accuracy:.3f} | "
        f"{r.precision[contra]:.3f} | {r.recall[contra]:.3f} |",
        f"| majority class | {m.macro_f1:.3f} | {m.accuracy:.3f} | {m.precision[contra]:.3f} | "
        f"{m.recall[contra]:.3f} |",
        "",
        *(
            f"| judge stage on the pairs' claims, {name}"
            f"{' (what compare runs)' if name == reading_name(result.antonyms) else ''} | "
            f"{rep.macro_f1:.3f} | {rep.accuracy:.3f} | {rep.precision[contra]:.3f} | "
            f"{rep.recall[contra]:.3f} |"
            for name, rep in result.stage.items()
        ),
        "",
        f"Expected calibration error (model alone): {result.ece:.3f}; "
        f"{result.n / max(result.seconds, 1e-9):.1f} pairs/s, every reading included.\n",
        *(
            [
                "Explicit checks (ablation): pairs each check turned into a contradiction that "
                "the model alone did not call one.\n",
                result.rules,
                "",
            ]
            if result.rules
            else []
        ),
        "| source | pairs | macro-F1 (judge's rule) | contradiction recall |",
        "|---|---|---|---|",
        *(f"| {s} | {n} | {f1:.3f} | {rc:.3f} |" for s, n, f1, rc in result.by_source),
        "",
        "Per class (judge's rule):\n",
        class_table(b),
        "",
        confusion_table(b),
    ]
    return "\n".join(lines)
