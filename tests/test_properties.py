"""Properties over the stages, on generated input (hypothesis), arbitrary Unicode included.

- offsets: ``document.text[start:end] == text`` for every claim, cue, timing and condition span;
- swapping the parties' order swaps the sides of the report, not its verdicts;
- ingest, compare and from_article raise nothing but a ``TakediffError`` on any text.

The model-backed properties keep their example counts small (the whole file runs in well under a
minute on 2 cores); the profile is derandomised, so CI sees the same examples every run.
"""

from __future__ import annotations

from typing import Any

import pytest

hypothesis = pytest.importorskip("hypothesis", reason="property tests need hypothesis (dev extra)")

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

import takediff  # noqa: E402
from takediff.errors import TakediffError  # noqa: E402
from takediff.ingest import decode_bytes, html_to_text, looks_like_html, make_document  # noqa: E402
from takediff.render.html import to_html  # noqa: E402
from takediff.report import to_dict  # noqa: E402
from takediff.types import Report  # noqa: E402

FAST = settings(max_examples=200, deadline=None, derandomize=True, database=None)
MODEL = settings(
    max_examples=30,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# Any code point, lone surrogates and control characters included.
ANY_CHAR = st.characters(codec=None, exclude_categories=())
ANY_TEXT = st.text(ANY_CHAR, max_size=300)

SUBJECTS = ["The ferry", "The new bridge", "Talks on the canal", "The night market", "Ines Varga"]
VERBS = [
    "will reopen on Monday",
    "may perhaps reopen at some point",
    "has not reopened",
    "refused to reopen",
    "will start immediately if funds are approved",
    "could close within days",
    "reportedly reopened with 40 stalls",
]
SENTENCE = st.builds(
    lambda s, v, tail: f"{s} {v}{tail}",
    st.sampled_from(SUBJECTS),
    st.sampled_from(VERBS),
    st.sampled_from([".", "!", "?", ";", ",", " —", "…"]),
)
# Between sentences: ordinary spaces and breaks, or arbitrary Unicode (emoji, RTL marks,
# combining accents, CJK, NUL...), so offsets are tested where characters are not one byte.
GLUE = st.one_of(
    st.sampled_from([" ", "\n", "\n\n", "  ", "\t", "\u00a0", "\u200b", "\r\n"]),
    st.text(ANY_CHAR, min_size=1, max_size=6).map(lambda t: f" {t} "),
)


@st.composite
def account_text(draw: Any, min_sentences: int = 1, max_sentences: int = 4) -> str:
    n = draw(st.integers(min_sentences, max_sentences))
    out = draw(GLUE) if draw(st.booleans()) else ""
    for _ in range(n):
        out += draw(SENTENCE) + draw(GLUE)
    return out


def assert_offsets(report: Report) -> None:
    texts = {a.party: a.document.text for a in report.accounts}
    for verdict in report.verdicts:
        for claim in verdict.topic.claims:
            text = texts[claim.party]
            assert text[claim.start : claim.end] == claim.text, claim
            for cue in claim.cues:
                assert text[cue.start : cue.end] == cue.text, (claim, cue)
            for span in (claim.timing, claim.condition):
                if span is not None:
                    assert text[span.start : span.end] == span.text, (claim, span)


@pytest.fixture(scope="module", autouse=True)
def _models(nlp, embedder, stance_model) -> None:
    """The real default models, loaded once for the session before any example's clock."""


@FAST
@given(ANY_TEXT)
def test_make_document_accepts_or_refuses_any_text(text: str) -> None:
    try:
        doc = make_document(text)
    except TakediffError:
        return
    assert doc.text.strip() and len(doc.text) == doc.meta["chars"]
    assert not any("\ud800" <= ch <= "\udfff" for ch in doc.text)  # lone surrogates replaced
    if doc.meta["format"] == "text":
        assert len(doc.text) == len(text)  # the caller's offsets still hold


@FAST
@given(st.binary(max_size=400))
def test_decode_accepts_or_refuses_any_bytes(data: bytes) -> None:
    try:
        got = decode_bytes(data, "<bytes>")
    except TakediffError:
        return
    assert isinstance(got.text, str) and got.encoding


TAGS = st.sampled_from(["p", "div", "b", "a", "li", "ul", "br", "script", "style", "td", "h1"])


@st.composite
def markup(draw: Any) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 30))):
        kind = draw(st.integers(0, 3))
        tag = draw(TAGS)
        if kind == 0:
            parts.append(f"<{tag}>")
        elif kind == 1:
            parts.append(f"</{tag}>")
        elif kind == 2:
            parts.append(draw(st.sampled_from(["&amp;", "&lt;", "&#x1F600;", "&nbsp;", "<!--"])))
        else:
            parts.append(draw(st.text(ANY_CHAR, max_size=20)))
    return "".join(parts)


@FAST
@given(markup())
def test_html_extraction_never_fails(html: str) -> None:
    text = html_to_text(html)
    assert isinstance(text, str) and "<script>" not in html_to_text("<p>x</p><script>1</script>")
    assert text == text.strip()
    if looks_like_html(html):
        try:
            doc = make_document(html)
        except TakediffError:
            return
        assert doc.meta["format"] == "html" and doc.text == html_to_text(html)


@MODEL
@given(account_text(), account_text())
def test_offsets_point_at_the_text(a: str, b: str) -> None:
    try:
        report = takediff.compare({"North": a, "South": b})
    except TakediffError:
        return
    assert_offsets(report)
    data = to_dict(report)
    for claim in data["claims"]:
        text = a if claim["party"] == "North" else b
        assert text[claim["start"] : claim["end"]] == claim["text"]


def _verdicts_by_claims(report: Report) -> dict[frozenset[tuple[str, int, int]], str]:
    return {
        frozenset((c.party, c.start, c.end) for c in v.topic.claims): v.label
        for v in report.verdicts
    }


@MODEL
@given(account_text(2, 4), account_text(2, 4))
def test_swapping_parties_swaps_sides_not_verdicts(a: str, b: str) -> None:
    forward = takediff.compare({"North": a, "South": b})
    backward = takediff.compare({"South": b, "North": a})
    assert backward.parties == ("South", "North")
    assert _verdicts_by_claims(forward) == _verdicts_by_claims(backward)
    assert forward.divergence == pytest.approx(backward.divergence, abs=1e-6)


@MODEL
@given(ANY_TEXT, ANY_TEXT)
def test_compare_raises_only_takediff_errors(a: str, b: str) -> None:
    try:
        report = takediff.compare({"A": a, "B": b})
    except TakediffError:
        return
    assert_offsets(report)
    to_dict(report)
    to_html(report)


ARTICLE_PIECES = st.sampled_from(
    [
        '"',
        "“",
        "”",
        "«",
        "»",
        " said ",
        " told reporters that ",
        "According to ",
        ", she said. ",
        "\n\n",
        ". ",
        "Mayor Ines Varga",
        "Treasurer Paul Brandt",
        "he",
        "The bridge will open in March",
        "no money was approved",
    ]
)


@MODEL
@given(st.lists(st.one_of(ARTICLE_PIECES, st.text(ANY_CHAR, max_size=12)), max_size=30))
def test_from_article_raises_only_takediff_errors(pieces: list[str]) -> None:
    text = "".join(pieces)
    try:
        accounts = takediff.from_article(text, with_article=True)
    except TakediffError:
        return
    for account in accounts:
        doc = account.document
        for span in account.spans:
            assert doc.text[span.start : span.end] == span.text
