"""layout.py: headlines, bylines, credits, captions and datelines are not the story."""

from __future__ import annotations

from typing import Any

import pytest

from takediff.layout import HEADING_WORDS, boilerplate, furniture, inside

#: Written for this test: a wire story's furniture around two paragraphs of story.
STORY = """Harbour talks stall as both sides blame the weather
Port reopening pushed back to spring

By Ana Petrov and Luis Mena

KELDT (Harbour Wire) — The harbour stayed closed on Monday after talks were cut short.

More than 200 ships are waiting outside the port, the harbour master said.

FILE PHOTO: A crane stands idle at the port of Keldt.

Read more: What the harbour dispute is about

Reporting by Ana Petrov; Editing by Luis Mena
"""


def kinds(text: str) -> list[tuple[str, str]]:
    return [(f.kind, text[f.start : f.end]) for f in furniture(text)]


def test_a_wire_storys_furniture_is_found_and_the_story_is_not() -> None:
    assert kinds(STORY) == [
        ("heading", "Harbour talks stall as both sides blame the weather"),
        ("heading", "Port reopening pushed back to spring"),
        ("byline", "By Ana Petrov and Luis Mena"),
        ("dateline", "KELDT (Harbour Wire) — "),
        ("caption", "FILE PHOTO: A crane stands idle at the port of Keldt."),
        ("caption", "Read more: What the harbour dispute is about"),
        ("credit", "Reporting by Ana Petrov; Editing by Luis Mena"),
    ]
    story = STORY.index("The harbour stayed")
    assert not inside(furniture(STORY), story, story + 20)
    # "More than …" opens a sentence of the story, not a "More:" link.
    more = STORY.index("More than")
    assert not inside(furniture(STORY), more, more + 10)


@pytest.mark.parametrize(
    "line",
    [
        "The talks ended without a date for the next round.",  # a sentence
        "“We are ready,” she said.",  # a quote
        " ".join(["word"] * (HEADING_WORDS + 1)),  # too long to be a heading
        "By the end of the day, the ships had left.",  # "By" opening a sentence
    ],
)
def test_story_lines_are_not_furniture(line: str) -> None:
    assert furniture(line + "\n") == []


def test_only_the_first_paragraph_has_a_dateline() -> None:
    text = "LONDON — The talks began.\n\nPARIS — A second city named later is the story.\n"
    assert kinds(text) == [("dateline", "LONDON — ")]


@pytest.mark.parametrize(
    "sentence",
    [
        "The ministry did not respond to a request for comment.",
        "A spokesman for the carrier didn't immediately return messages on Friday.",
        "The firm declined to comment.",
        "Ms. Osk could not be reached for comment.",
        "Correction: an earlier headline misstated the fee.",
        "An earlier version of this article gave the wrong date for the vote.",
    ],
)
def test_requests_for_comment_and_corrections_are_boilerplate(sentence: str) -> None:
    assert boilerplate(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "The union did not respond to the pay offer until Monday.",
        "The council said it will comment on the plan next week.",
        "She refused to sign the agreement.",
    ],
)
def test_the_story_is_not_boilerplate(sentence: str) -> None:
    assert not boilerplate(sentence)


def test_segment_makes_no_claim_of_boilerplate(nlp: Any) -> None:
    from takediff.segment import segment
    from takediff.types import Account, Document, Span

    text = (
        "The port will double its fees in June. The union did not respond to requests for comment."
    )
    doc = Document("d", text, "t", {})
    claims = [p.claim.text for p in segment(Account("Wire", doc, (Span(0, len(text), text),)), nlp)]
    assert claims == ["The port will double its fees in June."]
