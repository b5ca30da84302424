"""What the routers take from the app (``app.state``, set up by ``create_app``), as FastAPI
dependencies: ``service: ServiceDep`` in a route's signature."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from takediff.web.service import Service
from takediff.web.settings import Settings
from takediff.web.store import ReportStore


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def get_store(request: Request) -> ReportStore:
    store: ReportStore = request.app.state.store
    return store


def get_service(request: Request) -> Service:
    """The service the app's lifespan started, on its Pipeline (``service.pipeline``)."""
    service: Service = request.app.state.service
    return service


StoreDep = Annotated[ReportStore, Depends(get_store)]
ServiceDep = Annotated[Service, Depends(get_service)]
