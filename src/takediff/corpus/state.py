"""The work directory beside the output (``OUT.takediff-state/``): what is done, and where to go on.

``journal.sqlite3`` holds the fingerprint of the run (input path, size, mtime and the options that
change the output), one row per output part, one per finished event, the input positions of the
records those events used and of the records skipped, and the checkpoint a rerun starts reading
from. A part's file is complete on disk before the one SQLite transaction that records it and
its events commits; files under ``parts/`` that no committed row names are leftovers of a killed
run and are deleted. So after a kill at any moment every event is either in exactly one
committed part or will be made again.
"""

from __future__ import annotations

import fcntl
import json
import shutil
import sqlite3
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any

from takediff.corpus.grouping import Checkpoint
from takediff.errors import StateLocked, StateMismatch

STATE_SUFFIX = ".takediff-state"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS parts (no INTEGER PRIMARY KEY, name TEXT NOT NULL, events INTEGER);
CREATE TABLE IF NOT EXISTS events (key TEXT PRIMARY KEY, part INTEGER NOT NULL, status TEXT);
CREATE TABLE IF NOT EXISTS done_records (pos INTEGER PRIMARY KEY, event TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS skipped (pos INTEGER PRIMARY KEY, reason TEXT NOT NULL);
"""


def state_dir_for(out: Path) -> Path:
    return out.with_name(out.name + STATE_SUFFIX)


def input_fingerprint(path: Path) -> dict[str, Any]:
    st = path.stat()
    return {"input": str(path.resolve()), "size": st.st_size, "mtime_ns": st.st_mtime_ns}


class Journal:
    """The SQLite journal of one corpus run; one writer at a time (a lock file says so)."""

    def __init__(self, directory: Path, db: sqlite3.Connection, lock: IO[str]) -> None:
        self.directory = directory
        self.parts_dir = directory / "parts"
        self._db = db
        self._lock = lock

    @classmethod
    def open(cls, directory: Path, fingerprint: dict[str, Any], *, restart: bool) -> Journal:
        """Open (or start) the journal; refuse one made with other input or options."""
        if restart and directory.exists():
            shutil.rmtree(directory)
        (directory / "parts").mkdir(parents=True, exist_ok=True)
        lock = (directory / "lock").open("w")
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            lock.close()
            raise StateLocked(
                f"another takediff corpus is writing with the work directory {directory}; wait "
                "for it to finish (or stop it) first."
            ) from None
        db = sqlite3.connect(directory / "journal.sqlite3", isolation_level=None)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=FULL")
        db.executescript(_SCHEMA)
        journal = cls(directory, db, lock)
        stored = journal._meta("fingerprint")
        if stored is None:
            journal._set_meta("fingerprint", json.dumps(fingerprint, sort_keys=True))
        else:
            old = json.loads(stored)
            keys = old.keys() | fingerprint.keys()
            changed = sorted(k for k in keys if old.get(k) != fingerprint.get(k))
            if changed and not journal.parts():  # nothing written yet: nothing to lose
                journal._set_meta("fingerprint", json.dumps(fingerprint, sort_keys=True))
                db.execute("DELETE FROM skipped")
                db.execute("DELETE FROM meta WHERE key != 'fingerprint'")
            elif changed:
                journal.close()
                detail = ", ".join(
                    f"{k}: {old.get(k)!r} then, {fingerprint.get(k)!r} now" for k in changed
                )
                raise StateMismatch(
                    f"{directory} belongs to a run with other input or options ({detail}). "
                    "Rerun with the same input and options to continue it, or start over "
                    "(restart).",
                    options=("restart",),
                )
        return journal

    def close(self) -> None:
        self._db.close()
        self._lock.close()

    def _meta(self, key: str) -> str | None:
        row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def _set_meta(self, key: str, value: str) -> None:
        self._db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    # -- reading ------------------------------------------------------------------------------
    @property
    def complete(self) -> bool:
        return self._meta("complete") == "1"

    def checkpoint(self) -> Checkpoint:
        raw = self._meta("checkpoint")
        return Checkpoint() if raw is None else Checkpoint(*json.loads(raw))

    def done_between(self, lo: int, hi: int) -> set[int]:
        rows = self._db.execute("SELECT pos FROM done_records WHERE pos BETWEEN ? AND ?", (lo, hi))
        return {int(r[0]) for r in rows}

    def has_event(self, key: str) -> bool:
        return self._db.execute("SELECT 1 FROM events WHERE key = ?", (key,)).fetchone() is not None

    def parts(self) -> list[Path]:
        rows = self._db.execute("SELECT name FROM parts ORDER BY no")
        return [self.parts_dir / str(r[0]) for r in rows]

    def next_part(self) -> int:
        row = self._db.execute("SELECT COALESCE(MAX(no), 0) FROM parts").fetchone()
        return int(row[0]) + 1

    def remove_leftovers(self) -> int:
        """Delete part files no committed row names (a run killed between write and commit)."""
        known = {p.name for p in self.parts()}
        gone = 0
        for path in self.parts_dir.iterdir():
            if path.name not in known:
                path.unlink()
                gone += 1
        return gone

    def counts(self) -> dict[str, int]:
        out = {"records": 0, "skipped": 0, "late": 0}
        for status, n in self._db.execute("SELECT status, COUNT(*) FROM events GROUP BY status"):
            out[str(status)] = int(n)
        out["records"] = int(self._db.execute("SELECT COUNT(*) FROM done_records").fetchone()[0])
        for late, n in self._db.execute(
            "SELECT reason LIKE 'late:%', COUNT(*) FROM skipped GROUP BY 1"
        ):
            out["late" if late else "skipped"] = int(n)
        return out

    def skipped(self, limit: int = 5) -> list[tuple[int, str]]:
        rows = self._db.execute("SELECT pos, reason FROM skipped ORDER BY pos LIMIT ?", (limit,))
        return [(int(p), str(r)) for p, r in rows]

    # -- writing ------------------------------------------------------------------------------
    def commit(
        self,
        part_no: int,
        part_name: str,
        events: Iterable[tuple[str, str, list[int]]],
        skipped: Iterable[tuple[int, str]],
        checkpoint: Checkpoint,
    ) -> None:
        """Record a part (already on disk), its events and their records, in one transaction."""
        events = list(events)
        db = self._db
        db.execute("BEGIN IMMEDIATE")
        try:
            db.execute("INSERT INTO parts VALUES (?, ?, ?)", (part_no, part_name, len(events)))
            db.executemany(
                "INSERT INTO events VALUES (?, ?, ?)", [(k, part_no, s) for k, s, _ in events]
            )
            db.executemany(
                "INSERT INTO done_records VALUES (?, ?)",
                [(p, k) for k, _, positions in events for p in positions],
            )
            db.executemany("INSERT OR IGNORE INTO skipped VALUES (?, ?)", list(skipped))
            self._set_meta(
                "checkpoint",
                json.dumps([checkpoint.pos, checkpoint.offset, checkpoint.watermark]),
            )
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise

    def mark_complete(self, skipped: Iterable[tuple[int, str]]) -> None:
        db = self._db
        db.execute("BEGIN IMMEDIATE")
        db.executemany("INSERT OR IGNORE INTO skipped VALUES (?, ?)", list(skipped))
        self._set_meta("complete", "1")
        db.execute("COMMIT")
