"""FNC-1 pairs with their Body ID, for splits that are made by body (the judge's dev split).

``takediff.evaluate.fnc1.load_pairs`` reads any split (``"train"`` included) but returns
(headline, body, stance) tuples without the Body ID; this loader keeps it.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from takediff.evaluate.data import require


@dataclass(slots=True, frozen=True)
class Fnc1Pair:
    headline: str
    body: str
    body_id: int
    stance: str  # agree | disagree | discuss | unrelated


def load_pairs_with_ids(data_dir: Path, split: str = "train") -> list[Fnc1Pair]:
    """Rows of ``{split}_stances.csv`` in file order, joined with ``{split}_bodies.csv``."""
    folder = data_dir / "fnc1"
    with require(folder / f"{split}_bodies.csv").open(encoding="utf-8", newline="") as fh:
        bodies = {row["Body ID"]: row["articleBody"] for row in csv.DictReader(fh)}
    with require(folder / f"{split}_stances.csv").open(encoding="utf-8", newline="") as fh:
        return [
            Fnc1Pair(r["Headline"], bodies[r["Body ID"]], int(r["Body ID"]), r["Stance"])
            for r in csv.DictReader(fh)
        ]
