"""Emergent (Ferreira & Vlachos 2016): a claim's headline against an article's headline, labelled
for / against / observing (the article reports the claim without taking a side).

Readings: the claim judge as ``compare`` runs it on two claims (both directions, contradiction
first, the pipeline's thresholds: entailment → for, contradiction → against, else observing), the
judge stage on the headlines' claims with and without the explicit checks, and the stance model
alone (claim, article headline), argmax (agree → for, disagree → against, else
observing). Only Emergent's train split is in ../shared/data. The stance judge trained on all of
it, so its figures here are in-sample; the table says which judge trained on it (its config's
``trained_on``).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from takediff.evaluate.data import check_split, sample
from takediff.evaluate.emergent_data import STANCES, load_rows
from takediff.evaluate.metrics import ClassReport, classification, majority_baseline
from takediff.evaluate.nli import NLI_OF_RELATION
from takediff.evaluate.stage import readings, text_relations
from takediff.models import STANCE_LABELS, StanceModel
from takediff.pipeline import Pipeline, default_pipeline

SPLITS: tuple[str, ...] = ("train",)
#: The judge stage's NLI label → Emergent's stance.
NLI_TO_EMERGENT = {"entailment": "for", "contradiction": "against", "neutral": "observing"}
#: The judge's relation → Emergent's stance.
RELATION_TO_EMERGENT = {r: NLI_TO_EMERGENT[n] for r, n in NLI_OF_RELATION.items()}
#: The stance model's label → Emergent's stance.
STANCE_TO_EMERGENT = {
    "agree": "for",
    "disagree": "against",
    "discuss": "observing",
    "unrelated": "observing",
}


@dataclass(slots=True, frozen=True)
class EmergentResult:
    n: int
    report: ClassReport  # the claim judge, as compare runs it
    stance: ClassReport  # the stance model alone
    stage: dict[str, ClassReport]  # the judge stage on the headlines' claims, per reading
    rules: str  # the explicit checks' ablation table
    majority: ClassReport
    judge: str
    stance_model: str
    in_sample: tuple[str, ...]  # the models that trained on Emergent train
    seconds: float


def trained_on_emergent(model: StanceModel) -> bool:
    """Whether the model's config lists Emergent among its training sets."""
    config = getattr(model, "config", None)
    trained = config.get("trained_on", []) if isinstance(config, dict) else []
    return any("emergent" in str(t).lower() for t in trained)


def evaluate(
    data_dir: Path,
    *,
    limit: int | None = None,
    seed: int = 0,
    split: str = "train",
    pipeline: Pipeline | None = None,
) -> EmergentResult:
    """Score both readings on Emergent train (all of it, or a seeded sample)."""
    check_split(split, SPLITS)
    pipeline = pipeline or default_pipeline()
    judge, stance = pipeline.judge_model, pipeline.stance_model
    rows = sample(load_rows(data_dir), limit, seed)
    start = time.perf_counter()
    texts = [(r.claim, r.article) for r in rows]
    judged = [RELATION_TO_EMERGENT[r] for r in text_relations(texts, pipeline)]
    probs = stance.score(texts)
    stanced = [STANCE_TO_EMERGENT[STANCE_LABELS[i]] for i in probs.argmax(axis=1)]
    staged = readings(texts, pipeline)
    seconds = time.perf_counter() - start
    gold = [r.stance for r in rows]
    return EmergentResult(
        n=len(rows),
        report=classification(gold, judged, STANCES),
        stance=classification(gold, stanced, STANCES),
        stage={
            name: classification(gold, [NLI_TO_EMERGENT[x] for x in labels], STANCES)
            for name, labels in staged.labels.items()
        },
        rules=staged.rule_table([{"against": "contradiction"}.get(g, g) for g in gold]),
        majority=majority_baseline(gold, STANCES),
        judge=judge.name,
        stance_model=stance.name,
        in_sample=tuple(dict.fromkeys(m.name for m in (judge, stance) if trained_on_emergent(m))),
        seconds=seconds,
    )


def table(result: EmergentResult) -> str:
    from takediff.evaluate.table import class_table, confusion_table

    against = STANCES.index("against")
    trained = ", ".join(result.in_sample) or "none"
    rows = [
        (f"claim judge as compare runs it ({result.judge})", result.report),
        *((f"judge stage on the headlines' claims, {k}", r) for k, r in result.stage.items()),
        (f"stance model alone ({result.stance_model})", result.stance),
        ("majority class", result.majority),
    ]
    lines = [
        f"Emergent train — {result.n} claim/article headline pairs — "
        f"{result.n / max(result.seconds, 1e-9):.1f} pairs/s. Trained on these pairs: {trained} "
        "(its figures are in-sample).",
        "",
        "| reading | accuracy | macro-F1 | against recall |",
        "|---|---|---|---|",
        *(
            f"| {name} | {r.accuracy:.3f} | {r.macro_f1:.3f} | {r.recall[against]:.3f} |"
            for name, r in rows
        ),
        "",
        "Explicit checks (ablation): pairs each check turned into a contradiction (against) "
        "that the model alone did not; 'truly so' counts gold against.",
        "",
        result.rules,
        "",
        "Claim judge:",
        "",
        class_table(result.report),
        "",
        confusion_table(result.report),
    ]
    return "\n".join(lines)
