"""uvicorn's HTTP/1.1 protocol (h11) with what a server facing hostile clients needs from it.

- A header timeout: a connection whose request line and headers have not all arrived within
  ``header_timeout_s`` of connecting (or of its last answer, on a kept-alive connection) is
  answered 408 and closed. uvicorn has none: 256 connections sending half a header each held
  every place until their clients gave up.
- A connection cap answered with 503 and Retry-After: past ``max_connections`` open
  connections a new one is answered at once and closed. uvicorn's own cap (``limit_concurrency``)
  answers a bare 503 without Retry-After and counts idle kept-alive connections against the
  requests; it is left off, and the app's ``InFlightLimit`` bounds the requests in hand.

The body's size and arrival time are checked by the app (``limits.BodyLimit``).
"""

from __future__ import annotations

import asyncio
from typing import Any

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol


def _raw(status: str, body: bytes, *extra: str) -> bytes:
    head = [f"HTTP/1.1 {status}", "content-type: application/json", *extra]
    head += [f"content-length: {len(body)}", "connection: close"]
    return ("\r\n".join(head) + "\r\n\r\n").encode("ascii") + body


TIMED_OUT = _raw(
    "408 Request Timeout",
    b'{"error": "the request headers did not arrive in time", "code": "slow_headers", '
    b'"status": 408}',
)
FULL = _raw(
    "503 Service Unavailable",
    b'{"error": "the server has as many connections open as it takes; try again in a moment", '
    b'"code": "busy", "status": 503}',
    "retry-after: 1",
)


class GuardedH11Protocol(H11Protocol):
    """H11Protocol with a header timeout and a connection cap (see the module); the limits are
    class attributes, set by ``guarded_protocol``."""

    header_timeout_s: float = 10.0
    max_connections: int = 1000

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.limit_concurrency = None  # the cap is ours, with Retry-After
        self._header_timer: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        if len(self.connections) > self.max_connections:
            transport.write(FULL)
            transport.close()
            return
        self._arm()

    def _arm(self) -> None:
        self._disarm()
        self._header_timer = self.loop.call_later(self.header_timeout_s, self._headers_late)

    def _disarm(self) -> None:
        if self._header_timer is not None:
            self._header_timer.cancel()
            self._header_timer = None

    def _headers_late(self) -> None:
        self._header_timer = None
        if self.conn.their_state is h11.IDLE and not self.transport.is_closing():
            self.transport.write(TIMED_OUT)
            self.transport.close()

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        if self.conn.their_state is not h11.IDLE:  # the headers are in: the app times the body
            self._disarm()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing():
            self._arm()  # the next request on this connection has as long for its headers

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)


def guarded_protocol(header_timeout_s: float, max_connections: int) -> type[GuardedH11Protocol]:
    """The protocol class uvicorn is given (``Config(http=...)``), with these limits."""
    return type(
        "GuardedH11Protocol",
        (GuardedH11Protocol,),
        {"header_timeout_s": header_timeout_s, "max_connections": max_connections},
    )
