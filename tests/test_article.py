"""Who said what in a news article: quotes, speakers, the writer's own voice."""

from pathlib import Path

import pytest
from conftest import EXAMPLES
from seed import SEED_DIR

from takediff.article import ARTICLE, analyse, from_article
from takediff.errors import TooFewParties
from takediff.quotes import paragraphs, quoted_stretches

ARTICLE_TEXT = (EXAMPLES / "article.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def analysis():
    return analyse(ARTICLE_TEXT)


def quotes_of(analysis, party: str) -> list[str]:
    return [c.text for q in analysis.quotes if q.party == party for c in q.quote.content]


def test_every_quote_keeps_exact_spans(analysis) -> None:
    text = analysis.document.text
    for aq in analysis.quotes:
        q = aq.quote
        for span in (*q.content, q.speaker, q.cue):
            if span is not None:
                assert text[span.start : span.end] == span.text


def test_split_and_multi_paragraph_quotes_go_to_one_speaker(analysis) -> None:
    alvarez = quotes_of(analysis, "Elena Alvarez")
    assert any(t.startswith("We have an agreement") for t in alvarez)
    # "she added" resolves the pronoun; the unclosed quote continues in the next paragraph.
    assert any("customs posts will reopen immediately" in t for t in alvarez)
    assert any(t.startswith("Nobody should doubt") for t in alvarez)
    assert any(t.startswith("Sudrea gave its word") for t in alvarez)
    # Indirect speech with a cue other than "said".
    assert any("harbour would reopen" in t for t in alvarez)


def test_nominal_mention_and_according_to(analysis) -> None:
    okafor = quotes_of(analysis, "Tomas Okafor")
    assert any(t.startswith("We are studying the proposal") for t in okafor)
    assert any(t.startswith("and we may respond") for t in okafor)  # split by "the PM said"
    assert any("inspection regime remains the main obstacle" in t for t in okafor)
    assert any("no date had been set" in t for t in okafor)  # "insisted that ..."


def test_appositive_speaker_and_pronoun(analysis) -> None:
    hill = quotes_of(analysis, "Hugh Hill")
    assert any("dispute could last for months" in t for t in hill)
    assert any(t.startswith("Insurers will not cover") for t in hill)


def test_writer_voice_is_kept_apart(analysis) -> None:
    writer = {a.party: a for a in analysis.accounts}[ARTICLE]
    words = " ".join(s.text for s in writer.spans)
    assert "have not met in person" in words
    assert "calling the talks a breakthrough" in words  # framing hung on the cue verb
    assert "cranes will be running" not in words


def test_speaker_selection_and_errors() -> None:
    accounts = from_article(ARTICLE_TEXT, speakers=["alvarez", "okafor"])
    assert [a.party for a in accounts] == ["Elena Alvarez", "Tomas Okafor"]
    with pytest.raises(TooFewParties, match="speakers found"):
        from_article(ARTICLE_TEXT, speakers=["nobody-here"])


def test_quote_marks_straight_curly_and_unclosed() -> None:
    text = 'He said "one two three four" and “five six seven eight” then «nine'
    got = [text[a:b] for a, b, _ in quoted_stretches(text, 0, len(text))]
    assert got == ["one two three four", "five six seven eight", "nine"]
    wrapped = "A line that wraps\nhere and ends.\nNext paragraph."
    assert [wrapped[a:b] for a, b in paragraphs(wrapped)] == [
        "A line that wraps\nhere and ends.",
        "Next paragraph.",
    ]


@pytest.mark.skipif(not SEED_DIR.is_dir(), reason="../shared/seeds not present")
def test_seed_article_quotes_are_attributed() -> None:
    text = next(Path(SEED_DIR).glob("*.txt")).read_text(encoding="utf-8")
    result = analyse(text)
    parties = {a.party: a for a in result.accounts}
    assert set(parties) == {"Trump", "Vladimir Putin", ARTICLE}
    direct = [q for q in result.quotes if q.quote.kind == "direct"]
    # Every direct quotation in the article is attributed, and to the right leader.
    for q in direct:
        first = q.quote.content[0].text
        expected = (
            "Trump"
            if ("UNLIMITED" in " ".join(c.text for c in q.quote.content) or "opportunity" in first)
            else "Vladimir Putin"
        )
        assert q.party == expected, first[:40]
    assert sum(len(q.quote.content) for q in direct) == 6
    putin = " ".join(s.text for s in parties["Vladimir Putin"].spans)
    assert "root causes" in putin and "memorandum" in putin
    trump = " ".join(s.text for s in parties["Trump"].spans)
    assert "Trade" in trump and "begin immediately" in trump
    writer = " ".join(s.text for s in parties[ARTICLE].spans)
    assert "refusing to publicly commit" in writer
    assert "root causes" not in writer


@pytest.mark.skipif(not SEED_DIR.is_dir(), reason="../shared/seeds not present")
def test_seed_article_report() -> None:
    import takediff

    text = next(Path(SEED_DIR).glob("*.txt")).read_text(encoding="utf-8")
    report = takediff.compare(from_article(text))
    by_word = {}
    for v in report.verdicts:
        for c in v.topic.claims:
            by_word.setdefault(c.text, v)

    def verdict(party: str, word: str):
        return next(
            v
            for t, v in by_word.items()
            if word in t
            and v.topic.claims
            and any(c.party == party and word in c.text for c in v.topic.claims)
        )

    assert verdict("Trump", "begin immediately").label in ("contradict", "commitment_gap")
    assert verdict("Trump", "jobs").label == "one_sided"
    assert verdict("Vladimir Putin", "root causes").label == "one_sided"
    for v in report.verdicts:
        for c in v.topic.claims:
            assert text[c.start : c.end] == c.text  # offsets into the article itself
