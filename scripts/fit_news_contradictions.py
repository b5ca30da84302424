#!/usr/bin/env python
"""Fit the news bars for contradictions (``NewsSettings``) on hand labels of real news.

  python scripts/fit_news_contradictions.py --data-dir ../shared/data      # about 10 minutes
  python scripts/fit_news_contradictions.py --data-dir ../shared/data --candidates 20 --skip 200

Two news outlets' articles on one story hold dozens of claims each, and the judge reads many
pairs of different facts about one subject as incompatible. Which of the contradictions that
takediff shows between outlets a careful reader would call real is labelled by hand in
``scripts/data/news_contradictions.tsv``: one row per pair (BASIL or NeuS/AllSides dev story,
the two claims' keys, 1 real or 0 not, a note). A pair is *real* when the two cannot both be
true as written, or when the two take opposite positions on one question (a denial against the
allegation, "will help the economy" against "will do little for it"); two facts about one
subject, two amounts of two things or of two times, a paraphrase, or one claim inside the other
are not. Keys are a hash of the claim's party and reading, so no sentence is copied here.

1. Each labelled story is compared as ``takediff corpus --outlets`` compares it, with the
   statement settings (every check decides alone, contradiction from 0.35): every pair the
   matters stage tied is kept with its judge scores, its explicit check and the parties that
   are the outlets' own reporting (``reports``).
2. The three bars (two parties' words ``contradict_min``, a report against words
   ``report_contradict_min``, two reports ``reports_contradict_min``) and ``checks_alone``
   take the grid point whose pair-level F1 against the labels is best (ties: the higher bars,
   then fewer checks deciding alone).
3. A two-fold check by story (fitted on half the stories, scored on the other half) is
   printed first; the held-out rows are the figures to trust.

The first 5 dev stories of each set by date are never labelled: they are the hand reading's
(README, "Many outlets, one story"). ``--candidates N`` prints the next stories' contradiction
evidence pairs (the pair each contradiction quotes), with their keys, for a reader to label
(``--skip`` stories in).
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import hashlib
import itertools
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from takediff.corpus.event_report import accounts_of
from takediff.corpus.grouping import Checkpoint, EventTask
from takediff.corpus.records import parse_record
from takediff.evaluate.grouping_data import SETS, NewsArticle, load
from takediff.pipeline import Pipeline
from takediff.settings import DEFAULT, VerdictSettings
from takediff.types import Claim, Relation, Report
from takediff.verdict import checked, contradicts, copied, kind

LABELS = Path(__file__).resolve().parent / "data" / "news_contradictions.tsv"
HELD_OUT = 5  # the first dev stories of each set by date: the hand reading's
BARS = (0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95)
CHECKS = ("negation", "antonym", "numbers", "refusal", "scope")
#: ``inside_min``: None (off), or 1.0: a contradiction the judge alone found is none when
#: every word of one claim is in the other and neither alone is negated (``verdict.copied``:
#: a quote inside a longer copy of itself). Not lower: a share under 1 is also a pair one
#: swapped word apart ("rose" / "fell"), the very pair a contradiction is written as, which
#: the judge reads best.
INSIDE = (None, 1.0)


@dataclass(frozen=True)
class Label:
    set: str
    story: str
    pair: frozenset[str]
    real: bool


def key(claim: Claim) -> str:
    """A claim's key: its party and reading, hashed (no text is stored with the labels)."""
    text = f"{claim.party}\t{claim.reading or claim.text}"
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


def read_labels(path: Path) -> list[Label]:
    with path.open(encoding="utf-8") as f:
        rows = csv.DictReader((line for line in f if not line.startswith("#")), delimiter="\t")
        return [
            Label(r["set"], r["story"], frozenset((r["key_a"], r["key_b"])), r["real"] == "1")
            for r in rows
        ]


def stories(data_dir: Path, name: str) -> list[list[NewsArticle]]:
    """A set's dev stories in date order (the order the hand reading and the labels use)."""
    by_story: dict[str, list[NewsArticle]] = defaultdict(list)
    for a in load(name, data_dir, "dev"):
        by_story[a.story].append(a)
    return sorted(by_story.values(), key=lambda arts: (min(a.date for a in arts), arts[0].story))


def compared(pipe: Pipeline, arts: Sequence[NewsArticle]) -> tuple[Report | None, list[str]]:
    """The story compared as ``takediff corpus --outlets`` compares it, with the statement
    settings (every check decides alone, contradiction from 0.35), and the parties that are
    the outlets' own reporting."""
    story = arts[0].story
    recs = tuple(
        parse_record(
            {"id": a.id, "text": a.text, "party": a.outlet, "title": a.title, "event": story},
            i,
            0,
        )
        for i, a in enumerate(arts)
    )
    task = EventTask(story, "given", recs, Checkpoint(), 0)
    with pipe.nlp.memory_zone():
        accounts, reports = accounts_of(task, pipe, outlets=True)
        return (pipe.compare(accounts) if len(accounts) >= 2 else None), reports


def tied_pairs(report: Report | None) -> Iterator[Relation]:
    """Every cross-party pair the matters stage tied."""
    for v in report.verdicts if report else ():
        yield from (r for r in v.relations if r.tied)


def shown(report: Report | None) -> Iterator[Relation]:
    """The pair each contradiction of the report quotes as its evidence (what a reader sees)."""
    for v in report.verdicts if report else ():
        if v.label == "contradict":
            ids = {c.id for c in v.evidence}
            yield next(r for r in v.relations if {r.claim_a.id, r.claim_b.id} == ids)


@dataclass(frozen=True)
class Pair:
    """A labelled pair as the verdict stage reads it (``verdict.checked``)."""

    rel: Relation
    reports: frozenset[str]
    real: bool


def predictions(pairs: Sequence[Pair], settings: VerdictSettings) -> np.ndarray:
    return np.array([contradicts(p.rel, settings, p.reports) for p in pairs], dtype=bool)


def prf(pairs: Sequence[Pair], settings: VerdictSettings) -> tuple[float, float, float, int]:
    return _prf(predictions(pairs, settings), np.array([p.real for p in pairs], dtype=bool))


def _prf(flagged: np.ndarray, real: np.ndarray) -> tuple[float, float, float, int]:
    tp = int((flagged & real).sum())
    p = tp / int(flagged.sum()) if flagged.any() else 0.0
    r = tp / int(real.sum()) if real.any() else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0), int(flagged.sum())


def fit(pairs: Sequence[Pair]) -> VerdictSettings:
    """The grid point with the best F1; ties: the higher bars, then fewer checks alone, then
    no ``inside_min``. Each pair's reading is computed once: a bar per kind
    (two parties' words, a report against words, two reports), each check either decides alone
    or waits for its kind's bar, and a judged pair inside the other's words may be no clash."""
    real = np.array([p.real for p in pairs], dtype=bool)
    kinds = np.array([kind(p.rel, p.reports) for p in pairs])
    ruled = [p.rel.source.removeprefix("rule:") if p.rel.source != "model" else "" for p in pairs]
    # What the pair does at a bar of 0 (the judge's number alone decides) and as a check alone.
    free = dataclasses.replace(
        DEFAULT.verdict, contradict_min=0.0, report_contradict_min=0.0,
        reports_contradict_min=0.0, checks_alone=(), inside_min=None,
    )  # fmt: skip
    judged = predictions(pairs, free)
    copies = {cut: np.array([copied(p.rel, cut) for p in pairs], dtype=bool) for cut in INSIDE}
    score = np.array([p.rel.scores["contradict"] for p in pairs])
    asserted = np.array([p.rel.claim_a.asserts and p.rel.claim_b.asserts for p in pairs])
    best: tuple[tuple[float, float, int], VerdictSettings] | None = None
    subsets = [c for n in range(len(CHECKS) + 1) for c in itertools.combinations(CHECKS, n)]
    for alone, cut in itertools.product(subsets, INSIDE):
        by_check = asserted & np.array([r in alone for r in ruled], dtype=bool)
        kept = judged & ~copies[cut]
        for bars in itertools.product(BARS, repeat=3):
            flagged = by_check | (kept & (score >= np.array(bars)[kinds]))
            point = (_prf(flagged, real)[2], sum(bars), -len(alone), cut or 2.0)
            if best is None or point > best[0]:
                s = dataclasses.replace(
                    DEFAULT.verdict, contradict_min=bars[0], report_contradict_min=bars[1],
                    reports_contradict_min=bars[2], checks_alone=alone, inside_min=cut,
                )  # fmt: skip
                best = (point, s)
    assert best is not None
    return best[1]


def row(name: str, pairs: Sequence[Pair], s: VerdictSettings) -> str:
    p, r, f1, n = prf(pairs, s)
    return f"| {name} | {n} | {p:.3f} | {r:.3f} | {f1:.3f} |"


def candidates(pipe: Pipeline, data_dir: Path, skip: int, n: int, sets: Sequence[str]) -> None:
    """Print the contradiction evidence of dev stories ``skip`` .. ``skip + n``, to label."""
    for name in sets:
        for arts in stories(data_dir, name)[max(skip, HELD_OUT) : skip + n]:
            for rel in shown(compared(pipe, arts)[0]):
                seen = checked(rel, DEFAULT.verdict)
                a, b = rel.claim_a, rel.claim_b
                print(
                    f"{name}\t{arts[0].story}\t{key(a)}\t{key(b)}\t?\t"
                    f"{seen.source} {rel.scores['contradict']:.2f}\n"
                    f"    {a.party}: {a.reading or a.text}\n    {b.party}: {b.reading or b.text}",
                    flush=True,
                )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data-dir", type=Path, default=Path("../shared/data"))
    ap.add_argument("--labels", type=Path, default=LABELS)
    ap.add_argument("--candidates", type=int, default=0, help="print N stories' pairs to label")
    ap.add_argument("--skip", type=int, default=HELD_OUT)
    ap.add_argument("--set", choices=SETS, action="append", help="--candidates: one set only")
    args = ap.parse_args()
    pipe = Pipeline()
    if args.candidates:
        candidates(pipe, args.data_dir, args.skip, args.candidates, args.set or SETS)
        return 0
    labels = read_labels(args.labels)
    wanted = {(lab.set, lab.story) for lab in labels}
    found: dict[tuple[str, frozenset[str]], tuple[Relation, frozenset[str]]] = {}
    for name in SETS:
        for arts in stories(args.data_dir, name):
            if (name, arts[0].story) in wanted:
                report, reports = compared(pipe, arts)
                for rel in tied_pairs(report):
                    pair = frozenset((key(rel.claim_a), key(rel.claim_b)))
                    found[(arts[0].story, pair)] = (
                        checked(rel, DEFAULT.verdict),
                        frozenset(reports),
                    )
    by_story: dict[str, list[Pair]] = defaultdict(list)
    missing = 0
    for lab in labels:
        hit = found.get((lab.story, lab.pair))
        if hit is None:
            missing += 1
            continue
        by_story[lab.story].append(Pair(hit[0], hit[1], lab.real))
    everything = [p for ps in by_story.values() for p in ps]
    real = sum(p.real for p in everything)
    print(
        f"{len(labels)} labelled pairs ({real} real) in {len(by_story)} stories; "
        f"{missing} no longer tied by today's pipeline (left out)"
    )
    names = ("two parties' words", "a report against words", "two reports")
    for k, label in enumerate(names):
        ps = [p for p in everything if kind(p.rel, p.reports) == k]
        print(f"- {label}: {len(ps)} pairs, {sum(p.real for p in ps)} real")
    print("\n| settings | flagged | precision | recall | F1 |\n|---|---|---|---|---|")
    keys = sorted(by_story)
    halves = (keys[0::2], keys[1::2])
    for k, (train, test) in enumerate((halves, halves[::-1]), 1):
        train_pairs = [p for s in train for p in by_story[s]]
        test_pairs = [p for s in test for p in by_story[s]]
        print(row(f"fold {k}, held-out, statement settings", test_pairs, DEFAULT.verdict))
        print(row(f"fold {k}, held-out, fitted on the other half", test_pairs, fit(train_pairs)))
    final = fit(everything)
    print(row("all, statement settings", everything, DEFAULT.verdict))
    print(row("all, news settings of today", everything, DEFAULT.for_news().verdict))
    print(row("all, fitted on all (in-sample)", everything, final))
    print("\nNewsSettings (copy into takediff/settings.py):")
    for name in ("contradict_min", "report_contradict_min", "reports_contradict_min"):
        print(f"  {name} = {getattr(final, name)}")
    print(f"  checks_alone = {final.checks_alone}")
    print(f"  inside_min = {final.inside_min}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
