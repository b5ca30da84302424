"""The JSON API: compare accounts or an article, then read, list and delete stored reports."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request, Response

from takediff.parties import parse_merge
from takediff.version import __version__
from takediff.web.auth import NOT_YOURS, ReaderDep, UserDep, not_found
from takediff.web.deps import ServiceDep, StoreDep
from takediff.web.guards import StrictJSONRoute
from takediff.web.rendering import root_path
from takediff.web.schemas import (
    ArticleRequest,
    CompareRequest,
    ErrorOut,
    ReportSummary,
    ShareOut,
    ShareRequest,
    StoredReportOut,
)
from takediff.web.store import StoredReport

router = APIRouter(route_class=StrictJSONRoute)

ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorOut, "description": "Bad input: the message says what to do."},
    401: {"model": ErrorOut, "description": "No valid token (servers run with --auth users)."},
    413: {"model": ErrorOut, "description": "The request body is over the size limit."},
    422: {
        "model": ErrorOut,
        "description": "Malformed JSON, a body of the wrong shape, or too many parties.",
    },
    503: {
        "model": ErrorOut,
        "description": "The server is busy (its queue is full): retry after Retry-After seconds.",
    },
    504: {"model": ErrorOut, "description": "The comparison ran past the server's time limit."},
}


def stored_json(request: Request, row: StoredReport) -> dict[str, Any]:
    """``takediff.to_dict(report)`` plus the report's id and where to find it again."""
    return {
        "id": row.id,
        "permalink": str(request.url_for("report_page", report_id=row.id)),
        "api_url": str(request.url_for("get_report", report_id=row.id)),
        "created": row.created_iso,
        **row.report,
    }


def created(request: Request, response: Response, row: StoredReport) -> dict[str, Any]:
    """The stored report's JSON, with Location pointing at it (the 201 of both POSTs)."""
    out = stored_json(request, row)
    response.headers["Location"] = out["api_url"]
    return out


@router.post(
    "/compare",
    status_code=201,
    response_model=StoredReportOut,
    responses=ERRORS,
    tags=["compare"],
    summary="Compare two or more parties' accounts of one event",
)
async def compare_accounts(
    body: CompareRequest,
    request: Request,
    response: Response,
    service: ServiceDep,
    user: UserDep,
) -> dict[str, Any]:
    """Topics sharpest first, each with a verdict, strength, explanation and the claims' offsets.
    The report is stored: ``permalink`` is its HTML page, ``api_url`` this JSON."""
    if isinstance(body.accounts, dict):
        pairs = list(body.accounts.items())
    else:
        pairs = [(a.party, a.text) for a in body.accounts]
    row = await service.compare(
        pairs, root=root_path(request), reports=body.reports, owner=user, news=body.news
    )
    return created(request, response, row)


@router.post(
    "/article",
    status_code=201,
    response_model=StoredReportOut,
    responses=ERRORS,
    tags=["compare"],
    summary="Split a news article into its speakers' accounts and compare them",
)
async def compare_article(
    body: ArticleRequest,
    request: Request,
    response: Response,
    service: ServiceDep,
    user: UserDep,
) -> dict[str, Any]:
    """Offsets in the report point into the article text."""
    row = await service.article(
        body.text,
        body.speakers,
        body.with_article,
        root=root_path(request),
        owner=user,
        merge=[parse_merge(m) for m in body.merge],
        automatic=not body.keep_apart,
    )
    return created(request, response, row)


@router.get("/api/reports", response_model=list[ReportSummary], tags=["reports"])
def list_reports(
    request: Request,
    store: StoreDep,
    user: UserDep,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> list[dict[str, Any]]:
    """Your stored reports, newest first: id, created, parties, divergence, shared, permalink.
    Others' reports are never listed, shared or not."""
    rows = store.recent(limit, offset, owner=user)
    for row in rows:
        row["permalink"] = str(request.url_for("report_page", report_id=row["id"]))
    return rows


@router.get(
    "/api/reports/{report_id}",
    response_model=StoredReportOut,
    responses={404: {"model": ErrorOut}},
    tags=["reports"],
)
def get_report(
    report_id: str, request: Request, store: StoreDep, reader: ReaderDep
) -> dict[str, Any]:
    """One stored report, as ``POST /compare`` returned it: yours, or one its owner shared."""
    row = store.get(report_id, reader=reader or "")  # ids that are not ids never reach the db
    if row is None:
        raise not_found(reader)
    return stored_json(request, row)


@router.delete(
    "/api/reports/{report_id}",
    status_code=204,
    responses={404: {"model": ErrorOut}},
    tags=["reports"],
)
def delete_report(report_id: str, store: StoreDep, user: UserDep) -> Response:
    """Delete one of your reports; its permalink answers 404 from then on."""
    if not store.delete(report_id, owner=user):
        raise HTTPException(404, NOT_YOURS)
    return Response(status_code=204)


@router.put(
    "/api/reports/{report_id}/shared",
    response_model=ShareOut,
    responses={404: {"model": ErrorOut}},
    tags=["reports"],
)
def share_report(
    report_id: str, body: ShareRequest, request: Request, store: StoreDep, user: UserDep
) -> dict[str, Any]:
    """Let anyone with the permalink read one of your reports (``{"shared": true}``), or stop
    (``false``). Read-only: only you list, share and delete it."""
    if not store.share(report_id, user, body.shared):
        raise HTTPException(404, NOT_YOURS)
    permalink = str(request.url_for("report_page", report_id=report_id))
    return {"id": report_id, "shared": body.shared, "permalink": permalink}


@router.get("/api/me", tags=["service"])
def me(user: UserDep) -> dict[str, str]:
    """Who the token or login belongs to ("local" on a server without users)."""
    return {"user": user}


@router.get("/healthz", tags=["service"])
def health(request: Request) -> dict[str, Any]:
    """Always answered (even when the server is busy). ``models``: the loaded models by role,
    once start-up has loaded them (empty when the app loads them on its first comparison)."""
    return {"status": "ok", "version": __version__, "models": request.app.state.models}
