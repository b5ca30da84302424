"""``corpus(IN, OUT)``: stream records, group them into events, compare each, write exactly once.

The main process reads the input in chunks and groups records into events (grouping.py); closed
events go to an engine (engines.py), which hands back their rows in the order the events closed.
Rows are written as parts of ``batch_size`` events (or every few seconds), each part atomically
and then recorded in the journal (state.py) with the checkpoint a rerun starts from: the first
record of the oldest event not yet written. At the end OUT is assembled from the parts and
swapped in atomically.
"""

from __future__ import annotations

import os
import sys
import time
from collections import OrderedDict
from collections.abc import Iterator
from concurrent.futures.process import BrokenProcessPool
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from takediff.corpus.engines import EngineOptions, make_engine
from takediff.corpus.grouping import Checkpoint, EventTask, Features, Grouper, GroupingOptions
from takediff.corpus.output import assemble, output_format, write_part
from takediff.corpus.records import count_records, input_format, read_chunks
from takediff.corpus.state import Journal, input_fingerprint, state_dir_for
from takediff.errors import BadArguments, InputNotFound, OutputExists, WorkerFailed
from takediff.ingest import DEFAULT_MAX_CHARS

#: Output schema; a change makes old work directories refuse to resume.
ROWS_VERSION = 1
#: A part is written at least this often (seconds), however slow the events.
COMMIT_EVERY_S = 5.0
READ_CHUNK = 64


@dataclass(slots=True)
class CorpusResult:
    """What a run did (counts over the whole output, resumed parts included)."""

    out: Path
    events: int = 0
    by_status: dict[str, int] = field(default_factory=dict)
    records: int = 0
    skipped: int = 0
    late: int = 0
    examples: list[tuple[int, str]] = field(default_factory=list)  # (line, reason), first few
    resumed_from: int = 0  # the record a resumed run started reading at (0: from the start)
    already_complete: bool = False
    seconds: float = 0.0

    def summary(self) -> str:
        by = sorted(self.by_status.items())
        statuses = ", ".join(f"{n} {s.replace('_', ' ')}" for s, n in by)
        text = f"{self.events} events ({statuses or 'none'}) from {self.records} records"
        if self.skipped:
            text += f"; {self.skipped} bad records skipped"
        if self.late:
            text += f"; {self.late} late records skipped (their event had closed)"
        return text + f" → {self.out}"


class _Progress:
    """Records/s and ETA on stderr (tqdm; silent when stderr is not a terminal)."""

    def __init__(self, total: int | None, initial: int, enabled: bool) -> None:
        self._bar: Any = None
        if enabled:
            try:
                from tqdm import tqdm
            except ImportError:
                return
            self._bar = tqdm(
                total=total,
                initial=initial,
                unit=" records",
                file=sys.stderr,
                disable=None,
                dynamic_ncols=True,
                smoothing=0.1,
            )

    def update(self, done: int, events: int, read: int) -> None:
        """``done``: records whose events are written (or that were skipped)."""
        if self._bar is not None:
            self._bar.update(done - self._bar.n)
            self._bar.set_postfix(events=events, read=read, refresh=False)

    def finish(self) -> None:
        if self._bar is not None and self._bar.total is not None:
            self._bar.update(self._bar.total - self._bar.n)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()


def _fingerprint(src: Path, out: Path, grouping: GroupingOptions, full: bool, skip_bad: bool,
                 max_chars: int, outlets: bool) -> dict[str, Any]:  # fmt: skip
    return {
        **input_fingerprint(src),
        "output": str(out.resolve()),
        **asdict(grouping),
        "full": full,
        "skip_bad": skip_bad,
        "max_chars": max_chars,
        **({"outlets": True} if outlets else {}),  # absent when off: old runs still resume
        "rows_version": ROWS_VERSION,
    }


def corpus(
    src: str | Path,
    out: str | Path,
    *,
    engine: str = "local",
    workers: int | None = None,
    batch_size: int = 8,
    grouping: GroupingOptions | None = None,
    full: bool = False,
    skip_bad: bool = False,
    restart: bool = False,
    progress: bool = True,
    max_chars: int = DEFAULT_MAX_CHARS,
    outlets: bool = False,
) -> CorpusResult:
    """Compare every event of a corpus (JSONL or Parquet) into OUT, resumably, exactly once.

    ``outlets``: each record's party is the outlet of a news article; the people it quotes are
    parties of their own (article mode), the rest is the outlet's own reporting.

    ``workers`` defaults to the number of cores; ``engine="ray"`` runs the comparisons on Ray
    Data. Rerun with the same arguments after a crash or kill to continue; ``restart`` discards
    the work directory and starts over.
    """
    started = time.perf_counter()
    src, out = Path(src), Path(out)
    if not src.is_file():
        raise InputNotFound(f"{src}: no such file.")
    input_format(src)
    if out.exists() and out.resolve().samefile(src.resolve()):
        raise BadArguments(
            f"the output {out} is the input {src}: a run would overwrite the records it reads; "
            "choose another output.",
            options=("out",),
        )
    fmt = output_format(out)
    grouping = grouping or GroupingOptions()
    state_dir = state_dir_for(out)
    if out.exists() and not state_dir.exists() and not restart:
        raise OutputExists(
            f"{out} exists and was not written by a run that can be continued; overwrite it "
            "(restart), or choose another output.",
            options=("restart",),
        )
    journal = Journal.open(
        state_dir,
        _fingerprint(src, out, grouping, full, skip_bad, max_chars, outlets),
        restart=restart,
    )
    try:
        if journal.complete:
            return _finish(journal, out, fmt, started, already=True)
        return _run(
            src, out, fmt, journal, grouping, started,
            engine=engine,
            options=EngineOptions(
                workers=max(1, workers or os.cpu_count() or 1),
                batch_size=max(1, batch_size),
                full=full,
                max_chars=max_chars,
                outlets=outlets,
            ),
            skip_bad=skip_bad,
            progress=progress,
        )  # fmt: skip
    finally:
        journal.close()


def _run(
    src: Path,
    out: Path,
    fmt: str,
    journal: Journal,
    grouping: GroupingOptions,
    started: float,
    *,
    engine: str,
    options: EngineOptions,
    skip_bad: bool,
    progress: bool,
) -> CorpusResult:
    journal.remove_leftovers()
    start = journal.checkpoint()
    grouper = Grouper(
        grouping,
        Features(),
        start=start,
        is_done=journal.done_between,
        is_committed=journal.has_event,
    )
    pending: OrderedDict[str, EventTask] = OrderedDict()  # handed to the engine, not written
    before = journal.counts()
    done_records = before["records"] + before["skipped"] + before["late"]
    bar = _Progress(count_records(src) if progress else None, done_records, progress)
    written = 0  # rows this run

    def tasks() -> Iterator[EventTask]:
        for chunk in read_chunks(src, start_pos=start.pos, start_offset=start.offset,
                                 size=READ_CHUNK, skip_bad=skip_bad):  # fmt: skip
            grouper.feed(chunk)
            bar.update(done_records, written, chunk.next_pos)
            while grouper.ready:
                task = grouper.ready.popleft()
                pending[task.key] = task
                yield task
        grouper.finish()
        while grouper.ready:
            task = grouper.ready.popleft()
            pending[task.key] = task
            yield task

    def checkpoint() -> Checkpoint:
        firsts = [t.first for t in pending.values()]
        if (early := grouper.earliest()) is not None:
            firsts.append(early)
        return min(firsts, key=lambda c: c.pos) if firsts else grouper.next

    buffer: list[dict[str, Any]] = []
    last_commit = time.monotonic()

    def commit() -> None:
        nonlocal last_commit, done_records
        part_no = journal.next_part()
        name = f"part-{part_no:06d}.{fmt}"
        write_part(buffer, journal.parts_dir / name, fmt)
        done = [pending.pop(row["event"]) for row in buffer]
        events = [(t.key, row["status"], t.positions) for t, row in zip(done, buffer, strict=True)]
        skipped, grouper.skipped = grouper.skipped, []
        journal.commit(part_no, name, events, skipped, checkpoint())
        done_records += sum(len(t.records) for t in done) + len(skipped)
        bar.update(done_records, written, grouper.next.pos)
        for t in done:
            grouper.release(t.key)
        buffer.clear()
        last_commit = time.monotonic()

    runner = make_engine(engine, options)
    try:
        for row in runner.map(tasks()):
            buffer.append(row)
            written += 1
            if len(buffer) >= options.batch_size or time.monotonic() - last_commit > COMMIT_EVERY_S:
                commit()
        if buffer:
            commit()
        bar.finish()
    except BrokenProcessPool as exc:
        raise WorkerFailed(
            "a worker process died (killed, or out of memory?); what was written is kept: "
            "rerun the same command to continue."
        ) from exc
    finally:
        runner.close()
        bar.close()
    skipped, grouper.skipped = grouper.skipped, []
    assemble(journal.parts(), out, fmt)
    journal.mark_complete(skipped)
    result = _finish(journal, out, fmt, started, already=False)
    result.resumed_from = start.pos
    return result


def _finish(
    journal: Journal, out: Path, fmt: str, started: float, *, already: bool
) -> CorpusResult:
    if not out.exists():
        parts = journal.parts()
        if parts and all(p.exists() for p in parts):
            assemble(parts, out, fmt)
        else:
            raise OutputExists(
                f"{out} is missing, but its work directory says the run is complete; make it "
                "again (restart).",
                options=("restart",),
            )
    for part in journal.parts_dir.iterdir():  # OUT holds everything now
        part.unlink()
    counts = journal.counts()
    records, skipped, late = counts.pop("records"), counts.pop("skipped"), counts.pop("late")
    return CorpusResult(
        out=out,
        events=sum(counts.values()),
        by_status=counts,
        records=records,
        skipped=skipped,
        late=late,
        examples=[(pos + 1, reason) for pos, reason in journal.skipped()],
        already_complete=already,
        seconds=time.perf_counter() - started,
    )
