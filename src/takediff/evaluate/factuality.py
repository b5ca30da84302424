"""Event factuality (Jiang & de Marneffe 2021 release): does the commitment score track how
firmly the author says an event happened?

Six sets, each with a dev split here: UW and MEANTIME (news), UDS-IH2, CB (CommitmentBank's
jiant split), MegaVeridicality v2, RP. Gold is per event word on −3..+3; takediff scores the
clause that holds the word (so events in one clause share a score). Scored on ``dev``; the linear
rescale behind MAE and bin accuracy is fitted on a seeded sample of the same set's ``train``.
"""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from takediff.errors import UnknownName
from takediff.evaluate.commitment import claim_at, claims_of, signed_commitment
from takediff.evaluate.data import require, sample
from takediff.evaluate.metrics import RegressionReport, regression
from takediff.pipeline import Pipeline, default_pipeline
from takediff.types import Claim

#: (name printed, folder under factuality/).
#: Splits every set has (the rescale is fitted on ``fit_split``, "train" by default).
SPLITS: tuple[str, ...] = ("dev", "train")
SETS: tuple[tuple[str, str], ...] = (
    ("UW", "UW"),
    ("MEANTIME", "MEANTIME"),
    ("UDS-IH2", "UDS_IH2"),
    ("CB", "CB/CB"),
    ("MV2", "MV2/mv2"),
    ("RP", "RP/rp"),
)
#: Train events per set sampled for the rescale (two parameters need few).
FIT_EVENTS = 2000

_NO_SPACE_BEFORE = frozenset(", . ; : ? ! % ) ] } '' n't 's 're 've 'll 'd 'm ' ...".split())
_NO_SPACE_AFTER = frozenset("`` ( [ { $ #".split())
_SPELL = {"``": "“", "''": "”", "-LRB-": "(", "-RRB-": ")", "-LSB-": "[", "-RSB-": "]"}


@dataclass(slots=True, frozen=True)
class Event:
    text: str  # the sentence, detokenised
    start: int  # the event word's characters in ``text``
    end: int
    label: float  # −3 (did not happen) .. +3 (happened)


@dataclass(slots=True, frozen=True)
class FactualityResult:
    split: str
    fit_split: str
    sets: tuple[tuple[str, RegressionReport], ...]
    pooled: RegressionReport  # all sets' events together, one rescale
    pooled_unsigned: RegressionReport  # ablation: commitment alone, polarity ignored
    fit_events: int
    sentences: int  # distinct sentences parsed (dev and fit)
    seconds: float


def detokenise(tokens: list[str]) -> tuple[str, list[int], list[int]]:
    """Space-tokenised words → readable text for the parser, with each word's start and end."""
    parts: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    pos = 0
    prev = ""
    for tok in tokens:
        word = _SPELL.get(tok, tok)
        if parts and tok.lower() not in _NO_SPACE_BEFORE and prev not in _NO_SPACE_AFTER:
            parts.append(" ")
            pos += 1
        starts.append(pos)
        parts.append(word)
        pos += len(word)
        ends.append(pos)
        prev = tok
    return "".join(parts), starts, ends


def load_events(data_dir: Path, folder: str, split: str) -> list[Event]:
    """Every target event of one set's split, in file order."""
    path = require(data_dir / "factuality" / folder / f"{split}.jsonl")
    events = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            row = json.loads(line)
            text, starts, ends = detokenise(row["text"].split(" "))
            for target in row["targets"]:
                a, b = target["span1"]
                events.append(Event(text, starts[a], ends[b - 1], float(target["label"])))
    return events


def _score(
    events: list[Event], pipeline: Pipeline, cache: dict[str, list[Claim]], signed: bool = True
) -> np.ndarray:
    out = np.empty(len(events))
    for i, ev in enumerate(events):
        if ev.text not in cache:
            cache[ev.text] = claims_of(ev.text, pipeline)
        claim = claim_at(cache[ev.text], ev.start, ev.end)
        out[i] = signed_commitment(claim) if signed else claim.commitment
    return out


def evaluate(
    data_dir: Path,
    *,
    limit: int | None = None,
    seed: int = 0,
    split: str = "dev",
    fit_split: str = "train",
    sets: Sequence[str] | None = None,
    pipeline: Pipeline | None = None,
) -> FactualityResult:
    """Correlate takediff's clause commitment with gold factuality on each set's ``split``
    (a seeded sample of ``limit`` events per set, and as many train events for the rescale).
    ``sets`` picks some of SETS by name (default: all)."""
    chosen = [(name, folder) for name, folder in SETS if sets is None or name in sets]
    if not chosen:
        raise UnknownName(f"no factuality set among {sets}; known: {[n for n, _ in SETS]}")
    loaded = [
        (
            name,
            sample(load_events(data_dir, folder, split), limit, seed),
            sample(load_events(data_dir, folder, fit_split), limit or FIT_EVENTS, seed),
        )
        for name, folder in chosen
    ]
    pipeline = pipeline or default_pipeline()
    cache: dict[str, list[Claim]] = {}
    start = time.perf_counter()
    rows = []
    pooled: list[list[np.ndarray]] = [[], [], [], []]
    unsigned: list[list[np.ndarray]] = [[], []]
    for name, dev, fit in loaded:
        gold = np.array([e.label for e in dev])
        fit_gold = np.array([e.label for e in fit])
        score, fit_score = _score(dev, pipeline, cache), _score(fit, pipeline, cache)
        rows.append((name, regression(gold, score, fit_gold, fit_score)))
        for bucket, values in zip(pooled, (gold, score, fit_gold, fit_score), strict=True):
            bucket.append(values)
        unsigned[0].append(_score(dev, pipeline, cache, signed=False))
        unsigned[1].append(_score(fit, pipeline, cache, signed=False))
    g, s, fg, fs = (np.concatenate(b) for b in pooled)
    us, ufs = (np.concatenate(b) for b in unsigned)
    return FactualityResult(
        split=split,
        fit_split=fit_split,
        sets=tuple(rows),
        pooled=regression(g, s, fg, fs),
        pooled_unsigned=regression(g, us, fg, ufs),
        fit_events=len(fg),
        sentences=len(cache),
        seconds=time.perf_counter() - start,
    )


def table(result: FactualityResult) -> str:
    from takediff.evaluate.table import regression_table

    scored = result.pooled.n + result.fit_events
    return "\n".join(
        [
            f"Event factuality (Jiang & de Marneffe 2021 release), {result.split} splits — "
            f"{result.pooled.n} events; takediff signed commitment (negated claims below zero) of "
            f"the clause holding each event "
            f"vs gold −3..+3",
            f"Rescale (gold ≈ a·commitment + b) fitted per set on {result.fit_events} sampled "
            f"{result.fit_split} events in all; bins: ≤ −1, between, ≥ 1. "
            f"{scored / max(result.seconds, 1e-9):.1f} events/s "
            f"({result.sentences} sentences parsed in {result.seconds:.1f} s).",
            "",
            regression_table(
                [
                    *result.sets,
                    ("all sets pooled", result.pooled),
                    ("ablation: pooled, polarity ignored", result.pooled_unsigned),
                ],
                f"{result.fit_split}-fitted",
            ),
        ]
    )
