#!/usr/bin/env python
"""Fit ``rules.antonyms``: which antonym list the explicit "opposite acts" check reads.

  python scripts/fit_rules.py --data-dir ../shared/data

Scores the judge stage (as ``compare`` runs it) on the claims of every 3-way NLI dev pair and
every RTE-3 dev pair, once with the model alone and once with the explicit checks per antonym
list (one model pass, ``takediff.evaluate.stage``), and prints the table. The list with the best
macro-F1 over both sets (to four places) wins; a tie goes to the list whose check made fewer
wrong contradictions, then to the earlier of ``ANTONYM_SOURCES`` (hand, wordnet, both, none): a
check that dev neither helps nor hurts stays on. Development splits only.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from takediff.evaluate import rte3, stage
from takediff.evaluate.metrics import classification
from takediff.evaluate.nli_data import NLI_LABELS, load_nli
from takediff.judge import ANTONYM_SOURCES
from takediff.pipeline import default_pipeline


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data-dir", type=Path, default=Path("../shared/data"))
    ap.add_argument("--limit", type=int, default=0, help="first N pairs of each set (smoke)")
    args = ap.parse_args()
    nli = load_nli(args.data_dir, "dev", kinds=("nli3",))
    rte = rte3.load_pairs(args.data_dir)
    if args.limit:
        nli, rte = nli[: args.limit], rte[: args.limit]
    pairs = [(p.premise, p.hypothesis) for p in nli] + [(p.premise, p.hypothesis) for p in rte]
    gold = [p.label for p in nli] + [p.label for p in rte]
    out = stage.readings(pairs, default_pipeline(), ANTONYM_SOURCES)
    print(f"Judge stage on {len(nli)} NLI dev + {len(rte)} RTE-3 dev pairs\n")
    print("| reading | macro-F1 | contradiction recall | antonym check: fired / right |")
    print("|---|---|---|---|")
    scored = []
    for name, labels in out.labels.items():
        rep = classification(gold, labels, NLI_LABELS)
        fired = out.fired.get(name, [])
        ant = [g for r, g in zip(fired, gold, strict=False) if r == "antonym"]
        right = sum(g == "contradiction" for g in ant)
        recall = rep.recall[NLI_LABELS.index("contradiction")]
        print(f"| {name} | {rep.macro_f1:.4f} | {recall:.4f} | {len(ant)} / {right} |")
        if name != stage.MODEL_ONLY:
            source = name.rsplit(": ", 1)[1]
            rank = -ANTONYM_SOURCES.index(source)
            scored.append((round(rep.macro_f1, 4), -(len(ant) - right), rank, source))
    best = max(scored)[3]
    print(f"\nrules.antonyms = {best!r}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
