"""Recover a shipped ONNX judge as a ``transformers`` folder, so a run can start from it.

Why: a full run over the NLI train splits takes longer on two CPU cores than one session
lasts, and run folders do not outlive a machine. The shipped model is the one artefact that
does (it is committed), so a second-stage run (contrast pairs, a replayed sample of the train
splits) starts from its weights. The export (``training.export``) keeps every parameter as an
initializer: most under their torch names, the Linear weights transposed under generated
``onnx::MatMul_N`` names, each recognised here by the bias its MatMul's result is added to.
``recover`` checks the rebuilt model against the ONNX graph on real inputs before it is used.
"""

from __future__ import annotations

import json
import logging
import shutil
from pathlib import Path
from typing import Any

import numpy as np

log = logging.getLogger(__name__)

#: The prefix ``training.export.logits_only`` puts before the transformers names.
PREFIX = "model."
#: Largest |Δlogit| the rebuilt torch model may differ from the ONNX graph by.
MAX_DIFF = 1e-3


def onnx_state_dict(onnx_path: Path) -> dict[str, np.ndarray]:
    """Parameters of an exported BERT sequence classifier, under their transformers names."""
    import onnx
    from onnx import numpy_helper

    graph = onnx.load(str(onnx_path)).graph
    inits = {i.name: numpy_helper.to_array(i).copy() for i in graph.initializer}
    consumers: dict[str, list[Any]] = {}
    for node in graph.node:
        for name in node.input:
            consumers.setdefault(name, []).append(node)
    state = {n[len(PREFIX) :]: a for n, a in inits.items() if n.startswith(PREFIX)}
    for name, array in inits.items():
        if name.startswith(PREFIX) or array.ndim != 2:
            continue
        matmuls = [n for n in consumers.get(name, []) if n.op_type == "MatMul"]
        if len(matmuls) != 1:
            continue
        adds = [n for n in consumers.get(matmuls[0].output[0], []) if n.op_type == "Add"]
        biases = [i for a in adds for i in a.input if i.startswith(PREFIX) and i.endswith(".bias")]
        if len(biases) != 1:
            raise ValueError(f"{onnx_path}: cannot tell which layer {name} belongs to")
        state[biases[0][len(PREFIX) : -len(".bias")] + ".weight"] = array.T.copy()
    return state


def recover(onnx_path: Path, base_dir: Path, out_dir: Path) -> Path:
    """A transformers folder in ``out_dir`` with the ONNX graph's weights (checked), base's
    config and tokenizer; made once, reused after."""
    if (out_dir / "model.safetensors").exists():
        return out_dir
    import onnxruntime as ort
    import torch
    from transformers import BertForSequenceClassification

    from takediff.evaluate.nli_data import NLI_LABELS

    model = BertForSequenceClassification.from_pretrained(
        str(base_dir),
        num_labels=3,
        id2label=dict(enumerate(NLI_LABELS)),
        label2id={name: i for i, name in enumerate(NLI_LABELS)},
    )
    state = {k: torch.from_numpy(v) for k, v in onnx_state_dict(onnx_path).items()}
    expected = set(model.state_dict()) - {"bert.embeddings.position_ids"}
    missing = expected - set(state)
    if missing:
        raise ValueError(f"{onnx_path}: no weights for {sorted(missing)[:5]}")
    model.load_state_dict(state, strict=False)
    model.eval()  # type: ignore[no-untyped-call]
    _check(model, ort.InferenceSession(str(onnx_path)), torch)
    tmp = out_dir.with_name(out_dir.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    model.save_pretrained(str(tmp))
    for name in ("tokenizer.json", "vocab.txt", "tokenizer_config.json", "special_tokens_map.json"):
        if (base_dir / name).exists():
            shutil.copy(base_dir / name, tmp / name)
    shipped = onnx_path.with_name("config.json")
    stage = json.loads(shipped.read_text()) if shipped.exists() else {}
    log_path = onnx_path.with_name("train_log.txt")
    history = {
        "onnx": str(onnx_path),
        "config": stage,  # the earlier stages, carried into the next ship's config and card
        "train_log": log_path.read_text() if log_path.exists() else "",
    }
    (tmp / "recovered_from.json").write_text(json.dumps(history, indent=1))
    shutil.rmtree(out_dir, ignore_errors=True)
    tmp.rename(out_dir)
    return out_dir


def _check(model: Any, session: Any, torch: Any) -> None:
    """The rebuilt model must give the ONNX graph's logits (a wrong mapping fails loudly)."""
    rng = np.random.default_rng(0)
    ids = rng.integers(1000, min(20000, model.config.vocab_size), size=(3, 24)).astype(np.int64)
    ids[:, 0] = 101
    mask = np.ones_like(ids)
    mask[1, 18:] = 0
    types = np.zeros_like(ids)
    types[:, 12:] = 1
    names = [i.name for i in session.get_inputs()]
    feeds = dict(
        zip(("input_ids", "attention_mask", "token_type_ids"), (ids, mask, types), strict=True)
    )
    want = session.run(None, {n: feeds[n] for n in names})[0]
    with torch.no_grad():
        got = model(
            input_ids=torch.from_numpy(ids),
            attention_mask=torch.from_numpy(mask),
            token_type_ids=torch.from_numpy(types),
        ).logits.numpy()
    diff = float(np.abs(want - got).max())
    if diff > MAX_DIFF:
        raise ValueError(f"rebuilt model differs from the ONNX graph by {diff:.4f} in a logit")
    log.info("recovered the ONNX judge's weights (max |Δlogit| %.2e)", diff)
