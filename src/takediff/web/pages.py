"""The pages a person uses: a form to paste or upload accounts, the report, the history."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from starlette.datastructures import UploadFile
from starlette.responses import HTMLResponse, RedirectResponse, Response

from takediff.errors import TakediffError
from takediff.ingest import decode_bytes, make_document
from takediff.parties import parse_merge
from takediff.types import Document
from takediff.web.auth import ReaderDep, UserDep, not_found
from takediff.web.deps import ServiceDep, StoreDep, get_settings
from takediff.web.errors import CROSS_SITE, Refused
from takediff.web.guards import cross_site
from takediff.web.rendering import html_response, render_page, root_path

router = APIRouter(include_in_schema=False)


def _index(request: Request, status_code: int = 200, **context: Any) -> HTMLResponse:
    context.setdefault("rows", [("", ""), ("", "")])
    context.setdefault("news", False)
    context.setdefault(
        "article",
        {"text": "", "speakers": "", "with_article": False, "merge": "", "keep_apart": False},
    )
    return render_page(
        request,
        "index.html",
        status_code=status_code,
        max_body_bytes=get_settings(request).max_body_bytes,
        **context,
    )


@router.get("/", response_class=HTMLResponse)
def index(request: Request, user: UserDep) -> HTMLResponse:
    return _index(request)


async def _upload_text(value: Any, max_chars: int) -> tuple[Document, str] | None:
    """(document, file stem) of an uploaded file, or None when no file was chosen: decoded as
    the command line decodes a file, so the report names the encoding it was read with."""
    if not isinstance(value, UploadFile) or not value.filename:
        return None
    data = await value.read()
    if not data:
        return None
    got = decode_bytes(data, value.filename)
    doc = make_document(
        got.text,
        source=value.filename,
        max_chars=max_chars,
        encoding=got.encoding,
        encoding_alternatives=got.alternatives,
    )
    return doc, Path(value.filename).stem


async def _form(request: Request) -> Any:
    """The posted form, unless a browser posted it from another site's page (CSRF)."""
    if cross_site(request):
        raise Refused(CROSS_SITE, "this form can only be posted from takediff's own page")
    return await request.form(max_part_size=get_settings(request).max_body_bytes)


@router.post("/ui/compare")
async def compare_form(request: Request, service: ServiceDep, user: UserDep) -> Response:
    form = await _form(request)
    names = [str(v) for v in form.getlist("party")]
    texts = [str(v) for v in form.getlist("text")]
    files = form.getlist("file")
    news = form.get("news") is not None
    rows = [(names[i] if i < len(names) else "", t) for i, t in enumerate(texts)]
    try:
        accounts = []
        for i in range(max(len(names), len(texts), len(files))):
            name = names[i].strip() if i < len(names) else ""
            text: str | Document = texts[i] if i < len(texts) else ""
            limit = get_settings(request).max_chars
            upload = await _upload_text(files[i], limit) if i < len(files) else None
            if upload is not None:
                text, stem = upload
                name = name or stem
            if (text.text if isinstance(text, Document) else text).strip():
                accounts.append((name or f"Party {i + 1}", text))
        row = await service.compare(accounts, root=root_path(request), owner=user, news=news)
    except TakediffError as exc:
        return _index(request, 400, error=str(exc), rows=rows or [("", ""), ("", "")], news=news)
    return RedirectResponse(request.url_for("report_page", report_id=row.id), status_code=303)


@router.post("/ui/article")
async def article_form(request: Request, service: ServiceDep, user: UserDep) -> Response:
    form = await _form(request)
    text = str(form.get("article") or "")
    speakers_field = str(form.get("speakers") or "")
    with_article = form.get("with_article") is not None
    merge_field = str(form.get("merge") or "")
    keep_apart = form.get("keep_apart") is not None
    values = {
        "text": text,
        "speakers": speakers_field,
        "with_article": with_article,
        "merge": merge_field,
        "keep_apart": keep_apart,
    }
    article: str | Document = text
    try:
        merge = [parse_merge(m) for m in merge_field.split(",") if m.strip()]
    except ValueError as exc:
        return _index(request, 400, error=f"merge: {exc}", article=values, tab="article")
    try:
        upload = await _upload_text(form.get("article_file"), get_settings(request).max_chars)
        if upload is not None:
            article = upload[0]
        speakers = [s.strip() for s in speakers_field.split(",") if s.strip()] or None
        row = await service.article(
            article,
            speakers,
            with_article,
            root=root_path(request),
            owner=user,
            merge=merge,
            automatic=not keep_apart,
        )
    except TakediffError as exc:
        return _index(request, 400, error=str(exc), article=values, tab="article")
    return RedirectResponse(request.url_for("report_page", report_id=row.id), status_code=303)


@router.get("/r/{report_id}", response_class=HTMLResponse, name="report_page")
def report_page(report_id: str, store: StoreDep, reader: ReaderDep) -> HTMLResponse:
    """A report's page: for its owner, and for anyone once the owner shared it."""
    row = store.get(report_id, reader=reader or "")
    if row is None:
        raise not_found(reader)
    return html_response(row.html)


@router.get("/reports", response_class=HTMLResponse)
def history(request: Request, store: StoreDep, user: UserDep) -> HTMLResponse:
    rows = store.recent(200, owner=user)
    return render_page(request, "reports.html", title="takediff: history", rows=rows)


@router.post("/ui/reports/{report_id}/share")
async def share_form(request: Request, report_id: str, store: StoreDep, user: UserDep) -> Response:
    """Share one of your reports read-only (``shared=1``), or stop (``shared=0``)."""
    form = await _form(request)
    store.share(report_id, user, str(form.get("shared") or "") == "1")
    return RedirectResponse(f"{root_path(request)}/reports", status_code=303)


@router.post("/ui/reports/{report_id}/delete")
async def delete_form(request: Request, report_id: str, store: StoreDep, user: UserDep) -> Response:
    await _form(request)
    store.delete(report_id, owner=user)
    return RedirectResponse(f"{root_path(request)}/reports", status_code=303)
