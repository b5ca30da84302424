"""Every error as a clear body: JSON for API clients, a short page for a person's browser.

The codes are the catalogue's (``takediff.errors``): a TakediffError answers 400 with its
``E0xx`` code, and a condition of HTTP answers with one of ``HTTP_CODES`` and the status the
catalogue gives it.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException
from starlette.responses import JSONResponse, RedirectResponse, Response

from takediff.errors import CODE_OF_STATUS, HTTP_CODES, TakediffError
from takediff.web.rendering import render_page, root_path


def http_code(name: str) -> str:
    """``name`` if the catalogue has it (``HTTP_CODES``): a misspelt code fails at import."""
    if name not in HTTP_CODES:
        raise KeyError(f"{name!r} is not a code of takediff.errors.HTTP_CODES")
    return name


INVALID_REQUEST = http_code("invalid_request")
TOO_MANY_PARTIES = http_code("too_many_parties")
TOO_LARGE = http_code("too_large")
BUSY = http_code("busy")
TIMEOUT = http_code("timeout")
HTTP_ERROR = http_code("http_error")
CROSS_SITE = http_code("cross_site")
BAD_HOST = http_code("bad_host")
SLOW_BODY = http_code("slow_body")
UNAUTHENTICATED = http_code("unauthenticated")
TOO_MANY_LOGINS = http_code("too_many_logins")


def status_of(code: str) -> int:
    """The HTTP status the catalogue gives one of its codes."""
    return HTTP_CODES[http_code(code)][0]


API_PREFIXES = ("/compare", "/article", "/api/", "/openapi.json", "/healthz")

UNREADABLE = "There was an error parsing the body"


class Refused(HTTPException):
    """A request the server will not run (now, or at all): a code of ``HTTP_CODES`` (whose
    status it answers with), a message, and for 503 how many seconds to wait before trying
    again."""

    def __init__(self, code: str, message: str, *, retry_after: int | None = None) -> None:
        headers = {"Retry-After": str(retry_after)} if retry_after is not None else None
        super().__init__(status_of(code), message, headers=headers)
        self.code = code


def wants_html(request: Request) -> bool:
    path = request.url.path[len(root_path(request)) :]
    accept = request.headers.get("accept", "")
    return not path.startswith(API_PREFIXES) and "text/html" in accept


def error_body(status: int, message: str, code: str, **extra: Any) -> dict[str, Any]:
    return {"error": message, "code": code, "status": status, **extra}


def respond(request: Request, status: int, message: str, code: str, **extra: Any) -> Response:
    if wants_html(request):
        return render_page(
            request, "error.html", status_code=status, title=f"{status}", message=message
        )
    return JSONResponse(error_body(status, message, code, **extra), status_code=status)


async def http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    status, message = exc.status_code, str(exc.detail)
    code = getattr(exc, "code", None) or CODE_OF_STATUS.get(status, HTTP_ERROR)
    if status == 400 and message == UNREADABLE:  # FastAPI's word for a body that won't decode
        status, code = status_of(INVALID_REQUEST), INVALID_REQUEST
        message = "invalid request: the body is not JSON in UTF-8 (or not a form); send UTF-8 JSON."
    if code == UNAUTHENTICATED and wants_html(request):  # a person: to the login page
        path = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        target = f"{root_path(request)}/login?next={quote(path, safe='')}"
        return RedirectResponse(target, status_code=303)
    response = respond(request, status, message, code)
    for key, value in (exc.headers or {}).items():
        response.headers[key] = value
    return response


#: A wrong-shaped body can fail in a million places: the reply names the first few, never echoes
#: the body, and stays small.
MAX_DETAIL = 20


def _message(error: dict[str, Any]) -> str:
    """The error's message, with the parser's reason for a body that is not JSON."""
    msg = str(error.get("msg") or "")
    reason = (error.get("ctx") or {}).get("error")
    if error.get("type") == "json_invalid" and reason:
        msg = f"{msg}: {reason}"
    return msg[:200]


async def validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    errors = exc.errors()
    shown = jsonable_encoder(
        [{k: e.get(k) for k in ("loc", "msg", "type", "ctx")} for e in errors[:MAX_DETAIL]]
    )
    detail = [
        {
            "loc": [str(p)[:60] for p in e.get("loc") or ()],
            "msg": _message(e),
            "type": e.get("type") or "",
        }
        for e in shown
    ]
    if len(errors) > MAX_DETAIL:
        detail.append({"loc": [], "msg": f"and {len(errors) - MAX_DETAIL} more", "type": "more"})
    where = "; ".join(f"{'.'.join(str(p) for p in d['loc'])}: {d['msg']}" for d in detail[:5])
    return respond(
        request,
        status_of(INVALID_REQUEST),
        f"invalid request: {where}",
        INVALID_REQUEST,
        detail=detail,
    )


async def takediff_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, TakediffError)
    return respond(request, 400, str(exc), getattr(exc, "code", "E000"))


def install(app: FastAPI) -> None:
    app.add_exception_handler(HTTPException, http_error)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(TakediffError, takediff_error)
