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
