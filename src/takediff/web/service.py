"""Run a comparison off the event loop, render its page, keep it: what the API and pages share."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import Any

from starlette.concurrency import run_in_threadpool

from takediff.errors import DuplicateParty
from takediff.render.html import to_html
from takediff.types import Report
from takediff.web.settings import Settings
from takediff.web.store import ReportStore, StoredReport, new_id, now


def load_models() -> None:
    """The parser and both models, loaded once per process (their loaders are cached)."""
    from takediff.models import get_embedder, get_stance_model
    from takediff.segment import load_nlp

    load_nlp()
    get_embedder()
    get_stance_model()


def page_links(root: str, report_id: str | None = None) -> dict[str, str]:
    links = {"New comparison": f"{root}/", "History": f"{root}/reports"}
    if report_id:
        links["JSON"] = f"{root}/api/reports/{report_id}"
    return links


class Service:
    """Comparisons run in a worker thread, at most ``settings.workers`` at a time."""

    def __init__(self, settings: Settings, store: ReportStore) -> None:
        self.settings = settings
        self.store = store
        self._gate = asyncio.Semaphore(max(1, settings.workers))

    async def compare(self, accounts: Sequence[tuple[str, str]], root: str = "") -> StoredReport:
        """Compare (party, text) pairs; a name given twice is refused, not silently merged."""
        names = [name.strip() for name, _ in accounts]
        dupes = sorted({n for n in names if names.count(n) > 1})
        if dupes:
            raise DuplicateParty(f"party name(s) {', '.join(dupes)} given more than once.")
        from takediff.pipeline import compare

        texts = dict(zip(names, (text for _, text in accounts), strict=True))
        async with self._gate:
            report = await run_in_threadpool(compare, texts, max_chars=self.settings.max_chars)
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
            return compare(select(analysis.accounts, speakers, with_article), max_chars=max_chars)

        async with self._gate:
            report = await run_in_threadpool(work)
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
                report=report.to_dict(),
                html=to_html(report, links=page_links(root, report_id)),
            )
            self.store.add(row)
            return row

        return await run_in_threadpool(render_and_store)
