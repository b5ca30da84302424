"""Latency of the JSON API against calling the library in-process, for the README's seed pair.

    python -m bench.bench_api [--requests 30] [--warmup 3]

Starts `takediff serve` in a subprocess on 127.0.0.1 and a free port, with a SQLite file in a
temporary folder, and times `POST /compare` over real HTTP (httpx, one connection, requests one
after another), taking turns with `takediff.compare` on the same texts in this process. Prints a
Markdown table; the ratio column is what to compare across machines.
"""

from __future__ import annotations

import argparse
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def interleaved(calls: dict[str, Callable[[], object]], n: int, warmup: int) -> dict[str, list]:
    """Time each call n times, taking turns, so a busy neighbour slows them all alike."""
    for _ in range(warmup):
        for fn in calls.values():
            fn()
    out: dict[str, list[float]] = {name: [] for name in calls}
    for _ in range(n):
        for name, fn in calls.items():
            start = time.perf_counter()
            fn()
            out[name].append(time.perf_counter() - start)
    return out


def start_server(db: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    cmd = [sys.executable, "-m", "takediff.cli", "serve", "--port", str(port), "--db", str(db)]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"takediff serve exited with {proc.returncode}")
        try:
            if httpx.get(url + "/healthz", timeout=1).status_code == 200:
                return proc, url
        except httpx.TransportError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("takediff serve did not start within 180 s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--warmup", type=int, default=3)
    args = parser.parse_args()
    texts = {
        name.capitalize(): (EXAMPLES / f"{name}.txt").read_text(encoding="utf-8")
        for name in ("norland", "sudrea")
    }
    import takediff

    with tempfile.TemporaryDirectory() as tmp:
        proc, url = start_server(Path(tmp) / "bench.sqlite3")
        try:
            with httpx.Client(base_url=url, timeout=120) as client:

                def post() -> str:
                    response = client.post("/compare", json={"accounts": texts})
                    response.raise_for_status()
                    return str(response.json()["id"])

                report_id = post()
                times = interleaved(
                    {
                        "`takediff.compare` in-process": lambda: takediff.compare(texts),
                        "in-process compare + `takediff.to_dict` + `takediff.to_html`": lambda: (
                            r := takediff.compare(texts),
                            takediff.to_dict(r),
                            takediff.to_html(r),
                        ),
                        "`POST /compare` over HTTP (compare, JSON, HTML page, SQLite row)": post,
                        "`GET /api/reports/{id}` (stored report, no models)": lambda: client.get(
                            f"/api/reports/{report_id}"
                        ).raise_for_status(),
                    },
                    args.requests,
                    args.warmup,
                )
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    rows = list(times.items())
    base = statistics.median(rows[0][1])
    chars = sum(len(t) for t in texts.values())
    print(
        f"Seed pair (examples/norland.txt + examples/sudrea.txt, {chars} characters), "
        f"{args.requests} requests after {args.warmup} warm-up, one at a time, the four kinds "
        "taking turns:\n"
    )
    print("| what | p50 ms | p90 ms | p50 / in-process compare |")
    print("|---|---|---|---|")
    for name, values in rows:
        p50, p90 = percentile(values, 0.5), percentile(values, 0.9)
        print(f"| {name} | {1000 * p50:.0f} | {1000 * p90:.0f} | {p50 / base:.2f}× |")


if __name__ == "__main__":
    main()
