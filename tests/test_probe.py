"""eval probe: cross-item pairs, the readouts' keyed pairs by case fold, the null test."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import DATA

from takediff.errors import DataNotFound
from takediff.evaluate.accounts import load_cases
from takediff.evaluate.probe import _auc, case_claims, fold_of, keyed_pairs, readouts_dir
from takediff.pipeline import Pipeline

READOUTS = DATA.parent / "benchmarks" / "readouts"
needs_readouts = pytest.mark.skipif(
    not READOUTS.is_dir(), reason=f"readouts benchmark not found at {READOUTS}"
)


def test_auc_counts_pairs_ranked_right_and_ties_half() -> None:
    assert _auc([0.9, 0.8], [0.1, 0.2]) == 1.0
    assert _auc([0.1], [0.9]) == 0.0
    assert _auc([0.5], [0.5, 0.1]) == 0.75
    assert _auc([], [0.3]) != _auc([], [0.3])  # nan: nothing to rank


def test_cases_alternate_between_two_folds() -> None:
    assert [fold_of(i) for i in range(5)] == [1, 2, 1, 2, 1]


def test_missing_readouts_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(DataNotFound, match="readouts benchmark not found"):
        readouts_dir(tmp_path / "data")


@needs_readouts
def test_keyed_pairs_cover_each_items_evidence(pipeline: Pipeline) -> None:
    cases = {c[0]: c for c in load_cases(readouts_dir(DATA))}
    case = cases["2021-12-07_biden-putin"]
    name, key, texts = case
    pairs = keyed_pairs(case, case_claims(pipeline, case))
    kinds = {kp.kind for kp in pairs}
    assert kinds == {"clash", "agree", "other"}
    two_party = [i for i in key["items"] if len(i["evidence"]) == 2]
    assert sum(kp.kind != "other" for kp in pairs) == len(two_party)
    clash_items = [i for i in two_party if "contradict" in i["verdicts"]]
    clashes = [kp for kp in pairs if kp.kind == "clash"]
    assert len(clashes) == len(clash_items)
    for item, kp in zip(clash_items, clashes, strict=True):
        for claim in (kp.a, kp.b):
            evidence = item["evidence"][claim.party]
            lo = texts[claim.party].index(evidence)
            assert claim.start < lo + len(evidence) and claim.end > lo
    same = {(kp.a.id, kp.b.id) for kp in pairs if kp.kind != "other"}
    others = [(kp.a.id, kp.b.id) for kp in pairs if kp.kind == "other"]
    assert others and not same & set(others) and len(others) == len(set(others))
    assert all(kp.a.party != kp.b.party for kp in pairs)
