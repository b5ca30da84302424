from takediff.attribute import whole_text
from takediff.ingest import make_document
from takediff.segment import blocks, segment, windows
from takediff.settings import SegmentSettings


def claims_of(text: str, nlp: object, settings: SegmentSettings = SegmentSettings()) -> list:
    return [p.claim for p in segment(whole_text("A", make_document(text)), nlp, settings)]


def test_offsets_point_at_the_claim_text(nlp: object) -> None:
    text = "  First, the talks will start.\n\nSecond: the border stays closed until spring. "
    claims = claims_of(text, nlp)
    assert len(claims) == 2
    for c in claims:
        assert text[c.start : c.end] == c.text
    assert claims[1].text.startswith("Second")


def test_coordinated_clauses_become_separate_claims(nlp: object) -> None:
    text = (
        "The minister described the plan for a ceasefire in detail and also conceded that "
        "both sides still disagree about the border."
    )
    claims = claims_of(text, nlp)
    assert len(claims) == 2
    assert "ceasefire" in claims[0].text and "border" in claims[1].text
    assert all(c.context == text for c in claims)


def test_short_coordination_stays_one_claim(nlp: object) -> None:
    claims = claims_of("Prices rose and fell during the long negotiating week.", nlp)
    assert len(claims) == 1


def test_windows_cover_the_text_exactly() -> None:
    text = ("A sentence of some length here. " * 50 + "\n") * 40
    pieces = list(windows(text, 0, len(text), size=500))
    assert pieces[0][0] == 0 and pieces[-1][1] == len(text)
    assert all(a == prev_b for (_, prev_b), (a, _) in zip(pieces, pieces[1:], strict=False))
    assert all(b - a <= 500 for a, b in pieces)


def test_long_text_is_processed_whole(nlp: object) -> None:
    text = " ".join(f"Delegation number {i} will arrive in the capital on time." for i in range(60))
    # Windows of 300 characters: about 5 sentences each, so the text is parsed in 12+ pieces.
    assert len(list(windows(text, 0, len(text), 300))) >= 12
    claims = claims_of(text, nlp, SegmentSettings(window_chars=300))
    assert len(claims) == 60
    assert claims[-1].text.startswith("Delegation number 59")
    for c in claims:
        assert text[c.start : c.end] == c.text


def test_blocks_drop_headings_questions_and_line_marks() -> None:
    text = (
        "Remarks by the Harbour Master of Quillon\n\n"
        "The pier reopens on Monday.\nFerries resume at noon.\n\n"
        "Q: Will the tolls change?\nA: The tolls stay as they are.\n\n"
        "Two points:\n\n1) We thanked the crews.\n- We will review the rota\n\n"
        "See you all next week"
    )
    got = [text[a:b].strip() for a, b in blocks(text, 0, len(text))]
    assert got == [
        "The pier reopens on Monday.\nFerries resume at noon.",
        "The tolls stay as they are.",
        "We thanked the crews.",
        "We will review the rota",
        # the last line is the account's own words, not a heading over anything
        "See you all next week",
    ]


def test_heading_is_not_glued_to_the_first_claim(nlp: object) -> None:
    text = "Statement from the Quillon Ferry Company\n\nThe company has cancelled four sailings."
    claims = claims_of(text, nlp)
    assert [c.text for c in claims] == ["The company has cancelled four sailings."]
    assert text[claims[0].start : claims[0].end] == claims[0].text


def test_a_quotation_loses_the_attribution_after_it(nlp: object) -> None:
    text = '"We will reopen the bridge to lorries on Monday," the mayor said.'
    (claim,) = claims_of(text, nlp)
    assert claim.text == "We will reopen the bridge to lorries on Monday"
    assert text[claim.start : claim.end] == claim.text


def test_reported_words_stay_whole(nlp: object) -> None:
    text = "She told us that the rates will fall before the summer."
    (claim,) = claims_of(text, nlp)
    assert claim.text == text and claim.plain == text


def test_the_models_read_a_quote_without_its_marks(nlp: object) -> None:
    text = "The minister said the port would reopen “within days” of the vote."
    (claim,) = claims_of(text, nlp)
    assert claim.text == text
    assert claim.plain == "The minister said the port would reopen within days of the vote."


def test_a_clause_inherits_its_sentences_subject(nlp: object) -> None:
    text = "We told them that the road must open, and then pressed them hard on the tolls."
    first, second = claims_of(text, nlp)
    assert second.text.startswith("then pressed")
    assert second.plain == "We then pressed them hard on the tolls."
    assert first.plain == first.text  # it has its own subject


def test_a_clause_with_its_own_subject_inherits_nothing(nlp: object) -> None:
    text = "Our target remains at two percent, and the minister and I are fully aligned on that."
    claims = claims_of(text, nlp)
    assert len(claims) == 2
    assert all(c.plain == c.text for c in claims)


def test_a_text_cut_off_on_an_ellipsis_loses_its_last_fragment(nlp: object) -> None:
    # A feed's excerpt stops mid-sentence; an ellipsis inside the text is the writer's own.
    cut = "The port of Keldt will reopen in June. The mayor said she came here because she..."
    assert [c.text for c in claims_of(cut, nlp)] == ["The port of Keldt will reopen in June."]
    inside = "The mayor paused... and then the port of Keldt reopened in June."
    assert len(claims_of(inside, nlp)) >= 1
    whole = "The port of Keldt will reopen in June. The ferry will run every day."
    assert len(claims_of(whole, nlp)) == 2


def test_each_joined_text_loses_its_own_cut_off_ending(nlp: object) -> None:
    # The corpus job joins one party's records into one account: an excerpt cut off on "..."
    # in the first record ends a text too, though more text follows it in the account.
    from takediff.segment import segment, text_ends
    from takediff.types import Account, Document, Span

    first = "The port of Keldt will reopen in June. The mayor said she came here because she..."
    second = "The ferry to Keldt will run every day from July."
    text = first + "\n\n" + second
    doc = Document("d1", text, meta={"texts": [(0, len(first)), (len(first) + 2, len(text))]})
    assert text_ends(doc) == [(len(first), len(first) + 2), (len(text), len(text))]
    account = Account("Harbour Post", doc, (Span(0, len(text), text),))
    claims = [p.claim.text for p in segment(account, nlp)]
    assert claims == ["The port of Keldt will reopen in June.", second]
    whole = Account("Harbour Post", Document("d2", text), (Span(0, len(text), text),))
    assert len([p for p in segment(whole, nlp)]) == 3  # one text: its ellipsis is inside it
