"""models.py: the embedder and stance-model surfaces, their batching and their setup errors."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import numpy as np
import pytest

from takediff.errors import ModelUnavailable, TakediffError
from takediff.models import (
    JUDGE_DIR,
    STANCE_LABELS,
    OnnxStanceModel,
    _batched_run,
    get_embedder,
    get_stance_model,
    softmax,
)

HARBOUR = "The mayor of Keldt closed the harbour because of the storm."
PARAPHRASE = "Because of the storm, the harbour of Keldt was shut by its mayor."
UNRELATED = "Grandmother baked three apple pies for the village fair."


def test_embeddings_are_unit_length_rows_in_input_order(embedder: Any) -> None:
    texts = [HARBOUR, "x", PARAPHRASE, UNRELATED, " ".join([HARBOUR] * 6)]
    vecs = embedder.embed(texts)
    assert vecs.shape == (5, 384) and vecs.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vecs, axis=1), 1.0, atol=1e-5)
    # Batches are sorted by length inside; the rows still come back in input order.
    backwards = embedder.embed(texts[::-1])[::-1]
    np.testing.assert_allclose(backwards, vecs, atol=1e-6)
    assert embedder.embed([]).shape == (0, 384)


def test_paraphrase_is_closer_than_an_unrelated_sentence(embedder: Any) -> None:
    a, b, c = embedder.embed([HARBOUR, PARAPHRASE, UNRELATED])
    assert a @ b > 0.7
    assert a @ b > a @ c + 0.4
    twice = embedder.embed([HARBOUR, UNRELATED, HARBOUR])
    np.testing.assert_allclose(twice[0], twice[2], atol=1e-6)


PAIRS = [
    ("The ferry to Ostrand runs daily.", "The ferry to Ostrand runs every day of the week."),
    ("Peter Holm won the election in Keldt.", "Grandmother baked apple pies."),
    (
        "The bridge will open in May.",
        "Officials denied that the bridge would open in May, saying it will stay closed until "
        "next year.",
    ),
]


def test_stance_scores_are_probabilities_over_the_labels(stance_model: Any) -> None:
    probs = stance_model.score(PAIRS)
    assert probs.shape == (len(PAIRS), len(STANCE_LABELS))
    assert (probs >= 0).all() and (probs <= 1).all()
    np.testing.assert_allclose(probs.sum(axis=1), 1.0, atol=1e-5)
    assert stance_model.score([]).shape == (0, len(STANCE_LABELS))
    disagree = STANCE_LABELS.index("disagree")
    # The denial reads as more of a disagreement than the paraphrase does.
    assert probs[2, disagree] > 2 * probs[0, disagree]


def test_stance_scores_are_the_tempered_softmax_of_the_logits(stance_model: Any) -> None:
    config = json.loads((JUDGE_DIR / "config.json").read_text())
    assert tuple(config["labels"]) == STANCE_LABELS
    assert stance_model.temperature == pytest.approx(float(config["temperature"]))
    logits = stance_model.logits(PAIRS)
    expected = softmax(logits / float(config["temperature"]))
    np.testing.assert_allclose(stance_model.score(PAIRS), expected, atol=1e-6)
    assert stance_model.logits([]).shape == (0, len(STANCE_LABELS))


def test_stance_rows_come_back_in_input_order(stance_model: Any) -> None:
    probs = stance_model.score(PAIRS)
    backwards = stance_model.score(PAIRS[::-1])[::-1]
    np.testing.assert_allclose(backwards, probs, atol=1e-6)


def test_default_models_are_loaded_once(embedder: Any, stance_model: Any) -> None:
    assert get_embedder() is embedder
    assert get_stance_model() is stance_model
    assert isinstance(stance_model, OnnxStanceModel)


def test_a_directory_without_a_judge_model_is_model_unavailable(tmp_path: Path) -> None:
    with pytest.raises(ModelUnavailable, match=r"\[E007\].*holds no judge model"):
        OnnxStanceModel(tmp_path)
    with pytest.raises(ModelUnavailable, match="holds no judge model"):
        OnnxStanceModel(tmp_path / "not-there")
    (tmp_path / "model.onnx").write_bytes(b"not a model")
    # model.onnx alone is not enough: the config is missing.
    with pytest.raises(ModelUnavailable, match="holds no judge model"):
        OnnxStanceModel(tmp_path)
    assert issubclass(ModelUnavailable, TakediffError)


def test_a_judge_with_other_labels_is_model_unavailable(tmp_path: Path) -> None:
    (tmp_path / "model.onnx").write_bytes(b"not a model")
    config = {"labels": ["entailment", "neutral", "contradiction", "other"], "max_length": 64}
    (tmp_path / "config.json").write_text(json.dumps(config))
    with pytest.raises(ModelUnavailable, match="labels"):
        OnnxStanceModel(tmp_path)
    # get_stance_model takes a directory with model.onnx as a takediff judge, checked the same way.
    with pytest.raises(ModelUnavailable, match="labels"):
        get_stance_model(str(tmp_path))


def test_softmax() -> None:
    x = np.array([[1.0, 2.0, 3.0, 4.0], [0.0, 0.0, 0.0, 0.0], [1000.0, 0.0, -1000.0, 999.0]])
    p = softmax(x)
    np.testing.assert_allclose(p.sum(axis=1), 1.0)
    np.testing.assert_allclose(p[1], 0.25)
    e = np.exp([1.0, 2.0, 3.0, 4.0])
    np.testing.assert_allclose(p[0], e / e.sum())
    np.testing.assert_allclose(softmax(x + 50.0), p)  # shift-invariant
    assert np.isfinite(p).all()  # no overflow for large logits
    np.testing.assert_allclose(p[2], [1 / (1 + np.e**-1), 0.0, 0.0, 1 / (1 + np.e)], atol=1e-12)


def test_batched_run_pads_sorted_batches_and_keeps_input_order() -> None:
    lengths = [5, 1, 3, 2, 4]
    encodings = [
        SimpleNamespace(ids=[k + 1] * n, type_ids=[k % 2] * n) for k, n in enumerate(lengths)
    ]
    widths: list[int] = []

    def run(ids: np.ndarray, mask: np.ndarray, types: np.ndarray) -> np.ndarray:
        widths.append(ids.shape[1])
        # Padding is zeros under a zero mask.
        assert ((ids == 0) == (mask == 0)).all()
        return np.stack([ids.max(axis=1), mask.sum(axis=1), types.max(axis=1)], axis=1)

    out = _batched_run(len(lengths), lambda idx: [encodings[i] for i in idx], run, 2)
    # Sorted by length: batches (1, 2), (3, 4), (5) are each padded to their longest.
    assert widths == [2, 4, 5]
    assert [row.tolist() for row in out] == [[k + 1, n, k % 2] for k, n in enumerate(lengths)]


def test_a_model_path_that_does_not_exist_is_a_clear_error(tmp_path: Path) -> None:
    """Not a raw OSError from transformers: a ModelUnavailable that says what to do (without the
    train extra installed it says which packages are missing, also as ModelUnavailable)."""
    missing = str(tmp_path / "no-such-model")
    for load in (get_stance_model, get_embedder):
        with pytest.raises(ModelUnavailable, match="no-such-model|pip install"):
            load(missing)


def test_stance_scores_do_not_depend_on_the_batch(stance_model: object) -> None:
    """The int8 stance model (compare's relatedness) scores one pair a run, so a pair's
    probabilities are the same alone and among strangers, exactly."""
    pair = PAIRS[2]
    alone = stance_model.score([pair])[0]  # type: ignore[attr-defined]
    crowd = [*PAIRS, (UNRELATED, " ".join([HARBOUR] * 5)), pair, (PARAPHRASE, HARBOUR)]
    together = stance_model.score(crowd)  # type: ignore[attr-defined]
    np.testing.assert_array_equal(together[len(PAIRS) + 1], alone)


needs_nli = pytest.mark.skipif(
    not (Path(__file__).resolve().parents[1] / "src/takediff/models/nli/model.onnx").exists(),
    reason="the NLI judge is not installed in src/takediff/models/nli yet",
)


@needs_nli
def test_nli_scores_do_not_depend_on_the_batch() -> None:
    """A pair's probabilities are the same alone, in a batch of strangers, and in another
    order: fp32 weights, no per-batch activation scales."""
    from takediff.models import NLI_DIR, OnnxNliModel

    model = OnnxNliModel(NLI_DIR)
    pair = PAIRS[2]
    alone = model.score([pair])[0]
    crowd = [*PAIRS, (UNRELATED, " ".join([HARBOUR] * 5)), pair, (PARAPHRASE, HARBOUR)]
    at = len(PAIRS) + 1
    assert crowd[at] == pair and crowd[::-1][1] == pair
    np.testing.assert_allclose(model.score(crowd)[at], alone, atol=1e-5)
    np.testing.assert_allclose(model.score(crowd[::-1])[1], alone, atol=1e-5)
    assert model.score([pair]).shape == (1, 3)


@needs_nli
def test_nli_judge_reads_contradiction_and_entailment() -> None:
    from takediff.models import NLI_DIR, NLI_LABELS, OnnxNliModel

    model = OnnxNliModel(NLI_DIR)
    probs = model.score(
        [
            ("The factory will close in June.", "The factory will remain open."),
            ("The harbour of Keldt was closed by its mayor.", "The harbour of Keldt was closed."),
        ]
    )
    assert NLI_LABELS[int(probs[0].argmax())] == "contradiction"
    assert NLI_LABELS[int(probs[1].argmax())] == "entailment"


def test_a_pair_too_long_to_cut_its_second_text_is_still_scored(stance_model: object) -> None:
    """The stance model cuts only the evidence; a first text longer than the limit (a reversed
    pair, or a very long claim) is cut from both sides instead of failing the batch."""
    long_first = (" ".join([HARBOUR] * 40), "The harbour was closed.")
    probs = stance_model.score([long_first, PAIRS[0]])  # type: ignore[attr-defined]
    assert probs.shape == (2, 4) and np.allclose(probs.sum(axis=1), 1.0)
    np.testing.assert_allclose(probs[1], stance_model.score([PAIRS[0]])[0], atol=1e-6)  # type: ignore[attr-defined]
