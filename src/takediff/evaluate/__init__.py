"""Evaluations as a library: ``run(name, data_dir, split=..., limit=...) -> EvalResult``.

Each evaluation is a module here with the same surface: ``SPLITS`` (the data set's own split
names, the default first), ``evaluate(data_dir, *, split, limit, seed, pipeline, ...)`` scoring the
whole split (or a seeded sample of ``limit`` items) with the Pipeline's models and settings, and
``table(result)``, the Markdown a person pastes into the README. The command line only prints.
"""

from __future__ import annotations

import importlib
import time
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from takediff.errors import UnknownName
from takediff.evaluate.data import check_split, require_dir

#: Every evaluation, in the order ``takediff eval all`` runs them.
EVALUATIONS: tuple[str, ...] = (
    "fnc1",
    "rte3",
    "nli",
    "probe",
    "claimdiff",
    "emergent",
    "commitmentbank",
    "factuality",
    "polnear",
    "basil",
    "grouping",
    "omissions",
    "accounts",
)
#: The classification evaluations, whose macro-F1 a floor can check.
CLASSIFICATIONS = frozenset({"fnc1", "rte3", "nli", "claimdiff", "emergent"})


@dataclass(slots=True, frozen=True)
class EvalResult:
    """What one evaluation measured: its module's result, and the figures every one has."""

    name: str
    split: str
    n: int  # items scored
    seconds: float  # the whole evaluation: every stage that ran, reading the data included
    macro_f1: float | None  # for the classification evaluations
    result: Any  # the module's own result object (Fnc1Result, Rte3Result, ...)

    @property
    def items_per_s(self) -> float:
        return self.n / self.seconds if self.seconds else 0.0

    def table(self) -> str:
        """The module's Markdown tables, then the throughput of the whole evaluation."""
        text: str = module(self.name).table(self.result)
        return (
            text.rstrip("\n")
            + f"\n\n{self.n} items of split '{self.split}' in {self.seconds:.1f} s: "
            f"{self.items_per_s:.1f} items/s, every stage included (2 cores).\n"
        )


def module(name: str) -> ModuleType:
    """The module that implements evaluation ``name``."""
    if name not in EVALUATIONS:
        raise UnknownName(f"unknown evaluation {name!r}; available: {', '.join(EVALUATIONS)}")
    return importlib.import_module(f"{__name__}.{name}")


def splits(name: str) -> tuple[str, ...]:
    """The split names evaluation ``name`` accepts, its default first."""
    found: tuple[str, ...] = module(name).SPLITS
    return found


def _count(result: Any) -> int:
    for attr in ("n", "articles"):
        if isinstance(getattr(result, attr, None), int):
            return int(getattr(result, attr))
    for attr in ("overall", "pooled"):  # the regression evaluations
        if hasattr(result, attr):
            return int(getattr(result, attr).n)
    return 0


def run(
    name: str,
    data_dir: Path,
    split: str | None = None,
    limit: int | None = None,
    *,
    seed: int = 0,
    pipeline: Any | None = None,
    **options: Any,
) -> EvalResult:
    """Run evaluation ``name`` on ``split`` (default: the data set's first) of the public data in
    ``data_dir``: every item, or a seeded sample of ``limit``."""
    mod = module(name)
    split = check_split(split or mod.SPLITS[0], mod.SPLITS)
    require_dir(data_dir)
    start = time.perf_counter()
    result = mod.evaluate(
        data_dir, split=split, limit=limit, seed=seed, pipeline=pipeline, **options
    )
    seconds = time.perf_counter() - start
    macro = float(result.report.macro_f1) if name in CLASSIFICATIONS else None
    return EvalResult(name, split, _count(result), seconds, macro, result)


__all__ = ["CLASSIFICATIONS", "EVALUATIONS", "EvalResult", "module", "run", "splits"]
