"""reading: the judge's reading of two claims, as `takediff judge` shows it and compare runs it."""

from __future__ import annotations

from typing import Any

import pytest

from takediff.errors import TakediffError
from takediff.reading import judge_pair, judge_pairs

REOPEN = ("The ferry terminal will reopen on Monday.", "The ferry terminal will stay closed.")


def test_reading_shows_both_directions_and_the_check(pipeline: Any) -> None:
    r = judge_pair(*REOPEN, pipeline=pipeline)
    assert r.label == "contradict" and r.decided_by == "rule:antonym"
    assert [c.rule for c in r.checks] == ["antonym"]
    assert "reopen" in r.checks[0].reason and "closed" in r.checks[0].reason
    for direction in (r.forward, r.backward):
        assert set(direction) == {"entailment", "neutral", "contradiction"}
        assert sum(direction.values()) == pytest.approx(1.0, abs=1e-4)
    model = max(r.forward["contradiction"], r.backward["contradiction"])
    assert r.same_matter is not None and r.same_matter > 0.9  # one terminal, one act
    assert r.p_contradict == pytest.approx(model * r.same_matter, abs=1e-6)
    assert 0.0 < r.similarity <= 1.0


def test_a_pair_reads_the_same_alone_and_in_a_batch(pipeline: Any) -> None:
    pairs = [
        ("The union called off the strike.", "Workers at the plant remain on strike."),
        REOPEN,
        ("Prices rose by 4 percent last year.", "The harvest was the best in a decade."),
    ]
    batch = judge_pairs(pairs, pipeline)
    assert [r.a for r in batch] == [a for a, _ in pairs]
    for pair, r in zip(pairs, batch, strict=True):
        alone = judge_pair(*pair, pipeline=pipeline)
        assert alone.label == r.label
        assert alone.p_contradict == pytest.approx(r.p_contradict, abs=1e-5)


def test_the_same_words_entail_without_the_model_deciding(pipeline: Any) -> None:
    r = judge_pair("The talks went well.", "The talks went well.", pipeline)
    assert r.label == "entail" and r.decided_by == "rule:identical"


def test_an_empty_claim_is_refused(pipeline: Any) -> None:
    with pytest.raises(TakediffError, match="empty"):
        judge_pair("  ", "The talks went well.", pipeline)


def test_claims_about_different_events_do_not_contradict(pipeline: Any) -> None:
    """Two meetings at two places on two dates: different matters, never a clash, however
    alike the sentences are (the model alone read such a pair 0.79 contradiction)."""
    r = judge_pair(
        "The ministers will hold talks in the port of Velm on 3 and 4 May.",
        "The two presidents will meet at the summit in Oskar on 7 and 8 July.",
        pipeline,
    )
    assert r.label != "contradict"
    assert r.same_matter is not None and r.same_matter < 0.5
    model = max(r.forward["contradiction"], r.backward["contradiction"])
    assert r.p_contradict == pytest.approx(model * r.same_matter, abs=1e-6)


def test_the_same_matter_with_a_changed_detail_still_contradicts(pipeline: Any) -> None:
    r = judge_pair(
        "The ministers will hold talks in the port of Velm on Monday.",
        "The ministers will hold talks in the port of Velm on Thursday.",
        pipeline,
    )
    assert r.label == "contradict" and r.same_matter is not None and r.same_matter > 0.9
