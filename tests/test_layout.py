"""layout.py: headlines, bylines, credits, captions and datelines are not the story."""

from __future__ import annotations

import pytest

from takediff.layout import HEADING_WORDS, furniture, inside

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
