"""The web app over real HTTP: uvicorn on 127.0.0.1 and a free port, a SQLite file in tmp."""

from __future__ import annotations

import ast
import os
import secrets
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

httpx = pytest.importorskip("httpx")
pytest.importorskip("fastapi", reason="the web app needs the 'web' extra")

from takediff.pipeline import Pipeline  # noqa: E402
from takediff.web.server import BackgroundServer  # noqa: E402
from takediff.web.settings import Settings  # noqa: E402

WEB = Path(__file__).resolve().parents[1] / "src" / "takediff" / "web"

LIMIT = 100_000
XSS = 'The gate will open at noon. <script>alert(1)</script> And " onmouseover="x it stays open.'


@pytest.fixture(scope="module")
def models(nlp, embedder, stance_model) -> None:
    """The real default models, already loaded for this test session."""


def start(db: Path) -> BackgroundServer:
    return BackgroundServer(Settings(db_url=f"sqlite:///{db}", max_body_bytes=LIMIT)).start()


@pytest.fixture(scope="module")
def server(models, tmp_path_factory) -> Iterator[BackgroundServer]:
    srv = start(tmp_path_factory.mktemp("web") / "reports.sqlite3")
    yield srv
    srv.stop()


@pytest.fixture()
def client(server: BackgroundServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.url, timeout=120) as c:
        yield c


@pytest.fixture(scope="module")
def posted(server: BackgroundServer, example_texts) -> dict:
    with httpx.Client(base_url=server.url, timeout=120) as c:
        response = c.post("/compare", json={"accounts": example_texts})
    assert response.status_code == 201, response.text
    return {"body": response.json(), "location": response.headers["location"]}


def test_compare_returns_verdicts_and_a_permalink(posted: dict, client, example_texts) -> None:
    body = posted["body"]
    assert body["parties"] == list(example_texts)
    verdicts = [t["verdict"] for t in body["topics"]]
    assert verdicts[0] == "contradict" and "one_sided" in verdicts
    for claim in body["claims"]:
        assert example_texts[claim["party"]][claim["start"] : claim["end"]] == claim["text"]
    assert len(body["id"]) >= 22 and body["permalink"].endswith(f"/r/{body['id']}")
    again = client.get(posted["location"])
    assert again.status_code == 200 and again.json()["topics"] == body["topics"]
    page = client.get(body["permalink"])
    assert page.status_code == 200 and "verdict-contradict" in page.text


def test_compare_takes_a_list_of_parties(client) -> None:
    response = client.post(
        "/compare",
        json={
            "accounts": [
                {"party": "Harbour board", "text": "The pier will reopen on Friday morning."},
                {
                    "party": "Ferry union",
                    "text": "The pier may reopen at some point, if repairs end.",
                },
            ]
        },
    )
    assert response.status_code == 201, response.text
    assert response.json()["parties"] == ["Harbour board", "Ferry union"]


def test_oversized_body_is_413(client) -> None:
    big = {"accounts": {"A": "word " * (LIMIT // 4), "B": "other words here"}}
    response = client.post("/compare", json=big)
    assert response.status_code == 413
    assert response.json()["code"] == "too_large"

    def chunks() -> Iterator[bytes]:  # no Content-Length: the limit counts streamed bytes
        yield b'{"accounts": {"A": "'
        for _ in range(LIMIT // 1000 + 2):
            yield b"x" * 1000
        yield b'", "B": "y"}}'

    streamed = client.post(
        "/compare", content=chunks(), headers={"content-type": "application/json"}
    )
    assert streamed.status_code == 413


def test_malformed_input_is_422(client) -> None:
    bad_json = client.post(
        "/compare", content=b'{"accounts": {', headers={"content-type": "application/json"}
    )
    assert bad_json.status_code == 422 and bad_json.json()["code"] == "invalid_request"
    wrong_shape = client.post("/compare", json={"accounts": {"A": 3, "B": ["x"]}})
    assert wrong_shape.status_code == 422
    assert wrong_shape.json()["detail"][0]["loc"][:2] == ["body", "accounts"]
    assert client.post("/article", json={"speakers": ["X"]}).status_code == 422


def test_one_party_is_400_with_the_message(client) -> None:
    response = client.post("/compare", json={"accounts": {"Solo": "We will win the vote."}})
    assert response.status_code == 400
    assert response.json()["code"] == "E005" and "two parties" in response.json()["error"]
    empty = client.post("/compare", json={"accounts": {"A": "   ", "B": "Fine words."}})
    assert empty.status_code == 400 and empty.json()["code"] == "E001"


def test_script_in_an_account_is_inert_on_the_permalink(client) -> None:
    response = client.post(
        "/compare",
        json={"accounts": {'Eve" onmouseover="x': XSS, "Bob": "The gate stays shut all day."}},
    )
    assert response.status_code == 201, response.text
    page = client.get(response.json()["permalink"])
    assert page.status_code == 200
    assert "<script>alert(1)" not in page.text and "&lt;script&gt;alert(1)" in page.text
    assert '" onmouseover="x' not in page.text
    assert "script-src 'sha256-" in page.headers["content-security-policy"]


def test_stored_report_survives_a_restart(models, tmp_path: Path) -> None:
    db = tmp_path / "restart.sqlite3"
    first = start(db)
    try:
        with httpx.Client(base_url=first.url, timeout=120) as c:
            body = c.post(
                "/compare",
                json={
                    "accounts": {
                        "North": "The road will reopen tomorrow.",
                        "South": "The road stays closed.",
                    }
                },
            ).json()
            page = c.get(f"/r/{body['id']}").text
    finally:
        first.stop()
    second = start(db)
    try:
        with httpx.Client(base_url=second.url, timeout=120) as c:
            again = c.get(f"/r/{body['id']}")
            assert again.status_code == 200 and again.text == page
            data = c.get(f"/api/reports/{body['id']}").json()
            assert data["topics"] == body["topics"] and data["parties"] == ["North", "South"]
            assert [r["id"] for r in c.get("/api/reports").json()] == [body["id"]]
    finally:
        second.stop()


def test_delete_then_404(client, posted: dict) -> None:
    report_id = posted["body"]["id"]
    listed = [r["id"] for r in client.get("/api/reports", params={"limit": 500}).json()]
    assert report_id in listed
    assert client.delete(f"/api/reports/{report_id}").status_code == 204
    assert client.get(f"/api/reports/{report_id}").status_code == 404
    assert client.get(f"/r/{report_id}").status_code == 404
    assert client.delete(f"/api/reports/{report_id}").status_code == 404


def test_random_id_is_404(client) -> None:
    unknown = secrets.token_urlsafe(16)
    response = client.get(f"/api/reports/{unknown}")
    assert response.status_code == 404 and response.json()["code"] == "not_found"
    page = client.get(f"/r/{unknown}", headers={"accept": "text/html"})
    assert page.status_code == 404 and page.headers["content-type"].startswith("text/html")


def test_openapi_describes_the_requests(client) -> None:
    spec = client.get("/openapi.json").json()
    assert {"/compare", "/article", "/api/reports", "/api/reports/{report_id}"} <= set(
        spec["paths"]
    )
    schemas = spec["components"]["schemas"]
    assert "accounts" in schemas["CompareRequest"]["properties"]
    assert "speakers" in schemas["ArticleRequest"]["properties"]


def test_article_endpoint(client) -> None:
    article = (
        "Two officials described Thursday's bridge meeting.\n\n"
        '"Construction will begin in March," said Mayor Ines Varga.\n\n'
        "Treasurer Paul Brandt said that no money had been approved and that work could perhaps "
        "start next year.\n"
    )
    response = client.post("/article", json={"text": article})
    assert response.status_code == 201, response.text
    body = response.json()
    assert len(body["parties"]) == 2
    assert any("Varga" in p for p in body["parties"]) and any(
        "Brandt" in p for p in body["parties"]
    )
    for claim in body["claims"]:
        assert article[claim["start"] : claim["end"]] == claim["text"]


def test_article_endpoint_merges_and_keeps_apart(client) -> None:
    from conftest import EXAMPLES

    wire = (EXAMPLES / "wire.txt").read_text(encoding="utf-8")
    merged = client.post("/article", json={"text": wire})
    assert merged.status_code == 201, merged.text
    body = merged.json()
    assert body["parties"] == ["Elena Alvarez", "Tomas Okafor"]
    assert {m["party"] for m in body["meta"]["merges"]} == {"Elena Alvarez", "Tomas Okafor"}
    apart = client.post(
        "/article", json={"text": wire, "keep_apart": True, "merge": ["Sudrean=Okafor"]}
    ).json()
    assert "Ivo Renn" in apart["parties"] and "the Sudrean foreign ministry" not in apart["parties"]
    assert [m["reason"] for m in apart["meta"]["merges"]] == ["asked for (--merge)"]
    bad = client.post("/article", json={"text": wire, "merge": ["Sudrean"]})
    assert bad.status_code == 422 and "NAME=PARTY" in bad.text


def test_form_posts_redirect_to_the_report(client, example_texts) -> None:
    assert "Add party" in client.get("/").text
    files = [("file", ("", b"", "application/octet-stream"))] * 2
    response = client.post(
        "/ui/compare",
        data={"party": list(example_texts), "text": list(example_texts.values())},
        files=files,
    )
    assert response.status_code == 303
    page = client.get(response.headers["location"])
    assert page.status_code == 200 and "Norland" in page.text
    uploaded = client.post(
        "/ui/compare",
        data={"party": ["", ""], "text": ["", ""]},
        files=[
            ("file", ("north.txt", b"The pier will reopen on Friday.", "text/plain")),
            ("file", ("south.txt", b"The pier may reopen later, perhaps.", "text/plain")),
        ],
    )
    assert uploaded.status_code == 303
    one = client.post("/ui/compare", data={"party": ["A", "B"], "text": ["Only one text.", ""]})
    assert one.status_code == 400 and "E005" in one.text and "Only one text." in one.text
    assert 'name="news" value="1">' in one.text  # the news switch is off unless ticked


def test_the_compare_forms_news_switch_makes_every_account_a_report(client) -> None:
    data = {
        "party": ["Ministry", "News"],
        "text": [
            "We ordered an immediate halt to all shelling of the port.",
            "Shelling of the port continued overnight, residents said.",
        ],
    }
    plain = client.post("/ui/compare", data=data)
    news = client.post("/ui/compare", data={**data, "news": "1"})
    assert plain.status_code == news.status_code == 303
    meta = [
        client.get(f"/api/reports/{r.headers['location'].rsplit('/', 1)[-1]}").json()["meta"]
        for r in (plain, news)
    ]
    assert meta[0].get("reports", []) == [] and meta[1]["reports"] == ["Ministry", "News"]
    kept = client.post("/ui/compare", data={"party": ["A"], "text": ["One text."], "news": "1"})
    assert kept.status_code == 400 and 'name="news" value="1" checked>' in kept.text


def test_an_uploaded_latin1_file_keeps_its_words_and_says_its_encoding(client) -> None:
    french = "Le président a déclaré à la presse que le pont sera rouvert lundi."
    uploaded = client.post(
        "/ui/compare",
        data={"party": ["Mairie", "Port"], "text": ["", ""]},
        files=[
            ("file", ("mairie.txt", french.encode("latin-1"), "text/plain")),
            ("file", ("port.txt", b"The bridge may reopen later, perhaps.", "text/plain")),
        ],
    )
    assert uploaded.status_code == 303
    report_id = uploaded.headers["location"].rsplit("/", 1)[-1]
    body = client.get(f"/api/reports/{report_id}").json()
    assert body["meta"]["encodings"]["Mairie"] not in ("utf-8", "cp775")
    assert body["meta"]["encodings"]["Port"] == "utf-8"
    assert any("président a déclaré à la presse" in c["text"] for c in body["claims"])


def test_an_uploaded_article_keeps_its_encoding_and_the_writer_reports_deeds(client) -> None:
    from conftest import EXAMPLES

    article = (EXAMPLES / "article.txt").read_text(encoding="utf-8").replace("Tomas", "Tomás")
    uploaded = client.post(
        "/ui/article",
        data={"article": "", "speakers": "", "with_article": "on"},
        files=[("article_file", ("harbour.txt", article.encode("cp1252"), "text/plain"))],
    )
    assert uploaded.status_code == 303, uploaded.text[:500]
    report_id = uploaded.headers["location"].rsplit("/", 1)[-1]
    body = client.get(f"/api/reports/{report_id}").json()
    assert set(body["meta"]["encodings"].values()) - {"utf-8"}  # read as the bytes were
    assert "Tomás Okafor" in body["parties"]
    assert body["meta"]["reports"] == ["Article"]  # the writer's voice: deeds, as on the CLI
    assert any("harbour would reopen" in c["text"] for c in body["claims"])


def test_the_article_form_merges_and_keeps_apart(client) -> None:
    from conftest import EXAMPLES

    wire = (EXAMPLES / "wire.txt").read_text(encoding="utf-8")
    assert 'name="merge"' in client.get("/").text
    posted = client.post(
        "/ui/article", data={"article": wire, "merge": "Sudrean=Okafor", "keep_apart": "1"}
    )
    assert posted.status_code == 303, posted.text[:500]
    body = client.get(posted.headers["location"].replace("/r/", "/api/reports/")).json()
    assert "Ivo Renn" in body["parties"] and "the Sudrean foreign ministry" not in body["parties"]
    page = client.get(posted.headers["location"]).text
    assert "one party &#39;Tomas Okafor&#39;" in page or "one party 'Tomas Okafor'" in page
    bad = client.post("/ui/article", data={"article": wire, "merge": "Sudrean"})
    assert bad.status_code == 400 and "NAME=PARTY" in bad.text


def test_event_loop_answers_while_a_comparison_runs(client, server: BackgroundServer) -> None:
    """The comparison runs in a worker thread: a quick request is not held up behind it."""
    sentences = [
        f"The council will spend {i} million on road number {i} before the winter."
        for i in range(150)
    ]
    hedged = [f"Road {i} might perhaps get some money at some point." for i in range(150)]
    took: dict[str, float] = {}

    def slow() -> None:
        start = time.perf_counter()
        with httpx.Client(base_url=server.url, timeout=120) as c:
            c.post("/compare", json={"accounts": {"A": " ".join(sentences), "B": " ".join(hedged)}})
        took["compare"] = time.perf_counter() - start

    worker = threading.Thread(target=slow)
    worker.start()
    time.sleep(0.5)  # the comparison is under way
    start = time.perf_counter()
    assert client.get("/healthz").json()["status"] == "ok"
    took["health"] = time.perf_counter() - start
    worker.join()
    if took["compare"] < 1.0:
        pytest.skip(f"the comparison took {took['compare']:.2f} s: too quick to tell")
    assert took["health"] < 0.5 * (took["compare"] - 0.5), took


def test_markup_in_an_article_and_in_party_names_is_escaped(client) -> None:
    """The article path, and party names on the report page and the history page."""
    article = (
        "Two officials described the <b>bridge</b> meeting.\n\n"
        '"Construction will begin in March <script>alert(3)</script>," said Mayor Ines Varga.\n\n'
        "Treasurer Paul Brandt said that no money had been approved <img src=x onerror=alert(4)>"
        " and that work could perhaps start next year.\n"
    )
    response = client.post("/article", json={"text": article, "with_article": True})
    assert response.status_code == 201, response.text
    page = client.get(response.json()["permalink"]).text
    assert "<script>alert(3)" not in page and "&lt;script&gt;alert(3)" in page
    assert "<img src=x" not in page and "&lt;img src=x onerror=alert(4)&gt;" in page
    assert page.count("<script>") == 1  # the page's own

    evil = "<script>alert(5)</script>"
    response = client.post(
        "/compare",
        json={"accounts": {evil: "The gate will open at noon.", "B": "The gate stays shut."}},
    )
    assert response.status_code == 201, response.text
    assert response.json()["parties"][0] == evil  # JSON keeps the name as given
    for path in (response.json()["permalink"], "/reports"):
        html = client.get(path, headers={"accept": "text/html"}).text
        assert evil not in html and "&lt;script&gt;alert(5)&lt;/script&gt;" in html


def test_html_input_is_extracted_and_stays_inert(client) -> None:
    page = (
        "<html><body><p>The gate <b>will</b> open at noon.</p>"
        "<p>&lt;script&gt;alert(6)&lt;/script&gt; is what the sign said.</p>"
        "<script>alert(7)</script></body></html>"
    )
    response = client.post(
        "/compare", json={"accounts": {"Web": page, "Plain": "The gate stays shut all day."}}
    )
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["meta"]["formats"] == {"Web": "html", "Plain": "text"}
    assert "extracted" in body["meta"]["offsets"]
    html = client.get(body["permalink"]).text
    assert "alert(7)" not in html  # scripts are not text
    assert "<script>alert(6)" not in html and "&lt;script&gt;alert(6)" in html


def test_report_ids_are_128_random_bits_and_not_sequential(posted: dict) -> None:
    import base64

    from takediff.web.store import new_id

    ids = [new_id() for _ in range(2000)] + [posted["body"]["id"]]
    assert len(set(ids)) == len(ids)
    for report_id in ids:
        assert len(base64.urlsafe_b64decode(report_id + "==")) * 8 >= 128
    values = [int.from_bytes(base64.urlsafe_b64decode(i + "=="), "big") for i in ids[:200]]
    steps = {b - a for a, b in zip(values, values[1:], strict=False)}
    assert len(steps) == len(values) - 1  # no constant stride
    prefixes = {i[:4] for i in ids[:200]}
    assert len(prefixes) > 190  # no shared prefix (a counter or a timestamp)


@pytest.mark.parametrize(
    "path",
    [
        "/api/reports/..%2F..%2Fetc%2Fpasswd",
        "/api/reports/%2e%2e",
        "/api/reports/x'%20OR%20'1'='1",
        "/api/reports/" + "A" * 23,
        "/r/..%2Freports.sqlite3",
        "/r/%00",
    ],
)
def test_ids_that_are_not_ids_are_404(client, path: str) -> None:
    assert client.get(path).status_code == 404
    if path.startswith("/api/"):
        assert client.delete(path).status_code == 404


def test_no_request_string_reaches_the_database_unless_it_is_an_id(tmp_path: Path) -> None:
    from takediff.web.store import ReportStore, new_id

    store = ReportStore(f"sqlite:///{tmp_path / 'spy.sqlite3'}")
    store.create()

    class Tripwire:
        def __getattr__(self, name: str) -> None:
            raise AssertionError(f"the database was used ({name})")

    store.engine = Tripwire()  # type: ignore[assignment]
    for bad in ("../../etc/passwd", "' OR 1=1 --", "", "A" * 21, "A" * 23, "abc/def" * 3, "é" * 22):
        assert store.get(bad) is None and store.delete(bad) is False
    with pytest.raises(AssertionError, match="database was used"):
        store.get(new_id())  # a well-formed id does reach it


def test_bad_bodies_are_4xx(client) -> None:
    latin1 = '{"accounts": {"A": "caf\xe9 ouvert", "B": "ferm\xe9"}}'.encode("latin-1")
    response = client.post("/compare", content=latin1, headers={"content-type": "application/json"})
    assert response.status_code == 422
    not_json = client.post("/compare", content=b"\x00\x01\x02", headers={"content-type": "x/y"})
    assert not_json.status_code == 422
    binary = client.post("/compare", json={"accounts": {"A": "\x01\x02\x03" * 50, "B": "Words."}})
    assert binary.status_code == 400 and binary.json()["code"] == "E002"
    many = {f"P{i}": "The gate opens." for i in range(201)}
    too_many = client.post("/compare", json={"accounts": many})
    assert too_many.status_code == 422 and too_many.json()["code"] == "too_many_parties"
    html_empty = client.post(
        "/compare", json={"accounts": {"A": "<html><body></body></html>", "B": "Words here."}}
    )
    assert html_empty.status_code == 400 and html_empty.json()["code"] == "E001"


def test_a_lone_surrogate_in_json_is_replaced_not_a_500(client) -> None:
    body = b'{"accounts": {"A": "The gate \\ud800 will open at noon.", "B": "It stays shut."}}'
    response = client.post("/compare", content=body, headers={"content-type": "application/json"})
    assert response.status_code == 201, response.text
    texts = [c["text"] for c in response.json()["claims"]]
    assert any("\ufffd" in t for t in texts)


def test_requests_past_the_in_flight_limit_get_503_but_health_answers(tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from takediff.web import create_app

    settings = Settings(
        db_url=f"sqlite:///{tmp_path / 'f.sqlite3'}",
        max_requests=0,
        preload_models=False,
        allowed_hosts=("testserver",),  # the Host TestClient sends
    )
    with TestClient(create_app(settings)) as c:
        busy = c.post("/compare", json={"accounts": {"A": "x y z", "B": "u v w"}})
        assert busy.status_code == 503 and busy.headers["retry-after"] == "1"
        assert busy.json()["code"] == "busy"
        assert c.get("/healthz").json()["status"] == "ok"


def test_health_names_the_models_loaded_at_start_up(client, judge) -> None:
    models = client.get("/healthz").json()["models"]
    assert {"parser", "embedder", "judge"} <= set(models)
    assert models["judge"] == judge.name


def test_the_app_compares_with_the_pipeline_it_is_given(tmp_path: Path, models) -> None:
    from fastapi.testclient import TestClient

    from takediff.pipeline import Pipeline
    from takediff.web import create_app

    calls: list[object] = []

    class Counting(Pipeline):
        def compare(self, accounts):  # type: ignore[no-untyped-def]
            calls.append(accounts)
            return super().compare(accounts)

    settings = Settings(
        db_url=f"sqlite:///{tmp_path / 'p.sqlite3'}",
        preload_models=False,
        allowed_hosts=("testserver",),  # the Host TestClient sends
        isolation="thread",  # a class defined in a function does not pickle into a process
    )
    pipeline = Counting()
    with TestClient(create_app(settings, pipeline=pipeline)) as c:
        assert c.app.state.service.pipeline is pipeline  # type: ignore[attr-defined]
        assert c.get("/healthz").json()["models"] == {}  # not loaded at start-up
        body = {"accounts": {"A": "The pier will reopen on Friday.", "B": "It may reopen."}}
        assert c.post("/compare", json=body).status_code == 201
    assert calls == [{"A": "The pier will reopen on Friday.", "B": "It may reopen."}]


class Tagged(Pipeline):
    """Says which process compared (module level: it pickles into a worker process)."""

    def compare(self, accounts, **kwargs):  # type: ignore[no-untyped-def]
        report = super().compare(accounts, **kwargs)
        report.meta["compared_in"] = os.getpid()
        return report


def test_comparisons_run_in_a_worker_process_with_the_pipeline_given(tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from takediff.web import create_app

    settings = Settings(db_url=f"sqlite:///{tmp_path / 'w.sqlite3'}", allowed_hosts=("testserver",))
    with TestClient(create_app(settings, pipeline=Tagged())) as c:
        assert c.get("/healthz").json()["models"]  # loaded in the worker at start-up
        body = {"accounts": {"A": "The pier will reopen on Friday.", "B": "It may reopen."}}
        made = c.post("/compare", json=body)
        assert made.status_code == 201
        worker = c.app.state.service._processes[0].process  # type: ignore[attr-defined]
        assert made.json()["meta"]["compared_in"] == worker.pid != os.getpid()


def test_refusals_take_their_status_from_the_error_catalogue() -> None:
    from takediff.errors import HTTP_CODES
    from takediff.web.errors import BUSY, TIMEOUT, TOO_MANY_PARTIES, Refused

    for code in (BUSY, TIMEOUT, TOO_MANY_PARTIES):
        refused = Refused(code, "no")
        assert (refused.status_code, refused.code) == (HTTP_CODES[code][0], code)
    with pytest.raises(KeyError, match="HTTP_CODES"):
        Refused("bussy", "a code the catalogue lacks")


def web_imports(folder: Path = WEB, package: str = "takediff.web") -> dict[str, set[str]]:
    """Module → the takediff.web modules it imports, at any depth of its code (an import
    inside a function counts: it only defers the circle to the first call)."""
    modules = {
        package if p.stem == "__init__" else f"{package}.{p.stem}" for p in folder.glob("*.py")
    }
    graph: dict[str, set[str]] = {}
    for path in folder.glob("*.py"):
        name = package if path.stem == "__init__" else f"{package}.{path.stem}"
        targets: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets |= {alias.name for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                for alias in node.names:  # from takediff.web import errors: the submodule
                    sub = f"{node.module}.{alias.name}"
                    targets.add(sub if sub in modules else node.module)
        graph[name] = {t for t in targets if t in modules and t != name}
    return graph


def import_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle of ``graph`` as [a, b, ..., a], or None when it has none (depth-first)."""
    done: set[str] = set()
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        path.append(node)
        for nxt in sorted(graph[node]):
            if nxt in path:
                return path[path.index(nxt) :] + [nxt]
            if nxt not in done and (cycle := visit(nxt)):
                return cycle
        done.add(path.pop())
        return None

    for start in sorted(graph):
        if start not in done and (cycle := visit(start)):
            return cycle
    return None


def test_import_cycle_finds_a_circle() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert import_cycle(graph) == ["a", "b", "c", "a"]
    assert import_cycle({"a": {"b"}, "b": set(), "c": {"a", "b"}}) is None


def test_the_web_package_imports_without_a_circle() -> None:
    graph = web_imports()
    assert {"takediff.web.errors", "takediff.web.pages", "takediff.web.deps"} <= set(graph)
    assert import_cycle(graph) is None, " -> ".join(import_cycle(graph) or [])


def test_the_web_package_imports_its_own_modules_at_the_top() -> None:
    """No import of a takediff.web module inside a function (the way to hide a circle)."""
    for path in WEB.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        top = {id(node) for node in tree.body}
        for node in ast.walk(tree):
            if isinstance(node, ast.Import | ast.ImportFrom) and id(node) not in top:
                names = [a.name for a in node.names] + [getattr(node, "module", None) or ""]
                inside = [n for n in names if n.startswith("takediff.web")]
                assert not inside, f"{path.name}:{node.lineno} imports {inside} inside code"


def test_compare_takes_report_parties_as_deeds(client) -> None:
    accounts = {
        "Ministry": "We ordered an immediate halt to all shelling of the port.",
        "News": "Shelling of the port continued overnight, residents said.",
    }
    response = client.post("/compare", json={"accounts": accounts, "reports": ["News"]})
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["meta"]["reports"] == ["News"]
    (clash,) = [t for t in body["topics"] if t["verdict"] == "contradict"]
    assert clash["explanation"].startswith("Words against deeds: News reports")
    bad = client.post("/compare", json={"accounts": accounts, "reports": ["Nobody"]})
    assert bad.status_code == 400 and "a report must be one of the parties" in bad.text
    # news: articles whose contradictions take the news bars; each is a report unless named.
    news = client.post("/compare", json={"accounts": accounts, "news": True})
    assert news.status_code == 201, news.text
    assert news.json()["meta"]["reports"] == ["Ministry", "News"]
