"""The judge's probe: does it keep "a different matter" apart from "a clash"?

Two claims about different things never contradict. This measures how often the judge says they
do, and whether its contradiction score ranks real clashes above the rest:

1. **Cross-item pairs** of a split (``training.cross``: a premise against a hypothesis written
   for another premise, random or the embedder's nearest), from the 3-way NLI pairs of
   ../shared/data/nli and from RTE-3 dev: the share the model alone labels contradiction in
   either direction (argmax), and the share the judge stage labels so (the pipeline's bar and
   explicit checks, as ``compare`` runs it), with the checks that fired. Every one is false.
2. **The real readouts** (../shared/benchmarks/readouts), per case fold (cases alternate between
   fold 1 and fold 2 in name order; nothing is fitted here, so the folds are two halves of one
   held-out set): the claims ``compare`` makes of each text, the claim covering each key item's
   evidence, and three kinds of pairs: keyed clashes (two-party items accepting "contradict"),
   keyed agree/related pairs (two-party items that do not), and pairs of claims from different
   matters (one party's claim of one item against the other party's claim of another). ROC AUC
   of the judge's contradiction score (a check's hit counts as 1) of clashes against each of the
   others, and the share of each kind the judge labels contradiction.
3. **The null test**: every claim of one case's first party against every claim of the next
   case's second party (different calls): the share labelled contradiction.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from takediff.errors import DataNotFound
from takediff.evaluate.accounts import Case, load_cases
from takediff.evaluate.data import check_split
from takediff.evaluate.nli_data import NliPair, load_nli
from takediff.evaluate.rte3 import load_pairs as load_rte3
from takediff.pipeline import Pipeline, default_pipeline
from takediff.reading import JudgeReading, judge_claims, judge_pairs
from takediff.types import Claim

SPLITS: tuple[str, ...] = ("dev", "train")
#: Cross-item pairs of each kind a set, and the seed that draws them.
CROSS_N = 1000
CROSS_SEED = 7
#: Claims of the null test's pairs of cases, at most, each side (bounds its time).
NULL_CLAIMS = 12


@dataclass(slots=True, frozen=True)
class CrossRate:
    source: str  # "nli" or "rte3"
    kind: str  # random | hard
    n: int
    model: float  # share the model alone reads as contradiction in either direction (argmax)
    judge: float  # share the judge stage labels contradiction (bar + checks)
    checks: tuple[tuple[str, int], ...]  # explicit checks that decided, with counts


@dataclass(slots=True, frozen=True)
class Control:
    """The same event with one detail changed (``training.contrast``'s rules on the split's
    premises): these stay contradictions, so the principle costs no real clash here."""

    rule: str
    n: int
    judge: float  # share the judge stage labels contradiction


@dataclass(slots=True, frozen=True)
class FoldRank:
    fold: int
    cases: int
    clash: int
    agree: int
    other: int
    auc_agree: float  # clash pairs against agree/related pairs
    auc_other: float  # clash pairs against different-matter pairs
    model_auc_agree: float  # the same with the model's p(contradiction) alone (no gate, no check)
    model_auc_other: float
    clash_contra: float  # share of each kind labelled contradiction
    agree_contra: float
    other_contra: float


@dataclass(slots=True, frozen=True)
class ProbeResult:
    split: str
    model: str
    n: int
    cross: tuple[CrossRate, ...]
    controls: tuple[Control, ...]
    folds: tuple[FoldRank, ...]
    null_pairs: int
    null_contra: float
    seconds: float


def _contra(r: JudgeReading) -> bool:
    return r.label == "contradict"


def _model_contra(r: JudgeReading) -> bool:
    """The model alone, argmax in either direction."""
    return any(
        d and max(d, key=d.__getitem__) in ("contradiction", "disagree")
        for d in (r.forward, r.backward)
    )


def model_score(r: JudgeReading) -> float:
    """The model's own p(contradiction), the larger direction (before any same-matter reading)."""
    return max(
        r.forward.get("contradiction", r.forward.get("disagree", 0.0)),
        r.backward.get("contradiction", r.backward.get("disagree", 0.0)),
    )


def score(r: JudgeReading) -> float:
    """The judge's contradiction score: its probability, or 1 where a check decided."""
    return 1.0 if r.decided_by.startswith("rule:") and r.label == "contradict" else r.p_contradict


def cross_items(data_dir: Path, split: str) -> dict[str, list[NliPair]]:
    """The 3-way items the cross pairs are drawn from: NLI's split, and RTE-3 dev."""
    items = {"nli": load_nli(data_dir, split, kinds=("nli3",))}
    if split == "dev":
        items["rte3"] = [
            NliPair(f"rte3-{p.id}", "rte3", "nli3", p.premise, p.hypothesis, p.label, "dev")
            for p in load_rte3(data_dir)
        ]
    return items


def cross_rates(
    pipeline: Pipeline, data_dir: Path, split: str, n: int = CROSS_N, pool: int = 20000
) -> list[CrossRate]:
    """Judge the random and hard cross-item pairs of each source of ``split`` (``pool``: see
    ``training.cross.make_cross``)."""
    from takediff.training.cross import make_cross

    out = []
    for source, items in cross_items(data_dir, split).items():
        made = make_cross(
            items, n_random=n, n_hard=n, embed=pipeline.embedder.embed, seed=CROSS_SEED, pool=pool
        )
        readings = judge_pairs([(p.premise, p.hypothesis) for p in made], pipeline)
        for kind in ("random", "hard"):
            rs = [r for p, r in zip(made, readings, strict=True) if p.id.split("-")[1] == kind]
            if not rs:
                continue
            fired = Counter(
                r.decided_by[5:] for r in rs if _contra(r) and r.decided_by.startswith("rule:")
            )
            out.append(
                CrossRate(
                    source,
                    kind,
                    len(rs),
                    sum(map(_model_contra, rs)) / len(rs),
                    sum(map(_contra, rs)) / len(rs),
                    tuple(sorted(fired.items())),
                )
            )
    return out


#: Control pairs a contrast rule.
CONTROL_N = 150


def controls(pipeline: Pipeline, data_dir: Path, split: str, n: int = CONTROL_N) -> list[Control]:
    """Judge the split's premises against themselves with one detail changed."""
    from takediff.judge import lexicon_rows
    from takediff.training.contrast import make_pairs, verb_antonyms

    premises = load_nli(data_dir, split, kinds=("nli3",))
    made = make_pairs(
        premises,
        pipeline.nlp,
        verb_antonyms(lexicon_rows()),
        per_rule=n,
        seed=CROSS_SEED,
        split=split,
    )
    made = [p for p in made if p.label == "contradiction"]
    readings = judge_pairs([(p.premise, p.hypothesis) for p in made], pipeline)
    out = []
    for rule in dict.fromkeys(p.id.split("-")[1] for p in made):
        rs = [r for p, r in zip(made, readings, strict=True) if p.id.split("-")[1] == rule]
        out.append(Control(rule, len(rs), sum(map(_contra, rs)) / len(rs)))
    return out


def readouts_dir(data_dir: Path) -> Path:
    """The real readouts benchmark: ``data_dir``'s sibling ../benchmarks/readouts."""
    for folder in (data_dir, data_dir.parent / "benchmarks" / "readouts"):
        if folder.is_dir() and any(folder.glob("*/key.json")):
            return folder
    raise DataNotFound(
        f"readouts benchmark not found beside {data_dir}; point data_dir at ../shared/data.",
        options=("data_dir",),
    )


@dataclass(slots=True, frozen=True)
class KeyedPair:
    case: str
    kind: str  # clash | agree | other
    a: Claim
    b: Claim


def _covering(claims: Sequence[Claim], party: str, text: str, evidence: str) -> Claim | None:
    lo = text.index(evidence)
    hi = lo + len(evidence)
    inside = [c for c in claims if c.party == party and c.start < hi and c.end > lo]
    return max(inside, key=lambda c: min(c.end, hi) - max(c.start, lo), default=None)


def case_claims(pipeline: Pipeline, case: Case) -> dict[str, list[Claim]]:
    """The claims ``compare`` makes of each party's text, by party."""
    _, _, texts = case
    claims = pipeline.claims(pipeline.accounts(dict(texts)))
    return {p: [c for c in claims if c.party == p] for p in texts}


def keyed_pairs(case: Case, claims: dict[str, list[Claim]]) -> list[KeyedPair]:
    """A case's keyed clash pairs, keyed agree/related pairs and different-matter pairs, for
    every two of its parties (in the key's order)."""
    name, key, texts = case
    flat = [c for cs in claims.values() for c in cs]
    cover: dict[str, dict[str, Claim]] = {}
    for item in key["items"]:
        for party, evidence in item["evidence"].items():
            c = _covering(flat, party, texts[party], evidence)
            if c is not None:
                cover.setdefault(item["id"], {})[party] = c
    parties = list(key["parties"])
    out: list[KeyedPair] = []
    for i, first in enumerate(parties):
        for second in parties[i + 1 :]:
            out += _party_pairs(name, key["items"], cover, first, second)
    return out


def _party_pairs(
    name: str,
    items: Sequence[dict[str, Any]],
    cover: dict[str, dict[str, Claim]],
    first: str,
    second: str,
) -> list[KeyedPair]:
    out: list[KeyedPair] = []
    same_matter: set[tuple[str, str]] = set()
    for item in items:
        got = cover.get(item["id"], {})
        if first in got and second in got:
            kind = "clash" if "contradict" in item["verdicts"] else "agree"
            out.append(KeyedPair(name, kind, got[first], got[second]))
            same_matter.add((got[first].id, got[second].id))
    seen: set[tuple[str, str]] = set()
    for x in items:
        for y in items:
            a, b = cover.get(x["id"], {}).get(first), cover.get(y["id"], {}).get(second)
            if x is y or a is None or b is None:
                continue
            pair = (a.id, b.id)
            if pair in same_matter or pair in seen:
                continue
            seen.add(pair)
            out.append(KeyedPair(name, "other", a, b))
    return out


def _auc(pos: Sequence[float], neg: Sequence[float]) -> float:
    """P(a positive scores above a negative), ties counted half (ROC AUC)."""
    if not pos or not neg:
        return float("nan")
    p, n = np.asarray(pos)[:, None], np.asarray(neg)[None, :]
    return float(((p > n).sum() + 0.5 * (p == n).sum()) / (p.size * n.size))


def fold_of(index: int) -> int:
    """Cases alternate between fold 1 and fold 2 in name order."""
    return 1 + index % 2


def readouts_ranks(
    pipeline: Pipeline, cases: Sequence[Case], claims: Sequence[dict[str, list[Claim]]]
) -> list[FoldRank]:
    """Per fold: AUCs and contradiction shares of the keyed pairs."""
    pairs = [
        (fold_of(i), kp) for i, case in enumerate(cases) for kp in keyed_pairs(case, claims[i])
    ]
    readings = judge_claims([(kp.a, kp.b) for _, kp in pairs], pipeline)
    out = []
    for fold in (1, 2):
        by: dict[str, list[JudgeReading]] = {"clash": [], "agree": [], "other": []}
        for (f, kp), r in zip(pairs, readings, strict=True):
            if f == fold:
                by[kp.kind].append(r)

        clash = [score(r) for r in by["clash"]]
        out.append(
            FoldRank(
                fold,
                sum(fold_of(i) == fold for i in range(len(cases))),
                len(by["clash"]),
                len(by["agree"]),
                len(by["other"]),
                _auc(clash, [score(r) for r in by["agree"]]),
                _auc(clash, [score(r) for r in by["other"]]),
                _auc([model_score(r) for r in by["clash"]], [model_score(r) for r in by["agree"]]),
                _auc([model_score(r) for r in by["clash"]], [model_score(r) for r in by["other"]]),
                _share(by["clash"]),
                _share(by["agree"]),
                _share(by["other"]),
            )
        )
    return out


def _share(readings: Sequence[JudgeReading]) -> float:
    """The share labelled contradiction (nan for none)."""
    return sum(map(_contra, readings)) / len(readings) if readings else float("nan")


def null_test(
    pipeline: Pipeline, cases: Sequence[Case], claims: Sequence[dict[str, list[Claim]]]
) -> tuple[int, float]:
    """Each case's first party's claims against the next case's second party's (different
    calls): how many pairs, and the share labelled contradiction."""
    pairs: list[tuple[Claim, Claim]] = []
    for i, case in enumerate(cases):
        j = (i + 1) % len(cases)
        first = list(case[1]["parties"])[0]
        second = list(cases[j][1]["parties"])[-1]
        a_claims = [c for c in claims[i][first] if c.asserts][:NULL_CLAIMS]
        b_claims = [c for c in claims[j][second] if c.asserts][:NULL_CLAIMS]
        pairs += [(a, b) for a in a_claims for b in b_claims]
    readings = judge_claims(pairs, pipeline)
    return len(pairs), (sum(map(_contra, readings)) / len(pairs) if pairs else 0.0)


def evaluate(
    data_dir: Path,
    *,
    split: str = "dev",
    limit: int | None = None,
    seed: int = 0,
    pipeline: Pipeline | None = None,
) -> ProbeResult:
    """The probe on ``split``'s cross-item pairs (``limit``: that many of each kind, else
    1,000), the readouts' folds and the null test."""
    del seed  # the cross pairs are drawn with their own fixed seed
    check_split(split, SPLITS)
    pipeline = pipeline or default_pipeline()
    start = time.perf_counter()
    cross = cross_rates(pipeline, data_dir, split, limit or CROSS_N)
    control = controls(pipeline, data_dir, split, min(limit or CONTROL_N, CONTROL_N))
    cases = load_cases(readouts_dir(data_dir))
    claims = [case_claims(pipeline, c) for c in cases]
    folds = readouts_ranks(pipeline, cases, claims)
    null_n, null_rate = null_test(pipeline, cases, claims)
    n = (
        sum(c.n for c in cross)
        + sum(c.n for c in control)
        + sum(f.clash + f.agree + f.other for f in folds)
        + null_n
    )
    return ProbeResult(
        split,
        pipeline.judge_model.name,
        n,
        tuple(cross),
        tuple(control),
        tuple(folds),
        null_n,
        null_rate,
        time.perf_counter() - start,
    )


def table(result: ProbeResult) -> str:
    lines = [
        f"Judge probe — claim judge {result.model}; cross-item pairs of split '{result.split}' "
        "(a premise against a hypothesis written for another premise: every contradiction is "
        "false)",
        "",
        "| source | kind | pairs | model alone: contradiction (argmax, either way) | "
        "judge stage: contradiction | checks that decided |",
        "|---|---|---|---|---|---|",
        *(
            f"| {c.source} | {c.kind} | {c.n} | {c.model:.1%} | {c.judge:.1%} | "
            f"{', '.join(f'{k} {v}' for k, v in c.checks) or '—'} |"
            for c in result.cross
        ),
        "",
        "Control: the same event with one detail changed (training.contrast's rules on the "
        "split's premises; every one a real contradiction): share the judge stage labels "
        "contradiction — "
        + "; ".join(f"{c.rule} {c.judge:.0%} of {c.n}" for c in result.controls)
        + ".",
        "",
        "Real readouts (../shared/benchmarks/readouts), by case fold: ROC AUC of the judge's "
        "contradiction score, keyed clash pairs against keyed agree/related pairs and against "
        "pairs of claims from different matters; share of each kind labelled contradiction",
        "",
        "| fold | cases | clash / agree-related / different-matter pairs | AUC vs agree/related | "
        "AUC vs different matters | the model's p(contradiction) alone: AUC vs agree/related, "
        "vs different matters | labelled contradiction: clash | agree/related | "
        "different matters |",
        "|---|---|---|---|---|---|---|---|---|",
        *(
            f"| {f.fold} | {f.cases} | {f.clash} / {f.agree} / {f.other} | {f.auc_agree:.2f} | "
            f"{f.auc_other:.2f} | {f.model_auc_agree:.2f}, {f.model_auc_other:.2f} | "
            f"{f.clash_contra:.0%} | {f.agree_contra:.1%} | {f.other_contra:.1%} |"
            for f in result.folds
        ),
        "",
        f"Null test (each case's first party against the next case's second party: different "
        f"calls): {result.null_pairs} claim pairs, {result.null_contra:.1%} labelled "
        "contradiction (every one false).",
    ]
    return "\n".join(lines) + "\n"
