"""The judge stage as ``compare`` runs it, on text pairs, with the explicit checks as an ablation.

Both texts of a pair are segmented and annotated into claims; every claim of one is judged against
every claim of the other, both directions. A pair is a contradiction when any claim pair is, else
an entailment when any is, else neutral. One pass of the model serves every reading: the model
alone, then the explicit checks on top with each antonym list (``rules.antonyms``), so the table
says whether each check, and which antonym list, earns its place.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace

from takediff.judge import ANTONYM_SOURCES, check_rules, label_of, score_pairs
from takediff.pipeline import Pipeline
from takediff.types import Claim, Relation, RelationLabel

#: The readings ``readings`` returns, in table order.
MODEL_ONLY = "model alone"


def reading_name(source: str) -> str:
    return f"model + explicit checks, antonyms: {source}"


@dataclass(slots=True, frozen=True)
class StageReadings:
    labels: dict[str, list[str]]  # reading → one NLI label per pair
    #: reading → per pair, the explicit check that turned it into a contradiction, else None
    fired: dict[str, list[str | None]]

    def rule_table(self, gold: Sequence[str]) -> str:
        """Per reading and check: pairs it turned into contradictions, and how many of them are."""
        lines = [
            "| reading | check | pairs it made contradictions | of them truly so |",
            "|---|---|---|---|",
        ]
        for name, rules in self.fired.items():
            counts = Counter(r for r in rules if r)
            truly = zip(rules, gold, strict=True)
            right = Counter(r for r, g in truly if r and g == "contradiction")
            for rule in sorted(counts) or ["—"]:
                lines.append(f"| {name} | {rule} | {counts[rule]} | {right[rule]} |")
        return "\n".join(lines)


def text_relations(pairs: Sequence[tuple[str, str]], pipeline: Pipeline) -> list[RelationLabel]:
    """The relation ``compare``'s rule gives each text pair read whole as two claims: the claim
    judge both ways, "unrelated" from the stance model, the pipeline's thresholds."""
    scores = score_pairs(pairs, pipeline.judge_model, pipeline.stance_model)
    return [label_of(s, pipeline.settings.judge) for s in scores]


def _claims(party: str, text: str, pipeline: Pipeline) -> list[Claim]:
    from takediff.attribute import whole_text
    from takediff.ingest import make_document

    return pipeline.claims([whole_text(party, make_document(text))])


def _pair_label(relations: list[Relation]) -> str:
    labels = {r.label for r in relations}
    if "contradict" in labels:
        return "contradiction"
    return "entailment" if "entail" in labels else "neutral"


def readings(
    pairs: Sequence[tuple[str, str]],
    pipeline: Pipeline,
    sources: Sequence[str] = ANTONYM_SOURCES,
) -> StageReadings:
    """NLI labels for (premise, hypothesis) pairs under every reading, from one model pass."""
    groups: list[list[tuple[Claim, Claim]]] = []
    similarity: dict[tuple[str, str], float] = {}
    for k, (premise, hypothesis) in enumerate(pairs):
        hyp = _claims(f"h{k}", hypothesis, pipeline)
        prem = _claims(f"p{k}", premise, pipeline)
        if hyp and prem:
            vecs = pipeline.embedder.embed([c.text for c in hyp + prem])
            sims = vecs[: len(hyp)] @ vecs[len(hyp) :].T
            for i, h in enumerate(hyp):
                for j, q in enumerate(prem):
                    similarity[(h.id, q.id)] = float(sims[i, j])
        groups.append([(h, q) for h in hyp for q in prem])
    flat = [p for group in groups for p in group]
    judged = iter(pipeline.judge(flat, similarity, rules=False))
    relations = [[next(judged) for _ in group] for group in groups]
    out: dict[str, list[str]] = {MODEL_ONLY: [_pair_label(r) for r in relations]}
    fired: dict[str, list[str | None]] = {}
    for source in sources:
        rules = replace(pipeline.settings.rules, antonyms=source)
        name, changed, labels = reading_name(source), [], []
        for group, rels in zip(groups, relations, strict=True):
            hits = [
                hit
                for (a, b), rel in zip(group, rels, strict=True)
                if rel.source == "model"
                and (hit := check_rules(a, b, rel.similarity, rules)) is not None
            ]
            before = _pair_label(rels)
            changed.append(hits[0].rule if hits and before != "contradiction" else None)
            labels.append("contradiction" if hits else before)
        out[name], fired[name] = labels, changed
    return StageReadings(out, fired)
