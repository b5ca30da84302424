"""evidence.py: the regex sentence splitter, content words and the evidence selection."""

from __future__ import annotations

import pytest

from takediff.evidence import content_words, select_evidence, split_sentences


def test_split_sentences_at_end_punctuation_and_line_breaks() -> None:
    text = (
        "The ferry left Keldt. Did it reach Ostrand?  Nobody knows!\n\n"
        "The port stays open\r\nfor now"
    )
    assert split_sentences(text) == [
        "The ferry left Keldt.",
        "Did it reach Ostrand?",
        "Nobody knows!",
        "The port stays open",
        "for now",
    ]


def test_split_sentences_keeps_decimals_and_drops_blank_input() -> None:
    # A full stop inside a number is followed by no whitespace: no boundary there.
    assert split_sentences("The toll rose to 3.5 crowns. Fishermen in Keldt protested.") == [
        "The toll rose to 3.5 crowns.",
        "Fishermen in Keldt protested.",
    ]
    assert split_sentences("") == []
    assert split_sentences("  \n\t \r\n ") == []
    assert split_sentences("  one sentence without a stop  ") == ["one sentence without a stop"]


def test_split_sentences_breaks_after_closing_quote_or_bracket() -> None:
    parts = split_sentences("“The bridge is closed.” The mayor left. (She was tired.) Rain fell.")
    assert len(parts) == 4
    assert parts[1] == "The mayor left."
    assert parts[3] == "Rain fell."
    assert parts[0].startswith("“The bridge is closed.")
    assert parts[2].startswith("(She was tired.")


def test_content_words_drop_stopwords_case_possessives_and_single_letters() -> None:
    words = content_words("The Mayor's ferries and Keldt’s 3 boats: a b x it's HARBOUR, harbour")
    assert words == {"mayor", "ferries", "keldt", "3", "boats", "harbour"}
    assert content_words("the and of it was said") == set()
    assert content_words("") == set()


def test_short_text_comes_back_whole_and_whitespace_normalised() -> None:
    text = "  The ferry left Keldt.   It was late.\n\nNobody waited.  "
    assert select_evidence("anything at all", text, max_sentences=4) == (
        "The ferry left Keldt. It was late. Nobody waited."
    )
    # Exactly max_sentences sentences is still "short".
    assert select_evidence("zebra", "A one. B two. C three.", max_sentences=3) == (
        "A one. B two. C three."
    )


LONG = (
    "Keldt held its yearly market on Sunday. "  # 0: always kept
    "Fishermen sold herring at the quay. "  # 1: overlap 0
    "The ferry to Ostrand was cancelled because of the storm. "  # 2: ferry, ostrand, storm
    "Children played near the old lighthouse. "  # 3: overlap 0
    "The storm also closed the ferry office. "  # 4: storm, ferry
    "A band played until midnight. "  # 5: overlap 0
    "Ostrand officials blamed the ferry company for the storm damage."  # 6: ostrand, ferry, storm
)


def test_select_keeps_first_sentence_and_best_overlaps_in_text_order() -> None:
    claim = "The Ostrand ferry stopped during the storm."
    got = select_evidence(claim, LONG, max_sentences=3)
    # Sentences 2 and 6 share three content words each; 4 shares only two.
    assert got == (
        "Keldt held its yearly market on Sunday. "
        "The ferry to Ostrand was cancelled because of the storm. "
        "Ostrand officials blamed the ferry company for the storm damage."
    )
    four = select_evidence(claim, LONG, max_sentences=4)
    assert four.split(". ")[2] == "The storm also closed the ferry office"
    assert len(split_sentences(four)) == 4


def test_select_ties_go_to_the_earlier_sentence() -> None:
    text = "Opening line here. Ferry one. Ferry two. Ferry three. Nothing else."
    assert select_evidence("ferry", text, max_sentences=2) == "Opening line here. Ferry one."
    assert select_evidence("ferry", text, max_sentences=3) == (
        "Opening line here. Ferry one. Ferry two."
    )


def test_select_with_no_overlap_keeps_the_earliest_sentences() -> None:
    assert select_evidence("volcano eruption", LONG, max_sentences=2) == (
        "Keldt held its yearly market on Sunday. Fishermen sold herring at the quay."
    )


def test_select_deduplicates_repeated_sentences() -> None:
    text = (
        "Keldt opened the harbour. The harbour tax doubled. Keldt opened the harbour. "
        "The harbour tax doubled. Gulls circled. Keldt opened the harbour."
    )
    got = select_evidence("Keldt harbour tax", text, max_sentences=3)
    # The repeats of the first sentence and of "The harbour tax doubled." take no slot.
    assert got == "Keldt opened the harbour. The harbour tax doubled. Gulls circled."


@pytest.mark.parametrize("n", [0, 1])
def test_select_always_keeps_the_first_sentence(n: int) -> None:
    assert select_evidence("storm ferry Ostrand", LONG, max_sentences=n) == (
        "Keldt held its yearly market on Sunday."
    )


def test_selection_is_a_subset_of_the_text_sentences() -> None:
    sentences = split_sentences(LONG)
    got = split_sentences(select_evidence("herring lighthouse midnight", LONG, max_sentences=4))
    assert got == [s for s in sentences if s in got]  # original order, no new text
    assert got == [sentences[0], sentences[1], sentences[3], sentences[5]]
