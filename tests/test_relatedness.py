"""relatedness.py: the gate's features, loading its JSON, and how it reshapes stance scores."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from takediff.evidence import select_evidence
from takediff.models import STANCE_LABELS
from takediff.relatedness import FEATURES, GATE_FILE, RelatednessGate, features, word_overlap

UNRELATED = STANCE_LABELS.index("unrelated")
CLAIM = "The ferry to Ostrand was cancelled because of the storm."
RELATED_TEXT = (
    "Keldt held its yearly market on Sunday. The storm forced the harbour to cancel the "
    "Ostrand ferry. Travellers waited at the quay for hours."
)
UNRELATED_TEXT = (
    "Grandmother baked three apple pies for the village fair. The choir sang until late. "
    "A new library opened on the main square."
)


def col(name: str) -> int:
    return FEATURES.index(name)


def test_word_overlap_exact_values() -> None:
    # Content words of the claim: ferry, keldt, harbour.
    assert word_overlap("the ferry and the Keldt harbour", "Keldt's ferry left.") == pytest.approx(
        2 / 3
    )
    assert word_overlap("ferry Keldt", "FERRY to KELDT") == 1.0
    assert word_overlap("ferry Keldt", "a bus to Ostrand") == 0.0
    # A claim of stopwords only has no content words: 0.0, not a division by zero.
    assert word_overlap("it was the one that they said", "it was the one") == 0.0
    assert word_overlap("", "anything") == 0.0
    # Relative to the claim, not the text: a long text adds nothing.
    assert word_overlap("ferry", "ferry bus tram train boat") == 1.0
    assert word_overlap("ferry bus tram train", "ferry") == 0.25


def test_features_columns(embedder: Any) -> None:
    pairs = [(CLAIM, RELATED_TEXT), (CLAIM, UNRELATED_TEXT), ("Keldt harbour", "Keldt harbour.")]
    probs = np.array([[0.1, 0.2, 0.3, 0.4], [0.0, 0.0, 0.1, 0.9], [0.7, 0.1, 0.1, 0.1]])
    rows = features(pairs, probs, embedder)
    assert rows.shape == (3, len(FEATURES))
    np.testing.assert_allclose(rows[:, col("p_unrelated")], probs[:, UNRELATED])
    np.testing.assert_allclose(rows[:, col("bias")], 1.0)
    assert rows[:, col("word_overlap")].tolist() == [word_overlap(c, t) for c, t in pairs]
    for k in range(3):
        assert -1.0 <= rows[k, col("top3_cosine")] <= rows[k, col("max_cosine")] <= 1.0 + 1e-6
        assert 0.0 <= rows[k, col("word_overlap")] <= 1.0
    # The related text has a sentence much closer to the claim.
    assert rows[0, col("max_cosine")] > rows[1, col("max_cosine")] + 0.3
    assert rows[2, col("max_cosine")] == pytest.approx(1.0, abs=0.05)  # the same words


def test_features_compare_the_claim_with_each_sentence(embedder: Any) -> None:
    sentences = [
        "Keldt held its yearly market on Sunday.",
        "The storm forced the harbour to cancel the Ostrand ferry.",
        "Travellers waited at the quay for hours.",
        "The choir sang until late.",
    ]
    [row] = features([(CLAIM, " ".join(sentences))], np.full((1, 4), 0.25), embedder)
    vecs = embedder.embed([CLAIM, *sentences])
    sims = np.sort(vecs[1:] @ vecs[0])[::-1]
    assert row[col("max_cosine")] == pytest.approx(sims[0], abs=1e-5)
    assert row[col("top3_cosine")] == pytest.approx(sims[:3].mean(), abs=1e-5)
    # A text of one sentence: the top-3 mean is that sentence's similarity.
    [one] = features([(CLAIM, sentences[1])], np.full((1, 4), 0.25), embedder)
    assert one[col("top3_cosine")] == pytest.approx(one[col("max_cosine")], abs=1e-6)


def test_the_shipped_gate_loads() -> None:
    gate = RelatednessGate.load()
    assert gate is not None
    data = json.loads(GATE_FILE.read_text())
    assert gate.weights == tuple(data["weights"]) and len(gate.weights) == len(FEATURES)
    assert gate.threshold == data["threshold"]
    assert gate.offsets == tuple(data["offsets"])


def test_load_missing_file_gives_none_and_wrong_features_raise(tmp_path: Path) -> None:
    assert RelatednessGate.load(tmp_path / "absent.json") is None
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"features": ["bias"], "weights": [1.0], "threshold": 0.5}))
    with pytest.raises(ValueError, match="features"):
        RelatednessGate.load(bad)
    plain = tmp_path / "plain.json"
    plain.write_text(json.dumps({"features": list(FEATURES), "weights": [1] * 5, "threshold": 1}))
    gate = RelatednessGate.load(plain)
    assert gate == RelatednessGate((1.0,) * 5, 1.0, (0.0, 0.0, 0.0))  # offsets default to zero


def test_related_probs_renormalise_after_offsets() -> None:
    probs = np.array([[0.2, 0.1, 0.1, 0.6], [0.0, 0.0, 0.0, 1.0]])
    plain = RelatednessGate((0.0,) * 5, 0.5)
    np.testing.assert_allclose(plain.related_probs(probs)[0], [0.5, 0.25, 0.25])
    np.testing.assert_allclose(plain.related_probs(probs)[1], [0.0, 0.0, 0.0])  # no NaN
    shifted = RelatednessGate((0.0,) * 5, 0.5, (0.0, float(np.log(2.0)), 0.0))
    # disagree's log-odds + log 2 doubles its weight: 0.2 : 0.2 : 0.1.
    np.testing.assert_allclose(shifted.related_probs(probs)[0], [0.4, 0.4, 0.2])


def test_p_related_is_the_logistic_of_the_weighted_features() -> None:
    gate = RelatednessGate((0.0, 0.0, 0.0, 2.0, -1.0), 0.5)
    rows = np.array([[0.9, 0.1, 0.1, 0.5, 1.0], [0.9, 0.1, 0.1, 1.0, 1.0]])
    np.testing.assert_allclose(gate.p_related(rows), [0.5, 1 / (1 + np.exp(-1.0))])


def test_apply_sets_the_unrelated_mass_from_the_gate() -> None:
    gate = RelatednessGate((0.0, 0.0, 0.0, 2.0, -1.0), 0.5, (0.0, -0.25, 0.0))
    probs = np.array([[0.5, 0.2, 0.2, 0.1], [0.05, 0.05, 0.1, 0.8]])
    rows = np.array([[0.1, 0.5, 0.5, 1.0, 1.0], [0.8, 0.1, 0.1, 0.0, 1.0]])
    out = gate.apply(probs, rows)
    p_rel = gate.p_related(rows)
    assert out.shape == probs.shape
    np.testing.assert_allclose(out.sum(axis=1), 1.0)
    np.testing.assert_allclose(out[:, UNRELATED], 1.0 - p_rel)
    np.testing.assert_allclose(out[:, :3], gate.related_probs(probs) * p_rel[:, None])


def test_predict_uses_the_threshold_then_the_related_argmax() -> None:
    probs = np.array([[0.3, 0.32, 0.3, 0.08], [0.3, 0.32, 0.3, 0.08], [0.1, 0.1, 0.7, 0.1]])
    rows = np.array([[0, 0, 0, 1.0, 1.0], [0, 0, 0, 0.0, 1.0], [0, 0, 0, 1.0, 1.0]])
    gate = RelatednessGate((0.0, 0.0, 0.0, 2.0, -1.0), 0.6)  # p_related 0.73, 0.27, 0.73
    assert gate.predict(probs, rows) == ["disagree", "unrelated", "discuss"]
    # An offset against disagree flips the first pair's label to agree.
    damped = RelatednessGate((0.0, 0.0, 0.0, 2.0, -1.0), 0.6, (0.0, -0.25, 0.0))
    assert damped.predict(probs, rows)[0] == "agree"


def test_shipped_gate_tells_a_related_from_an_unrelated_text(
    embedder: Any, stance_model: Any
) -> None:
    gate = RelatednessGate.load()
    assert gate is not None
    pairs = [(CLAIM, RELATED_TEXT), (CLAIM, UNRELATED_TEXT)]
    probs = stance_model.score([(c, select_evidence(c, t)) for c, t in pairs])
    rows = features(pairs, probs, embedder)
    p_rel = gate.p_related(rows)
    assert p_rel[0] > gate.threshold > p_rel[1]
    labels = gate.predict(probs, rows)
    assert labels[0] != "unrelated" and labels[1] == "unrelated"
