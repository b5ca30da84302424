"""Run the app with uvicorn: in the foreground (``takediff serve``) or in a background thread."""

from __future__ import annotations

import socket
import threading
import time
from types import TracebackType

import uvicorn

from takediff.web.app import create_app
from takediff.web.protocol import GuardedH11Protocol, guarded_protocol
from takediff.web.settings import Settings


def _protocol(settings: Settings) -> type[GuardedH11Protocol]:
    return guarded_protocol(settings.header_timeout_s, settings.max_connections)


def serve(settings: Settings, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Serve until interrupted (Ctrl-C)."""
    uvicorn.run(
        create_app(settings), host=host, port=port, log_level="info", http=_protocol(settings)
    )


class BackgroundServer:
    """The app on 127.0.0.1 and a free port, in a thread: for tests, notebooks and benchmarks.

    ``with BackgroundServer(settings) as server: httpx.get(server.url + "/healthz")``
    """

    def __init__(self, settings: Settings, host: str = "127.0.0.1", port: int = 0) -> None:
        self.socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.socket.bind((host, port))
        self.host, self.port = self.socket.getsockname()[:2]
        config = uvicorn.Config(
            create_app(settings),
            log_level="warning",
            lifespan="on",
            http=_protocol(settings),
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(
            target=self.server.run, kwargs={"sockets": [self.socket]}, daemon=True
        )

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def start(self, timeout: float = 120.0) -> BackgroundServer:
        self.thread.start()
        deadline = time.monotonic() + timeout
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError(f"the takediff server on {self.url} did not start")
            time.sleep(0.02)
        return self

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=30)
        self.socket.close()

    def __enter__(self) -> BackgroundServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
