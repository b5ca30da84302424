"""takediff eval: label mappings, splits and metrics in code; then small real runs on the data."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from conftest import DATA
from typer.testing import CliRunner

from takediff.cli import app
from takediff.errors import DataNotFound
from takediff.evaluate import EVALUATIONS, claimdiff, commitmentbank, factuality, rte3, run, splits
from takediff.evaluate.metrics import cross_fitted, majority_baseline, regression, to_bins
from takediff.evaluate.nli import nli_probs
from takediff.pipeline import Pipeline

needs_data = pytest.mark.skipif(
    not DATA.is_dir(), reason=f"public data not found at {DATA} (clone ../shared beside the repo)"
)

# Floors sit 0.1 below what the default models measured on the same seeded samples.
RTE3_MIN_ACCURACY = 0.43  # measured 0.537 on all 160 held-out pairs (= the majority class)
UW_MIN_PEARSON = 0.04  # measured 0.139 on 400 UW dev events


class ConstantJudge:
    """A stand-in StanceModel: the same probabilities for every pair; ``held_out_mod`` says, as
    the bundled judge's config does, which RTE-3 pairs it did not train on."""

    name = "constant"

    def __init__(self, row: Sequence[float], held_out_mod: int | None = None) -> None:
        self.row = np.asarray(row, dtype=np.float64)
        self.config = {"held_out": {"rte3_id_mod": held_out_mod}} if held_out_mod else {}

    def score(self, pairs: Sequence[tuple[str, str]]) -> np.ndarray:
        return np.tile(self.row, (len(pairs), 1))


def test_stance_to_rte_mapping() -> None:
    probs = nli_probs(ConstantJudge([0.1, 0.2, 0.3, 0.4]), [("premise", "hypothesis")])
    mixed = rte3.to_rte(probs)
    assert mixed[0] == pytest.approx([0.1, 0.2, 0.7])  # discuss + unrelated pool into neutral
    for k, want in enumerate(["entailment", "contradiction", "neutral", "neutral"]):
        one = rte3.to_rte(nli_probs(ConstantJudge(list(np.eye(4)[k])), [("p", "h")]))
        assert rte3.RTE_LABELS[int(one.argmax())] == want


def test_held_out_keeps_only_pairs_the_judge_did_not_train_on() -> None:
    pairs = [rte3.RtePair(i, "p", "h", "neutral", "IE") for i in range(1, 23)]
    assert [p.id for p in rte3.held_out(pairs, 5)] == [5, 10, 15, 20]
    assert rte3.held_out(pairs, None) == pairs
    assert rte3.held_out_mod(ConstantJudge([1, 0, 0, 0], held_out_mod=5)) == 5
    assert rte3.held_out_mod(ConstantJudge([1, 0, 0, 0])) is None


def test_stance_to_claimdiff_and_commitment_reading() -> None:
    from typing import get_args

    from takediff.types import RelationLabel

    # Every relation the judge can return has a ClaimDiff label.
    relations = get_args(RelationLabel)
    assert {claimdiff.RELATION_TO_CLAIMDIFF[r] for r in relations} == set(claimdiff.LABELS)
    assert claimdiff.from_commitment(0.4, 0.9) == "strengthen"
    assert claimdiff.from_commitment(0.9, 0.4) == "weaken"
    assert claimdiff.from_commitment(0.7, 0.8) == "neither"
    assert claimdiff.from_commitment(0.7, 0.8, margin=0.05) == "strengthen"


def test_detokenise_keeps_word_offsets() -> None:
    tokens = "`` He did n't say , '' she wrote ( twice ) .".split()
    text, starts, ends = factuality.detokenise(tokens)
    assert text == "“He didn't say,” she wrote (twice)."
    words = [text[a:b] for a, b in zip(starts, ends, strict=True)]
    assert (
        words[2:4] == ["did", "n't"] and words[6] == "”" and words[8:11] == ["wrote", "(", "twice"]
    )


def test_regression_metrics() -> None:
    score = np.linspace(0.0, 1.0, 50)
    gold = 6.0 * score - 3.0
    exact = regression(gold, score, gold, score)
    assert exact.pearson == pytest.approx(1.0) and exact.spearman == pytest.approx(1.0)
    assert exact.slope == pytest.approx(6.0) and exact.intercept == pytest.approx(-3.0)
    assert exact.mae == pytest.approx(0.0, abs=1e-9) and exact.mae_constant > 1.0
    assert exact.bin_accuracy == 1.0
    assert cross_fitted(gold, score).mae == pytest.approx(0.0, abs=1e-9)
    flat = regression(gold, np.full(50, 0.7), gold, np.full(50, 0.7))
    assert np.isnan(flat.pearson) and flat.slope == 0.0
    assert flat.mae == pytest.approx(flat.mae_constant)
    assert list(to_bins(np.array([-3.0, -1.0, -0.5, 0.99, 1.0]))) == [0, 0, 1, 1, 2]


def test_majority_baseline() -> None:
    report = majority_baseline(["a", "b", "b", "c"], ("a", "b", "c"))
    assert report.accuracy == 0.5 and report.recall == (0.0, 1.0, 0.0)


def test_unknown_name_lists_every_evaluation() -> None:
    result = CliRunner().invoke(app, ["eval", "nope"])
    assert result.exit_code == 2
    for name in (*EVALUATIONS, "all"):
        assert name in result.output


@pytest.mark.parametrize(
    "name",
    ["rte3", "nli", "claimdiff", "emergent", "commitmentbank", "factuality", "fnc1", "accounts"],
)
def test_missing_data_exits_2_without_traceback(name: str, tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["eval", name, "--data-dir", str(tmp_path)])
    assert result.exit_code == 2, result.output
    assert "not found" in result.output and "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_missing_data_dir_and_all(tmp_path: Path) -> None:
    runner = CliRunner()
    gone = runner.invoke(app, ["eval", "rte3", "--data-dir", str(tmp_path / "absent")])
    assert gone.exit_code == 2 and "not found" in gone.output
    every = runner.invoke(app, ["eval", "all", "--limit", "3", "--data-dir", str(tmp_path)])
    assert every.exit_code == 2
    assert all(f"takediff: {name}:" in every.output for name in EVALUATIONS)


def test_missing_file_is_a_takediff_error(tmp_path: Path) -> None:
    with pytest.raises(DataNotFound, match="rte3_en_3way_dev.tsv"):
        rte3.load_pairs(tmp_path)


@needs_data
def test_rte3_scores_only_held_out_pairs(pipeline: Pipeline) -> None:
    def with_judge(judge: ConstantJudge) -> Pipeline:
        return Pipeline(nlp=pipeline.nlp, embedder=pipeline.embedder, judge=judge)

    trained = with_judge(ConstantJudge([0.7, 0.1, 0.1, 0.1], held_out_mod=5))
    result = rte3.evaluate(DATA, pipeline=trained)
    assert result.n == 160 and all(i % 5 == 0 for i in result.ids)
    # A judge that always says agree is the all-entailment baseline.
    assert result.report.accuracy == pytest.approx(result.majority.accuracy)
    sampled = run("rte3", DATA, limit=40, pipeline=trained)
    assert sampled.n == 40 and sampled.split == "dev" and sampled.macro_f1 is not None
    # A judge that trained on none of RTE-3 is scored on every pair of the split.
    assert rte3.evaluate(DATA, pipeline=with_judge(ConstantJudge([0.7, 0.1, 0.1, 0.1]))).n == 800


@needs_data
def test_rte3_held_out_accuracy(pipeline: Pipeline) -> None:
    result = rte3.evaluate(DATA, pipeline=pipeline)
    assert result.report.accuracy >= RTE3_MIN_ACCURACY
    # Accuracy only ties the all-entailment baseline; the judge does find neutral pairs.
    assert result.report.macro_f1 > result.majority.macro_f1 + 0.05


@needs_data
@pytest.mark.xfail(
    strict=True,
    reason="issue 32's judge (entailment bar 0.5, fitted under the contradiction-precision "
    "floor) calls 13 of 300 ClaimDiff pairs entailment: macro-F1 0.144 against the commitment "
    "reading's 0.142, no longer 0.05 above it; a known regression",
)
def test_claimdiff_judge_reading_beats_commitment_reading(pipeline: Pipeline) -> None:
    result = claimdiff.evaluate(DATA, pipeline=pipeline, limit=300)
    # The labels are about support, not firmness: the judge carries more of them than the
    # commitment difference does, and its "agree" picks out supporting pairs above their share.
    # (Neither beats the majority class's accuracy; see `takediff eval claimdiff`.)
    assert result.report.macro_f1 > result.commitment.macro_f1 + 0.05
    strengthen = claimdiff.LABELS.index("strengthen")
    share = result.report.support[strengthen] / result.n
    assert result.report.precision[strengthen] > share + 0.05


@needs_data
def test_cli_gates_classification_evals(tmp_path: Path) -> None:
    runner = CliRunner()
    low = runner.invoke(
        app, ["eval", "rte3", "--limit", "20", "--min-macro-f1", "1.01", "--data-dir", str(DATA)]
    )
    assert low.exit_code == 1 and "below the floor" in low.output
    assert "id % 5 == 0" in low.output or "all: none trained" in low.output
    off = runner.invoke(
        app, ["eval", "commitmentbank", "--min-macro-f1", "0.5", "--data-dir", str(DATA)]
    )
    assert off.exit_code == 2 and "applies to" in off.output


@needs_data
def test_factuality_tracks_news_events(pipeline: Pipeline) -> None:
    result = factuality.evaluate(DATA, limit=400, sets=["UW"], pipeline=pipeline)
    ((name, uw),) = result.sets
    assert name == "UW" and uw.n == 400
    assert uw.pearson >= UW_MIN_PEARSON and uw.spearman > 0


@needs_data
def test_commitmentbank_signed_commitment_tracks_gold(pipeline: Pipeline) -> None:
    result = commitmentbank.evaluate(DATA, limit=300, pipeline=pipeline)
    # 0.435 on all 1,200 items; reading polarity (negated claims below zero) is what makes it
    # positive: commitment alone correlates negatively (firm denials are firm claims).
    assert result.overall.pearson >= 0.25
    assert result.overall.pearson > result.unsigned.pearson + 0.3
    mean = {b.name: b.commitment_mean for b in result.by_embedding}
    assert mean["negation"] < 0 < min(mean["modal"], mean["question"], mean["conditional"])


@needs_data
def test_fnc1_sample_stays_above_the_floor(pipeline: Pipeline) -> None:
    from takediff.evaluate import fnc1
    from takediff.relatedness import RelatednessGate

    assert RelatednessGate.load() is not None, "the relatedness gate file ships beside the judge"
    result = fnc1.evaluate(DATA, pipeline=pipeline, limit=300, seed=1)
    # Full competition test: 82.18% and macro-F1 0.631; floors sit well below for a 300 sample.
    assert result.fnc_score >= 0.72
    assert result.report.macro_f1 >= 0.50
    unrelated = result.report.labels.index("unrelated")
    assert result.report.f1[unrelated] >= 0.93
    # The gate earns its place: it beats the cross-encoder alone on the same pairs.
    assert result.fnc_score > result.judge_only_fnc_score


def test_every_evaluation_names_its_splits_and_refuses_others(tmp_path: Path) -> None:
    from takediff.errors import UnknownName

    assert splits("fnc1") == ("competition_test", "train")
    assert splits("polnear")[0] == "dev" and splits("basil") == ("all",)
    for name in EVALUATIONS:
        with pytest.raises(UnknownName, match="no split 'nope'"):
            run(name, tmp_path, split="nope")
    with pytest.raises(UnknownName, match="unknown evaluation"):
        run("nope", tmp_path)
    bad = CliRunner().invoke(app, ["eval", "rte3", "--split", "test", "--data-dir", str(tmp_path)])
    assert bad.exit_code == 2 and "it has: dev" in bad.output and "--split" in bad.output


@needs_data
def test_polnear_limit_is_a_seeded_sample_not_the_first_files(pipeline: Pipeline) -> None:
    first = run("polnear", DATA, limit=3, seed=0, pipeline=pipeline)
    again = run("polnear", DATA, limit=3, seed=0, pipeline=pipeline)
    other = run("polnear", DATA, limit=3, seed=1, pipeline=pipeline)

    def scores(r: Any) -> tuple[int, int, Any]:
        return r.result.gold, r.result.predicted, r.result.content_overlap

    assert first.n == again.n == 3 and scores(first) == scores(again)
    # Another seed picks other articles (the first three files would not change with it).
    assert scores(other) != scores(first)


def test_nli_judge_rule_puts_contradiction_first() -> None:
    from takediff.evaluate import nli

    e, n, c = np.eye(3)
    forward = np.stack([e, n, e, n, c])
    backward = np.stack([n, c, c, e, n])
    # Either direction's contradiction wins; then entailment premise → hypothesis.
    assert nli.both_ways(forward, backward) == [
        "entailment",
        "contradiction",
        "contradiction",
        "neutral",
        "contradiction",
    ]
    # compare's reading (as judge()): entailment in either direction.
    assert nli.both_ways(forward, backward, symmetric=True)[3] == "entailment"
    from takediff.settings import JudgeSettings

    unsure = np.array([[0.3, 0.3, 0.4]])
    assert nli.both_ways(unsure, unsure) == ["neutral"]
    assert nli.both_ways(unsure, unsure, JudgeSettings(contradict_min=0.35)) == ["contradiction"]


def test_nli_reads_a_stance_judge_through_the_label_map() -> None:
    from takediff.evaluate import nli

    probs = nli.nli_probs(ConstantJudge([0.1, 0.6, 0.2, 0.1]), [("p", "h")])
    assert probs[0] == pytest.approx([0.1, 0.3, 0.6])  # agree, discuss+unrelated, disagree


@needs_data
def test_nli_dev_sample_is_scored_per_source(pipeline: Pipeline) -> None:
    result = run("nli", DATA, limit=150, seed=2, pipeline=pipeline)
    nli_result = result.result
    assert result.n == 150 and result.split == "dev"
    assert sum(n for _, n, _, _ in nli_result.by_source) == 150
    assert {s for s, *_ in nli_result.by_source} <= {
        "mnli_dev_matched",
        "snli_dev_test_esnli",
        "conjnli",
        "cad_nli",
        "breaking_nli",
        "negation_nli_hossain",
        "taxinli",
    }
    assert result.macro_f1 == nli_result.report.macro_f1


def test_stage_readings_score_each_antonym_list_from_one_model_pass(pipeline: Pipeline) -> None:
    from takediff.evaluate import stage

    neutral = ConstantJudge([0.0, 0.0, 1.0, 0.0])  # always "discuss": neutral, never unrelated
    calls: list[int] = []

    class Counting(ConstantJudge):
        def score(self, pairs: Sequence[tuple[str, str]]) -> np.ndarray:
            calls.append(len(pairs))
            return super().score(pairs)

    # The relatedness model says "discuss" too: never "unrelated".
    quiet = Pipeline(
        nlp=pipeline.nlp, embedder=pipeline.embedder, judge=Counting(neutral.row), stance=neutral
    )
    pairs = [
        ("The government will lift the tariffs on steel.", "The government will impose tariffs."),
        ("The talks will resume in May.", "The talks will not resume in May."),
        ("The port reopened on Monday.", "Ships unloaded grain at the port."),
    ]
    out = stage.readings(pairs, quiet)
    assert len(calls) == 1  # every reading from one batch
    assert out.labels[stage.MODEL_ONLY] == ["neutral"] * 3
    hand = out.labels[stage.reading_name("hand")]
    assert hand[:2] == ["contradiction", "contradiction"] and hand[2] == "neutral"
    assert out.labels[stage.reading_name("wordnet")][0] == "neutral"  # lift/impose: hand list only
    assert out.fired[stage.reading_name("hand")][:2] == ["antonym", "negation"]
    table = out.rule_table(["contradiction", "neutral", "neutral"])
    assert "| model + explicit checks, antonyms: hand | antonym | 1 | 1 |" in table
    assert "| model + explicit checks, antonyms: hand | negation | 1 | 0 |" in table


@needs_data
def test_emergent_scores_both_readings_and_says_which_trained_on_it(pipeline: Pipeline) -> None:
    from takediff.evaluate import emergent

    agree = ConstantJudge([1.0, 0.0, 0.0, 0.0])
    agree.config = {"trained_on": ["Emergent train"]}
    disagree = ConstantJudge([0.0, 1.0, 0.0, 0.0])
    plain = Pipeline(nlp=pipeline.nlp, embedder=pipeline.embedder, judge=agree, stance=disagree)
    result = emergent.evaluate(DATA, limit=200, pipeline=plain)
    assert result.n == 200 and result.in_sample == ("constant",)
    forward = emergent.STANCES.index("for")
    assert result.report.recall[forward] == 1.0  # agree both ways → entailment → for
    assert result.stance.recall[emergent.STANCES.index("against")] == 1.0
    assert "Trained on these pairs: constant" in emergent.table(result)


@pytest.mark.parametrize(
    ("source", "kind"),
    [
        ("Senator Ada Brill", "person"),
        ("she", "person"),
        ("the foreign ministry", "institution"),
        ("the harbour board's statement", "institution"),
        ("Norland", "institution"),
        ("a source close to the talks", "other"),
    ],
)
def test_polnear_sources_are_split_into_people_institutions_and_others(
    nlp: Any, source: str, kind: str
) -> None:
    from takediff.evaluate.polnear import source_kind

    assert source_kind(source, nlp) == kind
