"""``create_app(settings)``: the FastAPI app behind ``takediff serve``.

At start-up (the app's lifespan) it makes the report table, builds the one ``Pipeline`` the app
runs every comparison with (the bundled models, and the LLM named by $TAKEDIFF_LLM if any),
loads its models unless ``settings.preload_models`` is off, and starts the ``Service`` on it.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from starlette.concurrency import run_in_threadpool
from starlette.middleware.sessions import SessionMiddleware

from takediff.llm import get_llm_judge
from takediff.pipeline import Pipeline
from takediff.version import __version__
from takediff.web import errors
from takediff.web.api import router as api_router
from takediff.web.auth import CLIENT_TRIES, LOGIN_TRIES, SESSION_MAX_AGE_S, Throttle
from takediff.web.auth import router as auth_router
from takediff.web.guards import SecurityHeaders, SignedInBeforeBody, TrustedHosts
from takediff.web.limits import BodyLimit, InFlightLimit
from takediff.web.pages import router as pages_router
from takediff.web.service import Service
from takediff.web.settings import Settings
from takediff.web.store import ReportStore
from takediff.web.users import UserStore

DESCRIPTION = (
    "Where several parties' accounts of one event agree, contradict each other, or leave "
    "something out — with the exact words and character offsets as evidence. Every report is "
    "stored and has a permalink."
)


def default_pipeline(settings: Settings) -> Pipeline:
    """The bundled models, the LLM named by $TAKEDIFF_LLM (none when unset), the settings'
    per-account limit. Nothing loads until ``load()`` or the first comparison, except the LLM,
    which loads when it is named."""
    return Pipeline(llm=get_llm_judge(), max_chars=settings.max_chars)


def create_app(settings: Settings | None = None, pipeline: Pipeline | None = None) -> FastAPI:
    """One app per settings: its own database connection. ``pipeline``: the models to compare
    with (tests pass their own); by default ``default_pipeline(settings)``, built at start-up.
    The bundled models load once per process, so apps share them."""
    settings = settings or Settings()
    store = ReportStore(settings.db_url)
    users = UserStore(store.engine)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        await run_in_threadpool(store.create)
        ready = (
            pipeline
            if pipeline is not None
            else await run_in_threadpool(default_pipeline, settings)
        )
        service = Service(settings, store, ready)
        if settings.preload_models:
            app.state.models = await run_in_threadpool(service.ready)
        app.state.pipeline = ready
        app.state.service = service
        try:
            yield
        finally:
            service.close()
            store.close()

    # No /docs or /redoc: FastAPI's load Swagger UI and ReDoc from a CDN, blank offline and
    # code from elsewhere on a newsroom's network; /openapi.json describes the API.
    app = FastAPI(
        title="takediff",
        version=__version__,
        description=DESCRIPTION,
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.store = store
    app.state.users = users
    app.state.login_names = Throttle(LOGIN_TRIES)
    app.state.login_clients = Throttle(CLIENT_TRIES)
    app.state.models = {}  # filled at start-up once the models are loaded (see /healthz)
    app.add_middleware(
        BodyLimit, max_bytes=settings.max_body_bytes, timeout_s=settings.body_timeout_s
    )
    app.add_middleware(InFlightLimit, max_requests=settings.max_requests)
    if settings.auth == "users":  # outside the request limit: no slot before the sign-in
        store.create()  # the key that signs logins is kept in the database
        app.add_middleware(SignedInBeforeBody, user_of_token=users.by_token)
        app.add_middleware(
            SessionMiddleware,
            secret_key=users.session_key(),
            session_cookie="takediff_login",
            max_age=SESSION_MAX_AGE_S,
            same_site="strict",
            https_only=settings.secure_cookies,
        )
    app.add_middleware(TrustedHosts, allowed=settings.allowed_hosts)
    app.add_middleware(SecurityHeaders)  # outermost: its headers go on every answer
    errors.install(app)
    app.include_router(api_router)
    app.include_router(auth_router)
    app.include_router(pages_router)
    return app
