"""The web app's settings: where reports are kept, how large a request may be, and how much
work the server takes on at once."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from takediff.ingest import DEFAULT_MAX_CHARS

#: Default ceiling on one request body: enough for several long accounts, small enough that one
#: request cannot tie up the server for minutes.
DEFAULT_MAX_BODY_BYTES = 2 * 1024 * 1024
#: Comparisons that may wait for the worker; one more gets 503 with Retry-After.
DEFAULT_MAX_QUEUE = 8
#: Seconds a request may take, waiting included, before it gets 503 (still waiting) or 504.
DEFAULT_TIMEOUT_S = 300.0
#: Parties in one request: their pairs are judged, so work grows faster than their number.
DEFAULT_MAX_PARTIES = 200
#: Requests handled at once (503 with Retry-After past it, before the body is read): with the
#: body limit, a bound on the memory requests can take.
DEFAULT_MAX_REQUESTS = 64
#: Seconds a request body may take to arrive (408 past it): a client trickling its body holds a
#: request slot no longer than this.
DEFAULT_BODY_TIMEOUT_S = 30.0
#: Seconds a connection may take to send a request's line and headers (408 and closed past
#: it): a client sending half a header holds a connection no longer than this.
DEFAULT_HEADER_TIMEOUT_S = 10.0
#: Open connections, idle ones included; a new one past it is answered 503 with Retry-After.
#: Far above ``max_requests``: connections are cheap, requests in hand are bounded by the app.
DEFAULT_MAX_CONNECTIONS = 1000
#: Who may use the server: "none" (one person, loopback only) or "users" (tokens and logins).
AUTH_MODES = ("none", "users")
#: The Host names a loopback server answers to.
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")


def default_db_path() -> Path:
    """A SQLite file in the user's data folder ($XDG_DATA_HOME/takediff/reports.sqlite3)."""
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base) / "takediff" / "reports.sqlite3"


def database_url(value: str | os.PathLike[str] | None = None) -> str:
    """A SQLAlchemy URL from a URL or a file path; None: $TAKEDIFF_DB, else the default file."""
    value = value if value is not None else os.environ.get("TAKEDIFF_DB") or default_db_path()
    text = str(value)
    if "://" in text:
        return text
    path = Path(text).expanduser().resolve()
    path.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{path}"


def _env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    return int(raw) if raw else default


def _env_hosts() -> tuple[str, ...]:
    """$TAKEDIFF_ALLOWED_HOSTS (comma-separated), else the loopback names."""
    raw = os.environ.get("TAKEDIFF_ALLOWED_HOSTS", "")
    return tuple(h.strip() for h in raw.split(",") if h.strip()) or LOOPBACK_HOSTS


def _env_auth() -> str:
    raw = os.environ.get("TAKEDIFF_AUTH", "").strip().lower() or "none"
    if raw not in AUTH_MODES:
        raise ValueError(f"TAKEDIFF_AUTH must be one of {', '.join(AUTH_MODES)}, not {raw!r}")
    return raw


def _env_float(name: str, default: float) -> float:
    raw = os.environ.get(name)
    return float(raw) if raw else default


@dataclass(slots=True, frozen=True)
class Settings:
    """``db_url``: SQLAlchemy URL (sqlite:///file, postgresql://...); ``max_body_bytes``: larger
    requests get 413; ``max_chars``: per account, as on the command line; ``workers``: how many
    comparisons run at once (each already uses every core); ``max_queue``: how many more may wait
    (past that: 503 with Retry-After); ``timeout_s``: a request's limit, waiting included (503
    while it waits, 504 once its comparison runs over, and the comparison is stopped: see
    ``isolation``); ``max_parties``: per request (422 past it);
    ``max_requests``: requests handled at once (503 past it, before the body is read), which with
    ``max_body_bytes`` bounds the memory requests can take; ``preload_models``: load the models
    at start-up rather than on the first request; ``allowed_hosts``: the Host names answered
    (others get 400 ``bad_host``: DNS rebinding), by default the loopback names;
    ``body_timeout_s``: how long a request body may take to arrive (408 past it); ``auth``:
    "none" (every request is the one local user's; loopback only) or "users" (API tokens and a
    login, reports owned by who made them; see ``takediff users``); ``secure_cookies``: send the
    login cookie over HTTPS only (behind a TLS proxy); ``isolation``: "process" (each worker a
    process of its own, ended when its comparison overruns ``timeout_s``) or "thread" (for a
    pipeline that cannot be pickled; an overrun finishes, holding its worker);
    ``header_timeout_s``: how long a request's headers may take (408 and closed past it);
    ``max_connections``: open connections (a new one past it: 503 with Retry-After)."""

    db_url: str = field(default_factory=database_url)
    max_body_bytes: int = field(
        default_factory=lambda: _env_int("TAKEDIFF_MAX_BODY", DEFAULT_MAX_BODY_BYTES)
    )
    max_chars: int = DEFAULT_MAX_CHARS
    workers: int = 1
    max_queue: int = field(
        default_factory=lambda: _env_int("TAKEDIFF_MAX_QUEUE", DEFAULT_MAX_QUEUE)
    )
    timeout_s: float = field(
        default_factory=lambda: _env_float("TAKEDIFF_TIMEOUT", DEFAULT_TIMEOUT_S)
    )
    max_parties: int = field(
        default_factory=lambda: _env_int("TAKEDIFF_MAX_PARTIES", DEFAULT_MAX_PARTIES)
    )
    max_requests: int = DEFAULT_MAX_REQUESTS
    preload_models: bool = True
    allowed_hosts: tuple[str, ...] = field(default_factory=lambda: _env_hosts())
    body_timeout_s: float = field(
        default_factory=lambda: _env_float("TAKEDIFF_BODY_TIMEOUT", DEFAULT_BODY_TIMEOUT_S)
    )
    auth: str = field(default_factory=_env_auth)
    isolation: str = "process"
    header_timeout_s: float = DEFAULT_HEADER_TIMEOUT_S
    max_connections: int = DEFAULT_MAX_CONNECTIONS
    secure_cookies: bool = field(
        default_factory=lambda: os.environ.get("TAKEDIFF_SECURE_COOKIES", "") in ("1", "true")
    )
