"""Where events are compared: in this process, in a pool of processes, or on Ray Data.

Every engine maps a stream of EventTasks to their rows *in the order given*, pulling tasks only
as capacity frees up (so memory stays bounded), and each worker loads the models once.
"""

from __future__ import annotations

import logging
import os
import pickle
import threading
import time
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from itertools import islice
from multiprocessing import get_context
from typing import Any

from takediff.corpus.event_report import compare_event, load_pipeline
from takediff.corpus.grouping import EventTask
from takediff.errors import MissingExtra, UnsupportedFormat
from takediff.pipeline import Pipeline

Row = dict[str, Any]


@dataclass(slots=True, frozen=True)
class EngineOptions:
    workers: int = 1
    batch_size: int = 8
    full: bool = False
    max_chars: int = 1_000_000
    outlets: bool = False  # a record's party is the outlet of a news article


class InlineEngine:
    """One worker: this process."""

    def __init__(self, options: EngineOptions) -> None:
        self.options = options
        self._pipeline: Pipeline | None = None

    def map(self, tasks: Iterator[EventTask]) -> Iterator[Row]:
        for task in tasks:
            if self._pipeline is None:
                self._pipeline = load_pipeline(self.options.max_chars)
            yield compare_event(
                task, self._pipeline, full=self.options.full, outlets=self.options.outlets
            )

    def close(self) -> None:
        pass


# -- a pool of processes ------------------------------------------------------------------------
_WORKER: dict[str, Any] = {}


def _watch_parent(parent: int) -> None:
    """A worker whose parent died (kill -9) exits instead of lingering."""
    while True:
        time.sleep(1.0)
        if os.getppid() != parent:
            os._exit(1)


def _init_worker(parent: int, options: EngineOptions) -> None:
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()
    _WORKER["pipeline"] = load_pipeline(options.max_chars)
    _WORKER["options"] = options


def _ready() -> None:
    pass


def _work(task: EventTask) -> Row:
    opts: EngineOptions = _WORKER["options"]
    return compare_event(task, _WORKER["pipeline"], full=opts.full, outlets=opts.outlets)


class PoolEngine:
    """N worker processes (spawned, so nothing is shared by fork); each loads the models once."""

    def __init__(self, options: EngineOptions) -> None:
        self.options = options
        self._pool = ProcessPoolExecutor(
            max_workers=options.workers,
            mp_context=get_context("spawn"),
            initializer=_init_worker,
            initargs=(os.getpid(), options),
        )
        # Start every worker now, so they load their models while the main process groups the
        # first records (the pool would otherwise start them only when the first event closes).
        for _ in range(options.workers):
            self._pool.submit(_ready)

    def map(self, tasks: Iterator[EventTask]) -> Iterator[Row]:
        limit = 2 * self.options.workers + self.options.batch_size
        queue: deque[Future[Row]] = deque()
        it = iter(tasks)

        def fill() -> None:
            while len(queue) < limit and (task := next(it, None)) is not None:
                queue.append(self._pool.submit(_work, task))

        fill()
        while queue:
            row = queue.popleft().result()
            fill()
            yield row

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


# -- Ray Data -----------------------------------------------------------------------------------
class RayComparer:
    """The callable class Ray Data's ``map_batches`` runs: models load once per actor."""

    def __init__(self, full: bool, max_chars: int, outlets: bool = False) -> None:
        self.pipeline = load_pipeline(max_chars)
        self.full = full
        self.outlets = outlets

    def __call__(self, batch: dict[str, Any]) -> dict[str, Any]:
        import json

        import numpy as np

        rows = []
        for blob in batch["task"]:
            task: EventTask = pickle.loads(blob)
            row = compare_event(task, self.pipeline, full=self.full, outlets=self.outlets)
            rows.append(json.dumps(row))
        return {"i": batch["i"], "row": np.array(rows, dtype=object)}


class RayEngine:
    """Ray Data on a local Ray (or the cluster at $RAY_ADDRESS): waves of events, each a Dataset
    mapped by ``map_batches`` over an actor pool of ``workers`` RayComparers."""

    def __init__(self, options: EngineOptions) -> None:
        try:
            import ray
            import ray.data
        except ImportError as exc:
            raise MissingExtra("the Ray engine needs Ray: pip install 'takediff[ray]'") from exc
        self.options = options
        self._ray = ray
        if not ray.is_initialized():
            address = os.environ.get("RAY_ADDRESS") or None
            kwargs: dict[str, Any] = {"include_dashboard": False, "log_to_driver": False}
            if address is None:
                kwargs["num_cpus"] = options.workers
            ray.init(address=address, logging_level=logging.WARNING, **kwargs)
            self._started = True
        else:
            self._started = False
        ctx = ray.data.DataContext.get_current()
        ctx.enable_progress_bars = False
        ctx.execution_options.preserve_order = True
        logging.getLogger("ray.data").setLevel(logging.WARNING)
        #: events per Dataset: actors (and their models) start once per wave, so waves are large
        self.wave = max(64, 16 * options.workers * options.batch_size)

    def map(self, tasks: Iterator[EventTask]) -> Iterator[Row]:
        import json

        import ray.data

        it = iter(tasks)
        while wave := list(islice(it, self.wave)):
            items = [{"i": i, "task": pickle.dumps(t)} for i, t in enumerate(wave)]
            ds = ray.data.from_items(items).map_batches(
                RayComparer,
                fn_constructor_kwargs={
                    "full": self.options.full,
                    "max_chars": self.options.max_chars,
                    "outlets": self.options.outlets,
                },
                batch_size=self.options.batch_size,
                compute=ray.data.ActorPoolStrategy(size=min(self.options.workers, len(wave))),
                batch_format="numpy",
            )
            got: dict[int, Row] = {}
            nxt = 0
            for out in ds.iter_rows():
                got[int(out["i"])] = json.loads(out["row"])
                while nxt in got:
                    yield got.pop(nxt)
                    nxt += 1

    def close(self) -> None:
        if self._started:
            self._ray.shutdown()


def make_engine(name: str, options: EngineOptions) -> InlineEngine | PoolEngine | RayEngine:
    if name == "ray":
        return RayEngine(options)
    if name != "local":
        raise UnsupportedFormat(f"unknown engine {name!r}: use local or ray")
    return InlineEngine(options) if options.workers <= 1 else PoolEngine(options)
