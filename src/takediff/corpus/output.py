"""Output rows: written as parts, each one atomically; the final file assembled from them.

A part is written to a temporary name, flushed and fsynced, then renamed over its final name
(``os.replace`` is atomic), and the folder fsynced: a reader sees a whole part or none. JSONL
rows are one JSON object a line; Parquet rows follow ``parquet_schema()`` (the full report, with
``--full``, as a JSON string).
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from takediff.corpus.records import input_format
from takediff.errors import UnsupportedFormat


def output_format(path: Path) -> str:
    return input_format(path)


def _pyarrow() -> tuple[Any, Any]:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:
        raise UnsupportedFormat("Parquet needs pyarrow: pip install 'takediff[corpus]'") from exc
    return pa, pq


def parquet_schema() -> Any:
    pa, _ = _pyarrow()
    s, f = pa.string(), pa.float64()
    claim = pa.struct(
        [
            ("party", s),
            ("record_id", s),
            ("date", s),
            ("start", pa.int64()),
            ("end", pa.int64()),
            ("text", s),
            ("commitment", f),
            ("modality", s),
            ("negated", pa.bool_()),
        ]
    )
    topic = pa.struct(
        [
            ("label", s),
            ("verdict", s),
            ("strength", f),
            ("explanation", s),
            ("claims", pa.list_(claim)),
        ]
    )
    record = pa.struct([("id", s), ("party", s), ("date", s), ("url", s)])
    only_here = pa.struct(
        [
            ("record_id", s),
            ("party", s),
            ("start", pa.int64()),
            ("end", pa.int64()),
            ("text", s),
            ("share", f),
            ("words", pa.list_(s)),
        ]
    )
    return pa.schema(
        [
            ("event", s),
            ("status", s),
            ("message", s),
            ("grouping", s),
            ("parties", pa.list_(s)),
            ("date_start", s),
            ("date_end", s),
            ("records", pa.list_(record)),
            ("divergence", f),
            ("summary", s),
            ("topics", pa.list_(topic)),
            ("only_here", pa.list_(only_here)),
            ("report", s),  # the full takediff.to_dict(report) as JSON, with --full
        ]
    )


def fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _replace(tmp: Path, path: Path) -> None:
    os.replace(tmp, path)
    fsync_dir(path.parent)


def write_part(rows: list[dict[str, Any]], path: Path, fmt: str) -> None:
    """Write rows to ``path`` atomically: whole, or not at all."""
    tmp = path.with_name(path.name + ".tmp")
    if fmt == "parquet":
        pa, pq = _pyarrow()
        flat = [{**r, "report": r["report"] and json.dumps(r["report"])} for r in rows]
        pq.write_table(pa.Table.from_pylist(flat, schema=parquet_schema()), tmp)
        with tmp.open("rb+") as fh:
            os.fsync(fh.fileno())
    else:
        with tmp.open("w", encoding="utf-8") as fh:
            for r in rows:
                fh.write(json.dumps(r, ensure_ascii=False) + "\n")
            fh.flush()
            os.fsync(fh.fileno())
    _replace(tmp, path)


def assemble(parts: list[Path], out: Path, fmt: str) -> None:
    """The final output from the parts, in order, swapped in atomically."""
    tmp = out.with_name(f".{out.name}.tmp")
    if fmt == "parquet":
        _, pq = _pyarrow()
        with pq.ParquetWriter(tmp, parquet_schema()) as writer:
            for part in parts:
                writer.write_table(pq.read_table(part, schema=parquet_schema()))
        with tmp.open("rb+") as fh:
            os.fsync(fh.fileno())
    else:
        with tmp.open("wb") as dst:
            for part in parts:
                with part.open("rb") as src:
                    shutil.copyfileobj(src, dst)
            dst.flush()
            os.fsync(dst.fileno())
    _replace(tmp, out)


def read_rows(path: Path) -> Iterator[dict[str, Any]]:
    """The rows of a corpus output (JSONL or Parquet), streamed; ``report`` parsed back."""
    if output_format(path) == "parquet":
        _, pq = _pyarrow()
        for batch in pq.ParquetFile(path).iter_batches(batch_size=64):
            for row in batch.to_pylist():
                if isinstance(row.get("report"), str):
                    row["report"] = json.loads(row["report"])
                yield row
    else:
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    yield json.loads(line)
