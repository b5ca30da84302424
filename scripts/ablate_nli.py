#!/usr/bin/env python
"""The NLI judge's training ablation at reduced scale: which sources and which augmentation
help on the dev split (CPU, resumable: finished variants are read back, not retrained).

  pip install torch==2.13.0 && pip install -e ".[train]"
  python scripts/ablate_nli.py --out runs/ablate             # about 6 minutes a variant
  python scripts/ablate_nli.py --out runs/ablate --table     # print the table so far

Every variant trains one epoch on the same seeded share of the 3-way train pairs (``--limit``;
the other kinds keep the full run's share) and is scored on all 3-way dev pairs, both
directions, by the training's own dev report; nothing here reads a test split.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

#: name → training options beside the shared ones; the first is the reference.
VARIANTS: dict[str, list[str]] = {
    "3-way, both reversals (reference)": ["--kinds", "nli3"],
    "+ rule-made contrast pairs (300 a rule)": ["--kinds", "nli3", "--contrast", "300"],
    "+ perspectrum stance": ["--kinds", "nli3,stance"],
    "+ fact (FEVER-NLI)": ["--kinds", "nli3,fact"],
    "+ 2-way sets": ["--kinds", "nli3,nli2"],
    "3-way, no reversed pairs": ["--kinds", "nli3", "--no-swap", "--no-reverse"],
    "+ fact + 2-way (shipped recipe)": ["--kinds", "nli3,fact,nli2"],
    "3-way, reversed contradictions only": ["--kinds", "nli3", "--no-reverse"],
}


def slug(name: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in name.lower()).strip("-")


def row(name: str, folder: Path) -> str:
    history = folder / "dev_history.jsonl"
    if not history.exists():
        return f"| {name} | — | — | — | — | (not run) |"
    dev = json.loads(history.read_text().splitlines()[-1])
    mnli = dev["by_source"].get("mnli_dev_matched", float("nan"))
    return (
        f"| {name} | {dev['macro_f1']:.3f} | {dev['forward_macro_f1']:.3f} | "
        f"{dev['recall']['contradiction']:.3f} | {mnli:.3f} | "
        f"{min(dev['by_source'].values()):.3f} |"
    )


def table(out: Path, limit: int) -> str:
    lines = [
        f"NLI judge ablation: one epoch on {limit:,} 3-way train pairs (other kinds at the same "
        "share), all 3-way dev pairs",
        "",
        "| variant | dev macro-F1, both ways (argmax) | forward only | contradiction recall | "
        "MNLI's own pairs | weakest source |",
        "|---|---|---|---|---|---|",
        *(row(name, out / slug(name)) for name in VARIANTS),
    ]
    return "\n".join(lines)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", required=True)
    ap.add_argument("--data-dir", default="../shared/data")
    ap.add_argument("--limit", type=int, default=14_000)
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
            command += ["--data-dir", args.data_dir, "--epochs", "1", "--limit", str(args.limit)]
            subprocess.run([*command, *options], check=True)
    print(table(out, args.limit))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
