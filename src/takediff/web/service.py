"""Run a comparison off the event loop, render its page, keep it: what the API and pages share.

Admission control lives here. Comparisons run on a pool of ``settings.workers`` threads (one by
default: each comparison already uses every core); up to ``settings.max_queue`` more wait their
turn, and one more is refused at once with 503 and a Retry-After estimated from recent run times.
A request that waits past ``settings.timeout_s`` gets 503; one whose comparison runs past it
gets 504. A thread cannot be stopped, so a comparison that overran still finishes and holds its
worker until then (its report is not stored): the work in flight never exceeds the pool.
"""

from __future__ import annotations

import asyncio
import math
from collections import deque
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from starlette.concurrency import run_in_threadpool

from takediff.errors import DuplicateParty
from takediff.render.html import to_html
from takediff.report import to_dict
from takediff.types import Report
from takediff.web.errors import Refused
from takediff.web.settings import Settings
from takediff.web.store import ReportStore, StoredReport, new_id, now


def load_models() -> None:
    """The parser, both models and the language identifier, loaded once per process."""
    from takediff.language import detect
    from takediff.models import get_embedder, get_stance_model
    from takediff.segment import load_nlp

    load_nlp()
    get_embedder()
    get_stance_model()
    detect("The models and the language identifier load once, before the first request.")


def page_links(root: str, report_id: str | None = None) -> dict[str, str]:
    links = {"New comparison": f"{root}/", "History": f"{root}/reports"}
    if report_id:
        links["JSON"] = f"{root}/api/reports/{report_id}"
    return links


class Service:
    """Comparisons run in a worker thread, at most ``settings.workers`` at a time, with at most
    ``settings.max_queue`` waiting."""

    def __init__(self, settings: Settings, store: ReportStore) -> None:
        self.settings = settings
        self.store = store
        self.workers = max(1, settings.workers)
        self._gate = asyncio.Semaphore(self.workers)
        self._pool = ThreadPoolExecutor(self.workers, thread_name_prefix="takediff-compare")
        self.waiting = 0
        self.running = 0
        self._durations: deque[float] = deque([1.0], maxlen=20)

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)

    def retry_after(self) -> int:
        """Seconds until a place in the queue is likely free: the queue's length times the
        median of the last comparisons' run times, divided among the workers."""
        recent = sorted(self._durations)[len(self._durations) // 2]
        ahead = self.waiting + self.running
        return max(1, math.ceil(recent * max(ahead, 1) / self.workers))

    async def run(self, work: Callable[[], Report]) -> Report:
        """Run ``work`` on the pool under the queue limit and the timeout (see the module)."""
        limit = self.settings.timeout_s
        if self.waiting + self.running >= self.workers + self.settings.max_queue:
            raise Refused(
                503,
                f"the server is busy: {self.running} comparison(s) running and {self.waiting} "
                f"waiting, the most it queues ({self.settings.max_queue}); try again later.",
                "busy",
                retry_after=self.retry_after(),
            )
        loop = asyncio.get_running_loop()
        deadline = loop.time() + limit
        self.waiting += 1
        try:
            await asyncio.wait_for(self._gate.acquire(), timeout=limit)
        except TimeoutError:
            raise Refused(
                503,
                f"the server stayed busy for {limit:g} s while this request waited; try again.",
                "busy",
                retry_after=self.retry_after(),
            ) from None
        finally:
            self.waiting -= 1
        self.running += 1
        started = loop.time()
        future = loop.run_in_executor(self._pool, work)

        def finished(done: asyncio.Future[Report]) -> None:
            self.running -= 1
            self._durations.append(loop.time() - started)
            self._gate.release()
            if not done.cancelled():
                done.exception()  # retrieved here, so an abandoned failure is not logged as lost

        future.add_done_callback(finished)
        try:
            return await asyncio.wait_for(asyncio.shield(future), timeout=deadline - loop.time())
        except TimeoutError:
            raise Refused(
                504,
                f"the comparison took longer than this server's limit of {limit:g} s and was "
                "not kept; send shorter or fewer accounts.",
                "timeout",
            ) from None

    def _check_parties(self, count: int) -> None:
        if count > self.settings.max_parties:
            raise Refused(
                422,
                f"{count} parties in one request; this server compares at most "
                f"{self.settings.max_parties} at once (the judged pairs grow faster than the "
                "parties). Split them, or use the library or the command line.",
                "too_many_parties",
            )

    async def compare(self, accounts: Sequence[tuple[str, str]], root: str = "") -> StoredReport:
        """Compare (party, text) pairs; a name given twice is refused, not silently merged."""
        names = [name.strip() for name, _ in accounts]
        dupes = sorted({n for n in names if names.count(n) > 1})
        if dupes:
            raise DuplicateParty(f"party name(s) {', '.join(dupes)} given more than once.")
        self._check_parties(len(names))
        from takediff.pipeline import compare

        texts = dict(zip(names, (text for _, text in accounts), strict=True))
        max_chars = self.settings.max_chars
        report = await self.run(lambda: compare(texts, max_chars=max_chars))
        inputs = {"accounts": [{"party": p, "text": t} for p, t in texts.items()]}
        return await self._keep(report, "compare", inputs, root)

    async def article(
        self, text: str, speakers: list[str] | None, with_article: bool, root: str = ""
    ) -> StoredReport:
        """Split a news article into its speakers' accounts and compare them."""
        max_chars = self.settings.max_chars

        def work() -> Report:
            from takediff.article import analyse, select
            from takediff.pipeline import compare

            analysis = analyse(text, max_chars=max_chars)
            accounts = select(analysis.accounts, speakers, with_article)
            self._check_parties(len(accounts))
            return compare(accounts, max_chars=max_chars)

        report = await self.run(work)
        inputs = {"text": text, "speakers": speakers, "with_article": with_article}
        return await self._keep(report, "article", inputs, root)

    async def _keep(
        self, report: Report, kind: str, inputs: dict[str, Any], root: str
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
            )
            self.store.add(row)
            return row

        return await run_in_threadpool(render_and_store)
