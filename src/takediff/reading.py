"""The judge's reading of two claims: what ``takediff judge`` prints, and the probe reads.

A person who sees "contradict" in a report asks why. This runs the judge stage exactly as
``compare`` runs it on one tied claim pair (each text segmented and annotated as a claim of its
own party, the cosine the embedder gives the two, the judge both ways, the explicit checks, the
pipeline's thresholds and LLM) and keeps what ``compare`` throws away: both directions' three
probabilities and every check that fired, not only the one that decided.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from takediff.errors import EmptyInput
from takediff.judge import fired_checks
from takediff.models import NLI_LABELS, STANCE_LABELS, StanceModel
from takediff.pipeline import Pipeline, default_pipeline
from takediff.types import Claim

#: The three labels a reading reports; the judge's "unrelated" is reported as neutral.
READING_LABELS: tuple[str, ...] = ("entail", "neutral", "contradict")


@dataclass(slots=True, frozen=True)
class Check:
    """One explicit check that fired, and its reason in words."""

    rule: str
    reason: str


@dataclass(slots=True, frozen=True)
class JudgeReading:
    """How the judge reads claim ``a`` against claim ``b``."""

    a: str
    b: str
    label: str  # entail | neutral | contradict
    relation: str  # the judge's own label (may also be "unrelated")
    decided_by: str  # "model", "rule:<check>", "rule:identical", "llm"
    p_contradict: float  # the judge's contradiction score: the larger direction × same_matter
    same_matter: float | None  # the same-matter reading's probability (None: reading off)
    forward: dict[str, float]  # a → b: the model's probability of each of its labels
    backward: dict[str, float]  # b → a
    similarity: float  # the embedder's cosine, which the checks' bars read
    checks: tuple[Check, ...]  # every explicit check that fires on the pair

    def to_dict(self) -> dict[str, Any]:
        return {
            "a": self.a,
            "b": self.b,
            "label": self.label,
            "relation": self.relation,
            "decided_by": self.decided_by,
            "p_contradict": round(self.p_contradict, 4),
            "same_matter": None if self.same_matter is None else round(self.same_matter, 4),
            "forward": {k: round(v, 4) for k, v in self.forward.items()},
            "backward": {k: round(v, 4) for k, v in self.backward.items()},
            "similarity": round(self.similarity, 4),
            "checks": [{"rule": c.rule, "reason": c.reason} for c in self.checks],
        }


class _Recording:
    """The judge model, keeping the probabilities it gave each text pair (read back after)."""

    def __init__(self, model: StanceModel) -> None:
        self._model = model
        self.name: str = getattr(model, "name", "judge")
        self.labels: tuple[str, ...] = tuple(getattr(model, "labels", STANCE_LABELS))
        self.seen: dict[tuple[str, str], np.ndarray] = {}

    def score(self, pairs: Sequence[tuple[str, str]]) -> np.ndarray:
        probs = self._model.score(pairs)
        for pair, row in zip(pairs, probs, strict=True):
            self.seen[pair] = row
        return probs


def as_claim(party: str, text: str, pipeline: Pipeline, claim_id: str = "") -> Claim:
    """``text`` as one claim of ``party``, annotated as ``compare`` annotates claims. A text the
    segmenter cuts into several claims is read whole, with every claim's cues, acts and numbers;
    one it keeps no claim of (a bare quoted fragment) is read by the model alone, unannotated."""
    from takediff.attribute import whole_text
    from takediff.ingest import make_document

    if not text.strip():
        raise EmptyInput(f"claim {party} is empty; give two non-empty claims.")
    doc = make_document(text)
    claims = pipeline.claims([whole_text(party, doc)])
    if not claims:  # a fragment the segmenter keeps no claim of: the model still reads it
        return Claim(claim_id or party, party, doc.id, text.strip(), 0, len(text))
    if len(claims) == 1:
        return replace(claims[0], id=claim_id or party)
    first = claims[0]
    return replace(
        first,
        id=claim_id or party,
        text=text.strip(),
        reading="",
        context="",
        start=0,
        end=len(text),
        commitment=max(c.commitment for c in claims),
        cues=tuple(q for c in claims for q in c.cues),
        negated=any(c.negated for c in claims),
        predicates=tuple(dict.fromkeys(p for c in claims for p in c.predicates)),
        numbers=tuple(dict.fromkeys(n for c in claims for n in c.numbers)),
        entities=tuple(dict.fromkeys(e for c in claims for e in c.entities)),
        phrases=tuple(dict.fromkeys(p for c in claims for p in c.phrases)),
    )


def judge_pairs(
    pairs: Sequence[tuple[str, str]], pipeline: Pipeline | None = None
) -> list[JudgeReading]:
    """The judge's reading of each (claim A, claim B) text pair, in input order, all pairs in
    one model batch (a pair's scores do not depend on its batch)."""
    pipeline = pipeline or default_pipeline()
    claims = [
        (as_claim("A", a, pipeline, f"A{k}"), as_claim("B", b, pipeline, f"B{k}"))
        for k, (a, b) in enumerate(pairs)
    ]
    return judge_claims(claims, pipeline)


def judge_claims(
    claims: Sequence[tuple[Claim, Claim]], pipeline: Pipeline | None = None
) -> list[JudgeReading]:
    """The judge's reading of claim pairs ``compare`` made (distinct claim ids a pair)."""
    pipeline = pipeline or default_pipeline()
    if not claims:
        return []
    texts = [t for ca, cb in claims for t in (ca.plain, cb.plain)]
    vecs = pipeline.embedder.embed(texts)
    sims = {
        (ca.id, cb.id): float(vecs[2 * k] @ vecs[2 * k + 1]) for k, (ca, cb) in enumerate(claims)
    }
    model = _Recording(pipeline.judge_model)
    relations = pipeline.judge(claims, sims, model=model)
    out = []
    for (ca, cb), rel in zip(claims, relations, strict=True):
        sim = sims[(ca.id, cb.id)]
        out.append(
            JudgeReading(
                a=ca.text,
                b=cb.text,
                label="neutral" if rel.label == "unrelated" else rel.label,
                relation=rel.label,
                decided_by=rel.source,
                p_contradict=float(rel.scores.get("contradict", 0.0)),
                same_matter=rel.scores.get("same_matter"),
                forward=_named(model.seen.get((ca.plain, cb.plain)), model.labels),
                backward=_named(model.seen.get((cb.plain, ca.plain)), model.labels),
                similarity=sim,
                checks=tuple(
                    Check(h.rule, h.reason)
                    for h in fired_checks(ca, cb, sim, pipeline.settings.rules)
                ),
            )
        )
    return out


def judge_pair(a: str, b: str, pipeline: Pipeline | None = None) -> JudgeReading:
    """The judge's reading of claim ``a`` against claim ``b`` (``takediff judge A B``)."""
    return judge_pairs([(a, b)], pipeline)[0]


def _named(row: np.ndarray | None, labels: Sequence[str]) -> dict[str, float]:
    if row is None:  # identical texts: the judge did not need the model
        return {}
    return {name: float(p) for name, p in zip(labels, row, strict=True)}


__all__ = [
    "NLI_LABELS",
    "READING_LABELS",
    "Check",
    "JudgeReading",
    "judge_claims",
    "judge_pair",
    "judge_pairs",
]
