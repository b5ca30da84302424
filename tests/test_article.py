"""Who said what in a news article: quotes, speakers, the writer's own voice."""

import re
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


#: Written for this test: one attribution pattern per paragraph.
PATTERNS = """Harbour Master Lena Brandt met Mayor Oskar Vale on Tuesday.

“The new pier will open before the winter storms arrive!” Ms. Brandt told reporters. “We have \
the money.”

Mr. Vale, who said “the council has not approved a single extra crane yet,” left early.

Brandt later posted a message to the port's workers:

“Every ship that waited this month will be unloaded first, whatever the council decides.”

The mayor did not back down, saying “the budget for the harbour is already spent twice over.”

“I find the harbour plan reckless and far too expensive for the town," Vale said in a statement.

“Nobody asked the mayor for permission to repair the pier,” she said.

Engineer Dario Pell inspected the pier on Monday.

“The repairs that Karl Ostrow ordered last year are finished and safe,” he said.

Brandt's lawyer said that the contract with the builders was signed in March.

“Will the cranes be ready by the first of May?” Vale asked.

Mr. Vale refused to say whether the council would pay for the new cranes.
"""


@pytest.mark.parametrize(
    ("start", "party"),
    [
        ("The new pier", "Lena Brandt"),  # "“…!” Ms. Brandt told reporters." after the quote
        ("We have the money", "Lena Brandt"),  # continues it
        ("the council has not", "Oskar Vale"),  # "Vale, who said …": the relative clause's noun
        ("Every ship", "Lena Brandt"),  # introduced by "… posted a message …:" a paragraph before
        ("the budget for", "Oskar Vale"),  # "saying" takes the subject of "did not back down"
        ("I find the harbour", "Oskar Vale"),  # opened “ and closed "
        ("Nobody asked", "Lena Brandt"),  # "she": not "Mr. Vale"
        ("The repairs", "Dario Pell"),  # a name inside the quote is no antecedent for "he"
        ("that the contract", "Brandt's lawyer"),  # "Brandt's lawyer" is not Brandt
        ("Will the cranes", "Oskar Vale"),  # "asked"
        ("whether the council", None),  # "refused to say whether …" reports no claim
    ],
)
def test_attribution_patterns(patterns, start: str, party: str | None) -> None:
    found = [
        aq.party
        for aq in patterns.quotes
        if aq.quote.is_claim and any(c.text.startswith(start) for c in aq.quote.content)
    ]
    assert found == ([party] if party else [])


@pytest.fixture(scope="module")
def patterns():
    return analyse(PATTERNS)


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


LEADERS = {"Trump": "Trump", "Putin": "Vladimir Putin"}


@pytest.fixture(scope="module")
def seed() -> str:
    """The seed article, read at run time (never copied into the repository)."""
    if not SEED_DIR.is_dir():
        pytest.skip("../shared/seeds not present")
    return next(Path(SEED_DIR).glob("*.txt")).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def seed_analysis(seed: str):
    return analyse(seed)


def seed_direct_quotes(text: str) -> list[tuple[int, int, str]]:
    """(start, end, party) of every “…” quotation of four words or more in the seed article,
    found without takediff: the paragraph's "Trump said/wrote" or "Putin said/wrote" names the
    speaker; a paragraph of quotes without one continues the previous speaker."""
    out = []
    speaker = None
    for para in re.finditer(r"[^\n]+", text):
        stretches = [
            m for m in re.finditer(r"“([^”]+)”", para.group()) if len(m.group(1).split()) >= 4
        ]
        if not stretches:
            continue
        rest = re.sub(r"“[^”]+”", "", para.group())
        for short, party in LEADERS.items():
            if re.search(rf"\b{short} (said|wrote)\b", rest):
                speaker = party
        assert speaker is not None, para.group()[:40]
        out += [(para.start() + m.start(1), para.start() + m.end(1), speaker) for m in stretches]
    return out


def seed_writer_parts(text: str) -> list[tuple[int, int]]:
    """The writer's own words, found without takediff: paragraphs with no quotation mark and no
    speech verb that end a sentence (a title does not), and the clause after "X said/wrote …,"
    that closes a quote's paragraph."""
    out = []
    for para in re.finditer(r"[^\n]+", text):
        p = para.group()
        if "“" not in p and not re.search(r"\b(said|wrote|told)\b", p) and p[-1] in ".!?":
            out.append((para.start(), para.end()))
        for m in re.finditer(r"” \w+ (?:said|wrote) [^,“”]*, ([^“”]+?)\.(?:$| )", p):
            out.append((para.start() + m.start(1), para.start() + m.end(1)))
    return out


def covered(spans, text: str, a: int, b: int) -> bool:
    """Is every non-space character of text[a:b] inside one of ``spans``?"""
    return all(
        any(s.start <= i < s.end for s in spans) for i in range(a, b) if not text[i].isspace()
    )


def touches(spans, a: int, b: int) -> bool:
    return any(s.start < b and a < s.end for s in spans)


def test_seed_every_quote_lands_in_its_leaders_account(seed: str, seed_analysis) -> None:
    text, result = seed, seed_analysis
    parties = {a.party: a for a in result.accounts}
    assert set(parties) == {*LEADERS.values(), ARTICLE}
    quotes = seed_direct_quotes(text)
    assert {p for _, _, p in quotes} == set(LEADERS.values()) and len(quotes) >= 6
    for a, b, party in quotes:
        words = text[a:b][:40]
        assert covered(parties[party].spans, text, a, b), (party, words)
        for other in parties.values():
            if other.party != party:
                assert not touches(other.spans, a, b), (other.party, words)
        # The quotes takediff found there are all that leader's, none unattributed.
        found = [q for q in result.quotes if touches(q.quote.content, a, b)]
        assert found and {q.party for q in found} == {party}, words


def test_seed_writers_own_claims_are_kept_apart(seed: str, seed_analysis) -> None:
    text = seed
    parties = {a.party: a for a in seed_analysis.accounts}
    parts = seed_writer_parts(text)
    framing = [(a, b) for a, b in parts if text[a:b].startswith("refusing")]
    assert framing, "the seed's framing clause after “…,” Putin said … was not found"
    for a, b in parts:
        assert covered(parties[ARTICLE].spans, text, a, b), text[a:b][:40]
        for party in LEADERS.values():
            assert not touches(parties[party].spans, a, b), (party, text[a:b][:40])
    title = text.index("\n")  # the headline is nobody's claim, not even the writer's
    assert not any(touches(acc.spans, 0, title) for acc in seed_analysis.accounts)


@pytest.mark.xfail(
    strict=True,
    reason="issue 32's judge reads the ceasefire clash at p(contradiction) 0.48 (the previous "
    "judge: higher): it is still a contradiction, but a one-sided topic (0.81 x 0.6 = 0.486) now "
    "sorts above it by 0.006; a known regression, see the README's probe section",
)
def test_seed_article_report(seed: str) -> None:
    import takediff

    text = seed
    report = takediff.compare(from_article(text))
    assert {a.party for a in report.accounts} == set(LEADERS.values())

    def verdict(party: str, word: str):
        """The verdict of the topic holding ``party``'s claim with ``word``."""
        return next(
            v
            for v in report.verdicts
            if any(c.party == party and word in c.text for c in v.topic.claims)
        )

    ceasefire = verdict("Trump", "begin immediately")
    assert ceasefire.label in ("contradict", "commitment_gap")
    assert {c.party for c in ceasefire.topic.claims} == set(LEADERS.values())
    for word in ("jobs", "Trade"):
        v = verdict("Trump", word)
        assert v.label == "one_sided" and {c.party for c in v.topic.claims} == {"Trump"}
    roots = verdict("Vladimir Putin", "root causes")
    assert roots.label == "one_sided"
    assert {c.party for c in roots.topic.claims} == {"Vladimir Putin"}
    # The sharpest divergence is the ceasefire, and every offset points into the article.
    assert report.verdicts[0] is ceasefire
    for v in report.verdicts:
        for c in v.topic.claims:
            assert text[c.start : c.end] == c.text


@pytest.mark.xfail(
    strict=True,
    reason="issue 32's judge reads 'the harbour would reopen' against 'no date had been set' as "
    "neutral (p(contradiction) 0.29, same matter 0.18): a real clash missed, a known regression "
    "of the cross-item training, see the README's probe section",
)
def test_the_readme_article_finds_the_reopening_clash(pipeline) -> None:
    """Issue 12's floor: the example article's two officials clash on when the harbour reopens."""
    text = (EXAMPLES / "article.txt").read_text(encoding="utf-8")
    report = pipeline.compare(pipeline.from_article(text, speakers=["Alvarez", "Okafor"]))
    clashes = [
        v
        for v in report.verdicts
        if v.label == "contradict"
        and any("harbour would reopen" in c.text for c in v.topic.claims)
        and any("no date had been set" in c.text for c in v.topic.claims)
    ]
    assert clashes, [(v.label, [c.text for c in v.topic.claims]) for v in report.verdicts]


WIRE_TEXT = (EXAMPLES / "wire.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def wire():
    return analyse(WIRE_TEXT)


@pytest.mark.parametrize(
    ("start", "party"),
    [
        ("that the two leaders had agreed", "Elena Alvarez"),  # the president's office
        ("The leaders agreed that negotiations", "Elena Alvarez"),  # "the statement said"
        ("that Alvarez had invited", "Elena Alvarez"),  # "It added": the statement
        ("Prime Minister Okafor noted", "Tomas Okafor"),  # "… of the ministry's statement read:"
        ("a full accounting", "Tomas Okafor"),  # "a second statement calling for"
        ("that Sudrea was in no hurry", "Tomas Okafor"),
        ("We have listened carefully", "Tomas Okafor"),
        ("This is the beginning", "Elena Alvarez"),
        ("the bridge could reopen", "Elena Alvarez"),  # "A Norland government spokesman, …"
    ],
)
def test_wire_story_every_quote_in_its_sides_party(wire, start: str, party: str) -> None:
    found = [aq.party for aq in wire.quotes if aq.quote.content[0].text.startswith(start)]
    assert found == [party]


def test_wire_story_one_party_per_side_and_no_furniture(wire) -> None:
    assert [a.party for a in wire.accounts] == ["Elena Alvarez", "Tomas Okafor", ARTICLE]
    writer = " ".join(s.text for s in wire.accounts[-1].spans)
    assert writer.startswith("Norland's President Elena Alvarez and")  # the dateline cut off
    for furniture in (
        "hold first call",
        "depends on new agreements",
        "By Mara",
        "KELDT",
        "Read more",
        "Reporting by",
    ):
        assert furniture not in writer
    # The headline says "Sudrea says …": no quote is taken from it.
    assert all(aq.quote.content[0].start > WIRE_TEXT.index("By Mara") for aq in wire.quotes)
    reasons = {m.party: m.reason for m in wire.merges}
    assert reasons == {
        "Elena Alvarez": "same government (norland)",
        "Tomas Okafor": "same government (sudrea)",
    }


#: Written for this test: one cue frame per paragraph (issue 14).
CUES = """Harbour Master Lena Brandt met Mayor Oskar Vale on Tuesday.

“The cranes are booked for the whole of next month,” according to a readout from the port authority.

"The council has not paid a single invoice this year,” Vale said.

“Nobody will be left waiting at sea this winter,” Brandt said. “We have the tugs ready.”

Brandt was quick to retort: “The invoices were sent twice and nobody answered them.”

“The pier is safe for every ship we expect,” she continued.

Vale posted a long reply on the council's website.

“Every contract signed this year will be checked by an outside auditor before it is paid.”

“Enough!” Ms. Brandt wrote. “The port will publish every invoice online by Friday.”

“The money for the new crane was promised in the spring budget.

The council has still not said when it will come,” Brandt told reporters.

A group of forty ferry captains has sent Vale, a Liberal, a letter saying the tolls are too high.

“We ask the council to freeze the harbour tolls until the new crane is working,” the letter says.
"""


@pytest.fixture(scope="module")
def cues():
    return analyse(CUES)


@pytest.mark.parametrize(
    ("start", "party"),
    [
        ("The cranes are booked", "the port authority"),  # "“…,” according to a readout from"
        ("The council has not paid", "Oskar Vale"),  # opened " and closed ”
        ("Nobody will be left", "Lena Brandt"),
        ("The invoices were sent", "Lena Brandt"),  # "X was quick to retort: “…”"
        ("The pier is safe", "Lena Brandt"),  # "she continued"
        ("Every contract signed", "Oskar Vale"),  # "Vale posted a long reply …" introduces it
        ("The port will publish", "Lena Brandt"),  # "“Enough!” Ms. Brandt wrote. “…”"
        ("The money for the new crane", "Lena Brandt"),  # left open, closed after a page break
        ("The council has still not said", "Lena Brandt"),
        # "X has sent Vale a letter": the letter is the captains' (whom "a group of" counts),
        # not Vale's, though the parser reads "a letter" as Vale's appositive.
        ("We ask the council to freeze", "ferry captains"),
    ],
)
def test_cue_frames(cues, start: str, party: str) -> None:
    found = [aq.party for aq in cues.quotes if aq.quote.content[0].text.startswith(start)]
    assert found == [party]
