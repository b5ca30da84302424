#!/usr/bin/env python
"""The judge's ablation on the sets that matter most: the real readouts, the invented accounts
and the probe, with the same-matter reading on and off, and an earlier judge beside it.

  python scripts/ablate_judge.py                               # the shipped judge, reading on/off
  python scripts/ablate_judge.py --earlier /tmp/old_nli        # and an earlier judge's folder
  python scripts/ablate_judge.py --probe-limit 300             # a quicker probe

Each variant runs ``compare`` on every case of both benchmarks (scored as the benchmarks'
``score_keys.py`` scores) and ``takediff eval probe``; nothing is fitted here.
"""

from __future__ import annotations

import argparse
import json
from dataclasses import replace
from pathlib import Path

from takediff.evaluate import run
from takediff.models import OnnxNliModel
from takediff.pipeline import Pipeline
from takediff.settings import DEFAULT


def variants(earlier: Path | None) -> dict[str, Pipeline]:
    off = replace(DEFAULT, judge=replace(DEFAULT.judge, same_matter=False))
    out = {
        "shipped judge, same-matter reading on (what compare runs)": Pipeline(),
        "shipped judge, same-matter reading off": Pipeline(settings=off),
    }
    if earlier is not None:
        out[f"earlier judge ({earlier.name}), reading off"] = Pipeline(
            settings=off, judge=OnnxNliModel(earlier)
        )
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data-dir", default="../shared/data")
    ap.add_argument("--earlier", type=Path, help="an earlier NLI judge's folder")
    ap.add_argument("--probe-limit", type=int, default=None)
    ap.add_argument("--json", type=Path, help="also write the figures here")
    args = ap.parse_args()
    data = Path(args.data_dir)
    rows, figures = [], {}
    for name, pipe in variants(args.earlier).items():
        real = run("accounts", data.parent / "benchmarks" / "readouts", pipeline=pipe).result
        made = run("accounts", data, pipeline=pipe).result
        probe = run("probe", data, limit=args.probe_limit, pipeline=pipe).result
        r, m = real.total(), made.total()
        cross = {f"{c.source} {c.kind}": round(c.judge, 4) for c in probe.cross}
        folds = [
            (round(f.auc_agree, 2), round(f.auc_other, 2), round(f.other_contra, 4))
            for f in probe.folds
        ]
        figures[name] = {
            "readouts": r,
            "accounts": m,
            "cross": cross,
            "folds": folds,
            "null": round(probe.null_contra, 4),
        }
        rows.append(
            f"| {name} | {r['right']} / {r['items']}; {r['clash_right']} / {r['clash_items']}; "
            f"{r['split']}; {r['invented']} | {m['right']} / {m['items']}; {m['clash_right']} / "
            f"{m['clash_items']}; {m['invented']} | "
            + ", ".join(f"{k} {v:.1%}" for k, v in cross.items())
            + " | "
            + "; ".join(f"fold {i}: {a} / {o} / {c:.1%}" for i, (a, o, c) in enumerate(folds, 1))
            + f" | {probe.null_contra:.1%} |"
        )
        print(rows[-1], flush=True)
    print(
        "\n| judge | real readouts: items right; clash items; split; invented clashes | "
        "accounts: items right; clash items; invented | probe: cross-item pairs labelled "
        "contradiction | readouts folds: AUC vs agree/related / vs different matters / "
        "different-matter pairs labelled contradiction | null test: different calls |"
    )
    print("|---|---|---|---|---|---|")
    print("\n".join(rows))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
