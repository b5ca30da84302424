"""The accounts benchmark (../shared/benchmarks/accounts): multi-party cases with answer keys.

Each case is two or three parties' accounts of one invented event and a key: the matters a
careful reader names, the verdicts each deserves, and per party an exact substring that shows
it. ``compare`` runs on every case and its report is scored by where it puts the claims that
cover each item's evidence, by the rules of the benchmark's reference scorer (``score_keys.py``,
which a test holds this module to): right, wrong (same topic, verdict not accepted), split
(the matter broken across topics), lost (no claim covers the evidence), and invented clashes
(a contradict or commitment_gap topic holding no item that accepts that label).

``data_dir`` is the public data folder (the benchmark is its sibling ``../benchmarks/accounts``)
or the benchmark folder itself. This is a development set: settings may be fitted on it.
"""

from __future__ import annotations

import json
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from takediff.errors import DataNotFound
from takediff.evaluate.data import sample
from takediff.pipeline import Pipeline, default_pipeline
from takediff.report import to_dict

SPLITS: tuple[str, ...] = ("all",)
CLASHES = frozenset({"contradict", "commitment_gap"})
#: The party name the benchmark gives an account of what happened (words against deeds).
REPORT = "Report"


@dataclass(slots=True, frozen=True)
class ItemOutcome:
    """One key item: what the key accepts and where the report put it."""

    id: str
    topic: str
    want: tuple[str, ...]
    outcome: str  # right / wrong / split / lost
    got: str | None  # the verdict of the topic it was scored against


@dataclass(slots=True, frozen=True)
class CaseScore:
    case: str
    items: int
    right: int
    clash_items: int
    clash_right: int
    wrong: int
    split: int
    lost: int
    invented: int
    topics: int
    detail: tuple[ItemOutcome, ...]
    invented_labels: tuple[str, ...]


#: The counts a total sums, in the order the table prints them.
COUNTS = ("items", "right", "clash_items", "clash_right", "wrong", "split", "lost", "invented")


@dataclass(slots=True, frozen=True)
class AccountsResult:
    cases: tuple[CaseScore, ...]
    seconds: float  # compare's time over every case
    judge: str

    @property
    def n(self) -> int:
        return sum(c.items for c in self.cases)

    def total(self) -> dict[str, int]:
        return {k: sum(getattr(c, k) for c in self.cases) for k in COUNTS}


def bench_dir(data_dir: Path) -> Path:
    """The benchmark folder: ``data_dir`` if it holds cases, else its sibling."""
    for folder in (data_dir, data_dir.parent / "benchmarks" / "accounts"):
        if folder.is_dir() and any(folder.glob("*/key.json")):
            return folder
    raise DataNotFound(
        f"accounts benchmark not found in {data_dir} or "
        f"{data_dir.parent / 'benchmarks' / 'accounts'}; "
        "point data_dir at ../shared/data or at ../shared/benchmarks/accounts.",
        options=("data_dir",),
    )


def load_case(case: Path) -> tuple[dict[str, Any], dict[str, str]]:
    """A case's key and its parties' texts; every evidence string must occur once."""
    key: dict[str, Any] = json.loads((case / "key.json").read_text(encoding="utf-8"))
    texts = {p: (case / f).read_text(encoding="utf-8") for p, f in key["parties"].items()}
    for item in key["items"]:
        for party, evidence in item["evidence"].items():
            count = texts[party].count(evidence)
            if count != 1:
                raise DataNotFound(
                    f"{case.name} {item['id']}: the evidence occurs {count} times in {party}'s text"
                )
    return key, texts


#: One case as read from disk: its folder name, key and parties' texts.
Case = tuple[str, dict[str, Any], dict[str, str]]


def load_cases(folder: Path) -> list[Case]:
    """Every case in the benchmark folder, by name."""
    found = sorted(p for p in folder.iterdir() if (p / "key.json").is_file())
    return [(case.name, *load_case(case)) for case in found]


def score_cases(pipe: Pipeline, cases: Sequence[Case]) -> tuple[tuple[CaseScore, ...], float]:
    """Compare each case with ``pipe`` and score its report; also compare's time over all."""
    scores, seconds = [], 0.0
    for name, key, texts in cases:
        start = time.perf_counter()
        # The benchmark names its news reports of what happened "Report" (its README).
        reports = [p for p in texts if p == REPORT]
        report = to_dict(pipe.compare(dict(texts), reports))
        seconds += time.perf_counter() - start
        scores.append(score(name, key, texts, report))
    return tuple(scores), seconds


def _norm(name: str) -> str:
    return " ".join(name.lower().split())


def score(
    name: str, key: Mapping[str, Any], texts: Mapping[str, str], report: Mapping[str, Any]
) -> CaseScore:
    """Score one report (its JSON form) against a case's key."""
    claims = list(report["claims"])
    topics = {t["id"]: t for t in report["topics"]}
    topic_of = {cid: t["id"] for t in report["topics"] for cid in t["claims"]}
    party_of = {_norm(p): p for p in key["parties"]}

    def covering(party: str, evidence: str) -> list[str]:
        lo = texts[party].index(evidence)
        hi = lo + len(evidence)
        return [
            c["id"]
            for c in claims
            if party_of.get(_norm(c["party"])) == party and c["start"] < hi and c["end"] > lo
        ]

    outcomes: list[ItemOutcome] = []
    accepted_in: dict[str, set[str]] = {}
    for item in key["items"]:
        accepted = set(item["verdicts"])
        cover = {p: covering(p, ev) for p, ev in item["evidence"].items()}

        def outcome(kind: str, topic: str | None, item: Any = item) -> ItemOutcome:
            got = topics[topic]["verdict"] if topic else None
            want = tuple(item["verdicts"])
            return ItemOutcome(item["id"], item.get("topic", ""), want, kind, got)

        if any(not ids for ids in cover.values()):
            outcomes.append(outcome("lost", None))
            continue
        held = [{topic_of[c] for c in ids if c in topic_of} for ids in cover.values()]
        common = set.intersection(*held)
        chosen: str | None
        if len(item["evidence"]) == 1:
            (party,) = item["evidence"]
            fits = [
                t
                for t in held[0]
                if topics[t]["verdict"] in accepted
                and (
                    topics[t]["verdict"] != "one_sided"
                    or all(party_of.get(_norm(q)) == party for q in topics[t]["parties"])
                )
            ]
            chosen = fits[0] if fits else next(iter(held[0]), None)
            outcomes.append(outcome("right" if fits else "wrong", chosen))
        elif not common:
            chosen = None
            outcomes.append(outcome("split", None))
        else:
            fits = [t for t in common if topics[t]["verdict"] in accepted]
            chosen = fits[0] if fits else next(iter(common))
            outcomes.append(outcome("right" if fits else "wrong", chosen))
        for t in ({chosen} if chosen else set()) | set().union(*held):
            accepted_in.setdefault(t, set()).update(accepted)
    invented = [
        t
        for t in report["topics"]
        if t["verdict"] in CLASHES and t["verdict"] not in accepted_in.get(t["id"], set())
    ]
    clash = [o for o in outcomes if set(o.want) <= CLASHES]
    return CaseScore(
        case=name,
        items=len(outcomes),
        right=sum(o.outcome == "right" for o in outcomes),
        clash_items=len(clash),
        clash_right=sum(o.outcome == "right" for o in clash),
        wrong=sum(o.outcome == "wrong" for o in outcomes),
        split=sum(o.outcome == "split" for o in outcomes),
        lost=sum(o.outcome == "lost" for o in outcomes),
        invented=len(invented),
        topics=len(report["topics"]),
        detail=tuple(outcomes),
        invented_labels=tuple(str(t.get("label", "")) for t in invented),
    )


def evaluate(
    data_dir: Path,
    *,
    split: str = "all",
    limit: int | None = None,
    seed: int = 0,
    pipeline: Pipeline | None = None,
) -> AccountsResult:
    """Compare every case (or a seeded sample of ``limit`` cases) and score each report."""
    pipe = pipeline or default_pipeline()
    cases = sorted(sample(load_cases(bench_dir(data_dir)), limit, seed))
    scores, seconds = score_cases(pipe, cases)
    return AccountsResult(scores, seconds, pipe.judge_model.name)


def _row(name: str, counts: Mapping[str, int]) -> str:
    return (
        f"| {name} | {counts['right']} / {counts['items']} | "
        f"{counts['clash_right']} / {counts['clash_items']} | {counts['wrong']} | "
        f"{counts['split']} | {counts['lost']} | {counts['invented']} |"
    )


def table(result: AccountsResult) -> str:
    """Per case and in total: items right, clash items right, wrong, split, lost, invented."""
    total = result.total()
    lines = [
        f"Accounts benchmark: {len(result.cases)} cases, {total['items']} items "
        f"({total['clash_items']} clash items); compare with the pipeline's settings, claim "
        f"judge {result.judge}",
        "",
        "| case | items right | clash items right | wrong | split | lost | invented clashes |",
        "|---|---|---|---|---|---|---|",
        *(_row(c.case, {f.name: getattr(c, f.name) for f in fields(c)}) for c in result.cases),
        _row("**total**", total),
        "",
        f"Share right: items {_share(total['right'], total['items'])}, clash items "
        f"{_share(total['clash_right'], total['clash_items'])}; invented clashes "
        f"{total['invented']} in {len(result.cases)} cases.",
        "",
        "Items not right (want → got):",
        "",
        *(
            f"- {c.case} {o.id} ({o.topic}): {o.outcome}, want {'/'.join(o.want)}, "
            f"got {o.got or '—'}"
            for c in result.cases
            for o in c.detail
            if o.outcome != "right"
        ),
    ]
    return "\n".join(lines) + "\n"


def _share(part: int, whole: int) -> str:
    return f"{part / whole:.0%}" if whole else "—"
