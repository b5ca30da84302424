"""A comparison in a process of its own, so one that overruns the server's limit can be ended.

A thread cannot be stopped: a comparison past its time limit used to run on, holding the only
worker while everyone else got 503. Here each worker is a child process (``spawn``: no forked
copies of the parent's threads) with its own ``Pipeline``; it loads the models once, then runs
jobs sent over a pipe. ``kill()`` ends it mid-job and starts a fresh one, which loads the
models again (about ten seconds on two cores) before it takes the next job.

A job is a module-level function and its arguments, so it pickles by name: ``compare_job`` and
``article_job`` are the two the server runs.
"""

from __future__ import annotations

import multiprocessing
import pickle
import threading
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any

from takediff.article import ARTICLE, note_merges, select
from takediff.language import detect
from takediff.pipeline import Pipeline
from takediff.types import Document, Report

Job = Callable[..., Report]


class WorkerGone(RuntimeError):
    """The worker process ended before it answered (killed for overrunning, or it crashed)."""


def warm_up(pipeline: Pipeline) -> Pipeline:
    """Load the pipeline's models and the language identifier now, before the first request."""
    pipeline.load()
    detect("The models and the language identifier load once, before the first request.")
    return pipeline


def compare_job(
    pipeline: Pipeline,
    texts: dict[str, str | Document],
    reports: Sequence[str],
    news: bool = False,
) -> Report:
    # Keywords only when given: a Pipeline subclass written before them keeps working.
    if news:
        return pipeline.compare(texts, reports=list(reports), news=True)
    return pipeline.compare(texts, reports=list(reports)) if reports else pipeline.compare(texts)


class TooManyParties(Exception):
    """An article with more speakers than the server compares at once (``max_parties``)."""

    def __init__(self, count: int) -> None:
        super().__init__(count)
        self.count = count


def article_job(
    pipeline: Pipeline,
    text: str | Document,
    speakers: list[str] | None,
    with_article: bool,
    max_parties: int,
    merge: Sequence[tuple[str, str]] = (),
    automatic: bool = True,
) -> Report:
    analysis = pipeline.article(text, merge, automatic)
    accounts = select(analysis.accounts, speakers, with_article, analysis.merges)
    if len(accounts) > max_parties:
        raise TooManyParties(len(accounts))
    # The writer's voice reports what happened, as on the command line.
    deeds = [a.party for a in accounts if a.party == ARTICLE]
    report = pipeline.compare(accounts, reports=deeds) if deeds else pipeline.compare(accounts)
    note_merges(report.meta, analysis.merges)
    return report


def _child(conn: Connection, pipeline_bytes: bytes, preload: bool) -> None:
    """The worker's loop: load, say ready (with the models' names), then answer jobs."""
    pipeline: Pipeline = pickle.loads(pipeline_bytes)
    try:
        names = warm_up(pipeline).model_names() if preload else {}
    except BaseException as exc:  # the parent reports why the worker could not start
        conn.send(("failed", exc))
        return
    conn.send(("ready", names))
    while True:
        try:
            job, args = conn.recv()
        except EOFError:
            return  # the server went away
        try:
            conn.send(("ok", job(pipeline, *args)))
        except BaseException as exc:
            try:
                conn.send(("error", exc))
            except Exception:  # an exception that does not pickle: its words do
                conn.send(("error", RuntimeError(f"{type(exc).__name__}: {exc}")))


class ProcessWorker:
    """One child process; ``call`` runs a job in it (blocking: call it from a thread)."""

    def __init__(self, pipeline: Pipeline, preload: bool = True) -> None:
        self._bytes = pickle.dumps(pipeline)
        self._preload = preload
        self._lock = threading.Lock()
        self.models: dict[str, str] = {}
        self._start()

    def _start(self) -> None:
        context = multiprocessing.get_context("spawn")
        self._conn, child = context.Pipe()
        self.process: BaseProcess = context.Process(
            target=_child,
            args=(child, self._bytes, self._preload),
            daemon=True,
            name="takediff-worker",
        )
        self.process.start()
        child.close()
        self._ready = False

    def _wait_ready(self) -> None:
        if self._ready:
            return
        try:
            kind, value = self._conn.recv()
        except (EOFError, OSError):
            raise WorkerGone("the worker process ended while it loaded the models") from None
        if kind == "failed":
            raise value
        self.models = value
        self._ready = True

    def ready(self) -> dict[str, str]:
        """Wait until the models are loaded; their names by role."""
        with self._lock:
            self._wait_ready()
        return self.models

    def call(self, job: Job, args: tuple[Any, ...]) -> Report:
        """Run ``job(pipeline, *args)`` in the worker and return its report or raise its error;
        ``WorkerGone`` when the worker was killed meanwhile."""
        with self._lock:
            self._wait_ready()
            try:
                self._conn.send((job, args))
                kind, value = self._conn.recv()
            except (EOFError, OSError, BrokenPipeError):
                raise WorkerGone("the worker process ended before it answered") from None
        if kind == "error":
            raise value
        result: Report = value
        return result

    def kill(self) -> None:
        """End the worker now, mid-job if need be, and start a fresh one (a call waiting on the
        old one gets ``WorkerGone`` and lets go of the lock)."""
        self.process.kill()
        self.process.join(timeout=10)
        with self._lock:
            self._conn.close()
            self._start()

    def close(self) -> None:
        self.process.kill()
        self.process.join(timeout=10)
        self._conn.close()
