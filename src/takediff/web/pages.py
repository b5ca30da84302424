"""The pages a person uses: a form to paste or upload accounts, the report, the history."""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Request
from starlette.datastructures import UploadFile
from starlette.responses import HTMLResponse, RedirectResponse, Response

from takediff.errors import TakediffError
from takediff.ingest import decode
from takediff.render.html import environment
from takediff.web.api import get_service, get_store
from takediff.web.service import Service, page_links
from takediff.web.store import ReportStore

router = APIRouter(include_in_schema=False)

_SCRIPT = re.compile(r"<script>(.*?)</script>", re.S)


def security_headers(html: str) -> dict[str, str]:
    """Nothing loads from elsewhere; only this page's own inline scripts run (by hash), and a
    permalink is never sent on as a referrer."""
    hashes = [
        "'sha256-" + base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() + "'"
        for s in _SCRIPT.findall(html)
    ]
    scripts = " ".join(hashes) or "'none'"
    csp = (
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self'; "
        f"base-uri 'none'; frame-ancestors 'none'; script-src {scripts}"
    )
    return {
        "Content-Security-Policy": csp,
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
        "X-Frame-Options": "DENY",
    }


def html_response(html: str, status_code: int = 200) -> HTMLResponse:
    return HTMLResponse(html, status_code=status_code, headers=security_headers(html))


def render_page(
    request: Request, template: str, *, status_code: int = 200, **context: Any
) -> HTMLResponse:
    root = str(request.scope.get("root_path", ""))
    context.setdefault("title", "takediff")
    html = environment().get_template(template).render(links=page_links(root), root=root, **context)
    return html_response(html, status_code)


def _index(request: Request, status_code: int = 200, **context: Any) -> HTMLResponse:
    context.setdefault("rows", [("", ""), ("", "")])
    context.setdefault("article", {"text": "", "speakers": "", "with_article": False})
    settings = request.app.state.settings
    return render_page(
        request,
        "index.html",
        status_code=status_code,
        max_body_bytes=settings.max_body_bytes,
        **context,
    )


@router.get("/", response_class=HTMLResponse)
def index(request: Request) -> HTMLResponse:
    return _index(request)


async def _upload_text(value: Any) -> tuple[str, str] | None:
    """(text, file stem) of an uploaded file, or None when no file was chosen."""
    if not isinstance(value, UploadFile) or not value.filename:
        return None
    data = await value.read()
    if not data:
        return None
    text, _ = decode(data, value.filename)
    return text, Path(value.filename).stem


async def _form(request: Request) -> Any:
    return await request.form(max_part_size=request.app.state.settings.max_body_bytes)


@router.post("/ui/compare")
async def compare_form(
    request: Request, service: Annotated[Service, Depends(get_service)]
) -> Response:
    form = await _form(request)
    names = [str(v) for v in form.getlist("party")]
    texts = [str(v) for v in form.getlist("text")]
    files = form.getlist("file")
    rows = [(names[i] if i < len(names) else "", t) for i, t in enumerate(texts)]
    try:
        accounts = []
        for i in range(max(len(names), len(texts), len(files))):
            name = names[i].strip() if i < len(names) else ""
            text = texts[i] if i < len(texts) else ""
            upload = await _upload_text(files[i]) if i < len(files) else None
            if upload is not None:
                text, stem = upload
                name = name or stem
            if text.strip():
                accounts.append((name or f"Party {i + 1}", text))
        row = await service.compare(accounts, root=str(request.scope.get("root_path", "")))
    except TakediffError as exc:
        return _index(request, 400, error=str(exc), rows=rows or [("", ""), ("", "")])
    return RedirectResponse(request.url_for("report_page", report_id=row.id), status_code=303)


@router.post("/ui/article")
async def article_form(
    request: Request, service: Annotated[Service, Depends(get_service)]
) -> Response:
    form = await _form(request)
    text = str(form.get("article") or "")
    speakers_field = str(form.get("speakers") or "")
    with_article = form.get("with_article") is not None
    values = {"text": text, "speakers": speakers_field, "with_article": with_article}
    try:
        upload = await _upload_text(form.get("article_file"))
        if upload is not None:
            text = upload[0]
        speakers = [s.strip() for s in speakers_field.split(",") if s.strip()] or None
        row = await service.article(
            text, speakers, with_article, root=str(request.scope.get("root_path", ""))
        )
    except TakediffError as exc:
        return _index(request, 400, error=str(exc), article=values, tab="article")
    return RedirectResponse(request.url_for("report_page", report_id=row.id), status_code=303)


@router.get("/r/{report_id}", response_class=HTMLResponse, name="report_page")
def report_page(report_id: str, store: Annotated[ReportStore, Depends(get_store)]) -> HTMLResponse:
    row = store.get(report_id)
    if row is None:
        raise HTTPException(404, "No report with this id: it was deleted, or the link is wrong.")
    return html_response(row.html)


@router.get("/reports", response_class=HTMLResponse)
def history(request: Request, store: Annotated[ReportStore, Depends(get_store)]) -> HTMLResponse:
    return render_page(request, "reports.html", title="takediff: history", rows=store.recent(200))
