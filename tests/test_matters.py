"""The matters stage: judged pairs tie claims into one topic per matter."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import numpy as np
import pytest

from takediff.align import Alignment
from takediff.matters import features, link_probability, matters, worth_judging
from takediff.settings import MatterSettings
from takediff.types import Claim, Relation


def _claim(cid: str, party: str, start: int, context: str = "") -> Claim:
    return Claim(cid, party, party, cid, start, start + 1, context=context)


def _rel(a: Claim, b: Claim, contradict: float = 0.1, entail: float = 0.1) -> Relation:
    scores = {"entail": entail, "contradict": contradict, "neutral": 0.5, "unrelated": 0.0}
    return Relation(a, b, "neutral", scores)


def _alignment(claims: list[Claim], feats: dict[tuple[str, str], tuple[float, float, float]]):
    vecs = np.eye(len(claims), dtype=np.float32)  # one-sided claims never group
    return Alignment(tuple(claims), (), {}, {c.id: 0.0 for c in claims}, feats, vecs)


def test_link_probability_rises_with_cosine_and_with_the_judges_contradiction() -> None:
    low = link_probability((0.3, 0.3, 0.0, 0.1, 0.1, 0.0))
    assert link_probability((0.7, 0.7, 0.0, 0.1, 0.1, 0.0)) > low
    assert link_probability((0.3, 0.3, 0.0, 0.9, 0.1, 0.0)) > low
    assert 0.0 < low < 1.0
    # Where relatedness is read, "unrelated" can pull a pair apart.
    pulled = MatterSettings(weight_unrelated=-1.0)
    assert link_probability((0.3, 0.3, 0.0, 0.1, 0.1, 0.9), pulled) < link_probability(
        (0.3, 0.3, 0.0, 0.1, 0.1, 0.0), pulled
    )


def test_only_pairs_that_could_tie_are_judged() -> None:
    a1, b1, b2 = _claim("A1", "A", 0), _claim("B1", "B", 0), _claim("B2", "B", 50)
    feats = {("A1", "B1"): (0.5, 0.5, 0.2), ("A1", "B2"): (0.16, 0.16, 0.0)}
    al = _alignment([a1, b1, b2], feats)
    al = Alignment(al.claims, ((a1, b1), (a1, b2)), {}, al.nearest_other, feats, al.vectors)
    settings = MatterSettings()
    assert worth_judging(al, settings) == [(a1, b1)]
    # The bound is the judge's most favourable answer: even a certain contradiction or
    # entailment leaves the dropped pair under link_min, and so would never tie it.
    for judged in ((1.0, 0.0), (0.0, 1.0)):
        assert link_probability((0.16, 0.16, 0.0, *judged, 0.0), settings) < settings.link_min
    # A lower link_min lets it through.
    assert len(worth_judging(al, MatterSettings(link_min=0.01))) == 2


def test_each_claim_ties_to_one_sentence_per_party_and_the_rest_stands_alone() -> None:
    a1, b1, b2 = _claim("A1", "A", 0), _claim("B1", "B", 0), _claim("B2", "B", 50)
    feats = {("A1", "B1"): (0.8, 0.8, 0.3), ("A1", "B2"): (0.6, 0.6, 0.2)}
    al = _alignment([a1, b1, b2], feats)
    rels = [_rel(a1, b1), _rel(a1, b2)]
    topics, inside = matters(al, rels)
    groups = sorted(sorted(c.id for c in t.claims) for t in topics)
    # B2 is close to A1 too, but A1 is already tied to B's closer sentence: B2 is one-sided.
    assert groups == [["A1", "B1"], ["B2"]]
    assert inside == [replace(rels[0], tied=True)]


def test_clauses_of_one_sentence_may_both_tie_to_one_claim() -> None:
    sentence = "The court decides, and no release has been agreed."
    a1 = _claim("A1", "A", 0)
    b1, b2 = _claim("B1", "B", 0, sentence), _claim("B2", "B", 20, sentence)
    feats = {("A1", "B1"): (0.7, 0.7, 0.2), ("A1", "B2"): (0.3, 0.7, 0.3)}
    al = _alignment([a1, b1, b2], feats)
    rels = [_rel(a1, b1), _rel(a1, b2, contradict=0.95)]
    topics, inside = matters(al, rels)
    assert [sorted(c.id for c in t.claims) for t in topics] == [["A1", "B1", "B2"]]
    assert len(inside) == 2 and all(r.tied for r in inside)


def test_a_chain_of_ties_keeps_the_untied_pair_inside_but_marked() -> None:
    """A ties to B and to C, so all three share a topic; B and C, judged far apart, are two
    claims of one topic but no tie of the matters stage (the verdict reads only ties)."""
    a1, b1, c1 = _claim("A1", "A", 0), _claim("B1", "B", 0), _claim("C1", "C", 0)
    feats = {
        ("A1", "B1"): (0.8, 0.8, 0.3),
        ("A1", "C1"): (0.8, 0.8, 0.3),
        ("B1", "C1"): (0.2, 0.2, 0.0),
    }
    rels = [_rel(a1, b1), _rel(a1, c1), _rel(b1, c1)]
    topics, inside = matters(_alignment([a1, b1, c1], feats), rels)
    assert [sorted(c.id for c in t.claims) for t in topics] == [["A1", "B1", "C1"]]
    assert [(r.claim_a.id, r.claim_b.id, r.tied) for r in inside] == [
        ("A1", "B1", True),
        ("A1", "C1", True),
        ("B1", "C1", False),
    ]


def test_a_low_probability_pair_ties_nothing() -> None:
    a1, b1 = _claim("A1", "A", 0), _claim("B1", "B", 0)
    al = _alignment([a1, b1], {("A1", "B1"): (0.2, 0.2, 0.0)})
    rel = _rel(a1, b1)
    assert link_probability(features(al, rel)) < MatterSettings().link_min
    topics, inside = matters(al, [rel])
    assert [[c.id for c in t.claims] for t in topics] == [["A1"], ["B1"]]
    assert inside == []


@pytest.mark.xfail(
    strict=True,
    reason="issue 32's judge reads 'will reopen to fishing boats' against 'stay banned from the "
    "harbour' as neutral (p(contradiction) 0.28; no explicit check pairs reopen/banned), so the "
    "shared topic is called agree: a known regression of the cross-item training",
)
def test_paraphrased_opposites_share_a_topic_in_compare(pipeline: Any) -> None:
    report = pipeline.compare(
        {
            "Port": "The harbour will reopen to fishing boats on Monday. "
            "We thank the volunteers who cleared the quay.",
            "Ministry": "Fishing boats stay banned from the harbour until further notice. "
            "Tax forms are due in April.",
        }
    )
    topic_of = {c.text.split()[1]: v for v in report.verdicts for c in v.topic.claims}
    assert topic_of["harbour"] is topic_of["boats"]
    assert topic_of["harbour"].label == "contradict"
    assert topic_of["forms"].label == "one_sided" and topic_of["thank"].label == "one_sided"
