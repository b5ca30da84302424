"""What the app checks about a request before it reads it as one: a JSON body whose keys are
each given once, a Host it serves, and a form post from its own pages.

- Duplicate keys: ``{"A": "...", "A": "..."}`` parses, in every JSON library that keeps the
  last value, to one account, silently dropping the other. ``StrictJSONRoute`` refuses it (422).
- Host: a page on another site can point a DNS name it controls at 127.0.0.1 and read a local
  instance (DNS rebinding); only the hosts in ``Settings.allowed_hosts`` are answered.
- Cross-site form posts: a page elsewhere can post the forms from a reporter's browser. The
  browser says where a post comes from (``Sec-Fetch-Site``, ``Origin``); a post whose origin is
  another site is refused (403). Clients that send neither (curl, scripts) are not browsers
  acting for someone else, and pass.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Coroutine
from typing import Any
from urllib.parse import urlsplit

from fastapi.routing import APIRoute
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response

from takediff.web.errors import BAD_HOST, BUSY, UNAUTHENTICATED, error_body, status_of


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    seen: dict[str, Any] = {}
    for key, value in pairs:
        if key in seen:
            shown = key if len(key) <= 60 else key[:59] + "…"
            raise json.JSONDecodeError(f"the key {shown!r} is given twice", "", 0)
        seen[key] = value
    return seen


class StrictJSONRequest(Request):
    """A request whose JSON body may not repeat a key within one object."""

    async def json(self) -> Any:
        if not hasattr(self, "_json"):
            self._json = json.loads(await self.body(), object_pairs_hook=_no_duplicates)
        return self._json


class StrictJSONRoute(APIRoute):
    """An API route that reads its body with ``StrictJSONRequest``."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def route(request: Request) -> Response:
            return await handler(StrictJSONRequest(request.scope, request.receive))

        return route


def cross_site(request: Request) -> bool:
    """Did a browser send this request from another site's page?"""
    fetch_site = request.headers.get("sec-fetch-site")
    if fetch_site is not None:
        return fetch_site not in ("same-origin", "none")
    origin = request.headers.get("origin") or request.headers.get("referer")
    if not origin:
        return False
    return urlsplit(origin).netloc.lower() != request.headers.get("host", "").lower()


def host_name(header: str) -> str:
    """The name in a Host header, without its port ("[::1]:8000" → "::1")."""
    header = header.strip().lower()
    if header.startswith("["):
        return header[1 : header.find("]")] if "]" in header else header
    return header.rsplit(":", 1)[0] if header.count(":") == 1 else header


def host_allowed(header: str, allowed: tuple[str, ...]) -> bool:
    """Is ``header`` one of ``allowed`` ("*" any, "*.example.org" its subdomains)?"""
    name = host_name(header)
    for pattern in allowed:
        pattern = pattern.lower()
        if pattern == "*" or name == pattern:
            return True
        if pattern.startswith("*.") and name.endswith(pattern[1:]):
            return True
    return False


class TrustedHosts:
    """ASGI middleware: a request whose Host is not allowed gets 400 ``bad_host`` before
    anything else reads it (outermost, so it takes no slot of the in-flight limit)."""

    def __init__(self, app: Any, allowed: tuple[str, ...]) -> None:
        self.app = app
        self.allowed = allowed

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] in ("http", "websocket"):
            headers = dict(scope.get("headers") or [])
            host = headers.get(b"host", b"").decode("latin-1")
            if not host_allowed(host, self.allowed):
                status = status_of(BAD_HOST)
                message = "this server does not answer to that Host (see --allowed-host)"
                response = JSONResponse(error_body(status, message, BAD_HOST), status_code=status)
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


#: Sent with every response that does not set its own (the pages set a stricter CSP, with the
#: hashes of their scripts): JSON is never sniffed as HTML, and nothing is framed.
BASELINE_HEADERS = (
    (b"x-content-type-options", b"nosniff"),
    (b"content-security-policy", b"default-src 'none'; frame-ancestors 'none'"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
)


class SecurityHeaders:
    """ASGI middleware: the ``BASELINE_HEADERS`` on every HTTP response, unless it has them."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Any) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers") or [])
                present = {name.lower() for name, _ in headers}
                headers += [(k, v) for k, v in BASELINE_HEADERS if k not in present]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, with_headers)


#: Sign-in requests (POST /login) handled at once: they are the only bodies read from someone
#: not signed in, so slow ones hold these places, not the ones signed-in users need.
MAX_LOGINS_IN_HAND = 8


class SignedInBeforeBody:
    """ASGI middleware for ``--auth users``: a request with a body (POST, PUT, PATCH, DELETE) is
    answered 401 before a byte of its body is read unless it carries a valid token or a signed
    login (``scope["session"]``, from the session middleware outside this one). So a client
    without a token cannot hold a request slot by trickling a body; a slow sign-in holds one of
    ``MAX_LOGINS_IN_HAND`` places of its own."""

    def __init__(self, app: Any, user_of_token: Callable[[str], str | None]) -> None:
        self.app = app
        self.user_of_token = user_of_token
        self.logins = 0

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        path = scope["path"][len(scope.get("root_path", "")) :]
        if path in ("/login", "/logout"):
            await self._login(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        auth = headers.get(b"authorization", b"").decode("latin-1")
        scheme, _, token = auth.partition(" ")
        if scheme.lower() == "bearer" and token.strip():
            known = await run_in_threadpool(self.user_of_token, token.strip())
        else:
            known = (scope.get("session") or {}).get("user")
        if known:
            await self.app(scope, receive, send)
            return
        if b"text/html" in headers.get(b"accept", b""):  # a person whose login ran out
            root = scope.get("root_path", "")
            await RedirectResponse(f"{root}/login", status_code=303)(scope, receive, send)
            return
        status = status_of(UNAUTHENTICATED)
        message = "sign in first: send 'Authorization: Bearer TOKEN' (from takediff users add)"
        response: Response = JSONResponse(
            error_body(status, message, UNAUTHENTICATED),
            status_code=status,
            headers={"www-authenticate": "Bearer", "connection": "close"},
        )
        await response(scope, receive, send)

    async def _login(self, scope: Any, receive: Any, send: Any) -> None:
        if self.logins >= MAX_LOGINS_IN_HAND:
            status = status_of(BUSY)
            message = "too many sign-ins at once; try again in a moment"
            response = JSONResponse(
                error_body(status, message, BUSY),
                status_code=status,
                headers={"retry-after": "1", "connection": "close"},
            )
            await response(scope, receive, send)
            return
        self.logins += 1
        try:
            await self.app(scope, receive, send)
        finally:
            self.logins -= 1
