"""Every error takediff raises for bad input or setup, numbered in one catalogue, each saying what
to do.

A ``TakediffError`` is shown to a person without a traceback: the CLI prints its message and exits
2, the web API answers 400 with its code. Messages name library options (``max_chars``), never
command-line flags: an error lists in ``options`` the options that would change the outcome, and
the command line adds its own flag for each when it prints the message (``cli.FLAGS``).
"""

from __future__ import annotations

from typing import Any


class TakediffError(Exception):
    """An error caused by input or setup, not by a bug."""

    code = "E000"

    def __init__(self, message: str, *, options: tuple[str, ...] = ()) -> None:
        super().__init__(f"[{self.code}] {message}")
        self.message = message
        self.options = options

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickled as its message and options (a server's worker process sends it back), so
        the code is not written into the message twice."""
        return (_rebuild, (type(self), self.message, self.options))


def _rebuild(kind: type[TakediffError], message: str, options: tuple[str, ...]) -> TakediffError:
    return kind(message, options=options)


# Input (E001–E009)
class EmptyInput(TakediffError):
    code = "E001"


class BinaryInput(TakediffError):
    code = "E002"


class UndecodableInput(TakediffError):
    code = "E003"


class InputTooLong(TakediffError):
    code = "E004"


class TooFewParties(TakediffError):
    code = "E005"


class DuplicateParty(TakediffError):
    code = "E006"


class ModelUnavailable(TakediffError):
    code = "E007"


class InputNotFound(TakediffError):
    code = "E008"


class DataNotFound(TakediffError):
    code = "E009"


# Usage and setup (E010–E019)
class BadArguments(TakediffError):
    """Arguments that do not fit together (a name too many, stdin twice, a value out of range)."""

    code = "E010"


class UnknownName(TakediffError):
    """An evaluation, split or data set that does not exist."""

    code = "E011"


class MissingExtra(TakediffError):
    """An optional feature whose packages are not installed (``pip install 'takediff[...]'``)."""

    code = "E012"


class BadUser(TakediffError):
    """A user name that cannot be one, one that exists already or not at all, a short password."""

    code = "E013"


# Corpus runs (E020–E029)
class BadRecord(TakediffError):
    """A line or row of the input that is not a usable record (with its line number)."""

    code = "E020"


class StateMismatch(TakediffError):
    """A rerun whose input or options differ from those the work directory was made with."""

    code = "E021"


class StateLocked(TakediffError):
    """Another corpus run is writing the same output."""

    code = "E022"


class OutputExists(TakediffError):
    """The output exists and no work directory says it is ours to continue."""

    code = "E023"


class UnsupportedFormat(TakediffError):
    """An input or output whose extension is neither JSONL nor Parquet."""

    code = "E024"


class WorkerFailed(TakediffError):
    """A worker process died (killed, out of memory): the run can be continued."""

    code = "E025"


#: The web API's own codes, for conditions of HTTP rather than of the input (which answer 400
#: with the ``E0xx`` code of the TakediffError). Every error body is
#: ``{"error": message, "code": code, "status": status}``.
HTTP_CODES: dict[str, tuple[int, str]] = {
    "invalid_request": (422, "malformed JSON, or a body of the wrong shape (see 'detail')"),
    "too_many_parties": (422, "more parties in one request than the server compares at once"),
    "unauthenticated": (401, "no valid token or login (see takediff users add)"),
    "cross_site": (403, "a form post from another site's page"),
    "bad_host": (400, "a Host header the server does not serve (see --allowed-host)"),
    "not_found": (404, "no such report or page"),
    "slow_headers": (408, "the request headers did not arrive within the header timeout"),
    "slow_body": (408, "the request body did not arrive within the server's body timeout"),
    "method_not_allowed": (405, "the path does not take this method"),
    "too_large": (413, "the body is over the server's size limit"),
    "too_many_logins": (429, "too many failed logins for this name or client: wait, then retry"),
    "busy": (503, "the queue is full or the wait ran out: try again after Retry-After seconds"),
    "timeout": (504, "the comparison overran the server's time limit"),
    "http_error": (0, "any other HTTP condition"),
}
#: The code for a bare HTTP status (raised by the framework, not by takediff).
CODE_OF_STATUS: dict[int, str] = {
    HTTP_CODES[code][0]: code
    for code in ("not_found", "method_not_allowed", "too_large", "busy", "timeout")
}
