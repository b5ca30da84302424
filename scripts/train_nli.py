#!/usr/bin/env python
"""Train takediff's NLI judge and ship it into src/takediff/models/nli/ (CPU, resumable).

  pip install torch==2.13.0 && pip install -e ".[train]"
  python scripts/train_nli.py --out runs/nli          # train (resumes a stopped run), then ship
  python scripts/train_nli.py --out runs/nli --ship-only   # ship the best checkpoint so far
  python scripts/train_nli.py --out runs/nli-2 --base shipped --epochs 1 --lr 2e-5 \
      --limit 28000 --contrast 1500    # a second stage from the shipped judge (warm start)

Training options (epochs, sources, ...) are those of ``python -m takediff.training.nli --help``;
shipping exports fp32 ONNX and fits the temperature and thresholds on the NLI dev pairs.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from takediff.training import nli, nli_ship

REPO = Path(__file__).resolve().parents[1]


def main() -> None:
    ap = argparse.ArgumentParser(add_help=False)
    ap.add_argument("--out", required=True)
    ap.add_argument("--data-dir", default="../shared/data")
    ap.add_argument("--ship-to", default=str(REPO / "src" / "takediff" / "models" / "nli"))
    ap.add_argument("--ship-only", action="store_true")
    known, rest = ap.parse_known_args()
    if not known.ship_only:
        nli.main(["--out", known.out, "--data-dir", known.data_dir, *rest])
    nli_ship.main(["--run", known.out, "--out", known.ship_to, "--data-dir", known.data_dir])


if __name__ == "__main__":
    sys.exit(main())
