"""corpus.only_here: a claim is listed when most of its content words appear in no other party's
record, with those words as its evidence; shared words, one party alone, or no content words
list nothing."""

from __future__ import annotations

from takediff.corpus import only_here

RECORDS = [
    ("a1", "Harbour Wire", "The port will double its fees in June. Divers inspected the quay."),
    ("b1", "Coastline Daily", "The port doubles its fees from June, the authority said."),
    ("c1", "Ledger", "Fees at the port will double in June."),
]


def claim(rid: str, text: str) -> dict[str, object]:
    start = {r: body for r, _, body in RECORDS}[rid].index(text)
    return {"record_id": rid, "start": start, "end": start + len(text), "text": text}


def test_words_fold_case_stop_words_possessives_and_plurals() -> None:
    assert only_here.words("The Senators' vote and the senator's votes") == {"senator", "vote"}
    assert only_here.words("It is on us, as is this") == set()  # stop words and short words
    assert only_here.words("Pay 1,204,000 crowns, or 1.2 million") == {"pay", "crown"}
    assert "bus" in only_here.words("a bus") and "status" in only_here.words("status")


def test_a_claim_only_one_outlet_carries_is_listed_with_its_words() -> None:
    claims = [claim("a1", "Divers inspected the quay."), claim("a1", "The port will double")]
    found = only_here.find(claims, RECORDS, 0.5)
    assert [(o.record_id, o.party, o.words) for o in found] == [
        ("a1", "Harbour Wire", ("diver", "inspected", "quay"))
    ]
    assert found[0].share == 1.0 and found[0].as_dict()["start"] == claims[0]["start"]


def test_the_share_is_a_bar() -> None:
    # "Divers" and "quay" are the wire's alone; "port" the others use too: 2 of 3.
    c = [claim("a1", "Divers inspected the quay.")]
    shared = [("b1", "Coastline Daily", "Port divers said it."), RECORDS[0]]
    assert only_here.find(c, shared, 0.67) == []
    (o,) = only_here.find(c, shared, 0.66)
    assert o.words == ("inspected", "quay") and abs(o.share - 2 / 3) < 1e-9


def test_one_party_alone_or_no_content_words_lists_nothing() -> None:
    alone = [("a1", "Harbour Wire", RECORDS[0][2]), ("a2", "harbour wire", "Other text here.")]
    assert only_here.find([claim("a1", "Divers inspected the quay.")], alone, 0.1) == []
    empty = {"record_id": "a1", "start": 0, "end": 5, "text": "It is"}
    assert only_here.find([empty], RECORDS, 0.0) == []


def test_a_claim_in_two_topics_is_listed_once() -> None:
    c = claim("a1", "Divers inspected the quay.")
    assert len(only_here.find([c, dict(c)], RECORDS, 0.5)) == 1


def test_numbers_are_heard_as_quantities_not_strings() -> None:
    records = [
        ("a1", "Ledger", "The fee brings in 1,204,000 crowns and cost 300 jobs."),
        ("b1", "Wire", "The fee raises 1.2 million crowns a year."),
    ]
    body = records[0][2]

    def part(text: str) -> dict[str, object]:
        return {"record_id": "a1", "start": body.index(text), "end": body.index(text) + len(text),
                "text": text}  # fmt: skip

    same, jobs = part("The fee brings in 1,204,000 crowns"), part("cost 300 jobs")
    # "fee" and "crowns" heard, and 1,204,000 is the Wire's 1.2 million: only "brings" is new.
    assert only_here.find([same], records, 0.3) == []
    ((o,),) = [only_here.find([jobs], records, 0.5)]
    assert o.words == ("cost", "job", "300") and o.share == 1.0
