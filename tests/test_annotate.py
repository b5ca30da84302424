from takediff.annotate import annotate
from takediff.attribute import whole_text
from takediff.ingest import make_document
from takediff.segment import segment


def one(text: str, nlp: object):
    (claim,) = annotate(segment(whole_text("A", make_document(text)), nlp))
    return claim


def test_firm_beats_hedged_beats_conditional(nlp: object) -> None:
    firm = one("The talks will begin immediately.", nlp)
    hedged = one("The talks could possibly begin at some point in the future.", nlp)
    conditional = one("The talks would begin only if both sides sign the accord.", nlp)
    assert firm.commitment > 0.9 > hedged.commitment
    assert firm.modality == "firm" and hedged.modality == "hedged"
    assert conditional.modality == "conditional"
    assert conditional.commitment < 0.5


def test_cues_keep_exact_offsets(nlp: object) -> None:
    text = "Officials said a truce is possible if the envoys agree."
    claim = one(text, nlp)
    kinds = {c.kind: c for c in claim.cues}
    assert text[kinds["hedge"].start : kinds["hedge"].end] == "possible"
    assert claim.condition is not None
    assert text[claim.condition.start : claim.condition.end] == "if the envoys agree"


def test_negation_and_refusal(nlp: object) -> None:
    negated = one("No agreement on the prisoners has been reached.", nlp)
    assert negated.negated
    refused = one("The ministry refused to commit to any timetable for the withdrawal.", nlp)
    assert refused.modality == "refusal"
    assert refused.commitment < 0.5
    plain = one("An agreement on the prisoners has been reached.", nlp)
    assert not plain.negated


def test_timing_and_numbers(nlp: object) -> None:
    claim = one("Twelve observers will arrive on day one of the mission.", nlp)
    assert claim.timing is not None and claim.timing.text == "on day one"
    assert "Twelve" in claim.numbers


def test_question_is_not_a_commitment(nlp: object) -> None:
    assert one("Will the ministers meet again next week?", nlp).modality == "question"


def test_phrases_are_noun_phrases_without_determiners_numbers_or_pronouns(nlp: object) -> None:
    from takediff.annotate import annotate
    from takediff.attribute import whole_text
    from takediff.ingest import make_document
    from takediff.segment import segment

    doc = make_document("We released the twelve detained fishermen to the Varnish coast guard.")
    (claim,) = annotate(segment(whole_text("A", doc), nlp))
    assert "detained fishermen" in claim.phrases
    assert not any(p.split()[0] in {"the", "we", "twelve"} for p in claim.phrases)


def test_negation_reaches_through_reporting_and_framing_verbs(nlp: object) -> None:
    framed = one("We want to make clear that our position is not to raise ferry fares.", nlp)
    assert framed.negated
    assert not any(c.kind == "hedge" for c in framed.cues)  # "want to make clear": framing
    stressed = one("We stress that the depot will not close.", nlp)
    assert stressed.negated
    assert one("We stress that the depot will close.", nlp).negated is False
    # Someone else's reported words stay a report (the factuality sets score the saying).
    assert one("The mayor stressed that the depot will not close.", nlp).negated is False
    assert one("There was no such agreement on the depot.", nlp).negated


def test_cue_words_count_only_in_their_part_of_speech(nlp: object) -> None:
    assert one("Its potential is huge for the valley.", nlp).commitment == 0.7
    assert one("The council has a long-term plan for the port.", nlp).commitment == 0.7
    assert one("The council met once again in May.", nlp).cues == ()
    hedged = one("The port may reopen in May.", nlp)
    assert [c.text for c in hedged.cues] == ["may"]  # the modal, not the month
    assert [c.kind for c in one("The port may reopen once the checks are done.", nlp).cues] == [
        "hedge",
        "condition",
    ]
    vague = one("Freight will resume at an appropriate time.", nlp)
    assert any(c.kind == "timing_future" for c in vague.cues)
    reported = one("She told reporters that the harbour would reopen within days.", nlp)
    (would,) = [c for c in reported.cues if c.text == "would"]
    assert would.kind == "firm"  # a reported "will"
    wish = one("The harbour would reopen if the storm passed.", nlp)
    assert any(c.kind == "hedge" and c.text == "would" for c in wish.cues)


def test_the_imperative_form_is_its_own_modality(nlp: object) -> None:
    for text in (
        "Please let go of the rope.",
        "Do not travel to the coast.",
        "Release the crew now.",
    ):
        assert one(text, nlp).modality == "imperative", text
    for text in (
        "Let me say plainly that the bridge will never reopen.",
        "Let us be clear about the figures.",
        "We will open the port.",
        "The crew was released on Monday.",
    ):
        assert one(text, nlp).modality != "imperative", text


def test_a_coordinated_verb_keeps_its_sentences_subject(nlp: object) -> None:
    from takediff.annotate import annotate
    from takediff.attribute import whole_text
    from takediff.ingest import make_document
    from takediff.segment import segment

    doc = make_document("We will open the port and reopen the coast road.")
    claims = annotate(segment(whole_text("A", doc), nlp))
    assert len(claims) == 2 and all(c.modality != "imperative" for c in claims)
