"""Reading ../shared/data/emergent: Emergent's training split (claim headline vs article headline).

Only the train file is there (the standard test split is kept out on purpose). Each row pairs a
claim's headline with one article's headline and that article's stance: ``for``, ``against`` or
``observing`` (reports the claim without taking a position).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from takediff.evaluate.data import require

FILE = Path("emergent") / "url-versions-2015-06-14-clean-train.csv"
STANCES: tuple[str, ...] = ("for", "against", "observing")


@dataclass(slots=True, frozen=True)
class EmergentRow:
    claim: str  # claimHeadline
    article: str  # articleHeadline
    stance: str  # articleHeadlineStance: for | against | observing


def load_rows(data_dir: Path) -> list[EmergentRow]:
    """Every row of the Emergent train file, in file order."""
    with require(data_dir / FILE).open(encoding="utf-8", newline="") as fh:
        return [
            EmergentRow(r["claimHeadline"], r["articleHeadline"], r["articleHeadlineStance"])
            for r in csv.DictReader(fh)
        ]
