"""``timeline(OUT, party, topic)``: what one party said on one matter, event after event.

Reads a corpus output (``takediff corpus``), keeps the party's claims whose sentence embedding is
close to the topic text (cosine at least ``threshold``), and lists them by date with their event,
commitment and the verdict of the topic they fell under; optionally a PNG plot of commitment
over time (matplotlib, ``pip install 'takediff[plot]'``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from takediff.errors import BadArguments, InputNotFound, MissingExtra, UnknownName
from takediff.settings import CorpusSettings

DEFAULT_THRESHOLD = CorpusSettings().timeline_threshold
_EMBED_BATCH = 256


@dataclass(slots=True, frozen=True)
class TimelineEntry:
    date: str | None
    event: str
    party: str
    claim: str
    commitment: float
    modality: str
    verdict: str
    topic: str
    similarity: float
    record_id: str
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _claims(
    rows: Iterable[dict[str, Any]], party: str, path: Path
) -> Iterator[tuple[dict[str, Any], dict[str, Any], dict[str, Any]]]:
    """The claims of the party (part of its name, any case) in every compared row; a file that
    is not corpus output, or one where no party matches, is an error, not an empty timeline."""
    want = party.casefold()
    seen: set[str] = set()
    found = rows_read = 0
    for row in rows:
        rows_read += 1
        if not isinstance(row, dict) or "status" not in row or "event" not in row:
            raise BadArguments(
                f"{path}: row {rows_read} is not a row of takediff corpus output "
                "(no 'event' and 'status'); give the OUT of a corpus run."
            )
        if row.get("status") != "compared":
            continue
        for topic in row.get("topics") or []:
            for claim in topic.get("claims") or []:
                name = str(claim.get("party", ""))
                seen.add(name)
                if want in name.casefold():
                    found += 1
                    yield row, topic, claim
    if not rows_read:
        raise BadArguments(f"{path} is empty: give the OUT of a corpus run.")
    if not found:
        some = ", ".join(sorted(seen)[:10]) or "none (no row was compared)"
        raise UnknownName(
            f"no party's name in {path} contains {party!r}; parties there: {some}",
            options=("party",),
        )


def _rows(read: Any, path: Path) -> Iterator[dict[str, Any]]:
    """``read(path)``'s rows, a line that is not JSON an error naming the file."""
    try:
        yield from read(path)
    except (ValueError, UnicodeDecodeError) as exc:
        raise BadArguments(
            f"{path} is not takediff corpus output ({type(exc).__name__}); give the OUT of a "
            "corpus run."
        ) from exc


def timeline(
    path: str | Path,
    party: str,
    topic: str,
    *,
    threshold: float = DEFAULT_THRESHOLD,
    embedder: Any | None = None,
) -> list[TimelineEntry]:
    """The party's claims on the topic across the corpus output, oldest first."""
    from takediff.corpus.output import read_rows

    path = Path(path)
    if not path.is_file():
        raise InputNotFound(f"{path}: no such file; give the output of a corpus run.")
    if not topic.strip() or not party.strip():
        raise BadArguments("give a party name and a topic text.", options=("party", "topic"))
    if embedder is None:
        from takediff.models import get_embedder

        embedder = get_embedder()
    target = embedder.embed([topic])[0]
    out: list[TimelineEntry] = []
    batch: list[tuple[dict[str, Any], dict[str, Any], dict[str, Any]]] = []

    def flush() -> None:
        sims = embedder.embed([c["text"] for _, _, c in batch]) @ target
        for (row, t, c), sim in zip(batch, sims, strict=True):
            if sim >= threshold:
                out.append(
                    TimelineEntry(
                        date=c.get("date") or row.get("date_start"),
                        event=row["event"],
                        party=c["party"],
                        claim=c["text"],
                        commitment=float(c["commitment"]),
                        modality=c["modality"],
                        verdict=t["verdict"],
                        topic=t["label"],
                        similarity=round(float(sim), 4),
                        record_id=c["record_id"],
                        start=int(c["start"]),
                        end=int(c["end"]),
                    )
                )
        batch.clear()

    for item in _claims(_rows(read_rows, path), party, path):
        batch.append(item)
        if len(batch) >= _EMBED_BATCH:
            flush()
    if batch:
        flush()
    out.sort(key=lambda e: (e.date or "9999-99-99", e.event, e.record_id, e.start))
    return out


def markdown(entries: list[TimelineEntry]) -> str:
    lines = [
        "| date | event | claim | commitment | verdict | similarity | record (offsets) |",
        "|---|---|---|---|---|---|---|",
    ]
    for e in entries:
        text = e.claim.replace("|", "\\|").replace("\n", " ")
        lines.append(
            f"| {e.date or ''} | {e.event} | {text} | {e.commitment:.2f} {e.modality} | "
            f"{e.verdict} | {e.similarity:.2f} | {e.record_id} ({e.start}–{e.end}) |"
        )
    return "\n".join(lines) + "\n"


def rich_table(entries: list[TimelineEntry], party: str, topic: str) -> Any:
    from rich.table import Table

    table = Table(title=f"{party} on “{topic}”: {len(entries)} claims", show_lines=False)
    for name in ("date", "event", "claim", "commitment", "verdict", "sim", "record"):
        table.add_column(name, overflow="fold")
    from rich.markup import escape

    from takediff.terminal import printable

    def safe(text: str) -> str:
        return escape(printable(text))

    table.title = safe(str(table.title))
    for e in entries:
        table.add_row(
            safe(e.date or ""),
            safe(e.event),
            safe(e.claim),
            f"{e.commitment:.2f} {e.modality}",
            e.verdict,
            f"{e.similarity:.2f}",
            safe(f"{e.record_id} {e.start}–{e.end}"),
        )
    return table


_COLOURS = {
    "contradict": "#c0392b",
    "commitment_gap": "#d68910",
    "one_sided": "#7f8c8d",
    "agree": "#1e8449",
    "related": "#2e86c1",
}


def plot(entries: list[TimelineEntry], path: str | Path, party: str, topic: str) -> Path:
    """Commitment over time, one point per claim, coloured by verdict (needs matplotlib)."""
    try:
        import matplotlib
        import matplotlib.dates

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError as exc:
        raise MissingExtra("plotting needs matplotlib: pip install 'takediff[plot]'") from exc
    dated = [e for e in entries if e.date]

    def days(pts: list[TimelineEntry]) -> Any:
        return matplotlib.dates.date2num(  # type: ignore[no-untyped-call]
            [dt.date.fromisoformat(e.date or "") for e in pts]
        )

    fig, ax = plt.subplots(figsize=(10, 4.5), dpi=120)
    ax.xaxis_date()
    for verdict, colour in _COLOURS.items():
        pts = [e for e in dated if e.verdict == verdict]
        if pts:
            ax.scatter(days(pts), [e.commitment for e in pts], c=colour, label=verdict, s=40,
                       zorder=3)  # fmt: skip
    if dated:
        xs = days(dated)
        ax.plot(xs, [e.commitment for e in dated], color="#bbbbbb", lw=1, zorder=1)
        for e, x in zip(dated, xs, strict=True):
            ax.annotate(e.event, (x, e.commitment), fontsize=7, xytext=(3, 4),
                        textcoords="offset points")  # fmt: skip
    ax.set_ylim(-0.05, 1.05)
    ax.set_ylabel("commitment (0 hedged – 1 firm)")
    ax.set_title(f"{party} on “{topic}” ({len(entries)} claims)")
    ax.grid(alpha=0.3)
    ax.legend(loc="lower right", fontsize=8)
    fig.autofmt_xdate()
    fig.tight_layout()
    path = Path(path)
    fig.savefig(path)
    plt.close(fig)
    return path


__all__ = ["TimelineEntry", "markdown", "plot", "rich_table", "timeline"]
