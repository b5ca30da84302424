"""The server against a hostile client: repeated JSON keys, huge wrong-shaped bodies, foreign
Host headers (DNS rebinding), cross-site form posts, and pages that load code from elsewhere."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from typing import Any

import pytest

httpx = pytest.importorskip("httpx")
pytest.importorskip("fastapi", reason="the web app needs the 'web' extra")

from takediff.web.guards import host_allowed, host_name  # noqa: E402
from takediff.web.server import BackgroundServer  # noqa: E402
from takediff.web.settings import Settings  # noqa: E402


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BackgroundServer]:
    db = tmp_path_factory.mktemp("guards") / "reports.sqlite3"
    settings = Settings(db_url=f"sqlite:///{db}", max_body_bytes=4_000_000, preload_models=False)
    with BackgroundServer(settings) as srv:
        yield srv


@pytest.fixture()
def client(server: BackgroundServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.url, timeout=60) as c:
        yield c


def test_a_key_given_twice_is_refused_not_dropped(client: httpx.Client) -> None:
    body = '{"accounts": {"Port": "The pier opens.", "Port": "The pier stays shut."}}'
    r = client.post("/compare", content=body, headers={"content-type": "application/json"})
    assert r.status_code == 422
    assert "'Port' is given twice" in r.json()["error"]
    # The same body with the key once reaches the pipeline (which refuses one party: 400).
    once = '{"accounts": {"Port": "The pier opens."}}'
    r = client.post("/compare", content=once, headers={"content-type": "application/json"})
    assert r.status_code == 400 and r.json()["code"] == "E005"


def test_a_huge_wrong_shaped_body_gets_a_small_reply(client: httpx.Client) -> None:
    body = json.dumps({"accounts": [1] * 600_000})  # 1.8 MB
    r = client.post("/compare", content=body, headers={"content-type": "application/json"})
    assert r.status_code == 422
    assert len(r.content) < 10_000
    assert len(r.json()["detail"]) <= 21


def test_many_wrong_items_are_named_a_few_at_a_time(client: httpx.Client) -> None:
    body = {"accounts": [{"party": i, "text": i} for i in range(100)]}
    r = client.post("/compare", json=body)
    assert r.status_code == 422
    detail = r.json()["detail"]
    assert len(detail) == 21 and detail[-1]["msg"].startswith("and ")


def test_a_foreign_host_is_refused_before_anything_else(
    server: BackgroundServer, client: httpx.Client
) -> None:
    for path in ("/healthz", "/api/reports", "/"):
        r = client.get(path, headers={"host": "rebind.evil.example"})
        assert r.status_code == 400 and r.json()["code"] == "bad_host", path
    assert client.get("/healthz", headers={"host": f"localhost:{server.port}"}).status_code == 200
    assert client.get("/healthz").status_code == 200  # 127.0.0.1:port


@pytest.mark.parametrize(
    "headers",
    [
        {"origin": "http://evil.example"},
        {"sec-fetch-site": "cross-site"},
        {"origin": "null"},
        {"referer": "http://evil.example/page"},
    ],
)
def test_a_cross_site_form_post_is_403(client: httpx.Client, headers: dict[str, str]) -> None:
    form = {"party": ["A", "B"], "text": ["The pier opens.", "The pier stays shut."]}
    for path in ("/ui/compare", "/ui/article"):
        r = client.post(path, data=form, headers=headers)
        assert r.status_code == 403, (path, r.status_code)


def test_a_same_site_form_post_passes_the_check(
    server: BackgroundServer, client: httpx.Client
) -> None:
    # One party: refused by the pipeline (400), so past the cross-site check, and no model loads.
    form = {"party": ["A"], "text": ["The pier opens on Friday at noon."]}
    for headers in ({"sec-fetch-site": "same-origin"}, {"origin": server.url}, {}):
        r = client.post("/ui/compare", data=form, headers=headers)
        assert r.status_code not in (403, 500), (headers, r.status_code)


def test_no_page_loads_code_from_elsewhere(client: httpx.Client) -> None:
    for path in ("/docs", "/redoc"):
        assert client.get(path).status_code == 404
    assert client.get("/openapi.json").status_code == 200
    page = client.get("/", headers={"accept": "text/html"})
    assert "https://" not in page.text.split("</head>")[0]
    assert "default-src 'none'" in page.headers["content-security-policy"]


@pytest.mark.parametrize(
    ("header", "name"),
    [
        ("127.0.0.1:8000", "127.0.0.1"),
        ("[::1]:8000", "::1"),
        ("Localhost", "localhost"),
        ("::1", "::1"),
    ],
)
def test_host_names_lose_their_port(header: str, name: str) -> None:
    assert host_name(header) == name


def test_host_patterns() -> None:
    allowed = ("127.0.0.1", "*.newsroom.example")
    assert host_allowed("desk.newsroom.example:443", allowed)
    assert not host_allowed("newsroom.example.evil.example", allowed)
    assert not host_allowed("", allowed)
    assert host_allowed("anything", ("*",))


def test_serve_on_every_address_needs_the_hosts_named() -> None:
    import subprocess
    import sys

    proc = subprocess.run(
        [sys.executable, "-m", "takediff.cli", "serve", "--host", "0.0.0.0", "--port", "1"]
        + ["--auth", "users"],
        capture_output=True,
        timeout=120,
    )
    err = proc.stderr.decode()
    assert proc.returncode == 2 and "Traceback" not in err
    assert "--allowed-host" in err and err.count("\n") == 1


@pytest.mark.parametrize(
    "text", ["The pier\u0000 opens on Friday at noon.", "%PDF-1.7\n1 0 obj << >> endobj"]
)
def test_the_api_refuses_nul_and_pdf_text_as_the_cli_does(client: httpx.Client, text: str) -> None:
    body = {"accounts": {"Port": text, "Union": "The pier stays shut until the spring."}}
    r = client.post("/compare", json=body)
    assert r.status_code == 400 and r.json()["code"] == "E002"


def _read_all(sock: Any) -> str:
    """What the server sends until it closes the connection."""
    chunks = []
    while chunk := sock.recv(4096):
        chunks.append(chunk)
    return b"".join(chunks).decode("latin-1")


def test_clients_that_trickle_a_body_get_408_and_free_their_slots(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """As many trickling clients as the server takes requests at once: each gets 408 when the
    body timeout runs out, and then the server answers others again (before: 503 for as long as
    they trickled)."""
    import socket

    db = tmp_path_factory.mktemp("slow") / "reports.sqlite3"
    settings = Settings(
        db_url=f"sqlite:///{db}", preload_models=False, max_requests=4, body_timeout_s=1.0
    )
    head = (
        b"POST /compare HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        b"Content-Length: 1000\r\n\r\n"
    )
    with BackgroundServer(settings) as srv:
        slow = []
        for _ in range(settings.max_requests):
            s = socket.create_connection((srv.host, srv.port), timeout=30)
            s.sendall(head + b'{"accounts": {"A": "The pier')
            slow.append(s)
        answers = [_read_all(s) for s in slow]
        for s in slow:
            s.close()
        assert all(a.startswith("HTTP/1.1 408") and "slow_body" in a for a in answers), answers
        with httpx.Client(base_url=srv.url, timeout=30) as c:
            assert c.get("/api/reports").status_code == 200


def test_serve_with_a_database_it_cannot_write_is_one_line() -> None:
    import subprocess
    import sys

    proc = subprocess.run(
        [sys.executable, "-m", "takediff.cli", "serve", "--db", "/proc/takediff/r.sqlite3"],
        capture_output=True,
        timeout=120,
    )
    err = proc.stderr.decode()
    assert proc.returncode == 2 and "Traceback" not in err
    assert err.startswith("takediff: cannot keep reports at") and "--db" in err


def test_every_answer_carries_the_security_headers(client: httpx.Client) -> None:
    """JSON, errors and refusals too, not only the pages (which set a stricter policy)."""
    answers = [
        client.get("/api/reports"),
        client.get("/api/reports/nope"),
        client.get("/healthz", headers={"host": "rebind.evil.example"}),
        client.post("/compare", content=b"{", headers={"content-type": "application/json"}),
    ]
    for r in answers:
        assert r.headers["x-content-type-options"] == "nosniff", r.url
        assert "frame-ancestors 'none'" in r.headers["content-security-policy"], r.url
    page = client.get("/", headers={"accept": "text/html"})
    assert "script-src" in page.headers["content-security-policy"]  # the page's own, kept
    assert len(page.headers.get_list("content-security-policy")) == 1  # not a second one


def test_a_client_that_never_finishes_its_headers_gets_408_and_is_closed(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    import socket

    db = tmp_path_factory.mktemp("headers") / "reports.sqlite3"
    settings = Settings(db_url=f"sqlite:///{db}", preload_models=False, header_timeout_s=0.5)
    with BackgroundServer(settings) as srv:
        sock = socket.create_connection((srv.host, srv.port), timeout=30)
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
        started = time.monotonic()
        answer = _read_all(sock)  # returns once the server closes the connection
        sock.close()
        assert answer.startswith("HTTP/1.1 408") and "slow_headers" in answer
        assert time.monotonic() - started < 10
        # a kept-alive connection has as long again for its next request's headers, no more
        with socket.create_connection((srv.host, srv.port), timeout=30) as kept:
            kept.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            assert kept.recv(4096).startswith(b"HTTP/1.1 200")
            kept.sendall(b"GET /healthz HTTP/1.1\r\nHost: 12")
            rest = _read_all(kept)  # the first answer's tail, if recv stopped short, then 408
            assert "HTTP/1.1 408 Request Timeout" in rest and rest.count("HTTP/1.1") == 1


def test_past_the_connection_cap_new_clients_get_503_with_retry_after(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    import socket

    db = tmp_path_factory.mktemp("cap") / "reports.sqlite3"
    settings = Settings(
        db_url=f"sqlite:///{db}", preload_models=False, max_connections=8, header_timeout_s=2.0
    )
    with BackgroundServer(settings) as srv:
        held = [socket.create_connection((srv.host, srv.port), timeout=30) for _ in range(8)]
        for sock in held:
            sock.sendall(b"GET /healthz HTTP/1.1\r\n")
        time.sleep(0.2)
        with httpx.Client(base_url=srv.url, timeout=30) as c:
            refused = c.get("/healthz")
            assert refused.status_code == 503 and refused.headers["retry-after"] == "1"
            assert refused.json()["code"] == "busy"
            for sock in held:  # the header timeout frees their places
                assert _read_all(sock).startswith("HTTP/1.1 408")
                sock.close()
            assert c.get("/healthz").status_code == 200


def test_256_unfinished_headers_do_not_stop_the_server(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """The issue's attack: before, 256 half-sent headers made every request 503, /healthz too."""
    import socket

    db = tmp_path_factory.mktemp("many") / "reports.sqlite3"
    settings = Settings(db_url=f"sqlite:///{db}", preload_models=False)
    with BackgroundServer(settings) as srv:
        held = [socket.create_connection((srv.host, srv.port), timeout=30) for _ in range(256)]
        try:
            for sock in held:
                sock.sendall(b"POST /compare HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            time.sleep(0.2)
            with httpx.Client(base_url=srv.url, timeout=30) as c:
                assert c.get("/healthz").status_code == 200
                assert c.get("/api/reports").status_code == 200
        finally:
            for sock in held:
                sock.close()
