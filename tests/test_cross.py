"""training.cross: premises against hypotheses written for other premises (never their own)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest

from takediff.evaluate.nli_data import NliPair
from takediff.training.cross import make_cross

PREMISES = [
    "A fisherman mends his nets on the quay at dawn.",
    "A fisherman repairs his nets on the quay at dawn.",  # near-identical: one scene
    "The council voted to close the library branch.",
    "Two children fly a red kite in the park.",
    "The orchestra rehearsed the symphony all afternoon.",
    "A cyclist climbs a steep mountain road in the rain.",
]


def items(split: str = "train") -> list[NliPair]:
    out = []
    for i, premise in enumerate(PREMISES):
        for j, label in enumerate(("entailment", "neutral", "contradiction")):
            hyp = f"hypothesis {j} of premise {i}"
            out.append(NliPair(f"x{i}-{j}", "toy", "nli3", premise, hyp, label, split))
    return out


def bag_embed(texts: Sequence[str]) -> np.ndarray:
    """Word-count vectors (unit length): a premise is near its own rewording."""
    vocab: dict[str, int] = {}
    rows = []
    for text in texts:
        row: dict[int, float] = {}
        for w in text.lower().replace(".", "").split():
            k = vocab.setdefault(w, len(vocab) % 512)
            row[k] = row.get(k, 0.0) + 1.0
        rows.append(row)
    out = np.zeros((len(texts), 512), dtype=np.float32)
    for i, row in enumerate(rows):
        for k, v in row.items():
            out[i, k] = v
    return out / np.linalg.norm(out, axis=1, keepdims=True)


def own_premise(hypothesis: str) -> str:
    return PREMISES[int(hypothesis.rsplit(" ", 1)[1])]


def test_random_pairs_never_meet_their_own_premise() -> None:
    made = make_cross(items(), n_random=200, n_hard=0, embed=None, seed=3)
    assert len(made) == 200
    assert all(p.label == "neutral" and p.split == "train" for p in made)
    assert all(own_premise(p.hypothesis) != p.premise for p in made)


def test_hard_pairs_skip_near_identical_premises() -> None:
    # hypotheses that repeat their premise's words, so the nearest one is a near-twin's
    rows = [
        NliPair(f"y{i}", "toy", "nli3", p, p.replace("A ", "Some "), "entailment", "train")
        for i, p in enumerate(PREMISES)
    ]
    made = make_cross(rows, n_random=0, n_hard=4, embed=bag_embed, seed=3)
    assert made, "no hard pair was made"
    twins = {PREMISES[0], PREMISES[1]}
    for p in made:
        assert p.label == "not_contradiction"
        source = next(r.premise for r in rows if r.hypothesis == p.hypothesis)
        assert source != p.premise
        assert not ({source, p.premise} <= twins), "a near-identical premise was crossed"


def test_pairs_come_from_one_split() -> None:
    with pytest.raises(ValueError, match="one split"):
        make_cross(items("train") + items("dev"), n_random=5, n_hard=0, embed=None)
    with pytest.raises(ValueError, match="embedder"):
        make_cross(items(), n_random=0, n_hard=5, embed=None)
