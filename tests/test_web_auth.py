"""Access control: with --auth users, each person's reports are their own, a link is shared only
by the owner's choice, and the page needs a login; without it, serve stays on loopback."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("pwdlib")
import httpx  # noqa: E402
import sqlalchemy as sa  # noqa: E402
from typer.testing import CliRunner  # noqa: E402

from takediff.cli import app as cli  # noqa: E402
from takediff.web.server import BackgroundServer  # noqa: E402
from takediff.web.settings import Settings  # noqa: E402
from takediff.web.store import ReportStore  # noqa: E402
from takediff.web.users import UserStore  # noqa: E402

ACCOUNTS = {
    "accounts": {
        "Harbour board": "The ferry pier reopens on Monday.",
        "Ferry union": "The ferry pier stays closed until the repairs are done.",
    }
}


@pytest.fixture(scope="module")
def people(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    db = tmp_path_factory.mktemp("auth") / "reports.sqlite3"
    store = ReportStore(f"sqlite:///{db}")
    store.create()
    users = UserStore(store.engine)
    tokens = {"alice": users.add("alice", "correct horse battery"), "bob": users.add("bob")}
    store.close()
    return {"db": db, "tokens": tokens}


@pytest.fixture(scope="module")
def server(people: dict[str, Any]) -> Iterator[BackgroundServer]:
    settings = Settings(db_url=f"sqlite:///{people['db']}", auth="users", preload_models=False)
    with BackgroundServer(settings) as running:
        yield running


def client_for(server: BackgroundServer, token: str | None = None) -> httpx.Client:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return httpx.Client(base_url=server.url, headers=headers, timeout=120)


@pytest.fixture(scope="module")
def alice_report(server: BackgroundServer, people: dict[str, Any]) -> dict[str, Any]:
    with client_for(server, people["tokens"]["alice"]) as alice:
        response = alice.post("/compare", json=ACCOUNTS)
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def test_without_a_token_the_api_is_401_and_the_page_asks_for_a_login(
    server: BackgroundServer,
) -> None:
    with client_for(server) as anyone:
        for method, path in [("GET", "/api/reports"), ("POST", "/compare"), ("GET", "/api/me")]:
            response = anyone.request(method, path, json=ACCOUNTS if method == "POST" else None)
            assert response.status_code == 401, path
            assert response.json()["code"] == "unauthenticated"
            assert response.headers["www-authenticate"] == "Bearer"
        page = anyone.get("/reports", headers={"Accept": "text/html"})
        assert page.status_code == 303
        assert page.headers["location"].endswith("/login?next=%2Freports")
        assert anyone.get("/login").status_code == 200


def test_a_wrong_token_is_401_not_anonymous(server: BackgroundServer) -> None:
    with client_for(server, "not-a-token") as stranger:
        assert stranger.get("/api/me").status_code == 401
        assert stranger.get("/healthz").status_code == 200  # the health check needs no token


def test_reports_are_their_owners_and_listing_shows_only_ones_own(
    server: BackgroundServer, people: dict[str, Any], alice_report: dict[str, Any]
) -> None:
    rid = alice_report["id"]
    tokens = people["tokens"]
    with client_for(server, tokens["alice"]) as alice, client_for(server, tokens["bob"]) as bob:
        assert alice.get("/api/me").json() == {"user": "alice"}
        assert rid in [r["id"] for r in alice.get("/api/reports").json()]
        assert rid not in [r["id"] for r in bob.get("/api/reports").json()]
        assert bob.get(f"/api/reports/{rid}").status_code == 404
        assert bob.get(f"/r/{rid}").status_code == 404
        assert bob.delete(f"/api/reports/{rid}").status_code == 404
        assert bob.put(f"/api/reports/{rid}/shared", json={"shared": True}).status_code == 404
        assert alice.get(f"/api/reports/{rid}").status_code == 200  # bob deleted nothing


def test_a_report_is_readable_by_others_only_once_its_owner_shares_it(
    server: BackgroundServer, people: dict[str, Any]
) -> None:
    tokens = people["tokens"]
    with client_for(server, tokens["alice"]) as alice, client_for(server, tokens["bob"]) as bob:
        rid = alice.post("/compare", json=ACCOUNTS).json()["id"]
        with client_for(server) as anyone:
            assert anyone.get(f"/api/reports/{rid}").status_code == 401
            shared = alice.put(f"/api/reports/{rid}/shared", json={"shared": True})
            assert shared.status_code == 200 and shared.json()["shared"] is True
            assert anyone.get(f"/api/reports/{rid}").status_code == 200
            assert anyone.get(f"/r/{rid}").status_code == 200
            assert bob.get(f"/r/{rid}").status_code == 200
            # read-only: a reader neither deletes it nor lists it
            assert bob.delete(f"/api/reports/{rid}").status_code == 404
            assert anyone.delete(f"/api/reports/{rid}").status_code == 401
            assert rid not in [r["id"] for r in bob.get("/api/reports").json()]
            alice.put(f"/api/reports/{rid}/shared", json={"shared": False})
            assert anyone.get(f"/api/reports/{rid}").status_code == 401
            assert bob.get(f"/api/reports/{rid}").status_code == 404
        assert alice.delete(f"/api/reports/{rid}").status_code == 204


def test_the_page_login_sets_a_strict_cookie_and_shows_only_ones_own(
    server: BackgroundServer, alice_report: dict[str, Any]
) -> None:
    with client_for(server) as browser:
        wrong = browser.post("/login", data={"name": "alice", "password": "guess"})
        assert wrong.status_code == 401 and "do not match" in wrong.text
        ok = browser.post(
            "/login", data={"name": "alice", "password": "correct horse battery", "next": "/"}
        )
        assert ok.status_code == 303 and ok.headers["location"] == "/"
        cookie = ok.headers["set-cookie"].lower()
        assert "httponly" in cookie and "samesite=strict" in cookie
        history = browser.get("/reports")
        assert history.status_code == 200 and alice_report["id"] in history.text
        assert "signed in as alice" in history.text
        # the page's own share button works, and a cross-site post of it does not
        rid = alice_report["id"]
        hostile = browser.post(
            f"/ui/reports/{rid}/delete", headers={"Sec-Fetch-Site": "cross-site"}
        )
        assert hostile.status_code == 403
        shared = browser.post(f"/ui/reports/{rid}/share", data={"shared": "1"})
        assert shared.status_code == 303
        assert any(r["shared"] for r in browser.get("/api/reports").json() if r["id"] == rid)
        browser.post(f"/ui/reports/{rid}/share", data={"shared": "0"})
        browser.post("/logout")
        assert browser.get("/api/reports").status_code == 401


def test_a_token_signs_in_on_the_page_and_next_stays_on_this_site(
    server: BackgroundServer, people: dict[str, Any]
) -> None:
    with client_for(server) as browser:
        response = browser.post(
            "/login",
            data={"name": "bob", "password": people["tokens"]["bob"], "next": "//evil.example/"},
        )
        assert response.status_code == 303 and response.headers["location"] == "/"


def test_failed_logins_are_refused_for_a_while_past_five(server: BackgroundServer) -> None:
    with client_for(server) as browser:
        codes = [
            browser.post("/login", data={"name": "carol", "password": f"try {i}"}).status_code
            for i in range(6)
        ]
        assert codes == [401] * 5 + [429]
        refused = browser.post("/login", data={"name": "carol", "password": "try 7"})
        assert refused.status_code == 429 and int(refused.headers["retry-after"]) > 0


def test_a_removed_user_is_signed_out_everywhere(
    server: BackgroundServer, people: dict[str, Any]
) -> None:
    store = ReportStore(f"sqlite:///{people['db']}")
    users = UserStore(store.engine)
    token = users.add("dora")
    with client_for(server) as browser, client_for(server, token) as api:
        assert api.get("/api/me").status_code == 200
        assert browser.post("/login", data={"name": "dora", "password": token}).status_code == 303
        assert browser.get("/api/me").json() == {"user": "dora"}
        users.remove("dora")
        assert api.get("/api/me").status_code == 401
        assert browser.get("/api/me").status_code == 401
    store.close()


def test_a_database_from_before_owners_gains_them_and_keeps_its_reports(tmp_path: Path) -> None:
    db = tmp_path / "old.sqlite3"
    engine = sa.create_engine(f"sqlite:///{db}")
    with engine.begin() as conn:  # the table as it was before reports had owners
        conn.execute(
            sa.text(
                "CREATE TABLE takediff_reports (id VARCHAR(32) PRIMARY KEY, created DATETIME NOT "
                "NULL, kind VARCHAR(16) NOT NULL, parties JSON NOT NULL, divergence FLOAT NOT "
                "NULL, inputs JSON NOT NULL, report JSON NOT NULL, html TEXT NOT NULL)"
            )
        )
        conn.execute(
            sa.text(
                "INSERT INTO takediff_reports VALUES ('AAAAAAAAAAAAAAAAAAAAAA', "
                "'2026-01-01 00:00:00', 'compare', '[\"A\", \"B\"]', 0.5, '{}', '{}', '<p>')"
            )
        )
    engine.dispose()
    store = ReportStore(f"sqlite:///{db}")
    store.create()
    store.create()  # twice: nothing to add the second time
    rows = store.recent()
    assert [r["id"] for r in rows] == ["AAAAAAAAAAAAAAAAAAAAAA"] and rows[0]["shared"] is False
    got = store.get("AAAAAAAAAAAAAAAAAAAAAA", reader="local")
    assert got is not None and got.owner == "local"
    store.close()


def test_users_cli_adds_a_working_token_and_removal_revokes_it(tmp_path: Path) -> None:
    db = str(tmp_path / "u.sqlite3")
    runner = CliRunner()
    added = runner.invoke(cli, ["users", "add", "erin", "--db", db])
    assert added.exit_code == 0
    token = added.stdout.strip()
    store = ReportStore(f"sqlite:///{db}")
    users = UserStore(store.engine)
    assert users.by_token(token) == "erin"
    again = runner.invoke(cli, ["users", "add", "erin", "--db", db])
    assert again.exit_code == 2 and "E013" in again.stderr and "Traceback" not in again.output
    assert runner.invoke(cli, ["users", "add", "two words", "--db", db]).exit_code == 2
    fresh = runner.invoke(cli, ["users", "token", "erin", "--db", db]).stdout.strip()
    assert users.by_token(token) is None and users.by_token(fresh) == "erin"
    listed = runner.invoke(cli, ["users", "list", "--db", db]).stdout
    assert listed.startswith("erin\t") and "token only" in listed
    assert runner.invoke(cli, ["users", "remove", "erin", "--db", db]).exit_code == 0
    assert users.by_token(fresh) is None
    assert runner.invoke(cli, ["users", "remove", "erin", "--db", db]).exit_code == 2
    store.close()


def test_only_a_password_hash_and_a_token_digest_are_kept(people: dict[str, Any]) -> None:
    engine = sa.create_engine(f"sqlite:///{people['db']}")
    with engine.connect() as conn:
        row = conn.execute(sa.text("SELECT * FROM takediff_users WHERE name='alice'")).one()
    engine.dispose()
    kept = " ".join(str(v) for v in row)
    assert "correct horse battery" not in kept and people["tokens"]["alice"] not in kept
    assert row.password.startswith("$argon2id$")


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--host", "192.0.2.7"], "--auth users"),
        (["--host", "127.0.0.1", "--auth", "users"], "no users yet"),
        (["--auth", "everyone"], "--auth must be one of"),
    ],
)
def test_serve_refuses_to_start_open_or_without_users(
    tmp_path: Path, args: list[str], says: str
) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "takediff.cli", "serve", "--port", "1"]
        + ["--db", str(tmp_path / "s.sqlite3"), *args],
        capture_output=True,
        timeout=120,
    )
    err = proc.stderr.decode()
    assert proc.returncode == 2 and "Traceback" not in err
    assert says in err and err.count("\n") == 1


def test_without_auth_the_single_local_user_keeps_todays_behaviour(tmp_path: Path) -> None:
    settings = Settings(db_url=f"sqlite:///{tmp_path / 'l.sqlite3'}", preload_models=False)
    with BackgroundServer(settings) as running, client_for(running) as local:
        assert local.get("/api/me").json() == {"user": "local"}
        assert local.get("/").status_code == 200
        assert local.get("/login").status_code == 303


def test_a_body_from_someone_not_signed_in_is_refused_before_it_is_read(
    server: BackgroundServer, people: dict[str, Any]
) -> None:
    """64 clients trickling bodies without a token get 401 at once (not after the 30 s body
    timeout), holding no request slot: a signed-in client is answered meanwhile."""
    import socket

    head = (
        b"POST /compare HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        b"Content-Length: 1000\r\n\r\n"
    )
    slow = []
    try:
        for _ in range(64):
            sock = socket.create_connection((server.host, server.port), timeout=30)
            sock.sendall(head + b'{"accounts": {"A": "The pier')
            slow.append(sock)
        with client_for(server, people["tokens"]["bob"]) as bob:
            assert bob.get("/api/me").status_code == 200
            assert (
                bob.put("/api/reports/" + "A" * 22 + "/shared", json={"shared": True}).status_code
                == 404
            )
        for sock in slow:
            answer = sock.recv(4096).decode("latin-1")
            assert answer.startswith("HTTP/1.1 401") and "unauthenticated" in answer
    finally:
        for sock in slow:
            sock.close()
