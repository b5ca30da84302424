#!/usr/bin/env python
"""Fit the news bar for contradictions (``NewsSettings``) on hand labels of real news.

  python scripts/fit_news_contradictions.py --data-dir ../shared/data
  python scripts/fit_news_contradictions.py --data-dir ../shared/data --candidates 20 --skip 100

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
   matters stage tied is kept with its judge scores and explicit check.
2. ``contradict_min`` and ``checks_alone`` take the grid point whose pair-level F1 against the
   labels is best (ties: the higher bar, then fewer checks deciding alone).
3. A two-fold check by story (fitted on half the stories, scored on the other half) is
   printed first; the held-out rows are the figures to trust.

The first 5 dev stories of each set by date are never labelled: they are the hand reading's
(README, "Many outlets, one story"). ``--candidates N`` prints the next stories' contradiction
evidence pairs, with their keys, for a reader to label (``--skip`` stories in).
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

from takediff.corpus.event_report import accounts_of
from takediff.corpus.grouping import Checkpoint, EventTask
from takediff.corpus.records import parse_record
from takediff.evaluate.grouping_data import SETS, NewsArticle, load
from takediff.pipeline import Pipeline
from takediff.settings import DEFAULT, VerdictSettings
from takediff.types import Claim, Relation
from takediff.verdict import checked, contradicts

LABELS = Path(__file__).resolve().parent / "data" / "news_contradictions.tsv"
HELD_OUT = 5  # the first dev stories of each set by date: the hand reading's
BARS = (0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95)
CHECKS = ("negation", "antonym", "numbers", "refusal", "scope")


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


def tied_pairs(pipe: Pipeline, arts: Sequence[NewsArticle]) -> Iterator[Relation]:
    """Every cross-party pair the matters stage tied, as the outlets' comparison judged it."""
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
        accounts = accounts_of(task, pipe, outlets=True)
        if len(accounts) < 2:
            return
        report = pipe.compare(accounts)
        for v in report.verdicts:
            yield from (r for r in v.relations if r.tied)


def predicted(rel: Relation, settings: VerdictSettings) -> bool:
    return contradicts(checked(rel, settings), settings)


def prf(pairs: Sequence[tuple[Relation, bool]], settings: VerdictSettings) -> tuple[float, ...]:
    tp = sum(real and predicted(r, settings) for r, real in pairs)
    fp = sum(not real and predicted(r, settings) for r, real in pairs)
    fn = sum(real and not predicted(r, settings) for r, real in pairs)
    p = tp / (tp + fp) if tp + fp else 0.0
    rec = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * p * rec / (p + rec) if p + rec else 0.0
    return p, rec, f1, tp + fp


def fit(pairs: Sequence[tuple[Relation, bool]]) -> VerdictSettings:
    """The grid point with the best F1; ties: the higher bar, then fewer checks alone."""
    best: tuple[tuple[float, float, int], VerdictSettings] | None = None
    subsets = [c for n in range(len(CHECKS) + 1) for c in itertools.combinations(CHECKS, n)]
    for bar, alone in itertools.product(BARS, subsets):
        s = dataclasses.replace(DEFAULT.verdict, contradict_min=bar, checks_alone=alone)
        point = (prf(pairs, s)[2], bar, -len(alone))
        if best is None or point > best[0]:
            best = (point, s)
    assert best is not None
    return best[1]


def row(name: str, pairs: Sequence[tuple[Relation, bool]], s: VerdictSettings) -> str:
    p, r, f1, n = prf(pairs, s)
    return f"| {name} | {n} | {p:.3f} | {r:.3f} | {f1:.3f} |"


def candidates(pipe: Pipeline, data_dir: Path, skip: int, n: int) -> None:
    """Print the contradiction evidence of dev stories ``skip`` .. ``skip + n``, to label."""
    for name in SETS:
        for arts in stories(data_dir, name)[max(skip, HELD_OUT) : skip + n]:
            for rel in tied_pairs(pipe, arts):
                seen = checked(rel, DEFAULT.verdict)
                if not contradicts(seen, DEFAULT.verdict):
                    continue
                a, b = rel.claim_a, rel.claim_b
                print(
                    f"{name}\t{arts[0].story}\t{key(a)}\t{key(b)}\t?\t"
                    f"{seen.source} {rel.scores['contradict']:.2f}\n"
                    f"    {a.party}: {a.reading or a.text}\n    {b.party}: {b.reading or b.text}"
                )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data-dir", type=Path, default=Path("../shared/data"))
    ap.add_argument("--labels", type=Path, default=LABELS)
    ap.add_argument("--candidates", type=int, default=0, help="print N stories' pairs to label")
    ap.add_argument("--skip", type=int, default=HELD_OUT)
    args = ap.parse_args()
    pipe = Pipeline()
    if args.candidates:
        candidates(pipe, args.data_dir, args.skip, args.candidates)
        return 0
    labels = read_labels(args.labels)
    wanted = {(lab.set, lab.story) for lab in labels}
    found: dict[tuple[str, frozenset[str]], Relation] = {}
    for name in SETS:
        for arts in stories(args.data_dir, name):
            if (name, arts[0].story) in wanted:
                for rel in tied_pairs(pipe, arts):
                    pair = frozenset((key(rel.claim_a), key(rel.claim_b)))
                    found[(arts[0].story, pair)] = rel
    by_story: dict[str, list[tuple[Relation, bool]]] = defaultdict(list)
    missing = 0
    for lab in labels:
        rel = found.get((lab.story, lab.pair))
        if rel is None:
            missing += 1
            continue
        by_story[lab.story].append((rel, lab.real))
    everything = [p for ps in by_story.values() for p in ps]
    real = sum(r for _, r in everything)
    print(
        f"{len(labels)} labelled pairs ({real} real) in {len(by_story)} stories; "
        f"{missing} no longer tied by today's pipeline (left out)"
    )
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
    print(f"  contradict_min = {final.contradict_min}")
    print(f"  checks_alone = {final.checks_alone}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
