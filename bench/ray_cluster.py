"""`takediff corpus --engine ray` on a real Ray cluster on this machine: a head started with
`ray start --head` and a second node joined to it, the run joined through RAY_ADDRESS.

    python -m bench.ray_cluster [--records 150]

1. A synthetic corpus (no event ids) is compared by the local engine, one worker: the reference.
2. `ray start --head` and `ray start --address=...` (a second raylet, its own ports) make a
   two-node cluster; `ray status` must list both nodes.
3. The same corpus through `--engine ray --workers 2` with RAY_ADDRESS set: byte-identical to 1.
4. Again into a new output, and the second node's raylet is killed (SIGKILL) once the first
   parts are written. The run either finishes on the head or stops; it is rerun with the same
   command until complete, the killed node restarted first. The output must be byte-identical
   to 1: no event lost, none written twice.
The cluster is stopped at the end (`ray stop --force`), whatever happens.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from takediff.corpus.synth import synth_records, write_records

HEAD_PORT = 6390
NODE_MANAGER_PORT = 6395
RAY = str(Path(sys.executable).with_name("ray"))


#: Ray 2.5x on: a cluster started here uses token authentication (the token in ~/.ray), so
#: every process that joins it runs in that mode.
AUTH = {"RAY_AUTH_MODE": "token"}


def _sh(*cmd: str, env: dict[str, str] | None = None, check: bool = True) -> str:
    env = {**(env or os.environ), **AUTH}
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)
    if check and proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{proc.stderr[-2000:]}")
    return proc.stdout + proc.stderr


def _corpus(src: Path, out: Path, *args: str, env: dict[str, str] | None = None) -> int:
    cmd = [sys.executable, "-m", "takediff.cli", "corpus", str(src), "--out", str(out), *args]
    return subprocess.run(cmd, capture_output=True, text=True, env=env, check=False).returncode


def _start_node(address: str) -> None:
    _sh(RAY, "start", f"--address={address}", "--num-cpus=1", "--object-store-memory=200000000",
        f"--node-manager-port={NODE_MANAGER_PORT}", "--disable-usage-stats")  # fmt: skip


def _node_raylet() -> int | None:
    out = _sh("pgrep", "-f", f"raylet.*node_manager_port={NODE_MANAGER_PORT}", check=False)
    pids = [int(p) for p in out.split() if p.isdigit()]
    return pids[0] if pids else None


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--records", type=int, default=150)
    opts = ap.parse_args()
    address = f"127.0.0.1:{HEAD_PORT}"
    env = {**os.environ, **AUTH, "RAY_ADDRESS": address}
    with tempfile.TemporaryDirectory(prefix="takediff-ray-") as tmp:
        folder = Path(tmp)
        src = write_records(synth_records(opts.records, seed=4, event_ids=False),
                            folder / "news.jsonl")  # fmt: skip
        assert _corpus(src, folder / "local.jsonl", "--workers", "1") == 0, "local run failed"
        reference = (folder / "local.jsonl").read_bytes()
        try:
            _sh(RAY, "start", "--head", f"--port={HEAD_PORT}", "--num-cpus=1",
                "--object-store-memory=200000000", "--include-dashboard=false",
                "--disable-usage-stats")  # fmt: skip
            _start_node(address)
            time.sleep(3)
            status = _sh(RAY, "status", f"--address={address}")
            nodes = status.count("node_")
            print(f"cluster: {nodes} nodes alive (ray status)")
            started = time.perf_counter()
            rc = _corpus(src, folder / "ray.jsonl", "--engine", "ray", "--workers", "2", env=env)
            same = rc == 0 and (folder / "ray.jsonl").read_bytes() == reference
            print(f"cluster run: exit {rc}, {time.perf_counter() - started:.0f} s, "
                  f"output identical to the local run: {same}")  # fmt: skip
            # The kill test.
            out = folder / "killed.jsonl"
            cmd = [sys.executable, "-m", "takediff.cli", "corpus", str(src), "--out", str(out),
                   "--engine", "ray", "--workers", "2", "--batch-size", "2"]  # fmt: skip
            proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL,
                                    stderr=subprocess.PIPE, text=True)  # fmt: skip
            parts = Path(str(out) + ".takediff-state") / "parts"
            deadline = time.monotonic() + 600
            while proc.poll() is None and time.monotonic() < deadline:
                if parts.is_dir() and len(list(parts.iterdir())) >= 2:
                    break
                time.sleep(0.2)
            raylet = _node_raylet()
            killed = proc.poll() is None and raylet is not None
            if killed and raylet is not None:
                os.kill(raylet, signal.SIGKILL)
                written = len(list(parts.iterdir()))
                print(f"killed the second node's raylet (pid {raylet}) with {written} parts "
                      "written")  # fmt: skip
            first = proc.wait()
            print(f"the run with the kill: exit {first}")
            reruns = 0
            while first != 0 and reruns < 3:
                if _node_raylet() is None:
                    _start_node(address)
                reruns += 1
                first = subprocess.run(cmd, env=env, capture_output=True, text=True,
                                       check=False).returncode  # fmt: skip
                print(f"rerun {reruns}: exit {first}")
            intact = first == 0 and out.read_bytes() == reference
            print(f"after the kill{' and reruns' if reruns else ''}: output identical to the "
                  f"local run (no event lost or duplicated): {intact}")  # fmt: skip
            ok = same and killed and intact
        finally:
            _sh(RAY, "stop", "--force", check=False)
    print("ALL OK" if ok else "FAILED")
    raise SystemExit(0 if ok else 1)


if __name__ == "__main__":
    main()
