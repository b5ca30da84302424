"""Reliability: bad input end to end, the server under load and over its limits, a kill -9.

The load tests start `takediff serve` as a child process (127.0.0.1, a free port, a SQLite file
in tmp) and drive it from a second process (bench.load_test), bounded in requests and time.
"""

from __future__ import annotations

import asyncio
import json
import sqlite3
import subprocess
import sys
import threading
import time
from dataclasses import replace
from pathlib import Path
from types import ModuleType

import pytest

import takediff
from takediff.errors import TakediffError

ROOT = Path(__file__).resolve().parents[1]
httpx = pytest.importorskip("httpx")
pytest.importorskip("fastapi", reason="the web app needs the 'web' extra")


def load_bench() -> ModuleType:
    from bench import load_test

    return load_test


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    return load_bench()


def test_load_small_no_errors(bench: ModuleType) -> None:
    result = bench.run_load(clients=4, requests=40, seconds=45, max_queue=8)
    print("\n" + result.table())
    assert result.requests == 40
    assert result.errors == [], result.errors  # no connection failure, no unexpected status
    assert result.healthy_after
    assert 503 not in result.statuses  # 4 clients never fill 1 worker + 8 places
    assert {201, 401, 413, 422, 200} <= set(result.statuses)  # 401: the requests without a token
    assert not any(s >= 500 for s in result.statuses)


def test_tiny_queue_answers_503_with_retry_after(bench: ModuleType) -> None:
    result = bench.run_load(clients=6, requests=30, seconds=45, max_queue=0)
    print("\n" + result.table())
    assert result.errors == [], result.errors  # every 503 carried Retry-After
    assert result.statuses[503] > 0 and result.statuses[201] > 0
    assert result.healthy_after
    assert not any(s >= 500 and s != 503 for s in result.statuses)


def test_kill_9_during_a_request_loses_no_stored_report(bench: ModuleType, tmp_path: Path) -> None:
    db = tmp_path / "reports.sqlite3"
    accounts = {"Harbour": "The pier will reopen on Friday.", "Union": "The pier may reopen."}
    first = bench.Server(db).start()
    headers = {"authorization": f"Bearer {first.token}"}
    with first, httpx.Client(base_url=first.url, timeout=120, headers=headers) as c:
        stored = c.post("/compare", json={"accounts": accounts}).json()
        page = c.get(f"/r/{stored['id']}").text
        long = {
            "A": " ".join(f"Road {i} will get {i} million before winter." for i in range(300)),
            "B": " ".join(f"Road {i} might get some money at some point." for i in range(300)),
        }
        outcome: dict[str, object] = {}

        def post_long() -> None:
            try:
                outcome["status"] = c.post("/compare", json={"accounts": long}).status_code
            except httpx.HTTPError as exc:
                outcome["error"] = exc

        worker = threading.Thread(target=post_long)
        worker.start()
        time.sleep(1.0)  # the long comparison is running
        first.kill()
        worker.join(timeout=60)
        assert "error" in outcome, outcome  # the client saw the crash; nothing was promised
    integrity = sqlite3.connect(db).execute("PRAGMA integrity_check").fetchone()[0]
    assert integrity == "ok"
    second = bench.Server(db, token=first.token).start()
    with second, httpx.Client(base_url=second.url, timeout=120, headers=headers) as c:
        again = c.get(f"/api/reports/{stored['id']}")
        assert again.status_code == 200 and again.json()["topics"] == stored["topics"]
        assert c.get(f"/r/{stored['id']}").text == page
        assert [r["id"] for r in c.get("/api/reports").json()] == [stored["id"]]
        assert c.post("/compare", json={"accounts": accounts}).status_code == 201


def _service(tmp_path: Path, **settings: object):  # type: ignore[no-untyped-def]
    from takediff.pipeline import Pipeline
    from takediff.web.service import Service
    from takediff.web.settings import Settings
    from takediff.web.store import ReportStore

    return Service(
        Settings(db_url=f"sqlite:///{tmp_path / 's.sqlite3'}", **settings),  # type: ignore[arg-type]
        ReportStore(f"sqlite:///{tmp_path / 's.sqlite3'}"),
        Pipeline(),  # never loaded: these tests run their own work on the service
    )


def test_service_queue_limit_and_timeouts(tmp_path: Path) -> None:
    """One worker, one place in the queue, a 0.5 s limit: 504 for the running comparison that
    overruns, 503 for the one that waited too long, 503 at once for the one with no place."""
    from takediff.web.errors import Refused

    service = _service(tmp_path, max_queue=1, timeout_s=0.5, isolation="thread")
    release = threading.Event()

    def slow(pipeline: object) -> str:
        release.wait(10)
        return "done"

    async def scenario() -> list[object]:
        async def attempt(delay: float) -> object:
            await asyncio.sleep(delay)
            try:
                return await service.run(slow)  # type: ignore[arg-type]
            except Refused as exc:
                return (exc.status_code, exc.code, (exc.headers or {}).get("Retry-After"))

        results = await asyncio.gather(attempt(0), attempt(0.05), attempt(0.1))
        assert service.running == 1  # in a thread, the overrun comparison holds its worker
        release.set()
        await asyncio.sleep(0.2)
        release.clear()
        threading.Timer(0.1, release.set).start()
        results.append(await service.run(slow))  # type: ignore[arg-type]
        return list(results)

    try:
        first, second, third, after = asyncio.run(scenario())
    finally:
        release.set()
        service.close()
    assert first[:2] == (504, "timeout")  # type: ignore[index]
    assert second[:2] == (503, "busy") and second[2]  # type: ignore[index]
    assert third[:2] == (503, "busy") and int(third[2]) >= 1  # type: ignore[index]
    assert after == "done" and service.running == 0 and service.waiting == 0


def sleeping_job(pipeline: object, seconds: float) -> str:
    """A job for a worker process (module level, so it pickles by name)."""
    time.sleep(seconds)
    return f"slept {seconds}"


def test_an_overrunning_comparison_is_stopped_and_its_worker_replaced(tmp_path: Path) -> None:
    """Process isolation: past the limit the worker process is killed (504), a fresh one takes
    the next job, and the server never waits for the overrun."""
    from takediff.web.errors import Refused

    service = _service(tmp_path, timeout_s=20.0, preload_models=False)
    try:
        first = service._processes[0]
        service.ready()
        old = first.process

        async def scenario() -> tuple[object, float, object]:
            service.settings = replace(service.settings, timeout_s=2.0)
            started = time.monotonic()
            try:
                await service.run(sleeping_job, 120.0)  # type: ignore[arg-type]
                outcome: object = "finished"
            except Refused as exc:
                outcome = (exc.status_code, exc.code)
            took = time.monotonic() - started
            service.settings = replace(service.settings, timeout_s=60.0)
            after = await service.run(sleeping_job, 0.01)  # type: ignore[arg-type]
            return outcome, took, after

        outcome, took, after = asyncio.run(scenario())
        assert outcome == (504, "timeout") and took < 20
        assert not old.is_alive() and old.exitcode is not None  # the overrun was ended
        assert first.process is not old and first.process.is_alive()
        assert after == "slept 0.01" and service.stopped == 1 and service.running == 0
    finally:
        service.close()


def run_cli(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "takediff.cli", *args], input=stdin, capture_output=True, timeout=300
    )


def test_cli_html_and_foreign_language_give_a_report_that_says_so(tmp_path: Path) -> None:
    page = tmp_path / "harbour.html"
    page.write_text(
        "<html><body><h1>Harbour</h1><p>The pier <b>will</b> reopen on Friday.</p>"
        "<script>alert(1)</script></body></html>",
        encoding="utf-8",
    )
    french = tmp_path / "port.txt"
    french.write_text(
        "La ministre a déclaré que le port ne rouvrira pas avant le printemps prochain.",
        encoding="latin-1",  # not UTF-8 either: detected and decoded
    )
    english = tmp_path / "union.txt"
    english.write_text("The union says the pier might reopen at some point.", encoding="utf-8")
    proc = run_cli("compare", str(page), str(french), str(english), "--format", "json")
    assert proc.returncode == 0, proc.stderr.decode()
    meta = json.loads(proc.stdout)["meta"]
    assert meta["formats"] == {"harbour": "html", "port": "text", "union": "text"}
    assert "extracted" in meta["offsets"]
    assert meta["languages"]["port"]["code"] == "fr" and meta["encodings"]["port"] != "utf-8"
    assert meta["languages"]["union"]["code"] == "en"
    language, encoding = meta["notices"]
    assert "port: French" in language
    # Latin-1 bytes are a guess between close code pages, and the report says so.
    assert f"port: read as {meta['encodings']['port']}" in encoding
    report = json.loads(proc.stdout)
    assert any("a déclaré que le port" in c["text"] for c in report["claims"])


def test_every_rendering_carries_the_language_notice() -> None:
    from takediff.render import render

    report = takediff.compare(
        {
            "Port": "La ministre a déclaré que le port ne rouvrira pas avant le printemps.",
            "Union": "The union says the pier might reopen at some point.",
        }
    )
    assert report.meta["languages"]["Port"]["code"] == "fr"
    assert "**Notice:** Not English \\(Port: French\\)" in render(report, "markdown")
    assert "Notice  Not English (Port: French)" in render(report, "text", color=False)
    assert '<p class="notice" role="note"><strong>Notice:</strong> Not English' in render(
        report, "html"
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"   \n\t \r\n", "empty"),
        (b"<html><body><script>x()</script></body></html>", "no visible text"),
        (b"\x89PNG\r\n\x1a\n" + bytes(200), "png"),
        (b"\x07\x08\x0e\x0f" * 40, "binary"),
    ],
)
def test_cli_refuses_bad_input_before_loading_models(
    tmp_path: Path, data: bytes, message: str
) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(data)
    good = tmp_path / "good.txt"
    good.write_text("The pier will reopen on Friday.", encoding="utf-8")
    start = time.perf_counter()
    proc = run_cli("compare", str(bad), str(good))
    err = proc.stderr.decode()
    assert proc.returncode == 2 and message in err.lower() and "Traceback" not in err
    assert time.perf_counter() - start < 30


def test_identical_accounts_agree_throughout() -> None:
    text = "The pier will reopen on Friday. Ships will dock at noon and cargo moves by Monday."
    report = takediff.compare({"North": text, "South": text})
    assert report.verdicts and {v.label for v in report.verdicts} == {"agree"}
    assert report.divergence == 0.0
    for v in report.verdicts:
        assert set(v.topic.parties) == {"North", "South"}
        for c in v.topic.claims:
            assert text[c.start : c.end] == c.text


def test_many_parties_finish_with_every_claim_in_one_topic(bench: ModuleType) -> None:
    """30 parties (the bench measures 25 to 200: `python -m bench.load_test parties`)."""
    import random

    rng = random.Random(11)
    texts = {f"Witness {i}": bench.account(rng, rng.random() < 0.5) for i in range(30)}
    start = time.perf_counter()
    report = takediff.compare(texts)
    assert time.perf_counter() - start < 120
    assert report.parties == tuple(texts)
    claims = [c.id for v in report.verdicts for c in v.topic.claims]
    assert len(claims) == len(set(claims)) == report.meta["claims"]
    assert {c.split("#")[0] for c in claims} == set(texts)


@pytest.mark.parametrize("count", [0, 1])
def test_fewer_than_two_parties_is_refused(count: int) -> None:
    with pytest.raises(TakediffError, match="at least two parties"):
        takediff.compare({f"P{i}": "The pier will reopen." for i in range(count)})
