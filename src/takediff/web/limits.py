"""Ceilings on requests: pure ASGI middleware, so they act before the app reads a byte.

``BodyLimit``: 413 for a body over the size limit. ``InFlightLimit``: 503 with Retry-After once
``max_requests`` requests are being handled; with the body limit, that bounds the memory that
requests can take, whatever the number of clients.
"""

from __future__ import annotations

import asyncio

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from takediff.web.errors import BUSY, SLOW_BODY, TOO_LARGE, respond, status_of

#: A refused request's body is read and dropped up to this size and time before the answer, so
#: the client, still sending, reads the answer instead of a connection reset; past either, the
#: connection is closed.
DRAIN_BYTES = 8 * 1024 * 1024
DRAIN_SECONDS = 5.0


async def drain(receive: Receive, seen: int = 0) -> bool:
    """Read and drop the rest of a request body; True when all of it was read."""

    async def read() -> bool:
        nonlocal seen
        while True:
            message = await receive()
            if message["type"] != "http.request":
                return False  # the client went away
            seen += len(message.get("body", b""))
            if not message.get("more_body", False):
                return True
            if seen > DRAIN_BYTES:
                return False

    try:
        return await asyncio.wait_for(read(), DRAIN_SECONDS)
    except TimeoutError:
        return False


class BodyTooLarge(HTTPException):
    """Raised while the body streams in once it passes the limit (a chunked upload, say)."""

    def __init__(self, limit: int) -> None:
        super().__init__(
            status_of(TOO_LARGE), f"request body larger than the limit of {limit:,} bytes"
        )


class BodyTooSlow(HTTPException):
    """Raised when the body has not all arrived ``seconds`` after the request began: a client
    that trickles its body would otherwise hold a request slot as long as it likes."""

    def __init__(self, seconds: float) -> None:
        super().__init__(
            status_of(SLOW_BODY), f"the request body did not arrive within {seconds:g} seconds"
        )
        self.code = SLOW_BODY


class BodyLimit:
    """Answer 413 when Content-Length says the body is too large, or once it grows too large;
    408 (and close) when the body takes longer than ``timeout_s`` to arrive."""

    def __init__(self, app: ASGIApp, max_bytes: int, timeout_s: float = 30.0) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.timeout_s = timeout_s

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            await self._refuse(scope, receive, send)
            return
        seen = 0
        started = False
        complete = False  # the last chunk was read: nothing is left to drain
        deadline = asyncio.get_running_loop().time() + self.timeout_s

        async def counting_receive() -> Message:
            nonlocal seen, complete
            if complete:
                message = await receive()  # after the body: a disconnect, never a deadline
            else:
                left = deadline - asyncio.get_running_loop().time()
                try:
                    message = await asyncio.wait_for(receive(), max(left, 0.0))
                except TimeoutError:
                    raise BodyTooSlow(self.timeout_s) from None
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                complete = not message.get("more_body", False)
                if seen > self.max_bytes:
                    raise BodyTooLarge(self.max_bytes)
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counting_receive, tracking_send)
        except BodyTooLarge:
            if started:
                raise
            await self._refuse(scope, receive, send, seen, complete)
        except BodyTooSlow as slow:
            if started:
                raise
            response = respond(Request(scope), slow.status_code, slow.detail, SLOW_BODY)
            response.headers["connection"] = "close"  # the rest is never waited for
            await response(scope, receive, send)

    async def _refuse(
        self, scope: Scope, receive: Receive, send: Send, seen: int = 0, complete: bool = False
    ) -> None:
        refusal = BodyTooLarge(self.max_bytes)
        response = respond(Request(scope), refusal.status_code, refusal.detail, TOO_LARGE)
        if not complete and not await drain(receive, seen):
            response.headers["connection"] = "close"  # the rest of the body is never read
        await response(scope, receive, send)


class InFlightLimit:
    """Answer 503 (Retry-After: 1) while ``max_requests`` requests are already in hand; the
    health check is always answered."""

    def __init__(self, app: ASGIApp, max_requests: int) -> None:
        self.app = app
        self.max_requests = max_requests
        self.in_flight = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].endswith("/healthz"):
            await self.app(scope, receive, send)
            return
        if self.in_flight >= self.max_requests:
            response = respond(
                Request(scope),
                status_of(BUSY),
                f"the server is handling {self.in_flight} requests, its most at once; "
                "try again in a moment.",
                BUSY,
            )
            response.headers["retry-after"] = "1"
            if not await drain(receive):
                response.headers["connection"] = "close"
            await response(scope, receive, send)
            return
        self.in_flight += 1
        try:
            await self.app(scope, receive, send)
        finally:
            self.in_flight -= 1
