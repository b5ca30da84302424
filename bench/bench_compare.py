"""Speed of `compare`, measured in one run: cold vs warm, time by stage, and aligned judging
vs judging all pairs of claims.

    python -m bench.bench_compare            # prints Markdown tables for the README

Absolute seconds depend on the machine; the ratios are what to compare across machines.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
TOPICS = [
    "taxes",
    "schools",
    "roads",
    "hospitals",
    "water",
    "police",
    "parks",
    "trains",
    "housing",
    "energy",
]


def cold_runs(n: int = 3) -> list[float]:
    """Fresh interpreter each time: imports, model loading, one comparison, rendering."""
    cmd = [
        sys.executable,
        "-m",
        "takediff.cli",
        "compare",
        str(EXAMPLES / "norland.txt"),
        str(EXAMPLES / "sudrea.txt"),
        "--format",
        "json",
    ]
    out = []
    for _ in range(n):
        start = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True)
        out.append(time.perf_counter() - start)
    return out


def fifty_claim_accounts() -> dict[str, str]:
    a = " ".join(
        f"The council will raise spending on {t} by {i + 2} percent this year."
        for i, t in enumerate(TOPICS * 5)
    )
    b = " ".join(
        f"The mayor says {t} funding could perhaps grow by {i + 3} percent later."
        for i, t in enumerate(TOPICS * 5)
    )
    return {"Council": a, "Mayor": b}


def main() -> None:
    import takediff
    from takediff.annotate import annotate
    from takediff.attribute import make_accounts
    from takediff.pipeline import default_pipeline
    from takediff.segment import load_nlp, segment

    cold = cold_runs()
    texts = {n: (EXAMPLES / f"{n}.txt").read_text(encoding="utf-8") for n in ("norland", "sudrea")}
    takediff.compare(texts)  # load models
    warm, stages = [], []
    for _ in range(7):
        start = time.perf_counter()
        report = takediff.compare(texts)
        warm.append(time.perf_counter() - start)
        stages.append(report.meta["timings_s"])
    cold_med, warm_med = statistics.median(cold), statistics.median(warm)
    print("## compare: seed-size pair (examples/, two accounts of ~60 words)\n")
    print("| measure | seconds | ratio to warm |\n|---|---|---|")
    print(
        f"| cold (new process, median of {len(cold)}) | {cold_med:.2f} | "
        f"{cold_med / warm_med:.1f}× |"
    )
    print(f"| warm (models loaded, median of {len(warm)}) | {warm_med:.3f} | 1.0× |\n")
    print("| stage | share of warm time |\n|---|---|")
    total = sum(statistics.median(s[k] for s in stages) for k in stages[0])
    for key in stages[0]:
        med = statistics.median(s[key] for s in stages)
        print(f"| {key} | {100 * med / total:.0f}% |")

    print("\n## judge: aligned pairs vs all pairs, two 50-claim accounts\n")
    pipeline = default_pipeline()  # the one compare() uses: its judge and relatedness model
    print(f"Judge: {pipeline.judge_model.name}.\n")
    nlp = load_nlp()
    claims = [
        c for acc in make_accounts(fifty_claim_accounts()) for c in annotate(segment(acc, nlp))
    ]
    report = takediff.compare(fifty_claim_accounts())
    start = time.perf_counter()
    report = takediff.compare(fifty_claim_accounts())
    full_pipeline = time.perf_counter() - start
    aligned_pairs = report.meta["pairs_judged"]
    a = [c for c in claims if c.party == "Council"]
    b = [c for c in claims if c.party == "Mayor"]
    all_pairs = [(x, y) for x in a for y in b]
    start = time.perf_counter()
    pipeline.judge(all_pairs)
    all_time = time.perf_counter() - start
    print("| approach | claim pairs judged | seconds | ratio |\n|---|---|---|---|")
    print(
        f"| takediff compare (align, then judge best matches) | {aligned_pairs} | "
        f"{full_pipeline:.2f} | 1.0× |"
    )
    print(
        f"| judge all pairs (judge stage alone) | {len(all_pairs)} | {all_time:.2f} | "
        f"{all_time / full_pipeline:.1f}× slower |"
    )


if __name__ == "__main__":
    main()
