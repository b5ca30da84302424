"""Are two claims about the same thing? The judge's same-matter reading.

Two claims about different things never contradict, whatever words they share: only claims about
the same thing can. The NLI model reads a pair as if it were about one scene (its training data
calls two captions of different scenes a contradiction), so the judge asks a second question
beside it: how likely are these two claims one matter? A small logistic model over what a reader
would look at (how close the embedder puts them, the names and content words they share) gives
that probability, and the judge's contradiction score is p(contradiction) × p(same matter).

The weights are fitted by ``scripts/fit_same_matter.py`` on the invented accounts benchmark's
keyed pairs (pairs of one key item against pairs of two different items), by case folds, and
stored as JSON beside the NLI judge; the real readouts are never fitted on, so they measure it.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from takediff.evidence import content_words
from takediff.models import NLI_DIR
from takediff.types import Claim

FEATURES: tuple[str, ...] = ("cosine", "shared_names", "word_overlap", "bias")
GATE_FILE = NLI_DIR / "same_matter.json"


def _names(claim: Claim) -> set[str]:
    return {" ".join(e.lower().split()) for e in claim.entities if e.strip()}


def features(a: Claim, b: Claim, similarity: float) -> tuple[float, ...]:
    """One row of FEATURES: the embedder's cosine, whether a name recurs (0/1), and the share
    of the shorter claim's content words the other repeats."""
    wa, wb = content_words(a.plain), content_words(b.plain)
    overlap = len(wa & wb) / min(len(wa), len(wb)) if wa and wb else 0.0
    shared = 1.0 if _names(a) & _names(b) else 0.0
    return (similarity, shared, overlap, 1.0)


@dataclass(slots=True, frozen=True)
class SameMatter:
    """Fitted weights over FEATURES, and what fitted them."""

    weights: tuple[float, ...]
    fitted_on: str = ""

    def probability(self, a: Claim, b: Claim, similarity: float) -> float:
        z = sum(w * x for w, x in zip(self.weights, features(a, b, similarity), strict=True))
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def read(path: Path) -> SameMatter:
    data = json.loads(path.read_text(encoding="utf-8"))
    if tuple(data["features"]) != FEATURES:
        raise ValueError(f"{path}: features {data['features']} are not {list(FEATURES)}")
    return SameMatter(tuple(float(w) for w in data["weights"]), str(data.get("fitted_on", "")))


@cache
def shipped() -> SameMatter | None:
    """The gate shipped beside the judge, or None where there is none (the model alone)."""
    return read(GATE_FILE) if GATE_FILE.exists() else None
