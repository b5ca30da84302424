"""The server under load: `takediff serve --auth users` in one process, clients in another.

    python -m bench.load_test --clients 8 32 64 --requests 200 --attack   # the README's table
    python -m bench.load_test --clients 8 --requests 100 --max-queue 0     # the queue overflows
    python -m bench.load_test crash                               # SIGKILL mid-load, restart
    python -m bench.load_test parties --count 200                # one comparison, many parties

The server runs on 127.0.0.1 and a free port with a SQLite file in a temporary folder, with one
user made by `takediff users add`. The clients (httpx, asyncio) run in a second process with the
user's token and mix valid comparisons with oversized bodies (413), malformed bodies (422),
requests without a token (401) and reads of stored reports, bounded in count and in time.
``--attack`` runs each client count twice, idle and then with a third process attacking: 64
connections trickling request bodies without a token and 256 connections that never finish
their headers, each reopened as soon as the server drops it. Printed: a Markdown table of status
codes, errors (connection failures, and 5xx other than the intended 503), throughput, p50/p99
latency and the peak memory of the server with its worker processes; with ``--attack``, the
ratio of each attacked p99 to the idle one.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

#: Statuses the mix is meant to produce; anything else (and any 5xx but 503) is an error.
EXPECTED = {200, 201, 401, 404, 413, 422, 503}
SUBJECTS = ("The ferry", "The bridge", "The night market", "Platform four", "The west gate")
FIRM = ("will reopen on Friday", "reopened this morning", "will stay shut until June")
HEDGED = ("might reopen at some point", "could reopen if the inspection ends", "may stay shut")
KINDS = (
    "compare",
    "compare",
    "compare",
    "compare",
    "oversized",
    "malformed",
    "wrong_shape",
    "no_token",
)
READS = ("get_report", "get_page", "list", "unknown_id")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def rss_mib(pid: int) -> float:
    """Resident memory of a process and its children (the worker processes) in MiB (Linux),
    0 where /proc is missing."""
    total = 0.0
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1]) / 1024
        for task in Path(f"/proc/{pid}/task").iterdir():
            for child in (task / "children").read_text().split():
                total += rss_mib(int(child))
    except OSError:
        pass
    return total


@dataclass
class Server:
    """`takediff serve` as a child process: the same command a person runs."""

    db: Path
    max_queue: int = 8
    max_body: int = 65_536
    timeout_s: float = 120.0
    port: int = field(default_factory=free_port)
    proc: subprocess.Popen[bytes] | None = None
    auth: bool = True
    token: str = ""

    @property
    def log(self) -> Path:
        """The server's stderr (uvicorn's access log): a file, so a full pipe never blocks it."""
        return self.db.with_suffix(".log")

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, wait_s: float = 180.0) -> Server:
        import httpx

        cmd = [
            sys.executable,
            "-m",
            "takediff.cli",
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(self.port),
            "--db",
            str(self.db),
            "--max-body-bytes",
            str(self.max_body),
            "--max-queue",
            str(self.max_queue),
            "--timeout",
            str(self.timeout_s),
        ]
        if self.auth:
            cmd += ["--auth", "users"]
            if not self.token:  # one user, made as a person would (kept across a restart)
                add = [sys.executable, "-m", "takediff.cli", "users", "add", "load"]
                made = subprocess.run(
                    [*add, "--db", str(self.db)], capture_output=True, text=True, check=True
                )
                self.token = made.stdout.strip()
        with self.log.open("ab") as log:
            self.proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=log)
        deadline = time.monotonic() + wait_s
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                err = self.log.read_text(errors="replace")[-2000:]
                raise RuntimeError(f"takediff serve exited with {self.proc.returncode}: {err}")
            try:
                if httpx.get(self.url + "/healthz", timeout=2).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"takediff serve did not answer on {self.url} in {wait_s:.0f} s")

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def kill(self) -> None:
        """SIGKILL: no shutdown, no flush, as a crash or the OOM killer would."""
        if self.proc is not None:
            self.proc.kill()
            self.proc.wait(timeout=30)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()

    def __enter__(self) -> Server:
        return self if self.alive() else self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def account(rng: random.Random, firm: bool) -> str:
    subject = rng.choice(SUBJECTS)
    return (
        f"{subject} {rng.choice(FIRM if firm else HEDGED)}. Nobody was hurt, {rng.randint(1, 99)}."
    )


async def drive(
    url: str,
    clients: int,
    requests: int,
    seconds: float,
    max_body: int,
    token: str = "",
    only_compare: bool = False,
) -> dict:
    """The client side: ``clients`` workers share ``requests`` requests, stopping at
    ``seconds``; returns every request's kind, status (or error) and latency."""
    import httpx

    rng = random.Random(20240607)
    results: list[dict[str, Any]] = []
    ids: list[str] = []
    issued = 0
    deadline = time.monotonic() + seconds

    def next_kind() -> str | None:
        nonlocal issued
        if issued >= requests or time.monotonic() > deadline:
            return None
        issued += 1
        if only_compare:
            return "compare"
        if issued % 3 == 0:
            return READS[(issued // 3) % len(READS)]
        return KINDS[issued % len(KINDS)]

    async def one(client: httpx.AsyncClient, kind: str) -> None:
        start = time.perf_counter()
        status: int | None = None
        error = ""
        made = ""
        try:
            if kind == "compare":
                body = {"accounts": {"Harbour": account(rng, True), "Union": account(rng, False)}}
                r = await client.post("/compare", json=body)
                if r.status_code == 201:
                    ids.append(r.json()["id"])
                    made = ids[-1]
            elif kind == "oversized":
                big = {"accounts": {"A": "word " * (max_body // 4), "B": "Other words."}}
                r = await client.post("/compare", json=big)
            elif kind == "malformed":
                r = await client.post(
                    "/compare",
                    content=b'{"accounts": {"A": "unclosed',
                    headers={"content-type": "application/json"},
                )
            elif kind == "wrong_shape":
                r = await client.post("/compare", json={"accounts": {"A": 1, "B": [2]}})
            elif kind == "no_token":
                body = {"accounts": {"Harbour": account(rng, True), "Union": account(rng, False)}}
                r = await client.post("/compare", json=body, headers={"authorization": ""})
            elif kind in ("get_report", "get_page") and ids:
                path = "/api/reports/" if kind == "get_report" else "/r/"
                r = await client.get(path + rng.choice(ids))
            elif kind == "list":
                r = await client.get("/api/reports", params={"limit": 20})
            else:  # unknown_id, or a read before anything was stored
                r = await client.get("/api/reports/" + "A" * 22)
            status = r.status_code
            if status == 503 and "retry-after" not in r.headers:
                error = "503 without Retry-After"
        except httpx.HTTPError as exc:
            error = f"{kind}: {type(exc).__name__}: {exc}"[:200]
        results.append(
            {
                "kind": kind,
                "status": status,
                "error": error,
                "latency_s": time.perf_counter() - start,
                "id": made,
            }
        )

    async def worker(client: httpx.AsyncClient) -> None:
        while (kind := next_kind()) is not None:
            await one(client, kind)

    started = time.perf_counter()
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    timeout = httpx.Timeout(seconds + 30)
    headers = {"authorization": f"Bearer {token}"} if token else {}
    async with httpx.AsyncClient(
        base_url=url, limits=limits, timeout=timeout, headers=headers
    ) as client:
        await asyncio.gather(*(worker(client) for _ in range(clients)))
    return {"results": results, "wall_s": time.perf_counter() - started}


SLOW_HEAD = (
    b"POST /compare HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
    b'Content-Length: 100000\r\n\r\n{"accounts": {"A": "The pier'
)
HALF_HEAD = b"POST /compare HTTP/1.1\r\nHost: 127.0.0.1\r\n"


async def attack(url: str, seconds: float, slow_bodies: int = 64, half_headers: int = 256) -> dict:
    """Hostile connections for ``seconds`` or until SIGTERM: ``slow_bodies`` trickling a body
    without a token, ``half_headers`` trickling header lines that never end; each reopened when
    dropped. Returns the answers they got, by status line ("dropped": closed without one)."""
    import signal

    host, port = url.rsplit("//", 1)[1].rsplit(":", 1)
    end = time.monotonic() + seconds
    stopped = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stopped.set)
    seen: Counter[str] = Counter()

    def going() -> bool:
        return not stopped.is_set() and time.monotonic() < end

    async def hold(first: bytes, more: bytes) -> None:
        while going():
            try:
                reader, writer = await asyncio.open_connection(host, int(port))
                writer.write(first)
                await writer.drain()
                while going():
                    try:
                        data = await asyncio.wait_for(reader.read(4096), 1.0)
                    except TimeoutError:
                        writer.write(more)  # a byte or a line a second: slow, never done
                        await writer.drain()
                        continue
                    line = data.split(b"\r\n", 1)[0].decode("latin-1")
                    seen[line or "dropped"] += 1
                    break
                writer.close()
            except (OSError, ConnectionError):
                seen["connection failed"] += 1
                await asyncio.sleep(0.1)

    tasks = [hold(SLOW_HEAD, b" x") for _ in range(slow_bodies)]
    tasks += [hold(HALF_HEAD, b"X-Slow: y\r\n") for _ in range(half_headers)]
    await asyncio.gather(*tasks)
    return dict(seen)


@dataclass
class LoadResult:
    clients: int
    requests: int
    statuses: Counter[int]
    errors: list[str]
    wall_s: float
    p50_ms: float
    p99_ms: float
    compare_p50_ms: float
    peak_rss_mib: float
    healthy_after: bool
    max_queue: int
    attacked: dict[str, int] = field(default_factory=dict)

    @property
    def throughput(self) -> float:
        return self.requests / self.wall_s if self.wall_s else 0.0

    HEADER = (
        "| clients | attack | requests | status codes | errors | req/s | p50 ms | p99 ms | "
        "compare p50 ms | peak RSS MiB (server + worker) | healthy after |\n"
        "|---|---|---|---|---|---|---|---|---|---|---|"
    )

    def row(self) -> str:
        codes = ", ".join(f"{k}: {v}" for k, v in sorted(self.statuses.items()))
        hostile = (
            ", ".join(f"{k}: {v}" for k, v in sorted(self.attacked.items()))
            if self.attacked
            else "none"
        )
        return (
            f"| {self.clients} | {hostile} | {self.requests} | {codes} | {len(self.errors)} | "
            f"{self.throughput:.1f} | {self.p50_ms:.0f} | {self.p99_ms:.0f} | "
            f"{self.compare_p50_ms:.0f} | {self.peak_rss_mib:.0f} | "
            f"{'yes' if self.healthy_after else 'NO'} |"
        )

    def table(self) -> str:
        return self.HEADER + "\n" + self.row()


def percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def run_load(
    clients: int = 8,
    requests: int = 200,
    seconds: float = 120.0,
    max_queue: int = 8,
    max_body: int = 65_536,
    db: Path | None = None,
    hostile: bool = False,
) -> LoadResult:
    """Start a server, drive it from a second process (attacked from a third if ``hostile``),
    check it is still healthy, stop it."""
    import httpx

    with tempfile.TemporaryDirectory() as tmp:
        server = Server(db or Path(tmp) / "load.sqlite3", max_queue=max_queue, max_body=max_body)
        with server:
            assert server.proc is not None
            peak = rss_mib(server.proc.pid)
            attacker = None
            if hostile:
                attacker = subprocess.Popen(
                    [sys.executable, __file__, "attack", server.url, "--seconds", str(seconds)],
                    stdout=subprocess.PIPE,
                    text=True,
                )
                time.sleep(3.0)  # every hostile connection open before the clients start
            driver = subprocess.Popen(
                [
                    sys.executable,
                    __file__,
                    "drive",
                    server.url,
                    "--clients",
                    str(clients),
                    "--requests",
                    str(requests),
                    "--seconds",
                    str(seconds),
                    "--max-body",
                    str(max_body),
                    f"--token={server.token}",  # a token may start with "-"
                ],
                stdout=subprocess.PIPE,
                text=True,
            )
            hard_stop = time.monotonic() + seconds + 60
            while driver.poll() is None:
                peak = max(peak, rss_mib(server.proc.pid))
                if time.monotonic() > hard_stop:
                    driver.kill()
                    break
                time.sleep(0.1)
            out, _ = driver.communicate()
            attacked: dict[str, int] = {}
            if attacker is not None:
                attacker.terminate()
                hostile_out, _ = attacker.communicate(timeout=60)
                attacked = json.loads(hostile_out) if hostile_out.strip() else {"(killed)": 1}
            healthy = server.alive()
            try:
                healthy = healthy and httpx.get(server.url + "/healthz", timeout=10).is_success
            except httpx.HTTPError:
                healthy = False
    data = json.loads(out or '{"results": [], "wall_s": 0}')
    results = data["results"]
    errors = [
        r["error"] or f"{r['kind']}: unexpected status {r['status']}"
        for r in results
        if r["error"] or r["status"] not in EXPECTED
    ]
    latencies = [r["latency_s"] * 1000 for r in results]
    compares = [
        r["latency_s"] * 1000 for r in results if r["kind"] == "compare" and r["status"] == 201
    ]
    return LoadResult(
        clients=clients,
        requests=len(results),
        statuses=Counter(r["status"] for r in results if r["status"] is not None),
        errors=errors,
        wall_s=data["wall_s"],
        p50_ms=percentile(latencies, 0.5),
        p99_ms=percentile(latencies, 0.99),
        compare_p50_ms=percentile(compares, 0.5),
        peak_rss_mib=peak,
        healthy_after=healthy,
        max_queue=max_queue,
        attacked=attacked,
    )


def many_parties(count: int, seed: int = 7) -> dict[str, Any]:
    """One in-process comparison of ``count`` short accounts: seconds, claims, judged pairs."""
    import takediff

    rng = random.Random(seed)
    texts = {f"Witness {i}": account(rng, rng.random() < 0.5) for i in range(count)}
    takediff.compare(dict(list(texts.items())[:2]))  # models loaded before the clock starts
    start = time.perf_counter()
    report = takediff.compare(texts)
    return {
        "parties": count,
        "seconds": round(time.perf_counter() - start, 2),
        "claims": report.meta["claims"],
        "pairs_judged": report.meta["pairs_judged"],
        "topics": len(report.verdicts),
    }


def crash(clients: int = 8, requests: int = 80, seconds: float = 60.0) -> dict[str, Any]:
    """SIGKILL the server (and so its worker) while clients post comparisons, restart it on the
    same database, and read back every report whose 201 the clients got."""
    import httpx

    with tempfile.TemporaryDirectory() as tmp:
        server = Server(Path(tmp) / "crash.sqlite3")
        server.start()
        assert server.proc is not None
        driver = subprocess.Popen(
            [sys.executable, __file__, "drive", server.url, "--clients", str(clients)]
            + ["--requests", str(requests), "--seconds", str(seconds), f"--token={server.token}"]
            + ["--only-compare"],
            stdout=subprocess.PIPE,
            text=True,
        )
        time.sleep(5.0)  # clients mid-run
        server.kill()
        out, _ = driver.communicate(timeout=seconds + 60)
        results = json.loads(out)["results"]
        promised = [r["id"] for r in results if r["status"] == 201]
        restarted = Server(server.db, token=server.token).start()
        headers = {"authorization": f"Bearer {server.token}"}
        with httpx.Client(base_url=restarted.url, headers=headers, timeout=30) as c:
            readable = sum(c.get(f"/api/reports/{rid}").status_code == 200 for rid in promised)
            listed = {r["id"] for r in c.get("/api/reports", params={"limit": 500}).json()}
        restarted.stop()
    return {
        "requests": len(results),
        "201 before the kill": len(promised),
        "failed by the kill": sum(r["status"] is None for r in results),
        "readable after restart": readable,
        "listed after restart": len(listed & set(promised)),
        "lost": len(set(promised) - listed),
    }


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["drive"]:
        p = argparse.ArgumentParser(prog="load_test.py drive")
        p.add_argument("url")
        p.add_argument("--clients", type=int, default=8)
        p.add_argument("--requests", type=int, default=200)
        p.add_argument("--seconds", type=float, default=120.0)
        p.add_argument("--max-body", type=int, default=65_536)
        p.add_argument("--token", default="")
        p.add_argument("--only-compare", action="store_true")
        a = p.parse_args(argv[1:])
        out = asyncio.run(
            drive(a.url, a.clients, a.requests, a.seconds, a.max_body, a.token, a.only_compare)
        )
        json.dump(out, sys.stdout)
        return
    if argv[:1] == ["attack"]:
        p = argparse.ArgumentParser(prog="load_test.py attack")
        p.add_argument("url")
        p.add_argument("--seconds", type=float, default=120.0)
        a = p.parse_args(argv[1:])
        json.dump(asyncio.run(attack(a.url, a.seconds)), sys.stdout)
        return
    if argv[:1] == ["crash"]:
        outcome = crash()
        print("| " + " | ".join(outcome) + " |\n|" + "---|" * len(outcome))
        print("| " + " | ".join(str(v) for v in outcome.values()) + " |")
        sys.exit(1 if outcome["lost"] else 0)
    if argv[:1] == ["parties"]:
        p = argparse.ArgumentParser(prog="load_test.py parties")
        p.add_argument("--count", type=int, nargs="+", default=[25, 50, 100, 200])
        a = p.parse_args(argv[1:])
        print("| parties | seconds | claims | pairs judged | topics |\n|---|---|---|---|---|")
        for n in a.count:
            r = many_parties(n)
            print(f"| {n} | {r['seconds']} | {r['claims']} | {r['pairs_judged']} | {r['topics']} |")
        return
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--clients", type=int, nargs="+", default=[8])
    p.add_argument("--requests", type=int, default=200)
    p.add_argument("--seconds", type=float, default=120.0, help="stop issuing requests after")
    p.add_argument("--max-queue", type=int, default=8, help="the server's --max-queue")
    p.add_argument("--attack", action="store_true", help="also run each under attack")
    a = p.parse_args(argv)
    print(LoadResult.HEADER)
    failed = False
    ratios = []
    for clients in a.clients:
        idle = run_load(clients, a.requests, a.seconds, a.max_queue)
        print(idle.row(), flush=True)
        runs = [idle]
        if a.attack:
            hit = run_load(clients, a.requests, a.seconds, a.max_queue, hostile=True)
            print(hit.row(), flush=True)
            runs.append(hit)
            ratios.append((clients, hit.p99_ms / idle.p99_ms if idle.p99_ms else float("inf")))
        for run in runs:
            for error in run.errors[:10]:
                print("error:", error)
            failed = failed or bool(run.errors) or not run.healthy_after
    for clients, ratio in ratios:
        print(f"{clients} clients: p99 under attack / idle = {ratio:.2f}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
