#!/usr/bin/env python
"""The judge's cross-item ablation: does teaching "claims about different things never
contradict" pay on dev? Second-stage runs from the shipped judge (CPU, resumable: a finished
variant is read back, not retrained).

  pip install torch==2.13.0 && pip install -e ".[train]"
  python scripts/ablate_cross.py --out runs/cross            # about 10-15 minutes a variant
  python scripts/ablate_cross.py --out runs/cross --table    # print the table so far

Every variant starts from the shipped judge and trains one epoch on the same seeded replay of
the train splits (``--limit`` 3-way pairs, the other kinds at the same share); the variants
differ only in the cross-item pairs (``training.cross``) added to it. Each is scored on all 3-way
dev pairs (both directions) and on the dev probe: 1,000 random and 1,000 hard cross-item dev
pairs, the share read as contradiction in either direction. Nothing here reads a test split.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

#: name → training options beside the shared ones; the first is the reference.
VARIANTS: dict[str, list[str]] = {
    "replay only (reference)": [],
    "+ random cross pairs (neutral)": ["--cross-random", "4000"],
    "+ random + hard cross pairs": ["--cross-random", "4000", "--cross-hard", "4000"],
    "+ hard cross pairs only": ["--cross-hard", "4000"],
}
SHARED = ["--base", "shipped", "--epochs", "1", "--lr", "2e-5", "--kinds", "nli3,fact,nli2"]


def slug(name: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in name.lower()).strip("-")


def row(name: str, folder: Path) -> str:
    history = folder / "dev_history.jsonl"
    if not history.exists():
        return f"| {name} | — | — | — | — | — | — | (not run) |"
    dev = json.loads(history.read_text().splitlines()[-1])
    mnli = dev["by_source"].get("mnli_dev_matched", float("nan"))
    snli = dev["by_source"].get("snli_dev_test_esnli", float("nan"))
    probe = dev.get("cross_contradiction", {})
    return (
        f"| {name} | {dev['macro_f1']:.3f} | {dev['recall']['contradiction']:.3f} | "
        f"{mnli:.3f} | {snli:.3f} | {probe.get('random', float('nan')):.1%} | "
        f"{probe.get('hard', float('nan')):.1%} |"
    )


def table(out: Path, limit: int) -> str:
    lines = [
        f"Judge cross-item ablation: from the shipped judge, one epoch on a replay of {limit:,} "
        "3-way train pairs (other kinds at the same share); all 3-way dev pairs; dev probe",
        "",
        "| variant | dev macro-F1, both ways (argmax) | contradiction recall | MNLI's own pairs | "
        "SNLI's own pairs | probe: random cross pairs read as contradiction | "
        "probe: hard cross pairs |",
        "|---|---|---|---|---|---|---|",
        *(row(name, out / slug(name)) for name in VARIANTS),
    ]
    return "\n".join(lines)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", required=True)
    ap.add_argument("--data-dir", default="../shared/data")
    ap.add_argument("--limit", type=int, default=8_000)
    ap.add_argument("--only", default="", help="comma-separated variant numbers (1-based)")
    ap.add_argument("--table", action="store_true", help="print the table and stop")
    args = ap.parse_args()
    out = Path(args.out)
    if not args.table:
        chosen = {int(i) for i in args.only.split(",") if i} or set(range(1, len(VARIANTS) + 1))
        for k, (name, options) in enumerate(VARIANTS.items(), 1):
            folder = out / slug(name)
            if k not in chosen or (folder / "best" / "dev.json").exists():
                continue
            print(f"== {name}", file=sys.stderr, flush=True)
            # A process per variant: each keeps its own log file and torch state.
            command = [sys.executable, "-m", "takediff.training.nli", "--out", str(folder)]
            command += ["--data-dir", args.data_dir, "--limit", str(args.limit), *SHARED]
            subprocess.run([*command, *options], check=True)
    print(table(out, args.limit))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
