#!/usr/bin/env python
"""Fit the only-here share (``corpus.only_here_share``) on BASIL's dev events.

  python scripts/fit_only_here.py --data-dir ../shared/data

1. Each dev event (48 of BASIL's 100; SHA-1 of the triplet id, first hex digit even) is compared
   once, the outlet as the party, as ``takediff eval omissions`` compares it.
2. For each share of ``GRID``, the claims whose share of words that no other outlet's article
   uses is at least that are scored against the informational-bias spans (precision, recall,
   F1, as ``eval omissions`` scores them); the embedding baseline at each cosine of
   ``omissions.NEAR`` is printed beside them for the same events.
3. The share with the best F1 is the setting (printed last, to copy into
   ``takediff/settings.py``). The test events are never read: ``eval omissions --split test``
   reports it there.
"""

from __future__ import annotations

import argparse
from collections import defaultdict
from pathlib import Path

from takediff.evaluate import omissions
from takediff.pipeline import default_pipeline

GRID = (0.2, 0.3, 0.4, 0.5, 0.6, 0.7)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    ap.add_argument("--data-dir", type=Path, default=Path("../shared/data"))
    ap.add_argument("--limit", type=int, default=None, help="a seeded sample of N dev events")
    args = ap.parse_args()
    pipeline = default_pipeline()
    rows = list(omissions.compared(args.data_dir, "dev", args.limit, 0, pipeline))
    print(f"{len(rows)} dev events, {sum(len(a) for a, _ in rows)} articles\n")
    print("| method | predicted | precision | recall | F1 |\n|---|---|---|---|---|")
    scores: dict[float, float] = {}
    for share in GRID:
        c: dict[str, omissions.Counts] = defaultdict(omissions.Counts)
        for arts, row in rows:
            omissions._score(c, arts, omissions.only_here_claims(arts, row, share))
        a = c["all"]
        scores[share] = a.f1
        print(f"| share >= {share} | {a.predicted} | {a.precision:.3f} | {a.recall:.3f} | "
              f"{a.f1:.3f} |")  # fmt: skip
    nearest = [omissions.nearest_other(row, pipeline) for _, row in rows]  # embedded once
    for near in omissions.NEAR:
        c = defaultdict(omissions.Counts)
        for (arts, _), (flat, best) in zip(rows, nearest, strict=True):
            omissions._score(c, arts, omissions.far_claims(flat, best, near))
        a = c["all"]
        print(f"| cosine < {near} | {a.predicted} | {a.precision:.3f} | {a.recall:.3f} | "
              f"{a.f1:.3f} |")  # fmt: skip
    best = max(GRID, key=lambda s: (scores[s], s))
    print(f"\nCorpusSettings (copy into takediff/settings.py):\n  only_here_share = {best}")


if __name__ == "__main__":
    main()
