"""evaluate.accounts: the benchmark's scoring rules, held to its reference scorer."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from takediff.errors import DataNotFound
from takediff.evaluate import accounts

BENCH = Path(__file__).resolve().parents[2] / "shared" / "benchmarks" / "accounts"
needs_bench = pytest.mark.skipif(not BENCH.is_dir(), reason="../shared/benchmarks not present")


def reference(case: Path, report: dict[str, Any], tmp_path: Path) -> dict[str, Any]:
    path = tmp_path / f"{case.name}-{abs(hash(json.dumps(report, sort_keys=True)))}.json"
    path.write_text(json.dumps(report))
    done = subprocess.run(
        [sys.executable, str(BENCH / "score_keys.py"), str(case), str(path), "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    found: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return found


def variants(report: dict[str, Any]) -> list[dict[str, Any]]:
    """The report, and reports that move items between outcomes (each outcome is reached)."""
    every_clash = copy.deepcopy(report)
    for t in every_clash["topics"]:
        t["verdict"] = "contradict"
    one_topic = copy.deepcopy(report)
    one_topic["topics"] = [
        {
            "id": "T1",
            "label": "everything",
            "verdict": "commitment_gap",
            "parties": sorted({c["party"] for c in report["claims"]}),
            "claims": [c["id"] for c in report["claims"]],
        }
    ]
    half = copy.deepcopy(report)
    kept = {c["id"] for c in half["claims"][::2]}
    half["claims"] = [c for c in half["claims"] if c["id"] in kept]
    for t in half["topics"]:
        t["claims"] = [c for c in t["claims"] if c in kept]
    return [report, every_clash, one_topic, half]


@needs_bench
def test_scores_agree_with_the_reference_scorer(tmp_path: Path) -> None:
    from takediff.pipeline import default_pipeline
    from takediff.report import to_dict

    pipe = default_pipeline()
    seen: set[str] = set()
    for name in ("bank_merger_releases", "ceasefire_spokesperson_report"):
        case = BENCH / name
        key, texts = accounts.load_case(case)
        for report in variants(to_dict(pipe.compare(dict(texts)))):
            ours = accounts.score(name, key, texts, report)
            theirs = reference(case, report, tmp_path)
            for count in (*accounts.COUNTS, "topics"):
                assert getattr(ours, count) == theirs[count], (name, count)
            outcome = {d["id"]: d["outcome"] for d in theirs["detail"] if d["id"] != "invented"}
            assert {o.id: o.outcome for o in ours.detail} == outcome
            seen |= set(outcome.values())
            seen |= {"invented"} if ours.invented else set()
    assert seen == {"right", "wrong", "split", "lost", "invented"}


def tiny_case(tmp_path: Path) -> Path:
    case = tmp_path / "bench" / "bakery_hours"
    case.mkdir(parents=True)
    (case / "owner.txt").write_text("The bakery opens at six. We will add a second oven.\n")
    (case / "council.txt").write_text("The bakery opens at nine. Parking stays free.\n")
    key = {
        "title": "bakery",
        "parties": {"Owner": "owner.txt", "Council": "council.txt"},
        "items": [
            {
                "id": "K1",
                "topic": "opening hour",
                "verdicts": ["contradict"],
                "evidence": {"Owner": "opens at six", "Council": "opens at nine"},
            },
            {
                "id": "K2",
                "topic": "oven",
                "verdicts": ["one_sided"],
                "evidence": {"Owner": "second oven"},
            },
            {
                "id": "K3",
                "topic": "parking",
                "verdicts": ["one_sided"],
                "evidence": {"Council": "Parking stays free"},
            },
        ],
    }
    (case / "key.json").write_text(json.dumps(key))
    return case


def test_each_outcome_on_a_hand_made_report(tmp_path: Path) -> None:
    case = tiny_case(tmp_path)
    key, texts = accounts.load_case(case)
    claims = [
        {"id": "o1", "party": "owner", "start": 0, "end": 24},  # party names match loosely
        {"id": "o2", "party": "Owner", "start": 25, "end": 51},
        {"id": "c1", "party": "Council", "start": 0, "end": 25},
    ]
    topics = [
        {"id": "T1", "label": "hours", "verdict": "contradict", "parties": ["Owner", "Council"],
         "claims": ["o1", "c1"]},
        {"id": "T2", "label": "oven", "verdict": "commitment_gap", "parties": ["Owner"],
         "claims": ["o2"]},
    ]  # fmt: skip
    got = accounts.score(case.name, key, texts, {"claims": claims, "topics": topics})
    assert [(o.id, o.outcome) for o in got.detail] == [
        ("K1", "right"),
        ("K2", "wrong"),  # a one-party matter labelled a clash
        ("K3", "lost"),  # no claim covers "Parking stays free"
    ]
    assert (got.right, got.clash_items, got.clash_right, got.invented) == (1, 1, 1, 1)
    assert got.invented_labels == ("oven",)
    # the same claims in different topics: the matter is split, and nothing is invented
    topics[0]["claims"] = ["o1"]
    topics[1] = {"id": "T2", "label": "x", "verdict": "related", "parties": ["Council"],
                 "claims": ["c1"]}  # fmt: skip
    got = accounts.score(case.name, key, texts, {"claims": claims, "topics": topics})
    assert got.detail[0].outcome == "split"
    assert got.invented == 0


def test_evidence_must_occur_once(tmp_path: Path) -> None:
    case = tiny_case(tmp_path)
    key = json.loads((case / "key.json").read_text())
    key["items"][0]["evidence"]["Owner"] = "e"
    (case / "key.json").write_text(json.dumps(key))
    with pytest.raises(DataNotFound, match="K1: the evidence occurs"):
        accounts.load_case(case)


def test_the_benchmark_is_found_beside_the_data_folder_or_given_itself(tmp_path: Path) -> None:
    case = tiny_case(tmp_path)
    assert accounts.bench_dir(case.parent) == case.parent
    (tmp_path / "data").mkdir()
    (tmp_path / "benchmarks").mkdir()
    case.parent.rename(tmp_path / "benchmarks" / "accounts")
    assert accounts.bench_dir(tmp_path / "data") == tmp_path / "benchmarks" / "accounts"
    with pytest.raises(DataNotFound, match="accounts benchmark not found"):
        accounts.bench_dir(tmp_path / "elsewhere" / "data")


@needs_bench
def test_the_eval_command_prints_the_totals(tmp_path: Path) -> None:
    from takediff import evaluate

    result = evaluate.run("accounts", BENCH, limit=1, seed=3)
    (case,) = result.result.cases
    assert result.n == case.items > 0
    text = result.table()
    assert f"| {case.case} | {case.right} / {case.items} |" in text
    assert "| **total** |" in text


def test_the_projects_own_cases_load_and_the_readme_example_scores_its_planted_clashes(
    pipeline,
) -> None:
    """examples/accounts holds cases written for takediff in the benchmark's format (the fit
    of the matters stage reads them beside the benchmark's)."""
    from conftest import EXAMPLES

    from takediff.evaluate.accounts import load_cases, score
    from takediff.report import to_dict

    cases = {name: (key, texts) for name, key, texts in load_cases(EXAMPLES / "accounts")}
    assert len(cases) >= 3
    key, texts = cases["norland_sudrea"]
    assert texts["Norland"] == (EXAMPLES / "norland.txt").read_text(encoding="utf-8")
    got = score("norland_sudrea", key, texts, to_dict(pipeline.compare(dict(texts))))
    outcome = {o.id: o.outcome for o in got.detail}
    assert outcome["K2"] == outcome["K3"] == outcome["K4"] == outcome["K5"] == "right"
    assert got.invented == 0
