#!/usr/bin/env python
"""Train, export, quantize, calibrate and evaluate takediff's stance judge.

The work is done by ``takediff.training.stance`` (see its docstring for the pipeline and the
dev split); ``python scripts/train_judge.py --help`` lists the options.

Usage (from the repo root):
  python scripts/train_judge.py                 # full run, writes src/takediff/models/judge/
  python scripts/train_judge.py --limit 200 --out runs/smoke/judge   # smoke run
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from takediff.training.stance import main  # noqa: E402

if __name__ == "__main__":
    main()
