"""``create_app(settings)``: the FastAPI app behind ``takediff serve``."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from starlette.concurrency import run_in_threadpool

from takediff.version import __version__
from takediff.web import errors
from takediff.web.api import router as api_router
from takediff.web.limits import BodyLimit, InFlightLimit
from takediff.web.pages import router as pages_router
from takediff.web.service import Service, load_models
from takediff.web.settings import Settings
from takediff.web.store import ReportStore

DESCRIPTION = (
    "Where several parties' accounts of one event agree, contradict each other, or leave "
    "something out — with the exact words and character offsets as evidence. Every report is "
    "stored and has a permalink."
)


def create_app(settings: Settings | None = None) -> FastAPI:
    """One app per settings: its own database connection; the models are shared per process."""
    settings = settings or Settings()
    store = ReportStore(settings.db_url)
    service = Service(settings, store)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        await run_in_threadpool(store.create)
        if settings.preload_models:
            await run_in_threadpool(load_models)
        yield
        service.close()
        store.close()

    app = FastAPI(title="takediff", version=__version__, description=DESCRIPTION, lifespan=lifespan)
    app.state.settings = settings
    app.state.store = store
    app.state.service = service
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes)
    app.add_middleware(InFlightLimit, max_requests=settings.max_requests)  # outermost: first
    errors.install(app)
    app.include_router(api_router)
    app.include_router(pages_router)
    return app
