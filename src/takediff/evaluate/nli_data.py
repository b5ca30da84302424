"""Reading ../shared/data/nli: one loader for the NLI evaluation and the judge's training.

Each file there is gzip JSON Lines of ``{id, premise, hypothesis, label, split}``; ``index.json``
says each file's kind: ``nli3`` (entailment / neutral / contradiction), ``nli2`` (entailment /
not_entailment), ``fact`` and ``stance`` (supports / refutes).
"""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass
from pathlib import Path

from takediff.evaluate.data import require, require_dir
from takediff.models import NLI_LABELS

__all__ = ["NLI_LABELS", "NliPair", "load_nli", "nli_files"]


@dataclass(slots=True, frozen=True)
class NliPair:
    id: str
    source: str  # the file's stem: "mnli_dev_matched", "snli_dev_test_esnli", ...
    kind: str  # nli3 | nli2 | fact | stance
    premise: str
    hypothesis: str
    label: str
    split: str  # train | dev


def nli_files(data_dir: Path) -> dict[str, str]:
    """``{source: kind}`` for every file the folder's index lists."""
    folder = require_dir(data_dir / "nli")
    index = json.loads(require(folder / "index.json").read_text())
    return {entry["file"].removesuffix(".jsonl.gz"): entry["kind"] for entry in index}


def load_nli(
    data_dir: Path,
    split: str | None = None,
    kinds: tuple[str, ...] = ("nli3",),
    sources: tuple[str, ...] | None = None,
) -> list[NliPair]:
    """Pairs of the given kinds (and sources, if named) from one split, or both if ``None``."""
    files = nli_files(data_dir)
    unknown = set(sources or ()) - set(files)
    if unknown:
        raise ValueError(f"no NLI file for {sorted(unknown)}; known: {sorted(files)}")
    pairs: list[NliPair] = []
    for source, kind in files.items():
        if kind not in kinds or (sources is not None and source not in sources):
            continue
        with gzip.open(require(data_dir / "nli" / f"{source}.jsonl.gz"), "rt") as fh:
            for line in fh:
                row = json.loads(line)
                if split is None or row["split"] == split:
                    pairs.append(
                        NliPair(
                            row["id"],
                            source,
                            kind,
                            row["premise"],
                            row["hypothesis"],
                            row["label"],
                            row["split"],
                        )
                    )
    return pairs
