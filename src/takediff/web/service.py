"""Run a comparison off the event loop, render its page, keep it: what the API and pages share.

Admission control lives here. Comparisons run on ``settings.workers`` workers (one by default:
each comparison already uses every core); up to ``settings.max_queue`` more wait their turn, and
one more is refused at once with 503 and a Retry-After estimated from recent run times. A
request that waits past ``settings.timeout_s`` gets 503; one whose comparison runs past it gets
504, and the comparison is stopped: each worker is a process of its own (``worker.py``), ended
and started afresh. With ``settings.isolation`` "thread" (a pipeline that cannot be sent to
another process) a comparison that overran still finishes, holding its worker until then.
"""

from __future__ import annotations

import asyncio
import math
from collections import deque
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from starlette.concurrency import run_in_threadpool

from takediff.errors import DuplicateParty
from takediff.pipeline import Pipeline
from takediff.render.html import to_html
from takediff.report import to_dict
from takediff.types import Document, Report
from takediff.web.errors import BUSY, TIMEOUT, TOO_MANY_PARTIES, Refused
from takediff.web.rendering import page_links
from takediff.web.settings import Settings
from takediff.web.store import LOCAL, ReportStore, StoredReport, new_id, now
from takediff.web.worker import (
    Job,
    ProcessWorker,
    TooManyParties,
    article_job,
    compare_job,
    warm_up,
)


class Service:
    """Comparisons run in a worker, at most ``settings.workers`` at a time, with at most
    ``settings.max_queue`` waiting. ``pipeline`` runs them (its models load once per worker; its
    ``max_chars`` is the per-account limit)."""

    def __init__(self, settings: Settings, store: ReportStore, pipeline: Pipeline) -> None:
        self.settings = settings
        self.store = store
        self.pipeline = pipeline
        self.workers = max(1, settings.workers)
        self._gate = asyncio.Semaphore(self.workers)
        self._pool = ThreadPoolExecutor(self.workers, thread_name_prefix="takediff-compare")
        self._processes = (
            [ProcessWorker(pipeline, settings.preload_models) for _ in range(self.workers)]
            if settings.isolation == "process"
            else []
        )
        self._idle = list(self._processes)
        self.waiting = 0
        self.running = 0
        self.stopped = 0  # comparisons ended for running past the time limit
        self._durations: deque[float] = deque([1.0], maxlen=20)

    def ready(self) -> dict[str, str]:
        """Load the models (in every worker process, or here): their names by role."""
        if not self._processes:
            return warm_up(self.pipeline).model_names()
        return [worker.ready() for worker in self._processes][0]

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
        for worker in self._processes:
            worker.close()

    def retry_after(self) -> int:
        """Seconds until a place in the queue is likely free: the queue's length times the
        median of the last comparisons' run times, divided among the workers."""
        recent = sorted(self._durations)[len(self._durations) // 2]
        ahead = self.waiting + self.running
        return max(1, math.ceil(recent * max(ahead, 1) / self.workers))

    async def run(self, job: Job, *args: Any) -> Report:
        """Run ``job(pipeline, *args)`` in a worker under the queue limit and the timeout (see
        the module)."""
        limit = self.settings.timeout_s
        if self.waiting + self.running >= self.workers + self.settings.max_queue:
            raise Refused(
                BUSY,
                f"the server is busy: {self.running} comparison(s) running and {self.waiting} "
                f"waiting, the most it queues ({self.settings.max_queue}); try again later.",
                retry_after=self.retry_after(),
            )
        loop = asyncio.get_running_loop()
        deadline = loop.time() + limit
        self.waiting += 1
        try:
            await asyncio.wait_for(self._gate.acquire(), timeout=limit)
        except TimeoutError:
            raise Refused(
                BUSY,
                f"the server stayed busy for {limit:g} s while this request waited; try again.",
                retry_after=self.retry_after(),
            ) from None
        finally:
            self.waiting -= 1
        self.running += 1
        started = loop.time()
        worker = self._idle.pop() if self._processes else None
        if worker is not None:
            future = loop.run_in_executor(self._pool, worker.call, job, args)
        else:
            future = loop.run_in_executor(self._pool, job, self.pipeline, *args)

        def finished(done: asyncio.Future[Report]) -> None:
            self.running -= 1
            self._durations.append(loop.time() - started)
            if worker is not None:
                self._idle.append(worker)
            self._gate.release()
            if not done.cancelled():
                done.exception()  # retrieved here, so an abandoned failure is not logged as lost

        future.add_done_callback(finished)
        try:
            return await asyncio.wait_for(asyncio.shield(future), timeout=deadline - loop.time())
        except TimeoutError:
            if worker is not None:  # stopped: its process ends, a fresh one loads the models
                self.stopped += 1
                await loop.run_in_executor(None, worker.kill)
            raise Refused(
                TIMEOUT,
                f"the comparison took longer than this server's limit of {limit:g} s and was "
                "stopped; send shorter or fewer accounts.",
            ) from None
        except TooManyParties as many:
            self._check_parties(many.count)
            raise

    def _check_parties(self, count: int) -> None:
        if count > self.settings.max_parties:
            raise Refused(
                TOO_MANY_PARTIES,
                f"{count} parties in one request; this server compares at most "
                f"{self.settings.max_parties} at once (the judged pairs grow faster than the "
                "parties). Split them, or use the library or the command line.",
            )

    async def compare(
        self,
        accounts: Sequence[tuple[str, str | Document]],
        root: str = "",
        reports: Sequence[str] = (),
        owner: str = LOCAL,
        news: bool = False,
    ) -> StoredReport:
        """Compare (party, text) pairs; a name given twice is refused, not silently merged.
        ``reports``: parties whose accounts report what happened (``Pipeline.compare``);
        ``news``: the accounts are news articles, each a report unless ``reports`` names some."""
        names = [name.strip() for name, _ in accounts]
        dupes = sorted({n for n in names if names.count(n) > 1})
        if dupes:
            raise DuplicateParty(f"party name(s) {', '.join(dupes)} given more than once.")
        self._check_parties(len(names))
        texts = dict(zip(names, (text for _, text in accounts), strict=True))
        wanted = [name.strip() for name in reports] or (list(names) if news else [])
        report = await self.run(compare_job, texts, wanted, news)
        inputs: dict[str, Any] = {
            "accounts": [
                {"party": p, "text": t.text if isinstance(t, Document) else t}
                for p, t in texts.items()
            ]
        }
        if wanted:
            inputs["reports"] = wanted
        if news:
            inputs["news"] = True
        return await self._keep(report, "compare", inputs, root, owner)

    async def article(
        self,
        text: str | Document,
        speakers: list[str] | None,
        with_article: bool,
        root: str = "",
        owner: str = LOCAL,
        merge: Sequence[tuple[str, str]] = (),
        automatic: bool = True,
    ) -> StoredReport:
        """Split a news article into its parties' accounts and compare them (an uploaded
        file comes as a Document, with the encoding it was read in)."""

        report = await self.run(
            article_job,
            text,
            speakers,
            with_article,
            self.settings.max_parties,
            tuple(merge),
            automatic,
        )
        words = text.text if isinstance(text, Document) else text
        inputs: dict[str, Any] = {"text": words, "speakers": speakers, "with_article": with_article}
        if merge or not automatic:
            inputs |= {"merge": [f"{a}={b}" for a, b in merge], "keep_apart": not automatic}
        return await self._keep(report, "article", inputs, root, owner)

    async def _keep(
        self, report: Report, kind: str, inputs: dict[str, Any], root: str, owner: str
    ) -> StoredReport:
        report_id = new_id()

        def render_and_store() -> StoredReport:
            row = StoredReport(
                id=report_id,
                created=now(),
                kind=kind,
                parties=list(report.parties),
                divergence=report.divergence,
                inputs=inputs,
                report=to_dict(report),
                html=to_html(report, links=page_links(root, report_id)),
                owner=owner,
            )
            self.store.add(row)
            return row

        return await run_in_threadpool(render_and_store)
