"""Event grouping on real multi-outlet news: BASIL and NeuS/AllSides streamed through the corpus
job's ``Grouper``, the predicted events scored against the true stories.

The articles of a split are fed in date order as corpus records without event ids (the outlet
as the party), exactly as ``takediff corpus`` groups them. Scores: predicted and true events;
pairwise precision / recall / F1 over article pairs put in one event; B-cubed precision / recall
/ F1 (per article: the share of its predicted event that is its story, and of its story that is
in its predicted event); the share of stories recovered *exactly* (one predicted event holding
all its articles and nothing else); and *mixed* events (predicted events that hold articles of
two or more stories), as a share of predicted events.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from pathlib import Path

from takediff.corpus.grouping import Features, FeatureSource, Grouper, GroupingOptions
from takediff.corpus.records import Chunk, Item, parse_record
from takediff.evaluate.data import check_split, sample
from takediff.evaluate.grouping_data import SETS, SPLITS, NewsArticle, as_record, load
from takediff.pipeline import Pipeline, default_pipeline

__all__ = ["SPLITS", "ClusterScores", "GroupingResult", "evaluate", "group", "score", "table"]


@dataclass(slots=True, frozen=True)
class ClusterScores:
    """How a predicted partition of articles matches the true one."""

    articles: int
    stories: int
    events: int
    pair_precision: float
    pair_recall: float
    pair_f1: float
    b3_precision: float
    b3_recall: float
    b3_f1: float
    exact: float  # share of stories recovered exactly
    mixed: float  # share of predicted events holding two or more stories
    mixed_events: int


@dataclass(slots=True, frozen=True)
class GroupingResult:
    split: str
    sets: dict[str, ClusterScores]
    options: GroupingOptions
    seconds: float

    @property
    def n(self) -> int:
        return sum(s.articles for s in self.sets.values())


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def _pairs(n: int) -> int:
    return n * (n - 1) // 2


def score(gold: Sequence[Hashable], pred: Sequence[Hashable]) -> ClusterScores:
    """Pairwise, B-cubed, exact and mixed scores of ``pred`` against ``gold`` (one label per
    article, in the same order)."""
    if len(gold) != len(pred):
        raise ValueError("gold and pred must label the same articles")
    stories: dict[Hashable, set[int]] = defaultdict(set)
    events: dict[Hashable, set[int]] = defaultdict(set)
    for i, (g, p) in enumerate(zip(gold, pred, strict=True)):
        stories[g].add(i)
        events[p].add(i)
    both: dict[tuple[Hashable, Hashable], int] = defaultdict(int)
    for g, p in zip(gold, pred, strict=True):
        both[(g, p)] += 1
    together = sum(_pairs(n) for n in both.values())
    pred_pairs = sum(_pairs(len(s)) for s in events.values())
    gold_pairs = sum(_pairs(len(s)) for s in stories.values())
    pp = together / pred_pairs if pred_pairs else 1.0
    pr = together / gold_pairs if gold_pairs else 1.0
    n = len(gold)
    pairs = list(zip(gold, pred, strict=True))
    bp = sum(both[(g, p)] / len(events[p]) for g, p in pairs) / n if n else 0.0
    br = sum(both[(g, p)] / len(stories[g]) for g, p in pairs) / n if n else 0.0
    predicted = {frozenset(s) for s in events.values()}
    exact = sum(frozenset(s) in predicted for s in stories.values())
    mixed = sum(len({gold[i] for i in s}) > 1 for s in events.values())
    return ClusterScores(
        articles=n,
        stories=len(stories),
        events=len(events),
        pair_precision=pp,
        pair_recall=pr,
        pair_f1=_f1(pp, pr),
        b3_precision=bp,
        b3_recall=br,
        b3_f1=_f1(bp, br),
        exact=exact / len(stories) if stories else 0.0,
        mixed=mixed / len(events) if events else 0.0,
        mixed_events=mixed,
    )


def group(
    articles: Sequence[NewsArticle], options: GroupingOptions, features: FeatureSource
) -> list[str]:
    """The event key the corpus job's grouping gives each article, streamed in order."""
    items: list[Item] = [parse_record(as_record(a), i, 0) for i, a in enumerate(articles)]
    grouper = Grouper(options, features)
    size = 64
    for lo in range(0, len(items), size):
        grouper.feed(Chunk(items[lo : lo + size], min(lo + size, len(items)), 0))
    grouper.finish()
    key_of = {r.pos: task.key for task in grouper.ready for r in task.records}
    return [key_of[i] for i in range(len(items))]


def evaluate(
    data_dir: Path,
    *,
    split: str = SPLITS[0],
    limit: int | None = None,
    seed: int = 0,
    pipeline: Pipeline | None = None,
    options: GroupingOptions | None = None,
    features: FeatureSource | None = None,
) -> GroupingResult:
    """Group each set's articles of ``split`` (or a seeded sample of ``limit`` stories per set)
    with the default settings, and score them."""
    check_split(split, SPLITS)
    options = options or GroupingOptions()
    features = features or Features(pipeline or default_pipeline())
    start = time.perf_counter()
    sets: dict[str, ClusterScores] = {}
    for name in SETS:
        articles = load(name, data_dir, split)
        if limit is not None:
            keep = set(sample(sorted({a.story for a in articles}), limit, seed))
            articles = [a for a in articles if a.story in keep]
        pred = group(articles, options, features)
        sets[name] = score([a.story for a in articles], pred)
    return GroupingResult(split, sets, options, time.perf_counter() - start)


def table(result: GroupingResult) -> str:
    """The scores as Markdown, one row per data set."""
    o = result.options
    lines = [
        f"Event grouping — split '{result.split}' (dev: stories whose key's SHA-1 starts with an "
        "even hex digit; the settings were fitted there), the corpus job's Grouper, outlets as "
        f"parties; join probability {o.join_probability:.2f}, window {o.window_days} days\n",
        "| set | articles | stories | events | pair P | pair R | pair F1 | B³ P | B³ R | B³ F1 "
        "| stories exact | mixed events |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for name, s in result.sets.items():
        lines.append(
            f"| {name} | {s.articles} | {s.stories} | {s.events} | {s.pair_precision:.3f} | "
            f"{s.pair_recall:.3f} | {s.pair_f1:.3f} | {s.b3_precision:.3f} | {s.b3_recall:.3f} | "
            f"{s.b3_f1:.3f} | {s.exact:.1%} | {s.mixed_events} ({s.mixed:.1%}) |"
        )
    return "\n".join(lines) + "\n"
