"""ONNX export of a fine-tuned cross-encoder, dynamic int8 quantisation, and agreement checks.

Written for any ``transformers`` sequence classifier fed by ``takediff.training.batches``: the
number of labels and the input names are parameters. torch and onnxruntime are imported inside
the functions, so this module imports without the ``train`` extra.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from takediff.training.batches import Encoded, pad_batch

log = logging.getLogger(__name__)

#: What ``pad_batch`` produces, in the order the exported graph takes them.
INPUT_NAMES: tuple[str, ...] = ("input_ids", "attention_mask", "token_type_ids")
OUTPUT_NAME = "logits"
OPSET = 17
#: Quantised ops: MatMul, and Gather (the embedding tables; without it the word embeddings alone
#: stay at about 45 MB of fp32 in a MiniLM).
QUANT_OPS: tuple[str, ...] = ("MatMul", "Gather")


def logits_only(model: Any, input_names: Sequence[str] = INPUT_NAMES) -> Any:
    """``model`` wrapped so that forward(*inputs in ``input_names`` order) returns the logits."""
    import torch

    names = tuple(input_names)

    class LogitsOnly(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.model = model

        def forward(self, *inputs: Any) -> Any:
            return self.model(**dict(zip(names, inputs, strict=True))).logits

    return LogitsOnly().eval()


def export_onnx(
    model: Any,
    path: Path,
    input_names: Sequence[str] = INPUT_NAMES,
    output_name: str = OUTPUT_NAME,
    opset: int = OPSET,
) -> None:
    """Export to ONNX (TorchScript exporter, fp32) with dynamic batch and sequence axes."""
    import torch

    path.parent.mkdir(parents=True, exist_ok=True)
    dummy = pad_batch([Encoded((101, 2000, 102, 2001, 2002, 102), (0, 0, 0, 1, 1, 1), 0)] * 2)
    inputs = tuple(torch.from_numpy(dummy[k]) for k in input_names)
    dynamic_axes: dict[str, dict[int, str]] = {
        name: {0: "batch", 1: "sequence"} for name in input_names
    }
    dynamic_axes[output_name] = {0: "batch"}
    with torch.no_grad():
        torch.onnx.export(
            logits_only(model, input_names),
            inputs,
            str(path),
            dynamo=False,
            opset_version=opset,
            input_names=list(input_names),
            output_names=[output_name],
            dynamic_axes=dynamic_axes,
            do_constant_folding=True,
            external_data=False,
        )
    log.info("exported fp32 ONNX %s (%.1f MB)", path, path.stat().st_size / 2**20)


def quantize(
    fp32: Path, int8: Path, per_channel: bool = False, op_types: Sequence[str] = QUANT_OPS
) -> None:
    """onnxruntime dynamic int8 quantisation (QInt8 weights, activations quantised at run time)."""
    from onnxruntime.quantization import QuantType, quantize_dynamic

    int8.parent.mkdir(parents=True, exist_ok=True)
    quantize_dynamic(
        str(fp32),
        str(int8),
        weight_type=QuantType.QInt8,
        per_channel=per_channel,
        op_types_to_quantize=list(op_types),
    )
    log.info(
        "quantized int8 ONNX %s (per_channel=%s, %.1f MB)",
        int8,
        per_channel,
        int8.stat().st_size / 2**20,
    )


def argmax_agreement(a: NDArray[np.floating[Any]], b: NDArray[np.floating[Any]]) -> float:
    """Share of rows whose top class is the same in both logit arrays."""
    return float((a.argmax(1) == b.argmax(1)).mean())


def quantize_checked(
    fp32: Path,
    int8: Path,
    check: list[Encoded],
    ref: NDArray[np.float32],
    threads: int,
    threshold: float = 0.97,
) -> tuple[float, bool]:
    """Quantise per tensor; again per channel if argmax agreement with ``ref`` < ``threshold``.

    Returns the agreement of the model left at ``int8`` and whether it is per channel.
    """
    agreement, per_channel = 0.0, False
    for per_channel in (False, True):
        quantize(fp32, int8, per_channel)
        agreement = argmax_agreement(ref, onnx_logits(int8, check, threads, ref.shape[1]))
        log.info(
            "argmax agreement torch vs int8 ONNX (per_channel=%s) on %d dev pairs: %.4f",
            per_channel,
            len(check),
            agreement,
        )
        if agreement >= threshold:
            break
    else:
        log.warning("torch/int8 agreement below %.0f%% even per channel", 100 * threshold)
    return agreement, per_channel


def onnx_logits(
    path: Path,
    data: list[Encoded],
    threads: int,
    num_labels: int,
    batch_size: int = 32,
    output_name: str = OUTPUT_NAME,
) -> NDArray[np.float32]:
    """Logits of an ONNX model over ``data`` (length-sorted batches, rows in the input order).

    Each batch is fed the ``pad_batch`` arrays the model names as its inputs.
    """
    import onnxruntime as ort

    so = ort.SessionOptions()
    so.intra_op_num_threads = threads
    sess = ort.InferenceSession(str(path), so, providers=["CPUExecutionProvider"])
    names = [i.name for i in sess.get_inputs()]
    order = sorted(range(len(data)), key=lambda i: len(data[i].input_ids))
    out = np.zeros((len(data), num_labels), dtype=np.float32)
    for s in range(0, len(order), batch_size):
        idx = order[s : s + batch_size]
        feats = pad_batch([data[i] for i in idx])
        out[idx] = sess.run([output_name], {k: feats[k] for k in names})[0]
    return out


def torch_logits(
    model: Any, data: list[Encoded], num_labels: int, batch_size: int = 32
) -> NDArray[np.float32]:
    """Logits of a torch model over ``data``, batches in the input order (no sorting)."""
    import torch

    out = np.zeros((len(data), num_labels), dtype=np.float32)
    with torch.no_grad():
        for s in range(0, len(data), batch_size):
            feats = {k: torch.from_numpy(v) for k, v in pad_batch(data[s : s + batch_size]).items()}
            out[s : s + batch_size] = model(**feats).logits.numpy()
    return out
