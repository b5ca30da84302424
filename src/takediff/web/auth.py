"""Who is asking: the signed-in user of a request, as FastAPI dependencies, and the login page.

Two modes (``Settings.auth``). ``none``: one person on loopback; every request is theirs
(``LOCAL``), as before there were users. ``users``: the API takes ``Authorization: Bearer
TOKEN`` (FastAPI's ``HTTPBearer``); the page takes a login whose name is kept in a cookie signed
by Starlette's ``SessionMiddleware`` (itsdangerous), SameSite=Strict. Failed logins are counted
per name and per client, and refused for a while past ``LOGIN_TRIES``.
"""

from __future__ import annotations

import time
from collections import deque
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.concurrency import run_in_threadpool
from starlette.responses import RedirectResponse, Response

from takediff.web.deps import get_settings
from takediff.web.errors import CROSS_SITE, TOO_MANY_LOGINS, UNAUTHENTICATED, Refused
from takediff.web.guards import cross_site
from takediff.web.rendering import render_page, root_path
from takediff.web.store import LOCAL
from takediff.web.users import UserStore

#: Failed logins per name within ``LOGIN_WINDOW_S`` before the next are refused (429) until the
#: window passes: a name is guessed at most this often per window, whatever the connections.
LOGIN_TRIES = 5
#: Failed logins per client address in the window: more, as a newsroom may sit behind one
#: address, but a guesser trying many names is stopped too.
CLIENT_TRIES = 30
LOGIN_WINDOW_S = 600.0
#: How long a login lasts.
SESSION_MAX_AGE_S = 14 * 24 * 3600

bearer = HTTPBearer(
    auto_error=False,
    description="A token from `takediff users add NAME` (servers started with --auth users).",
)


class SignInNeeded(Refused):
    """401: no valid token or login. A browser asking for a page is sent to the login instead."""

    def __init__(self, message: str) -> None:
        super().__init__(UNAUTHENTICATED, message)
        self.headers = {"WWW-Authenticate": "Bearer"}


class Throttle:
    """Recent failures per key (a name, a client address); refuses past ``tries`` a window. Keys
    whose failures have all aged out are dropped, so the memory is bounded by recent failures."""

    def __init__(self, tries: int = LOGIN_TRIES, window_s: float = LOGIN_WINDOW_S) -> None:
        self.tries = tries
        self.window_s = window_s
        self._failures: dict[str, deque[float]] = {}

    def _recent(self, key: str, now: float) -> deque[float]:
        times = self._failures.setdefault(key, deque())
        while times and now - times[0] > self.window_s:
            times.popleft()
        if not times:
            del self._failures[key]
            return deque()
        return times

    def blocked(self, key: str) -> int:
        """Seconds until ``key`` may try again (0: now)."""
        now = time.monotonic()
        times = self._recent(key, now)
        if len(times) < self.tries:
            return 0
        return int(self.window_s - (now - times[-self.tries])) + 1

    def failed(self, key: str) -> None:
        now = time.monotonic()
        self._recent(key, now)
        self._failures.setdefault(key, deque()).append(now)


#: The one answer for a report that is missing and for one that is not the asker's: which of the
#: two it is, is not told.
NOT_YOURS = "no report with this id that you can see: it was deleted, is not yours, or is wrong"


def not_found(reader: str | None) -> Exception:
    """404 for someone signed in; for someone who is not, 401 (a person: the login page), for
    an unshared report and for a missing one alike."""
    if reader is None:
        return SignInNeeded("this report is not shared: sign in as its owner to read it")
    return HTTPException(404, NOT_YOURS)


def user_store(request: Request) -> UserStore:
    users: UserStore = request.app.state.users
    return users


async def signed_in(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> str | None:
    """The user a request comes from, or None when it carries no token and no login. A token
    that is not valid is refused (401), never taken as no token."""
    if get_settings(request).auth == "none":
        return LOCAL
    users = user_store(request)
    if credentials is not None:
        name = await run_in_threadpool(users.by_token, credentials.credentials)
        if name is None:
            raise SignInNeeded("this token is not valid: ask for a new one (takediff users token)")
        return name
    name = request.session.get("user")
    if isinstance(name, str) and await run_in_threadpool(users.exists, name):
        request.state.user = name  # the pages say who is signed in
        return name
    return None


async def required_user(user: Annotated[str | None, Depends(signed_in)]) -> str:
    if user is None:
        raise SignInNeeded(
            "sign in first: send 'Authorization: Bearer TOKEN' (a token from takediff users add)"
        )
    return user


#: ``user: UserDep`` in a route: the signed-in user, or 401 (a page: the login).
UserDep = Annotated[str, Depends(required_user)]
#: ``reader: ReaderDep``: the signed-in user, or None for someone with only a shared link.
ReaderDep = Annotated[str | None, Depends(signed_in)]

router = APIRouter(include_in_schema=False)


def safe_next(target: str, root: str) -> str:
    """Where to go after the login: a path on this site only (never '//elsewhere')."""
    if target.startswith("/") and not target.startswith(("//", "/\\")):
        return target
    return f"{root}/"


@router.get("/login", name="login")
def login_page(request: Request, next: str = "") -> Response:
    root = root_path(request)
    if get_settings(request).auth == "none":
        return RedirectResponse(f"{root}/", status_code=303)
    return render_page(
        request, "login.html", title="takediff: sign in", next=safe_next(next, root), links={}
    )


@router.post("/login")
async def login(request: Request) -> Response:
    root = root_path(request)
    if get_settings(request).auth == "none":
        return RedirectResponse(f"{root}/", status_code=303)
    if cross_site(request):
        raise Refused(CROSS_SITE, "this form can only be posted from takediff's own page")
    form = await request.form(max_part_size=4096)
    name = str(form.get("name") or "").strip()[:64]
    password = str(form.get("password") or "")
    target = safe_next(str(form.get("next") or ""), root)
    names: Throttle = request.app.state.login_names
    clients: Throttle = request.app.state.login_clients
    client = request.client.host if request.client else ""
    wait = max(names.blocked(name), clients.blocked(client))
    if wait:
        raise Refused(
            TOO_MANY_LOGINS,
            f"too many failed sign-ins for this name or from this address; wait {wait} s.",
            retry_after=wait,
        )
    user = await run_in_threadpool(user_store(request).by_password, name, password)
    if user is None:
        names.failed(name)
        clients.failed(client)
        return render_page(
            request,
            "login.html",
            status_code=401,
            title="takediff: sign in",
            next=target,
            links={},
            error="That name and password do not match.",
            name=name,
        )
    request.session.clear()
    request.session["user"] = user
    return RedirectResponse(target, status_code=303)


@router.post("/logout")
async def logout(request: Request) -> Response:
    if cross_site(request):
        raise Refused(CROSS_SITE, "this form can only be posted from takediff's own page")
    if get_settings(request).auth != "none":
        request.session.clear()
    return RedirectResponse(f"{root_path(request)}/login", status_code=303)
