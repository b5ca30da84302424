"""The Report's stable JSON form (schema: ``takediff/schema/report.schema.json``).

Claims are listed once, with their offsets and cues; topics and relations refer to them by id.
"""

from __future__ import annotations

from typing import Any

from takediff.types import Claim, Cue, Relation, Report, Span

#: 2: claims carry ``reading``, the words the models read.
SCHEMA_VERSION = 2


def _span(span: Span | None) -> dict[str, Any] | None:
    return None if span is None else {"start": span.start, "end": span.end, "text": span.text}


def _cue(cue: Cue) -> dict[str, Any]:
    return {
        "kind": cue.kind,
        "text": cue.text,
        "start": cue.start,
        "end": cue.end,
        "weight": cue.weight,
    }


def claim_to_dict(claim: Claim) -> dict[str, Any]:
    return {
        "id": claim.id,
        "party": claim.party,
        "document_id": claim.document_id,
        "text": claim.text,
        "reading": claim.plain,
        "start": claim.start,
        "end": claim.end,
        "commitment": claim.commitment,
        "modality": claim.modality,
        "negated": claim.negated,
        "cues": [_cue(c) for c in claim.cues],
        "timing": _span(claim.timing),
        "condition": _span(claim.condition),
    }


def _relation(rel: Relation) -> dict[str, Any]:
    return {
        "claim_a": rel.claim_a.id,
        "claim_b": rel.claim_b.id,
        "label": rel.label,
        "source": rel.source,
        "reason": rel.reason,
        "similarity": round(rel.similarity, 4),
        "scores": {k: round(v, 4) for k, v in rel.scores.items()},
    }


def to_dict(report: Report) -> dict[str, Any]:
    claims = [c for v in report.verdicts for c in v.topic.claims]
    claims.sort(key=lambda c: (report.parties.index(c.party), c.start))
    return {
        "schema_version": SCHEMA_VERSION,
        "parties": list(report.parties),
        "divergence": report.divergence,
        "accounts": [
            {
                "party": a.party,
                "document": {
                    "id": a.document.id,
                    "source": a.document.source,
                    "chars": len(a.document.text),
                },
                "spans": [{"start": s.start, "end": s.end} for s in a.spans],
            }
            for a in report.accounts
        ],
        "claims": [claim_to_dict(c) for c in claims],
        "topics": [
            {
                "id": v.topic.id,
                "label": v.topic.label,
                "parties": list(v.topic.parties),
                "verdict": v.label,
                "strength": v.strength,
                "explanation": v.explanation,
                "claims": [c.id for c in v.topic.claims],
                "evidence": [c.id for c in v.evidence],
                "relations": [_relation(r) for r in v.relations],
            }
            for v in report.verdicts
        ],
        "meta": report.meta,
    }


_NAMES = {
    "contradict": "contradiction",
    "commitment_gap": "commitment gap",
    "one_sided": "one-sided topic",
    "agree": "agreement",
    "related": "related topic",
}


def notices(report: Report) -> list[str]:
    """Warnings a reader must see before the verdicts (an account not in English, say)."""
    return [str(n) for n in report.meta.get("notices", ())]


def summary(report: Report, *, with_notices: bool = True) -> str:
    """One paragraph a person reads first: counts per verdict and the sharpest divergence,
    after any notice (see ``notices``)."""
    counts: dict[str, int] = {}
    for v in report.verdicts:
        counts[v.label] = counts.get(v.label, 0) + 1
    parts = [f"{n} {_NAMES[label]}{'s' if n != 1 else ''}" for label, n in counts.items()]
    parties = ", ".join(report.parties[:-1]) + f" and {report.parties[-1]}"
    text = (
        f"{parties}: {len(report.verdicts)} topics — {', '.join(parts)}; "
        f"divergence {report.divergence:.2f} (0 = same account, 1 = opposed throughout)."
    )
    if report.verdicts and report.verdicts[0].label != "agree":
        text += f" Sharpest: {report.verdicts[0].explanation}"
    if with_notices:
        text = "".join(f"Notice: {n} " for n in notices(report)) + text
    return text
