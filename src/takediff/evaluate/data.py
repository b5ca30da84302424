"""Reading the public data sets: one clear error when a file is missing, and seeded samples."""

from __future__ import annotations

import random
from collections.abc import Sequence
from pathlib import Path
from typing import TypeVar

from takediff.errors import DataNotFound, UnknownName

T = TypeVar("T")


def require(path: Path) -> Path:
    """``path`` itself, or a DataNotFound that names it and says where the data should be."""
    return _existing(path, path.is_file(), "file")


def require_dir(path: Path) -> Path:
    """``path`` itself if it is a folder, else a DataNotFound as ``require`` gives."""
    return _existing(path, path.is_dir(), "folder")


def _existing(path: Path, exists: bool, kind: str) -> Path:
    if not exists:
        raise DataNotFound(
            f"data {kind} {path} not found; point data_dir (or $TAKEDIFF_DATA) at the folder "
            "of public data sets (../shared/data beside the clone).",
            options=("data_dir",),
        )
    return path


def sample(rows: Sequence[T], limit: int | None, seed: int = 0) -> list[T]:
    """All rows in order, or a seeded random sample of ``limit`` of them."""
    if limit is None or limit >= len(rows):
        return list(rows)
    return random.Random(seed).sample(list(rows), max(limit, 0))


def check_split(split: str, splits: Sequence[str]) -> str:
    """``split`` itself if the data set has it, else an UnknownName listing the ones it has."""
    if split not in splits:
        raise UnknownName(
            f"no split {split!r} in this data set; it has: {', '.join(splits)}", options=("split",)
        )
    return split
