"""The HTML report: verdict labels, evidence highlighted at its exact offsets, input escaped."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

import takediff
from takediff.cli import app
from takediff.render import render
from takediff.render.html import claim_pieces, to_html
from takediff.types import Claim, Cue


class Node:
    def __init__(self, tag: str, attrs: dict[str, str], parent: Node | None) -> None:
        self.tag, self.attrs, self.parent = tag, attrs, parent
        self.children: list[Node | str] = []

    @property
    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def find_all(self, tag: str | None = None, cls: str | None = None) -> list[Node]:
        out = []
        for c in self.children:
            if isinstance(c, Node):
                if (tag is None or c.tag == tag) and (cls is None or cls in c.classes):
                    out.append(c)
                out.extend(c.find_all(tag, cls))
        return out


class Tree(HTMLParser):
    """A small DOM from the standard library's parser (character references decoded)."""

    VOID = {"meta", "input", "br", "img", "link", "hr"}

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#root", {}, None)
        self.at = self.root
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v or "" for k, v in attrs}, self.at)
        self.at.children.append(node)
        if tag not in self.VOID:
            self.at = node

    def handle_endtag(self, tag: str) -> None:
        node: Node | None = self.at
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.at = node.parent

    def handle_data(self, data: str) -> None:
        self.at.children.append(data)


@pytest.fixture(scope="module")
def page(example_report) -> str:
    return to_html(example_report)


def test_verdict_labels_and_summary(page: str, example_report) -> None:
    tree = Tree(page).root
    labels = [n.text() for n in tree.find_all("span", "verdict-label")]
    assert "contradict" in labels and "one-sided" in labels
    topics = tree.find_all("article", "topic")
    assert [t.attrs["data-topic"] for t in topics] == [v.topic.id for v in example_report.verdicts]
    assert "verdict-contradict" in topics[0].classes
    assert "divergence" in tree.find_all("p", "lede")[0].text()


def test_full_texts_rebuild_exactly_with_claims_at_their_offsets(page: str, example_report) -> None:
    tree = Tree(page).root
    texts = {a.party: a.document.text for a in example_report.accounts}
    panels = tree.find_all("div", "fulltext")
    assert len(panels) == len(texts)
    for panel, (party, text) in zip(panels, texts.items(), strict=True):
        assert panel.text() == text  # every piece in place, nothing added or lost
        claims = panel.find_all("span", "claim")
        assert claims
        for span in claims:
            start, end = int(span.attrs["data-start"]), int(span.attrs["data-end"])
            assert span.text() == text[start:end]
            assert span.attrs["data-claim"].startswith(party)
    by_id = {c.id: (v.topic.id, c) for v in example_report.verdicts for c in v.topic.claims}
    spans = tree.find_all("span", "claim")
    assert len(spans) == len(by_id)
    for span in spans:
        topic_id, claim = by_id[span.attrs["data-claim"]]
        assert span.attrs["data-topic"] == topic_id
        marks = span.find_all("mark", "cue")
        assert [m.text() for m in marks] == [
            c.text for c in sorted(claim.cues, key=lambda c: c.start)
        ]


def test_cues_are_marked_by_kind(page: str) -> None:
    tree = Tree(page).root
    kinds = {
        cls
        for m in tree.find_all("div", "fulltext")[1].find_all("mark", "cue")
        for cls in m.classes
    }
    # Sudrea's account hedges, sets a condition, puts things off and negates.
    assert {"cue-hedge", "cue-condition", "cue-timing", "cue-negation", "cue-firm"} <= kinds
    reopen = [m for m in tree.find_all("mark", "cue-timing-now") if m.text() == "immediately"]
    assert reopen


def test_topic_columns_name_every_party(page: str, example_report) -> None:
    tree = Tree(page).root
    first = tree.find_all("article", "topic")[0]
    heads = [h.text() for h in first.find_all("h3")]
    assert heads == list(example_report.parties)
    assert "0.90" in first.text() or f"{example_report.verdicts[0].strength:.2f}" in first.text()


def test_render_and_cli_give_html(example_report, tmp_path: Path, example_texts) -> None:
    assert render(example_report, "html") == to_html(example_report)
    files = []
    for party, text in example_texts.items():
        path = tmp_path / f"{party}.txt"
        path.write_text(text, encoding="utf-8")
        files.append(str(path))
    out = tmp_path / "report.html"
    result = CliRunner().invoke(app, ["compare", *files, "--format", "html", "-o", str(out)])
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert html.startswith("<!doctype html>") and "verdict-contradict" in html
    assert not re.search(r"""(src|href)=["']?https?:""", html)  # nothing from the internet


def test_input_is_escaped(stance_model) -> None:
    evil_party = 'Mallory" onmouseover="x'
    report = takediff.compare(
        {
            evil_party: "The port will reopen on Monday. <script>alert(1)</script> "
            'We " onmouseover="x will also release every prisoner this week.',
            "Bob": "The port will stay closed until spring. No prisoners will be released at all.",
        }
    )
    html = to_html(report)
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert '" onmouseover="x' not in html
    assert html.count("<script>") == 1  # the report's own few lines, nothing from the input
    tree = Tree(html).root
    assert not [n for n in tree.find_all() if "onmouseover" in n.attrs]
    texts = [p.text() for p in tree.find_all("div", "fulltext")]
    assert texts[0] == report.accounts[0].document.text


def test_article_accounts_share_one_text(nlp) -> None:
    article = (
        "Two officials gave different accounts of Thursday's meeting about the new bridge.\n\n"
        '"Construction will begin in March, and the money is already there," said Mayor Ines '
        "Varga.\n\n"
        "Council treasurer Paul Brandt said that no money had been approved and that work could "
        'perhaps start next year. "We have not signed anything," Brandt said.\n'
    )
    accounts = takediff.from_article(article, with_article=True)
    report = takediff.compare(accounts)
    tree = Tree(to_html(report)).root
    panels = tree.find_all("div", "fulltext")
    assert len(panels) == 1 and panels[0].text() == article
    parties = {s.attrs["data-claim"].split("#")[0] for s in panels[0].find_all("span", "claim")}
    assert len(parties) >= 2


def test_overlapping_cues_stay_plain() -> None:
    text = "We will possibly maybe agree"
    claim = Claim(
        "A#1",
        "A",
        "d",
        text,
        10,
        10 + len(text),
        cues=(
            Cue("firm", "will", 13, 17, 0.2),
            Cue("hedge", "will possibly", 13, 26, -0.3),
            Cue("hedge", "possibly", 18, 26, -0.2),
            Cue("hedge", "outside", 90, 97, -0.2),
        ),
    )
    pieces = claim_pieces(claim)
    assert "".join(p.text for p in pieces) == text
    assert [(p.text, p.kind) for p in pieces if p.cue] == [("will possibly", "hedge")]


def test_explanations_are_plain_sentences_and_the_numbers_sit_behind_a_hover(
    page: str, example_report
) -> None:
    tree = Tree(page).root
    paragraphs = tree.find_all("p", "explanation")
    assert len(paragraphs) == len(example_report.verdicts)
    for p, v in zip(paragraphs, example_report.verdicts, strict=True):
        assert not re.search(r"\d\.\d\d", p.text()), p.text()  # no "p=0.82" in the sentence
        assert f"strength {v.strength:.2f}" in p.attrs["title"]
    contradiction = paragraphs[0].attrs["title"]
    assert "judge: contradiction" in contradiction and "commitment" in contradiction
