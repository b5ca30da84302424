"""Speed of `compare`, measured in one run: cold vs warm, time by stage, and aligned judging
vs judging all pairs of claims.

    python -m bench.bench_compare            # prints Markdown tables for the README
    python -m bench.bench_compare --warm     # the seed-size warm median alone

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


def fifty_claim_accounts(n: int = 50) -> dict[str, str]:
    """Two accounts of ``n`` claims each, one per topic and number."""
    topics = (TOPICS * (n // len(TOPICS) + 1))[:n]
    a = " ".join(
        f"The council will raise spending on {t} by {i + 2} percent this year."
        for i, t in enumerate(topics)
    )
    b = " ".join(
        f"The mayor says {t} funding could perhaps grow by {i + 3} percent later."
        for i, t in enumerate(topics)
    )
    return {"Council": a, "Mayor": b}


def scaling(small: int = 5, factor: int = 10, runs: int = 5) -> None:
    """Warm time for accounts of ``small`` and ``factor`` × ``small`` claims, in one run."""
    import takediff

    rows = []
    for n in (small, small * factor):
        texts = fifty_claim_accounts(n)
        takediff.compare(texts)
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            report = takediff.compare(texts)
            times.append(time.perf_counter() - start)
        rows.append((n, report.meta["pairs_judged"], statistics.median(times)))
    print(f"\n## compare: cost in claims ({factor}× the claims, median of {runs})\n")
    print("| claims per party | pairs judged | seconds | ratio |\n|---|---|---|---|")
    for n, pairs, sec in rows:
        print(f"| {n} | {pairs} | {sec:.3f} | {sec / rows[0][2]:.1f}× |")


def warm_runs(n: int = 7) -> tuple[list[float], list[dict[str, float]]]:
    """The seed-size pair compared ``n`` times with the models loaded: seconds, stage times."""
    import takediff

    texts = {n: (EXAMPLES / f"{n}.txt").read_text(encoding="utf-8") for n in ("norland", "sudrea")}
    takediff.compare(texts)  # load models
    warm, stages = [], []
    for _ in range(n):
        start = time.perf_counter()
        report = takediff.compare(texts)
        warm.append(time.perf_counter() - start)
        stages.append(report.meta["timings_s"])
    return warm, stages


def main() -> None:
    import takediff
    from takediff.annotate import annotate
    from takediff.attribute import make_accounts
    from takediff.pipeline import default_pipeline
    from takediff.segment import load_nlp, segment

    if "--warm" in sys.argv:  # one line, to compare two checkouts in one run (see the README)
        warm, _ = warm_runs()
        print(f"warm median of {len(warm)}: {statistics.median(warm):.3f} s")
        return
    cold = cold_runs()
    warm, stages = warm_runs()
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

    scaling()

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
