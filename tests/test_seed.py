"""The case takediff exists for: the seed article's two leaders' accounts of one phone call."""

import pytest
from seed import SEED_DIR, seed_statements

import takediff

pytestmark = pytest.mark.skipif(not SEED_DIR.is_dir(), reason="../shared/seeds not present")


@pytest.fixture(scope="module")
def report():
    return takediff.compare(seed_statements())


def verdicts_with(report, party: str, *words: str):
    return [
        v
        for v in report.verdicts
        if any(c.party == party and all(w in c.text.lower() for w in words) for c in v.topic.claims)
    ]


def test_negotiations_are_contradicted_or_hedged(report) -> None:
    (v,) = verdicts_with(report, "Trump", "negotiations", "immediately")
    assert v.label in ("contradict", "commitment_gap")
    assert set(v.topic.parties) == {"Trump", "Putin"}
    putin = [c for c in v.topic.claims if c.party == "Putin"]
    cue_words = {
        q.text.lower()
        for c in putin
        for q in c.cues
        if q.kind in ("hedge", "condition", "timing_future")
    }
    assert cue_words & {"possible", "potentially", "possibility", "if", "future"}
    assert any(w in v.explanation.lower() for w in ("possible", "future", "if", "potentially"))


def test_trade_and_jobs_are_one_sided_for_trump(report) -> None:
    for words in (("jobs",), ("trade",)):
        (v,) = verdicts_with(report, "Trump", *words)
        assert v.label == "one_sided" and v.topic.parties == ("Trump",)


def test_root_causes_are_one_sided_for_putin(report) -> None:
    (v,) = verdicts_with(report, "Putin", "root causes")
    assert v.label == "one_sided" and v.topic.parties == ("Putin",)


def test_offsets_point_into_each_account(report) -> None:
    texts = {a.party: a.document.text for a in report.accounts}
    for v in report.verdicts:
        for c in v.topic.claims:
            assert texts[c.party][c.start : c.end] == c.text
