"""Is the evidence about the claim at all? A small logistic gate before the stance labels.

The cross-encoder sees at most 192 tokens and was shown few unrelated pairs; whether two texts
share a subject is better told by how close the claim comes to any sentence of the evidence
(embeddings), how many of its content words recur, and the cross-encoder's own "unrelated"
probability together. The weights are fitted on a development split by
``scripts/fit_relatedness.py`` and stored as plain JSON beside the judge model.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from takediff.evidence import content_words, split_sentences
from takediff.models import JUDGE_DIR, STANCE_LABELS, Embedder

FEATURES = ("p_unrelated", "max_cosine", "top3_cosine", "word_overlap", "bias")
GATE_FILE = JUDGE_DIR / "relatedness.json"


def word_overlap(claim: str, text: str) -> float:
    words = content_words(claim)
    return len(words & content_words(text)) / len(words) if words else 0.0


def features(
    pairs: Sequence[tuple[str, str]], stance_probs: np.ndarray, embedder: Embedder
) -> np.ndarray:
    """One row of FEATURES per (claim, text) pair; texts are split into sentences here."""
    sentences = [split_sentences(text) or [text] for _, text in pairs]
    unique = list(dict.fromkeys([c for c, _ in pairs] + [s for ss in sentences for s in ss]))
    index = {t: i for i, t in enumerate(unique)}
    vecs = embedder.embed(unique)
    rows = np.zeros((len(pairs), len(FEATURES)), dtype=np.float64)
    unrelated = STANCE_LABELS.index("unrelated")
    for k, ((claim, text), sents) in enumerate(zip(pairs, sentences, strict=True)):
        sims = vecs[[index[s] for s in sents]] @ vecs[index[claim]]
        top = np.sort(sims)[::-1]
        rows[k] = (
            stance_probs[k, unrelated],
            top[0],
            top[:3].mean(),
            word_overlap(claim, text),
            1.0,
        )
    return rows


@dataclass(slots=True, frozen=True)
class RelatednessGate:
    """P(related) = sigmoid(weights · features); ``threshold`` tuned on the dev split.

    ``offsets`` are log-odds added to agree / disagree / discuss before the argmax: the judge
    was trained on far fewer disagreements than discussions, and the dev split says how much
    to correct for that.
    """

    weights: tuple[float, ...]
    threshold: float
    offsets: tuple[float, float, float] = (0.0, 0.0, 0.0)

    @classmethod
    def load(cls, path: Path = GATE_FILE) -> RelatednessGate | None:
        if not path.exists():
            return None
        data = json.loads(path.read_text())
        if tuple(data["features"]) != FEATURES:
            raise ValueError(f"{path}: features {data['features']} != {FEATURES}")
        offsets = tuple(float(x) for x in data.get("offsets", (0.0, 0.0, 0.0)))
        return cls(
            tuple(float(w) for w in data["weights"]),
            float(data["threshold"]),
            (offsets[0], offsets[1], offsets[2]),
        )

    def related_probs(self, stance_probs: np.ndarray) -> np.ndarray:
        """agree / disagree / discuss, renormalised after the class offsets."""
        weighted = stance_probs[:, :3] * np.exp(np.asarray(self.offsets))
        probs: np.ndarray = weighted / np.maximum(weighted.sum(axis=1, keepdims=True), 1e-12)
        return probs

    def p_related(self, rows: np.ndarray) -> np.ndarray:
        p: np.ndarray = 1.0 / (1.0 + np.exp(-(rows @ np.asarray(self.weights))))
        return p

    def apply(self, stance_probs: np.ndarray, rows: np.ndarray) -> np.ndarray:
        """Stance probabilities with the unrelated mass set by the gate: the three related
        classes (after the class offsets) share P(related)."""
        p_rel = self.p_related(rows)
        return np.column_stack([self.related_probs(stance_probs) * p_rel[:, None], 1.0 - p_rel])

    def predict(self, stance_probs: np.ndarray, rows: np.ndarray) -> list[str]:
        p_rel = self.p_related(rows)
        labels = [STANCE_LABELS[i] for i in self.related_probs(stance_probs).argmax(axis=1)]
        return [
            lab if p >= self.threshold else "unrelated"
            for lab, p in zip(labels, p_rel, strict=True)
        ]
