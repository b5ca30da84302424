from collections import Counter

import pytest

import takediff
from takediff.errors import DuplicateParty, EmptyInput, TooFewParties


def test_example_report_finds_the_planted_divergences(example_report) -> None:
    def verdict_of(party: str, word: str) -> str:
        (v,) = [
            v
            for v in example_report.verdicts
            if any(c.party == party and word in c.text for c in v.topic.claims)
        ]
        return v.label

    assert verdict_of("Norland", "reopen") == "contradict"  # reopen vs remain closed
    assert verdict_of("Sudrea", "no release") == "contradict"  # agreed vs not agreed
    assert verdict_of("Norland", "jobs") == "one_sided"
    # Sovereignty over the river's waters against the farmers' water: the fitted link model
    # ties the two weakly (one matter, neither agreeing nor contradicting) or leaves it alone.
    assert verdict_of("Sudrea", "sovereignty") in {"one_sided", "related"}
    assert 0.2 < example_report.divergence <= 1.0


def test_swapping_parties_swaps_sides_not_verdicts(example_texts) -> None:
    (a, ta), (b, tb) = example_texts.items()
    forward = takediff.compare({a: ta, b: tb})
    backward = takediff.compare({b: tb, a: ta})
    assert Counter(v.label for v in forward.verdicts) == Counter(v.label for v in backward.verdicts)
    assert forward.divergence == pytest.approx(backward.divergence, abs=1e-6)


def test_identical_accounts_do_not_diverge(example_texts) -> None:
    text = next(iter(example_texts.values()))
    report = takediff.compare({"One": text, "Two": text})
    assert {v.label for v in report.verdicts} <= {"agree"}
    assert report.divergence == 0.0


def test_three_parties(example_texts) -> None:
    texts = dict(example_texts)
    texts["Observer"] = (
        "Observers at the river said the border crossings remain closed and "
        "that no fishermen have been released."
    )
    report = takediff.compare(texts)
    assert report.parties == tuple(texts)
    assert any(len(v.topic.parties) == 3 for v in report.verdicts)


@pytest.mark.parametrize(
    ("accounts", "error"),
    [
        ({"A": "Only one party speaks here."}, TooFewParties),
        ({"A": "Words here.", "B": "   "}, EmptyInput),
        ({"A": "Words here.", " ": "More words."}, EmptyInput),
    ],
)
def test_bad_accounts(accounts, error) -> None:
    with pytest.raises(error):
        takediff.compare(accounts)


def test_duplicate_party_names_are_refused() -> None:
    from takediff.attribute import whole_text
    from takediff.ingest import make_document

    doc = make_document("The ferry will sail tomorrow.")
    with pytest.raises(DuplicateParty):
        takediff.compare([whole_text("A", doc), whole_text("A", doc)])


class EveryPairContradicts:
    """A stand-in LLM judge: it calls every pair it is asked about a contradiction."""

    name = "stand-in llm"

    def __init__(self) -> None:
        self.asked = 0

    def ask(self, rel: object) -> tuple[str, str]:
        self.asked += 1
        return "contradict", "the stand-in says so"


def test_pipeline_is_what_compare_runs(pipeline, example_texts) -> None:
    ours = pipeline.compare(example_texts)
    theirs = takediff.compare(example_texts)
    assert [(v.label, v.strength, v.topic.label) for v in ours.verdicts] == [
        (v.label, v.strength, v.topic.label) for v in theirs.verdicts
    ]
    assert ours.divergence == theirs.divergence


def test_models_load_lazily_and_once(nlp, embedder, stance_model) -> None:
    from takediff.pipeline import Pipeline

    fresh = Pipeline(nlp=nlp, embedder=embedder, judge=stance_model)
    assert fresh.nlp is nlp and fresh.embedder is embedder and fresh.judge_model is stance_model
    lazy = Pipeline()
    assert lazy._nlp is None and lazy._embedder is None and lazy._judge is None
    assert lazy.embedder is lazy.embedder  # loaded on first use, then kept


def test_settings_change_the_outcome(pipeline, example_texts) -> None:
    from dataclasses import replace

    from takediff.pipeline import Pipeline
    from takediff.settings import Settings, VerdictSettings

    base = pipeline.compare(example_texts)
    assert "commitment_gap" in {v.label for v in base.verdicts}
    strict = Settings(verdict=VerdictSettings(gap_min=0.99))
    report = Pipeline(
        settings=strict, nlp=pipeline.nlp, embedder=pipeline.embedder, judge=pipeline.judge_model
    ).compare(example_texts)
    assert "commitment_gap" not in {v.label for v in report.verdicts}
    # One divergence weight changed moves the score and nothing else.
    louder = replace(Settings(), verdict=VerdictSettings(weight_one_sided=1.0))
    again = takediff.compare(example_texts, settings=louder)
    assert [v.label for v in again.verdicts if v.label != "one_sided"] == [
        v.label for v in base.verdicts if v.label != "one_sided"
    ]
    assert again.divergence > base.divergence


def test_the_llm_is_passed_in_and_asked_about_unsure_pairs(pipeline, example_texts) -> None:
    from takediff.pipeline import Pipeline
    from takediff.settings import LlmSettings, Settings

    llm = EveryPairContradicts()
    everything_unsure = Settings(llm=LlmSettings(hard_low=0.0, hard_high=1.0))
    report = Pipeline(
        settings=everything_unsure,
        nlp=pipeline.nlp,
        embedder=pipeline.embedder,
        judge=pipeline.judge_model,
        llm=llm,
    ).compare(example_texts)
    assert llm.asked > 0 and report.meta["models"]["llm"] == "stand-in llm"
    shared = [v for v in report.verdicts if len(v.topic.parties) > 1]
    assert shared and all(v.label == "contradict" for v in shared)
    assert any(r.source == "llm" for v in shared for r in v.relations)
    # Without an LLM passed in, none is used, whatever the environment says.
    assert "llm" not in pipeline.compare(example_texts).meta["models"]
