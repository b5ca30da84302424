"""quotes.py: paragraphs, quoted stretches and the Quote objects that ``extract`` finds.

tests/test_article.py checks who each quote of an article ends up with (speakers resolved);
these tests check ``extract``'s own output: the exact content, cue and speaker spans and the
quote kind, for one attribution pattern at a time.
"""

from __future__ import annotations

from typing import Any

import pytest

from takediff.article import analyse
from takediff.quotes import MIN_QUOTE_WORDS, Quote, extract, paragraphs, quoted_stretches
from takediff.types import Document, Span


def quotes(text: str, nlp: Any) -> list[Quote]:
    found = extract(Document("q", text), nlp)
    for q in found:  # every span indexes the document's text exactly
        for span in (*q.content, q.speaker, q.cue):
            if span is not None:
                assert text[span.start : span.end] == span.text
    return found


def span_of(text: str, words: str, after: int = 0) -> Span:
    start = text.index(words, after)
    return Span(start, start + len(words), words)


def contents(q: Quote) -> list[str]:
    return [c.text for c in q.content]


def test_direct_quote_with_cue_after_it(nlp: Any) -> None:
    text = "“The port of Keldt will reopen to cargo ships next week,” Mayor Anna Kovacs said."
    [q] = quotes(text, nlp)
    assert q.kind == "direct" and q.is_claim
    # The content starts after the opening mark and stops before the closing one.
    assert q.content == (span_of(text, "The port of Keldt will reopen to cargo ships next week,"),)
    assert q.speaker == span_of(text, "Mayor Anna Kovacs")  # the title is part of the name
    assert q.cue == span_of(text, "said")


def test_split_quote_is_one_quote_with_two_parts(nlp: Any) -> None:
    text = "“We cannot pay for the new bridge,” Kovacs said. “The treasury of Keldt is empty.”"
    [q] = quotes(text, nlp)
    assert contents(q) == ["We cannot pay for the new bridge,", "The treasury of Keldt is empty."]
    assert q.speaker == span_of(text, "Kovacs") and q.cue == span_of(text, "said")


def test_appositive_is_not_part_of_the_speaker(nlp: Any) -> None:
    text = "“The water in the harbour is not safe to drink,” Tomas Berg, a doctor, said."
    [q] = quotes(text, nlp)
    assert q.speaker == span_of(text, "Tomas Berg")


def test_speech_verb_wins_over_asked(nlp: Any) -> None:
    text = "Asked about the bridge, Mayor Anna Kovacs said “the works will finish in May.”"
    [q] = quotes(text, nlp)
    assert q.cue == span_of(text, "said")
    assert q.speaker == span_of(text, "Mayor Anna Kovacs")


def test_asked_attributes_a_direct_question(nlp: Any) -> None:
    text = "“Is the harbour really safe for the big tankers?” Peter Holm asked."
    [q] = quotes(text, nlp)
    assert q.kind == "direct"
    assert q.cue == span_of(text, "asked") and q.speaker == span_of(text, "Peter Holm")


def test_a_verb_of_judgement_attributes_the_quote_it_frames(nlp: Any) -> None:
    text = "Councillor Peter Holm denounced the new levy as “a tax on every fisherman in Keldt.”"
    [q] = quotes(text, nlp)
    assert contents(q) == ["a tax on every fisherman in Keldt."]
    assert q.speaker == span_of(text, "Councillor Peter Holm")
    assert q.cue == span_of(text, "denounced")


def test_colon_paragraph_introduces_the_next_paragraphs_quote(nlp: Any) -> None:
    text = "Councillor Peter Holm said:\n“Every fisherman in Keldt will receive the compensation.”"
    [q] = quotes(text, nlp)
    assert contents(q) == ["Every fisherman in Keldt will receive the compensation."]
    assert q.speaker == span_of(text, "Councillor Peter Holm")
    assert q.cue == span_of(text, "said")


def test_unattributed_quote_paragraph_continues_the_previous_speaker(nlp: Any) -> None:
    text = (
        "“The ferry to Ostrand will stop running in winter,” Holm said.\n"
        "“Nobody on the island will be left without a boat.”"
    )
    first, second = quotes(text, nlp)
    assert contents(second) == ["Nobody on the island will be left without a boat."]
    assert second.speaker == first.speaker == span_of(text, "Holm")
    assert second.cue == first.cue == span_of(text, "said")


def test_a_paragraph_without_quotes_ends_the_continuation(nlp: Any) -> None:
    text = (
        "“The ferry to Ostrand will stop running in winter,” Holm said.\n"
        "The weather in Keldt stayed cold all week.\n"
        "“Nobody on the island will be left without a boat.”"
    )
    first, second = quotes(text, nlp)
    assert first.speaker == span_of(text, "Holm")
    assert contents(second) == ["Nobody on the island will be left without a boat."]
    assert second.speaker is None and second.cue is None


def test_a_quote_paragraph_after_reported_speech_is_the_reporters_subjects(nlp: Any) -> None:
    text = (
        "Then came the reply of Councillor Peter Holm.\n"
        "He accused the mayor of hiding the cost of the new bridge from the fishermen.\n"
        "“Every family in Keldt will pay for this bridge, and nobody asked them.”"
    )
    [q] = quotes(text, nlp)
    assert contents(q) == ["Every family in Keldt will pay for this bridge, and nobody asked them."]
    assert q.speaker == span_of(text, "He") and q.cue == span_of(text, "accused")


def test_a_quote_paragraph_after_a_quoted_one_does_not_take_its_last_cue(nlp: Any) -> None:
    # The quote-free sentence's speech verb lends its speaker only where its paragraph
    # quoted nobody: here the paragraph before is quoted, so continuation rules apply.
    text = (
        "“The bridge will cost more than the council said,” Holm said. He accused the mayor.\n"
        "“Every family in Keldt will pay for this bridge, and nobody asked them.”"
    )
    first, second = quotes(text, nlp)
    assert second.speaker == first.speaker == span_of(text, "Holm")


def test_relative_clause_cue_takes_the_noun_it_hangs_on(nlp: Any) -> None:
    text = "Peter Holm, who said “the ferry must run every single day,” left the meeting early."
    [q] = quotes(text, nlp)
    assert contents(q) == ["the ferry must run every single day,"]
    assert q.speaker == span_of(text, "Peter Holm") and q.cue == span_of(text, "said")


def test_other_style_closing_mark_and_low_opening_mark(nlp: Any) -> None:
    text = '“The old crane was sold to Ostrand last year" Holm said.'
    [q] = quotes(text, nlp)
    assert contents(q) == ["The old crane was sold to Ostrand last year"]
    low = "„The old crane was sold to Ostrand last year“, Holm said."
    [q] = quotes(low, nlp)
    assert contents(q) == ["The old crane was sold to Ostrand last year"]
    assert q.speaker == span_of(low, "Holm")


def test_short_quoted_stretches_are_no_quotes(nlp: Any) -> None:
    assert MIN_QUOTE_WORDS == 4
    assert quotes("The council called the harbour plan a “very bad idea” and moved on.", nlp) == []
    text = "A sign at the quay read “ferries cost money now” all summer."
    [q] = quotes(text, nlp)  # four words: a quotation, with nobody saying it
    assert contents(q) == ["ferries cost money now"]
    assert q.speaker is None and q.cue is None and q.kind == "direct"


@pytest.mark.parametrize(
    ("text", "speaker", "cue", "content"),
    [
        (
            "Mayor Anna Kovacs said that the port of Keldt would reopen next week.",
            "Mayor Anna Kovacs",
            "said",
            "that the port of Keldt would reopen next week",
        ),
        (
            "Peter Holm warned that the river dams around Keldt might break in spring.",
            "Peter Holm",
            "warned",
            "that the river dams around Keldt might break in spring",
        ),
        (
            "Peter Holm told reporters that the old crane had been sold to Ostrand.",
            "Peter Holm",
            "told",
            "that the old crane had been sold to Ostrand",
        ),
        (
            # "smiled and said": the cue verb shares the subject of the verb it hangs on
            "Kovacs smiled and said the new ferries would arrive from Ostrand in June.",
            "Kovacs",
            "said",
            "the new ferries would arrive from Ostrand in June",
        ),
    ],
)
def test_indirect_speech(nlp: Any, text: str, speaker: str, cue: str, content: str) -> None:
    [q] = quotes(text, nlp)
    assert q.kind == "indirect" and q.is_claim
    assert q.speaker == span_of(text, speaker)
    assert q.cue == span_of(text, cue)
    assert q.content == (span_of(text, content),)


def test_told_a_story_names_speech_without_a_claim(nlp: Any) -> None:
    text = "Peter Holm told a very different story."
    [q] = quotes(text, nlp)
    assert q.kind == "indirect" and not q.is_claim
    assert q.content == (span_of(text, "a very different story"),)
    assert q.speaker == span_of(text, "Peter Holm") and q.cue == span_of(text, "told")


def test_according_to(nlp: Any) -> None:
    text = "According to Harbour Chief Peter Holm, the old crane fell during the storm on Friday."
    [q] = quotes(text, nlp)
    assert q.kind == "according_to" and q.is_claim
    # The body is the rest of the sentence, without the comma after the phrase.
    assert q.content == (span_of(text, "the old crane fell during the storm on Friday."),)
    assert q.cue == span_of(text, "According to")
    assert q.speaker == span_of(text, "Harbour Chief Peter Holm")


def test_according_to_after_the_claim(nlp: Any) -> None:
    text = "The old crane fell during the storm on Friday, according to the harbour chief."
    [q] = quotes(text, nlp)
    assert q.kind == "according_to"
    [body] = q.content
    assert (
        body.start == 0 and body.text.rstrip(",") == "The old crane fell during the storm on Friday"
    )
    assert q.cue == span_of(text, "according to")
    assert q.speaker == span_of(text, "the harbour chief")


@pytest.mark.parametrize(
    "text",
    [
        "Peter Holm refused to say whether the council would pay for the new cranes.",
        "Kovacs said “yes” and left the harbour.",
        "Kovacs asked the council to leave the harbour at once.",  # "ask": no indirect speech
        "The ferries of Keldt run twice a day in summer.",
    ],
)
def test_no_quote(nlp: Any, text: str) -> None:
    assert quotes(text, nlp) == []


def test_quotes_come_in_text_order_across_paragraphs(nlp: Any) -> None:
    text = (
        "Mayor Anna Kovacs said that the harbour fees would double in March.\n"
        "“The fishermen of Keldt cannot pay that much,” Peter Holm said.\n"
        "According to Tomas Berg, the ferry company lost money all year."
    )
    found = quotes(text, nlp)
    assert [q.kind for q in found] == ["indirect", "direct", "according_to"]
    starts = [q.content[0].start for q in found]
    assert starts == sorted(starts)
    assert [q.speaker.text for q in found if q.speaker] == [
        "Mayor Anna Kovacs",
        "Peter Holm",
        "Tomas Berg",
    ]


def test_given_parse_gives_the_same_quotes(nlp: Any) -> None:
    text = (
        "Peter Holm said:\n“The ferry to Ostrand will stop running in winter.”\n\n"
        "Kovacs said that the bridge would open in May."
    )
    paras = list(paragraphs(text))
    parsed = list(zip((a for a, _ in paras), nlp.pipe(text[a:b] for a, b in paras), strict=True))
    assert extract(Document("q", text), nlp, parsed) == quotes(text, nlp)
    assert len(quotes(text, nlp)) == 2


def test_quoted_stretches_report_closed_and_stay_in_bounds() -> None:
    text = "x “one two” y «three four» z “never closed here"
    got = [(text[a:b], closed) for a, b, closed in quoted_stretches(text, 0, len(text))]
    assert got == [("one two", True), ("three four", True), ("never closed here", False)]
    # Only text[start:end] is searched; an unclosed mark runs to ``end``, not further.
    start, end = text.index("y"), text.index("here")
    got = [(text[a:b], closed) for a, b, closed in quoted_stretches(text, start, end)]
    assert got == [("three four", True), ("never closed ", False)]
    assert quoted_stretches("no marks at all", 0, 15) == []
    low = '„eins zwei drei“ and “mixed close"'
    assert [low[a:b] for a, b, _ in quoted_stretches(low, 0, len(low))] == [
        "eins zwei drei",
        "mixed close",
    ]


def test_paragraphs_join_only_hard_wrapped_lines() -> None:
    text = (
        "The mayor spoke:\nthe council listened.\n"  # a colon closes the paragraph
        "No closing stop\nNext line in upper case\n"  # upper case: a new paragraph
        "\n\n"
        "A wrapped line\ngoes on here\nand ends here.\n"
        "The last line wraps\nat the end"
    )
    assert [text[a:b] for a, b in paragraphs(text)] == [
        "The mayor spoke:",
        "the council listened.",
        "No closing stop",
        "Next line in upper case",
        "A wrapped line\ngoes on here\nand ends here.",
        "The last line wraps\nat the end",
    ]
    assert list(paragraphs("")) == [] and list(paragraphs("\n \n")) == []


def test_a_release_posted_online_is_not_the_speaker_of_what_she_said() -> None:
    # "posted" says what was done to the release, not what the release says; and where the
    # parser hangs the speaker on the place it was posted ("Twitter, Collins"), the name just
    # before the subject-less "said" is still hers.
    text = (
        "Harbour town sets date for pier reopening\n\n"
        "Councillor Sarah Collins said on Friday she would run for mayor.\n\n"
        "In a press release posted to Twitter, Collins, a longtime councillor, said that she’d "
        "make a “formal announcement” in “the coming days” and pitched herself as a “steady "
        "hand” who will campaign on “jobs” and “bringing the ferries back to the old pier” for "
        "the town.\n\n"
        "“The pier has been closed for far too long. We owe the boat owners an answer and a "
        "date.”\n"
    )
    speakers = {q.quote.content[0].text[:12]: q.speaker for q in analyse(text).quotes}
    assert speakers["bringing the"] == speakers["The pier has"] == "Sarah Collins"


def test_a_run_of_titles_before_a_name_is_that_name_not_a_second_speaker(nlp: Any) -> None:
    # The parser makes the first title the subject, the name its conjunct (or a second subject).
    text = "Veteran diplomat and former envoy Ilse Varga said: “The talks will resume in May.”"
    [q] = quotes(text, nlp)
    assert q.speaker is not None and q.speaker.text.endswith("Ilse Varga")  # title and name
    text = (
        "Former sprinter, television host, and outspoken councillor Anton Brandt said: “The "
        "stadium plan is a waste of public money.”"
    )
    [q] = quotes(text, nlp)
    assert q.speaker is not None and q.speaker.text.endswith("Anton Brandt")
    # Two speakers stay two: a title with an article is someone else.
    text = "The minister and Ilse Varga said: “The talks will resume in May.”"
    [q] = quotes(text, nlp)
    assert q.speaker == span_of(text, "The minister")
