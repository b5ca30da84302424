"""The corpus command's errors, numbered after takediff's own (``takediff/errors.py``).

Each says what to do; the CLI prints the message and exits 2, never a traceback.
"""

from __future__ import annotations

from takediff.errors import TakediffError


class BadRecord(TakediffError):
    """A line or row of the input that is not a usable record (with its line number)."""

    code = "E020"


class StateMismatch(TakediffError):
    """A rerun whose input or options differ from those the work directory was made with."""

    code = "E021"


class StateLocked(TakediffError):
    """Another ``takediff corpus`` is writing the same output."""

    code = "E022"


class OutputExists(TakediffError):
    """The output exists and no work directory says it is ours to continue."""

    code = "E023"


class UnsupportedFormat(TakediffError):
    """An input or output whose extension is neither JSONL nor Parquet, or a missing extra."""

    code = "E024"


class WorkerFailed(TakediffError):
    """A worker process died (killed, out of memory): the run can be continued."""

    code = "E025"
