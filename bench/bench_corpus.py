"""`takediff corpus` at scale, measured in one run: records/s by engine and worker count, and
time and peak memory at 1x and 10x the corpus (memory should stay flat, time grow linearly).

    python -m bench.bench_corpus                 # 1x = 200 records; prints Markdown tables
    python -m bench.bench_corpus --records 100 --no-ray

The corpus is synthetic (takediff.corpus.synth: events of two or three parties, some as news
articles quoting two people), without event ids, so the grouping runs as well. Every run is a
fresh `takediff corpus` process; its wall time includes start-up (each worker loads the models).
Peak memory is the largest sum of RSS over the process tree (the CLI, its workers and, for Ray,
its daemons), sampled every 0.1 s from /proc (Linux); shared model pages count once per process.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from takediff.corpus.synth import synth_records, write_records

ROOT = Path(__file__).resolve().parents[1]


def _children() -> dict[int, list[int]]:
    kids: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            kids.setdefault(ppid, []).append(int(entry))
    return kids


def tree_rss(pid: int) -> dict[int, int]:
    """Bytes of resident memory of ``pid`` and each of its descendants."""
    kids, out, todo = _children(), {}, [pid]
    while todo:
        p = todo.pop()
        todo.extend(kids.get(p, []))
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    out[p] = int(line.split()[1]) * 1024
        except OSError:
            pass
    return out


@dataclass
class Run:
    label: str
    records: int
    events: int
    seconds: float
    peak_rss: int
    steady_rss: int
    quarters: list[int]  # RSS 25, 50, 75 and 95% of the way through the run

    @property
    def rate(self) -> float:
        return self.records / self.seconds


def run(src: Path, out: Path, label: str, *args: str) -> Run:
    cmd = [sys.executable, "-m", "takediff.cli", "corpus", str(src), "--out", str(out), *args]
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    peak, samples = 0, []
    while proc.poll() is None:
        rss = tree_rss(proc.pid)
        peak = max(peak, sum(rss.values()))
        samples.append(sum(rss.values()))
        time.sleep(0.1)
    # the typical footprint: the median over the second half of the run (models loaded)
    steady = sorted(samples[len(samples) // 2 :])[len(samples[len(samples) // 2 :]) // 2]
    quarters = [samples[len(samples) * q // 20] for q in (5, 10, 15, 19)]
    seconds = time.perf_counter() - started
    err = proc.stderr.read() if proc.stderr else ""
    if proc.returncode != 0:
        raise SystemExit(f"{label} failed ({proc.returncode}):\n{err[-3000:]}")
    with out.open() as fh:
        events = sum(1 for _ in fh)
    with src.open() as fh:
        records = sum(1 for _ in fh)
    print(f"  {label}: {records} records, {events} events, {seconds:.1f} s", file=sys.stderr)
    return Run(label, records, events, seconds, peak, steady, quarters)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--records", type=int, default=200, help="records at 1x")
    ap.add_argument("--scale", type=int, default=10, help="the large corpus is this many times 1x")
    ap.add_argument("--no-ray", action="store_true", help="skip the Ray engine")
    opts = ap.parse_args()
    try:
        import ray  # noqa: F401

        has_ray = not opts.no_ray
    except ImportError:
        has_ray = False
    with tempfile.TemporaryDirectory(prefix="takediff-bench-") as tmp:
        folder = Path(tmp)
        small = write_records(synth_records(opts.records, seed=1, event_ids=False),
                              folder / "x1.jsonl")  # fmt: skip
        large = write_records(synth_records(opts.records * opts.scale, seed=1, event_ids=False),
                              folder / f"x{opts.scale}.jsonl")  # fmt: skip
        tiny = write_records(synth_records(10, seed=1, event_ids=False), folder / "tiny.jsonl")
        runs = {
            "start-up": run(
                tiny, folder / "o0.jsonl", "start-up (10 records, 2 workers)", "--workers", "2"
            ),  # fmt: skip
            "w1": run(small, folder / "o1.jsonl", "local, 1 worker", "--workers", "1"),
            "w2": run(small, folder / "o2.jsonl", "local, 2 workers", "--workers", "2"),
        }
        if has_ray:
            runs["ray"] = run(small, folder / "o3.jsonl", "ray, 2 workers", "--engine", "ray",
                              "--workers", "2")  # fmt: skip
        runs["w2x"] = run(large, folder / "o4.jsonl", f"local, 2 workers, {opts.scale}x",
                          "--workers", "2")  # fmt: skip
        same = (folder / "o1.jsonl").read_bytes() == (folder / "o2.jsonl").read_bytes()
        if has_ray:
            same = same and (folder / "o3.jsonl").read_bytes() == (folder / "o1.jsonl").read_bytes()
    mb = 1 << 20
    print(f"### Throughput: {opts.records} records (1x), no event ids\n")
    print("| engine | wall s | records/s | events | peak RSS, process tree (MB) |")
    print("|---|---|---|---|---|")
    for key in ("w1", "w2", "ray"):
        if key in runs:
            r = runs[key]
            print(f"| {r.label} | {r.seconds:.1f} | {r.rate:.1f} | {r.events} | "
                  f"{r.peak_rss / mb:.0f} |")  # fmt: skip
    print(f"\nSame output from every engine: {'yes' if same else 'NO'}\n")
    s0, s1, s10 = runs["start-up"], runs["w2"], runs["w2x"]
    print(f"### Scale: 1x and {opts.scale}x, local, 2 workers\n")
    print("| corpus | records | events | wall s | s per 1,000 records after start-up | "
          "peak RSS (MB) | median RSS, 2nd half (MB) |")  # fmt: skip
    print("|---|---|---|---|---|---|---|")
    for name, r in (("start-up only", s0), ("1x", s1), (f"{opts.scale}x", s10)):
        per_k = (r.seconds - s0.seconds) / r.records * 1000 if r is not s0 else float("nan")
        per = "" if r is s0 else f"{per_k:.0f}"
        print(f"| {name} | {r.records} | {r.events} | {r.seconds:.1f} | {per} | "
              f"{r.peak_rss / mb:.0f} | {r.steady_rss / mb:.0f} |")  # fmt: skip
    growth = (s10.seconds - s0.seconds) / max(s1.seconds - s0.seconds, 1e-9)
    print(
        f"\n{opts.scale}x the records took {s10.seconds / s1.seconds:.1f}x the wall time "
        f"({growth:.1f}x after start-up); peak memory {s10.peak_rss / s1.peak_rss:.2f}x. "
        f"Memory during the {opts.scale}x run, at 25/50/75/95% of its time: "
        + " / ".join(f"{q / mb:.0f}" for q in s10.quarters)
        + " MB."
    )
    print(json.dumps({k: vars(v) for k, v in runs.items()}), file=sys.stderr)


if __name__ == "__main__":
    main()
