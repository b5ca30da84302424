"""Reading a corpus: JSONL line by line or Parquet batch by batch, from any record on.

A record is ``{id, text, party?, event?, date?, url?, title?}``. Each keeps its position (0-based
line or row index) and, for JSONL, the byte offset of its line, so a resumed run can seek
straight to it.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from takediff.errors import BadRecord, BinaryInput, UnsupportedFormat
from takediff.ingest import refuse_binary

JSONL_SUFFIXES = (".jsonl", ".ndjson", ".json")
PARQUET_SUFFIXES = (".parquet", ".pq")


@dataclass(slots=True, frozen=True)
class Record:
    """One text of the corpus; ``pos`` is its 0-based line (JSONL) or row (Parquet) index."""

    pos: int
    offset: int  # byte offset of the line (JSONL), the row index (Parquet)
    id: str
    text: str
    party: str | None = None
    event: str | None = None
    date: str | None = None  # ISO date, YYYY-MM-DD
    url: str | None = None
    title: str | None = None  # a headline: its own segment, never a claim

    @property
    def line(self) -> int:
        return self.pos + 1

    @property
    def day(self) -> int | None:
        """The date as a day number, for date arithmetic."""
        return None if self.date is None else dt.date.fromisoformat(self.date).toordinal()


@dataclass(slots=True, frozen=True)
class Rejected:
    """A line or row that is not a usable record, kept (with ``--skip-bad``) to be counted."""

    pos: int
    reason: str

    @property
    def line(self) -> int:
        return self.pos + 1


Item = Record | Rejected


@dataclass(slots=True, frozen=True)
class Chunk:
    """Consecutive items, and where the input continues after them."""

    items: list[Item]
    next_pos: int
    next_offset: int


def input_format(path: Path) -> str:
    """``jsonl`` or ``parquet``, by the file's extension."""
    name = path.name.lower()
    if name.endswith(JSONL_SUFFIXES):
        return "jsonl"
    if name.endswith(PARQUET_SUFFIXES):
        return "parquet"
    raise UnsupportedFormat(
        f"{path}: unknown format; name the file .jsonl (one JSON object a line) or .parquet."
    )


def _text_field(value: Any, name: str) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise ValueError(f"{name!r} must be a string, not {type(value).__name__}")
    text = str(value).strip()
    return text or None


def _date(value: Any) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        raw = value.strip()
        try:
            return dt.date.fromisoformat(raw[:10]).isoformat()
        except ValueError:
            pass
    raise ValueError(f"'date' {value!r} is not an ISO date (YYYY-MM-DD)")


def parse_record(obj: Any, pos: int, offset: int) -> Record:
    """Validate one decoded JSON object or Parquet row; ValueError says what is wrong."""
    if not isinstance(obj, dict):
        raise ValueError(f"expected a JSON object, got {type(obj).__name__}")
    text = obj.get("text")
    if not isinstance(text, str) or not text.strip():
        raise ValueError("the record has no 'text' (a non-empty string)")
    try:
        refuse_binary(text, "its 'text'")
    except BinaryInput as exc:
        raise ValueError(exc.message) from None
    return Record(
        pos=pos,
        offset=offset,
        id=_text_field(obj.get("id"), "id") or str(pos + 1),
        text=text,
        party=_text_field(obj.get("party"), "party"),
        event=_text_field(obj.get("event", obj.get("event_id")), "event"),
        date=_date(obj.get("date")),
        url=_text_field(obj.get("url"), "url"),
        title=_text_field(obj.get("title"), "title"),
    )


def _reject(path: Path, pos: int, reason: str, skip_bad: bool) -> Rejected:
    if not skip_bad:
        raise BadRecord(
            f"{path} line {pos + 1}: {reason}. Fix the line, or skip bad records and count "
            "them (skip_bad).",
            options=("skip_bad",),
        )
    return Rejected(pos, reason)


def _jsonl_chunks(
    path: Path, start_pos: int, start_offset: int, size: int, skip_bad: bool
) -> Iterator[Chunk]:
    pos, offset = start_pos, start_offset
    items: list[Item] = []
    with path.open("rb") as fh:
        fh.seek(start_offset)
        for raw in fh:
            here, offset = offset, offset + len(raw)
            line_pos, pos = pos, pos + 1
            if raw.strip():
                try:
                    obj = json.loads(raw)
                except UnicodeDecodeError:
                    items.append(_reject(path, line_pos, "not UTF-8", skip_bad))
                except json.JSONDecodeError as exc:
                    items.append(_reject(path, line_pos, f"not valid JSON ({exc.msg})", skip_bad))
                else:
                    try:
                        items.append(parse_record(obj, line_pos, here))
                    except ValueError as exc:
                        items.append(_reject(path, line_pos, str(exc), skip_bad))
            if len(items) >= size:
                yield Chunk(items, pos, offset)
                items = []
    yield Chunk(items, pos, offset)


def _parquet_file(path: Path) -> Any:
    try:
        import pyarrow.parquet as pq
    except ImportError as exc:
        raise UnsupportedFormat("Parquet needs pyarrow: pip install 'takediff[corpus]'") from exc
    return pq.ParquetFile(path)


def _parquet_chunks(path: Path, start_pos: int, size: int, skip_bad: bool) -> Iterator[Chunk]:
    pf = _parquet_file(path)
    if "text" not in pf.schema_arrow.names:
        raise BadRecord(f"{path}: no 'text' column; columns are {pf.schema_arrow.names}.")
    wanted = ("id", "text", "party", "event", "event_id", "date", "url", "title")
    columns = [c for c in wanted if c in pf.schema_arrow.names]
    first, row = 0, 0
    for rg in range(pf.num_row_groups):
        n = pf.metadata.row_group(rg).num_rows
        if row + n > start_pos:
            first = rg
            break
        row += n
    else:
        yield Chunk([], start_pos, start_pos)
        return
    pos = row
    groups = list(range(first, pf.num_row_groups))
    for batch in pf.iter_batches(batch_size=size, row_groups=groups, columns=columns):
        if pos + batch.num_rows <= start_pos:  # before the checkpoint: not even decoded
            pos += batch.num_rows
            continue
        if pos < start_pos:
            batch, pos = batch.slice(start_pos - pos), start_pos
        items: list[Item] = []
        for obj in batch.to_pylist():
            try:
                items.append(parse_record(obj, pos, pos))
            except ValueError as exc:
                items.append(_reject(path, pos, str(exc), skip_bad))
            pos += 1
        yield Chunk(items, pos, pos)
    yield Chunk([], pos, pos)


def _chunks(
    path: Path, start_pos: int, start_offset: int, size: int, skip_bad: bool
) -> Iterator[Chunk]:
    if input_format(path) == "jsonl":
        yield from _jsonl_chunks(path, start_pos, start_offset, size, skip_bad)
    else:
        yield from _parquet_chunks(path, start_pos, size, skip_bad)


def _once(item: Item, seen: dict[str, int], path: Path, skip_bad: bool) -> Item:
    """The record, or (its id given already) a BadRecord, or with ``skip_bad`` a Rejected: two
    records with one id would make every claim's ``record_id`` ambiguous."""
    if not isinstance(item, Record):
        return item
    first = seen.setdefault(item.id, item.pos)
    if first == item.pos:
        return item
    return _reject(
        path, item.pos, f"the id {item.id!r} is given already, on line {first + 1}", skip_bad
    )


def read_chunks(
    path: Path,
    *,
    start_pos: int = 0,
    start_offset: int = 0,
    size: int = 256,
    skip_bad: bool = False,
) -> Iterator[Chunk]:
    """The input in chunks of about ``size`` items, from record ``start_pos`` on.

    A bad line raises BadRecord with its line number, or with ``skip_bad`` becomes a Rejected;
    so does a record whose id an earlier one has (on a resumed run the ids before ``start_pos``
    are read again to know them).
    """
    seen: dict[str, int] = {}
    if start_pos:
        for chunk in _chunks(path, 0, 0, size, True):
            for item in chunk.items:
                if isinstance(item, Record) and item.pos < start_pos:
                    seen.setdefault(item.id, item.pos)
            if chunk.next_pos >= start_pos:
                break
    for chunk in _chunks(path, start_pos, start_offset, size, skip_bad):
        items = [_once(item, seen, path, skip_bad) for item in chunk.items]
        yield Chunk(items, chunk.next_pos, chunk.next_offset)


def count_records(path: Path) -> int:
    """How many lines (JSONL: a fast newline count) or rows (Parquet: its metadata) there are."""
    if input_format(path) == "parquet":
        return int(_parquet_file(path).metadata.num_rows)
    n, last = 0, b"\n"
    with path.open("rb") as fh:
        while block := fh.read(1 << 20):
            n += block.count(b"\n")
            last = block[-1:]
    return n + (last != b"\n")
