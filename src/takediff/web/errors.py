"""Every error as a clear body: JSON for API clients, a short page for a person's browser."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException
from starlette.responses import JSONResponse, Response

from takediff.errors import CODE_OF_STATUS, TakediffError

API_PREFIXES = ("/compare", "/article", "/api/", "/openapi.json", "/healthz")

UNREADABLE = "There was an error parsing the body"


class Refused(HTTPException):
    """A request the server will not run (now, or at all): status, message, code, and for 503
    how many seconds to wait before trying again."""

    def __init__(
        self, status: int, message: str, code: str, *, retry_after: int | None = None
    ) -> None:
        headers = {"Retry-After": str(retry_after)} if retry_after is not None else None
        super().__init__(status, message, headers=headers)
        self.code = code


def wants_html(request: Request) -> bool:
    path = request.url.path[len(request.scope.get("root_path", "")) :]
    accept = request.headers.get("accept", "")
    return not path.startswith(API_PREFIXES) and "text/html" in accept


def error_body(status: int, message: str, code: str, **extra: Any) -> dict[str, Any]:
    return {"error": message, "code": code, "status": status, **extra}


def respond(request: Request, status: int, message: str, code: str, **extra: Any) -> Response:
    if wants_html(request):
        from takediff.web.pages import render_page

        return render_page(
            request, "error.html", status_code=status, title=f"{status}", message=message
        )
    return JSONResponse(error_body(status, message, code, **extra), status_code=status)


async def http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    status, message = exc.status_code, str(exc.detail)
    code = getattr(exc, "code", None) or CODE_OF_STATUS.get(status, "http_error")
    if status == 400 and message == UNREADABLE:  # FastAPI's word for a body that won't decode
        status, code = 422, "invalid_request"
        message = "invalid request: the body is not JSON in UTF-8 (or not a form); send UTF-8 JSON."
    response = respond(request, status, message, code)
    for key, value in (exc.headers or {}).items():
        response.headers[key] = value
    return response


async def validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    detail = [
        {"loc": list(e.get("loc", ())), "msg": e.get("msg", ""), "type": e.get("type", "")}
        for e in jsonable_encoder(exc.errors())
    ]
    where = "; ".join(f"{'.'.join(str(p) for p in d['loc'])}: {d['msg']}" for d in detail[:5])
    return respond(request, 422, f"invalid request: {where}", "invalid_request", detail=detail)


async def takediff_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, TakediffError)
    return respond(request, 400, str(exc), getattr(exc, "code", "E000"))


def install(app: FastAPI) -> None:
    app.add_exception_handler(HTTPException, http_error)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(TakediffError, takediff_error)
