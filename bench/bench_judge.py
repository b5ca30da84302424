"""The claim judge's speed at claim length, and whether a pair's scores depend on its batch:
the shipped fp32 ONNX against the same weights quantised to dynamic int8, measured in one run.

    python -m bench.bench_judge            # prints a Markdown table for the README
    python -m bench.bench_judge --against DIR   # and an earlier judge's folder, in the same run

Dynamic int8 scales activations per batch, so a pair's probabilities move with the pairs that
share its batch; fp32 weights do not (up to float rounding). The table gives pairs/s in batches
of 32 and of 1, the largest change of a probability between a pair scored alone and inside a
mixed batch, how many labels that change flips, and the agreement of each variant's labels with
fp32's. Ratios are what to compare across machines.
"""

from __future__ import annotations

import itertools
import random
import tempfile
import time
from pathlib import Path

import numpy as np

SUBJECTS = ["The ministry", "The union", "The governor", "Our company", "The council", "Officials"]
ACTS = [
    "will reopen the northern border crossings on Monday",
    "has agreed to cut the fuel levy by five percent",
    "may consider new talks once the security conditions allow",
    "rejected the proposal to extend the working week",
    "will not raise water prices this year",
    "confirmed that the two reactors were shut down overnight",
    "plans to hire four hundred teachers before the autumn term",
    "said the inquiry would be published in full next month",
]


def claim_pairs(n: int, seed: int = 7) -> list[tuple[str, str]]:
    """``n`` pairs of invented claim-length sentences (12-20 words)."""
    rng = random.Random(seed)
    claims = [f"{s} {a}." for s, a in itertools.product(SUBJECTS, ACTS)]
    return [(rng.choice(claims), rng.choice(claims)) for _ in range(n)]


def rate(model: object, pairs: list[tuple[str, str]], batch: int) -> float:
    score = model.score  # type: ignore[attr-defined]
    start = time.perf_counter()
    for lo in range(0, len(pairs), batch):
        score(pairs[lo : lo + batch])
    return len(pairs) / (time.perf_counter() - start)


def batch_drift(model: object, pairs: list[tuple[str, str]]) -> tuple[float, int]:
    """Largest probability change of a pair scored alone vs in one batch with all others, and
    how many argmax labels that change flips."""
    score = model.score  # type: ignore[attr-defined]
    together = score(pairs)
    alone = np.concatenate([score([p]) for p in pairs])
    flips = int((together.argmax(axis=1) != alone.argmax(axis=1)).sum())
    return float(np.abs(together - alone).max()), flips


def int8_copy(directory: Path, out: Path) -> Path:
    """The shipped judge with its weights quantised to dynamic int8 (as the stance judge is)."""
    import shutil

    from onnxruntime.quantization import QuantType, quantize_dynamic

    out.mkdir(parents=True, exist_ok=True)
    for name in ("config.json", "tokenizer.json"):
        shutil.copyfile(directory / name, out / name)
    quantize_dynamic(
        str(directory / "model.onnx"), str(out / "model.onnx"), weight_type=QuantType.QInt8
    )
    return out


def main() -> None:
    import argparse

    from takediff.models import JUDGE_DIR, NLI_DIR, OnnxNliModel, get_stance_model

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--against", type=Path, help="an earlier NLI judge's folder to time beside")
    args = ap.parse_args()

    if not (NLI_DIR / "model.onnx").exists():
        raise SystemExit(f"no NLI judge at {NLI_DIR}: ship one first (README, 'Models')")
    pairs = claim_pairs(512)
    drift_pairs = claim_pairs(96, seed=11)
    fp32 = OnnxNliModel(NLI_DIR)
    with tempfile.TemporaryDirectory() as tmp:
        int8 = OnnxNliModel(int8_copy(NLI_DIR, Path(tmp) / "nli"))
        reference = fp32.score(pairs).argmax(axis=1)
        rows = []
        variants = [("NLI judge, fp32 (shipped)", fp32), ("NLI judge, dynamic int8", int8)]
        if args.against:
            variants.append(
                (f"earlier judge ({args.against.name}), fp32", OnnxNliModel(args.against))
            )
        for name, model in variants:
            model.score(pairs[:32])  # warm up
            r32, r1 = rate(model, pairs, 32), rate(model, pairs[:128], 1)
            drift, flips = batch_drift(model, drift_pairs)
            agree = float((model.score(pairs).argmax(axis=1) == reference).mean())
            size = (
                NLI_DIR / "model.onnx"
                if model is fp32
                else Path(tmp) / "nli" / "model.onnx"
                if model is int8
                else args.against / "model.onnx"
            )
            rows.append((name, r32, r1, drift, flips, f"{agree:.1%}", size.stat().st_size / 1e6))
    stance = get_stance_model()  # compare's relatedness model
    stance.score(pairs[:32])
    drift, flips = batch_drift(stance, drift_pairs)
    mb = (JUDGE_DIR / "model.onnx").stat().st_size / 1e6
    r32, r1 = rate(stance, pairs, 32), rate(stance, pairs[:128], 1)
    name = "stance model (relatedness), dynamic int8, one pair a run"
    rows.append((name, r32, r1, drift, flips, "—", mb))
    base = rows[0][1]
    print("## judge: claim-length pairs, fp32 vs dynamic int8 (one run, 2 cores)\n")
    print(
        "| weights | pairs/s, batches of 32 | ratio | pairs/s, one at a time | "
        "largest Δp alone vs in a batch | labels flipped (of 96) | labels = fp32 | MB |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for name, r32, r1, drift, flips, agree, mb in rows:
        print(
            f"| {name} | {r32:.0f} | {r32 / base:.2f}× | {r1:.0f} | {drift:.1e} | {flips} | "
            f"{agree} | {mb:.1f} |"
        )


if __name__ == "__main__":
    main()
