from takediff.align import align
from takediff.annotate import annotate
from takediff.attribute import make_accounts
from takediff.segment import segment


def claims_of(texts: dict[str, str], nlp: object) -> list:
    return [c for a in make_accounts(texts) for c in annotate(segment(a, nlp))]


def test_paraphrases_share_a_topic_and_strangers_do_not(nlp: object, embedder: object) -> None:
    claims = claims_of(
        {
            "A": "The airport will reopen to civilian flights next week. Wheat exports doubled.",
            "B": "Civilian flights at the airport may resume at some point. The choir sang hymns.",
        },
        nlp,
    )
    result = align(claims, embedder)
    by_text = {c.text.split()[1]: t.id for t in result.topics for c in t.claims}
    assert by_text["airport"] == by_text["flights"]
    assert by_text["exports"] != by_text["airport"] and by_text["choir"] != by_text["airport"]
    assert by_text["exports"] != by_text["choir"]
    judged = {frozenset((a.text.split()[1], b.text.split()[1])) for a, b in result.pairs}
    assert frozenset(("airport", "flights")) in judged


def test_pairs_grow_with_claims_not_with_all_pairs(nlp: object, embedder: object) -> None:
    topics = [
        "taxes",
        "schools",
        "roads",
        "hospitals",
        "water",
        "police",
        "parks",
        "trains",
        "housing",
        "energy",
    ]
    a = " ".join(
        f"The council will raise spending on {t} by {i + 2} percent."
        for i, t in enumerate(topics * 5)
    )
    b = " ".join(
        f"The mayor says {t} funding could grow by {i + 3} percent."
        for i, t in enumerate(topics * 5)
    )
    claims = claims_of({"A": a, "B": b}, nlp)
    assert len(claims) == 100
    result = align(claims, embedder)
    # Each claim is judged against at most its best match per other party: ≤ n pairs, not n².
    assert 0 < len(result.pairs) <= len(claims)
    assert len(result.pairs) < 50 * 50 / 10
    assert sum(len(t.claims) for t in result.topics) == len(claims)


def test_many_parties_judge_the_closest_few_not_every_party(nlp: object, embedder: object) -> None:
    from takediff.settings import AlignSettings

    cap = AlignSettings().max_party_matches
    verbs = ["will reopen", "may reopen", "should reopen", "could reopen", "must reopen"]
    texts = {
        f"Party {i}": f"The northern bridge {verbs[i % 5]} to traffic after repairs, day {i}."
        for i in range(30)
    }
    claims = claims_of(texts, nlp)
    result = align(claims, embedder)
    shared = max(result.topics, key=lambda t: len(t.parties))
    assert len(shared.parties) >= 20  # one topic that most parties share
    # Every party against every other would be 30·29/2 = 435 pairs; the cap keeps it linear.
    assert len(result.pairs) <= cap * len(claims)
    assert len(result.pairs) < 30 * 29 / 2 * 0.6
    # Each claim is still judged against someone.
    judged = {c.id for pair in result.pairs for c in pair}
    assert judged >= {c.id for c in shared.claims}


def _claim(cid: str, party: str, start: int = 0) -> object:
    from takediff.types import Claim

    return Claim(id=cid, party=party, document_id=party, text=cid, start=start, end=start + 1)


def test_a_judged_contradiction_across_topics_joins_them_and_a_neutral_one_does_not() -> None:
    from takediff.align import bridge
    from takediff.types import Relation, Topic

    a1, a2, b1, b2 = (
        _claim("A1", "A"),
        _claim("A2", "A", 5),
        _claim("B1", "B"),
        _claim("B2", "B", 5),
    )
    topics = (Topic("t1", "x", (a1,)), Topic("t2", "y", (b1,)), Topic("t3", "z", (a2, b2)))
    scores = {"entail": 0.1, "contradict": 0.8, "neutral": 0.1, "unrelated": 0.0}
    tie = Relation(a1, b1, "contradict", scores)
    joined, inside = bridge(topics, [tie])
    assert [sorted(c.id for c in t.claims) for t in joined] == [["A1", "B1"], ["A2", "B2"]]
    assert joined[0].id == "t1" and joined[1] is topics[2]  # untouched topics stay as they were
    assert inside == [tie]
    loose = [Relation(a1, b1, "neutral", scores), Relation(a1, b1, "unrelated", scores)]
    kept, inside = bridge(topics, loose)
    assert kept == topics
    assert inside == []  # pairs left across two topics are not that topic's relations


def test_cross_topic_best_matches_become_candidates_only_above_the_bridge_bar(
    nlp: object, embedder: object
) -> None:
    from takediff.settings import AlignSettings

    claims = claims_of(
        {
            "A": "The ferry to the island will run every hour. Wheat exports doubled.",
            "B": "No boats are crossing to the island this month. The choir sang hymns.",
        },
        nlp,
    )
    strict = AlignSettings(link_cross=0.99, link_same=0.99, bridge_min=1.0)
    assert align(claims, embedder, strict).candidates == ()
    loose = align(claims, embedder, AlignSettings(link_cross=0.99, link_same=0.99, bridge_min=-1))
    topic_of = {c.id: t.id for t in loose.topics for c in t.claims}
    assert loose.candidates, "every cross-party best match is a candidate at bar -1"
    for a, b in loose.candidates:
        assert a.party != b.party and topic_of[a.id] != topic_of[b.id]
