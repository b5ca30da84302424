"""The page in a real browser: headless Debian Chromium, driven by Playwright, on localhost.

Fill the form, submit, read the report's DOM, click a topic, save a screenshot
(``out/report_page.png``). Skips where Chromium or Playwright is missing.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("TAKEDIFF_CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ROOT = Path(__file__).resolve().parents[1]

if not Path(CHROMIUM).exists():
    pytest.skip(
        f"no Chromium at {CHROMIUM}: apt-get install chromium (or set TAKEDIFF_CHROMIUM)",
        allow_module_level=True,
    )
sync_api = pytest.importorskip("playwright.sync_api", reason="pip install playwright")
pytest.importorskip("fastapi", reason="the web app needs the 'web' extra")

from takediff.web.server import BackgroundServer  # noqa: E402
from takediff.web.settings import Settings  # noqa: E402


@pytest.fixture(scope="module")
def server(nlp, embedder, stance_model, tmp_path_factory) -> Iterator[BackgroundServer]:
    db = tmp_path_factory.mktemp("browser") / "reports.sqlite3"
    with BackgroundServer(Settings(db_url=f"sqlite:///{db}")) as srv:
        yield srv


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with sync_api.sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield chromium
        chromium.close()


def test_paste_submit_read_and_click(server, browser, example_texts, tmp_path: Path) -> None:
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.goto(server.url + "/")

    page.click("#add-party")
    assert page.locator("fieldset.party").count() == 3  # left empty: skipped on submit
    names, texts = page.locator("input[name=party]"), page.locator("textarea[name=text]")
    for i, (party, text) in enumerate(example_texts.items()):
        names.nth(i).fill(party)
        texts.nth(i).fill(text)
    page.click("#compare-submit")
    page.wait_for_url("**/r/**", timeout=120_000)

    labels = page.locator(".topic .verdict-label").all_inner_texts()
    assert labels[0] == "contradict" and "one-sided" in labels
    assert page.locator(".fulltext").count() == 2
    assert page.locator(".fulltext .claim").count() >= 10
    assert page.locator(".fulltext mark.cue-condition").count() >= 1
    assert page.locator(".fulltext .claim.active").count() == 0

    first = page.locator("article.topic").first
    topic = first.get_attribute("data-topic")
    first.locator(".topic-toggle").click()
    active = page.locator(".fulltext .claim.active")
    assert active.count() >= 2
    assert {active.nth(i).get_attribute("data-topic") for i in range(active.count())} == {topic}
    assert page.locator(f'.fulltext .claim[data-topic="{topic}"]').count() == active.count()
    assert "active" in (first.get_attribute("class") or "")
    assert first.locator(".topic-toggle").get_attribute("aria-pressed") == "true"
    parties = {
        active.nth(i).get_attribute("data-claim").split("#")[0] for i in range(active.count())
    }
    assert parties == set(example_texts)

    shot = tmp_path / "report_page.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000
    (ROOT / "out").mkdir(exist_ok=True)
    shutil.copyfile(shot, ROOT / "out" / "report_page.png")

    first.locator(".topic-toggle").click()  # a second click clears the highlight
    assert page.locator(".fulltext .claim.active").count() == 0
    assert errors == []
    page.close()


def test_phone_width_stacks_the_columns(server, browser, example_texts) -> None:
    import httpx

    permalink = httpx.post(
        server.url + "/compare", json={"accounts": example_texts}, timeout=120
    ).json()["permalink"]
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(permalink)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390  # no sideways scrolling on a phone
    columns = page.locator("article.topic").first.locator(".column")
    boxes = [columns.nth(i).bounding_box() for i in range(columns.count())]
    assert boxes[0] and boxes[1] and boxes[1]["y"] > boxes[0]["y"]  # stacked, not side by side
    page.close()
