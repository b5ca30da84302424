"""One HTML page of the app: its template rendered with the site's links, and the security
headers every page is sent with (the form, the history, a report, an error page)."""

from __future__ import annotations

import base64
import hashlib
import re
from typing import Any

from starlette.requests import Request
from starlette.responses import HTMLResponse

from takediff.render.html import environment

_SCRIPT = re.compile(r"<script>(.*?)</script>", re.S)


def root_path(request: Request) -> str:
    """The prefix the app is mounted under ('' at the root), for links that stay inside it."""
    return str(request.scope.get("root_path", ""))


def page_links(root: str, report_id: str | None = None) -> dict[str, str]:
    """The links at the top of every page (and a report's JSON, on a report's page)."""
    links = {"New comparison": f"{root}/", "History": f"{root}/reports"}
    if report_id:
        links["JSON"] = f"{root}/api/reports/{report_id}"
    return links


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
    root = root_path(request)
    context.setdefault("title", "takediff")
    context.setdefault("links", page_links(root))
    context.setdefault("user", getattr(request.state, "user", None))
    html = environment().get_template(template).render(root=root, **context)
    return html_response(html, status_code)
