"""Omissions per outlet on BASIL: do the one_sided claims of an event's report find the content
one outlet includes and the others leave out?

BASIL marks *informational bias* spans (``bias: inf``): content one outlet gives that frames
the event and that the others' articles of the same event do not. Each BASIL event (Fox, NYT,
HuffPost) is compared as the corpus job compares it, the outlet as the party (``--outlets``:
quoted people speak for themselves, the outlet's own reporting is the outlet's), and every claim
in a ``one_sided`` topic is a predicted omission of the other outlets, located in its record;
so is every claim of the row's ``only_here`` (``corpus.only_here``: most of its words appear in
no other outlet's article). Scores, by outlet and over all: *precision*, the share of predicted
claims that overlap an informational span of their article; *recall*, the share of
informational spans that some predicted claim overlaps. Beside them, two baselines on the
same claims: *every claim*, and *no close match*: each claim whose embedding is less than a
cosine ``NEAR`` from every claim of the other outlets' articles (the simple rule the issue
names; ``NEAR`` at three values). The only-here share is fitted on the dev events
(``scripts/fit_only_here.py``): read it on ``--split test``. Dev / test follow
``grouping_data``'s split.
"""

from __future__ import annotations

import json
import time
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from takediff.corpus import only_here
from takediff.corpus.event_report import compare_event
from takediff.corpus.grouping import Checkpoint, EventTask
from takediff.corpus.records import parse_record
from takediff.evaluate.basil import article_files, locate, rebuild
from takediff.evaluate.data import check_split, sample
from takediff.evaluate.grouping_data import in_split
from takediff.evaluate.spans import overlaps
from takediff.pipeline import Pipeline, default_pipeline

SPLITS: tuple[str, ...] = ("test", "dev", "all")
#: The baseline's "close match" cosines: a claim farther than this from every claim of the
#: other outlets is one-sided.
NEAR: tuple[float, ...] = (0.5, 0.6, 0.7)


@dataclass(slots=True, frozen=True)
class Article:
    outlet: str
    id: str
    title: str
    text: str
    spans: tuple[tuple[int, int], ...]  # informational-bias spans, offsets into text
    story: str = ""  # BASIL's triplet id


@dataclass(slots=True)
class Counts:
    """Predicted claims and gold spans, and how many of each overlap the other."""

    predicted: int = 0
    predicted_hit: int = 0
    gold: int = 0
    gold_hit: int = 0

    @property
    def precision(self) -> float:
        return self.predicted_hit / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.gold_hit / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(slots=True, frozen=True)
class OmissionResult:
    split: str
    events: int
    articles: int
    # method → outlet ("all" included) → counts
    methods: dict[str, dict[str, Counts]]
    seconds: float

    @property
    def n(self) -> int:
        return self.events


def _article(art: Path, ann: Path) -> Article:
    raw = json.loads(art.read_text(encoding="utf-8"))
    text, sentences = rebuild(raw)
    phrases = json.loads(ann.read_text(encoding="utf-8")).get("phrase-level-annotations", [])
    spans = [locate(text, sentences, ph) for ph in phrases if ph.get("bias") == "inf"]
    return Article(
        outlet=str(raw["source"]).lower(),
        id=art.stem,  # BASIL's own uuid is "empty" for four articles
        title=str(raw.get("title") or ""),
        text=text,
        spans=tuple(s for s in spans if s is not None),
        story=str(raw["triplet-uuid"]),
    )


def events(data_dir: Path, split: str) -> list[list[Article]]:
    """BASIL's events of ``split``: each its outlets' articles, by triplet id."""
    by: dict[str, list[Article]] = defaultdict(list)
    for art, ann in article_files(data_dir):
        article = _article(art, ann)
        if in_split(article.story, split):
            by[article.story].append(article)
    return [sorted(v, key=lambda a: a.outlet) for _, v in sorted(by.items())]


def _task(key: str, arts: Sequence[Article]) -> EventTask:
    recs = tuple(
        parse_record({"id": a.id, "text": a.text, "party": a.outlet, "title": a.title}, i, 0)
        for i, a in enumerate(arts)
    )
    return EventTask(key, "given", recs, Checkpoint(), 0)


def _score(
    counts: dict[str, Counts], arts: Sequence[Article], predicted: dict[str, list[tuple[int, int]]]
) -> None:
    for a in arts:
        for c in (counts[a.outlet], counts["all"]):
            pred = predicted.get(a.id, [])
            c.predicted += len(pred)
            c.predicted_hit += sum(bool(overlaps([p], a.spans)) for p in pred)
            c.gold += len(a.spans)
            c.gold_hit += sum(bool(overlaps([g], pred)) for g in a.spans)


def compared(
    data_dir: Path,
    split: str = SPLITS[0],
    limit: int | None = None,
    seed: int = 0,
    pipeline: Pipeline | None = None,
) -> Iterator[tuple[list[Article], dict[str, Any]]]:
    """Each BASIL event of ``split`` (or a seeded sample of ``limit``) and its report row, the
    outlet as the party (as ``takediff corpus --outlets`` compares it)."""
    check_split(split, SPLITS)
    pipeline = pipeline or default_pipeline()
    for i, arts in enumerate(sample(events(data_dir, split), limit, seed)):
        yield arts, compare_event(_task(f"basil-{i}", arts), pipeline, outlets=True)


def only_here_claims(
    arts: Sequence[Article], row: dict[str, Any], share: float
) -> dict[str, list[tuple[int, int]]]:
    """The row's claims whose share of words no other outlet's article uses is ``share`` or
    more, by record (``corpus.only_here`` at another setting than the row's)."""
    found: dict[str, list[tuple[int, int]]] = defaultdict(list)
    claims = (c for t in row.get("topics", []) for c in t["claims"])
    for o in only_here.find(claims, [(a.id, a.outlet, a.text) for a in arts], share):
        found[o.record_id].append((o.start, o.end))
    return found


def nearest_other(
    row: dict[str, Any], pipeline: Pipeline
) -> tuple[list[dict[str, Any]], np.ndarray]:
    """The row's claims, and each one's highest cosine to a claim of another record (the
    baseline's score: embedded once per event, read at every ``NEAR``)."""
    flat = [c for t in row.get("topics", []) for c in t["claims"]]
    if not flat:
        return flat, np.zeros(0)
    vecs = pipeline.embedder.embed([c["text"] for c in flat])
    rec = np.array([c["record_id"] for c in flat])
    return flat, np.where(rec[:, None] != rec[None, :], vecs @ vecs.T, -1.0).max(axis=1)


def far_claims(
    flat: Sequence[dict[str, Any]], best: np.ndarray, near: float
) -> dict[str, list[tuple[int, int]]]:
    """The baseline's predictions: each claim whose highest cosine to the other records'
    claims (``nearest_other``) is under ``near``, by record."""
    far: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for k, c in enumerate(flat):
        if best[k] < near:
            far[c["record_id"]].append((c["start"], c["end"]))
    return far


def evaluate(
    data_dir: Path,
    *,
    split: str = SPLITS[0],
    limit: int | None = None,
    seed: int = 0,
    pipeline: Pipeline | None = None,
) -> OmissionResult:
    """Compare each BASIL event of ``split`` (or a seeded sample of ``limit`` events) and score
    its one_sided claims, its only-here claims, and the baselines, against the
    informational-bias spans."""
    pipeline = pipeline or default_pipeline()
    share = pipeline.settings.corpus.only_here_share
    methods = [
        "takediff one_sided",
        f"takediff only here (share >= {share})",
        "every claim",
        *(f"no close match (cosine < {t})" for t in NEAR),
    ]
    counts: dict[str, dict[str, Counts]] = {m: defaultdict(Counts) for m in methods}
    start = time.perf_counter()
    n_events = n_articles = 0
    for arts, row in compared(data_dir, split, limit, seed, pipeline):
        n_events += 1
        n_articles += len(arts)
        claims = [(t["verdict"], c) for t in row["topics"] for c in t["claims"]]
        one_sided: dict[str, list[tuple[int, int]]] = defaultdict(list)
        every: dict[str, list[tuple[int, int]]] = defaultdict(list)
        here: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for verdict, c in claims:
            every[c["record_id"]].append((c["start"], c["end"]))
            if verdict == "one_sided":
                one_sided[c["record_id"]].append((c["start"], c["end"]))
        for o in row.get("only_here", []):
            here[o["record_id"]].append((o["start"], o["end"]))
        _score(counts["takediff one_sided"], arts, one_sided)
        _score(counts[methods[1]], arts, here)
        _score(counts["every claim"], arts, every)
        flat, best = nearest_other(row, pipeline)
        for t in NEAR:
            _score(counts[f"no close match (cosine < {t})"], arts, far_claims(flat, best, t))
    return OmissionResult(
        split=split,
        events=n_events,
        articles=n_articles,
        methods={m: dict(v) for m, v in counts.items()},
        seconds=time.perf_counter() - start,
    )


def table(result: OmissionResult) -> str:
    """Precision, recall and F1 of each method, over all outlets and by outlet."""
    lines = [
        f"BASIL omissions — {result.events} events, {result.articles} articles (split "
        f"'{result.split}'): claims predicted one-sided vs informational-bias spans "
        "(overlap of at least one character)\n",
        "| method | outlet | predicted | precision | gold spans | recall | F1 |",
        "|---|---|---|---|---|---|---|",
    ]
    for method, by in result.methods.items():
        for outlet in ["all", *sorted(k for k in by if k != "all")]:
            c = by.get(outlet)
            if c is None:
                continue
            lines.append(
                f"| {method} | {outlet} | {c.predicted} | {c.precision:.3f} | {c.gold} | "
                f"{c.recall:.3f} | {c.f1:.3f} |"
            )
    return "\n".join(lines) + "\n"
