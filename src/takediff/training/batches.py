"""Token batches for cross-encoder training: encode once, pad per batch, bucket by length."""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np


@dataclass(slots=True, frozen=True)
class Encoded:
    """Token ids of one (first, second) pair, unpadded, with its target and loss kind."""

    input_ids: tuple[int, ...]
    type_ids: tuple[int, ...]
    label: int
    kind: str = "nli3"


def pair_tokenizer(path: Path, max_length: int, strategy: str = "longest_first") -> Any:
    """The base model's fast tokenizer, truncating as the runtime judge does."""
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(path))
    tok.enable_truncation(max_length, strategy=strategy)
    tok.no_padding()
    return tok


def pad_batch(batch: list[Encoded]) -> dict[str, np.ndarray]:
    """Right-pad a batch to its longest member (dynamic padding)."""
    n = max(len(e.input_ids) for e in batch)
    ids = np.zeros((len(batch), n), dtype=np.int64)
    types = np.zeros_like(ids)
    mask = np.zeros_like(ids)
    for i, e in enumerate(batch):
        k = len(e.input_ids)
        ids[i, :k] = e.input_ids
        types[i, :k] = e.type_ids
        mask[i, :k] = 1
    return {"input_ids": ids, "attention_mask": mask, "token_type_ids": types}


def length_batches(data: list[Encoded], batch_size: int, seed: int) -> list[list[Encoded]]:
    """Shuffle, sort by length inside chunks of 50 batches, then shuffle the batches.

    The order depends on ``seed`` alone, so a resumed run sees the batches it had not seen.
    """
    rng = random.Random(seed)
    data = data[:]
    rng.shuffle(data)
    chunk = batch_size * 50
    batches: list[list[Encoded]] = []
    for start in range(0, len(data), chunk):
        part = sorted(data[start : start + chunk], key=lambda e: len(e.input_ids))
        batches += [part[i : i + batch_size] for i in range(0, len(part), batch_size)]
    rng.shuffle(batches)
    return batches
