"""Records → events, online: a record joins an open event or opens one; events close by time.

The rule (README, "Corpus scale"): records are read in input order (roughly by date). Before a
record is placed, every open event whose last record is more than ``window_days`` older than the
newest date seen so far, or more than ``window_records`` records back, closes. A record with an
event id joins that event (a record for an event already closed is *late*: skipped and counted).
A record without one joins the open clustered event whose centroid is most similar to its text
(cosine of sentence embeddings) if the similarity reaches ``similarity`` and they share a named
entity, or reaches ``strong_similarity`` alone; otherwise it opens a new event ``auto-<line>``.

Every decision depends only on the records before it, in order, so a run resumed from a
checkpoint (``Checkpoint``) makes the same events as a clean run; memory holds the open events
only.
"""

from __future__ import annotations

import heapq
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np

from takediff.corpus.records import Chunk, Record, Rejected
from takediff.pipeline import Pipeline
from takediff.settings import CorpusSettings

#: Named-entity labels that identify a story (not dates, amounts or ordinals).
STORY_ENTITIES = frozenset(
    {"PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "LAW", "WORK_OF_ART"}
)
#: How much of a text the grouping reads: the lede carries the story.
LEDE_CHARS = 500


_DEFAULTS = CorpusSettings()


@dataclass(slots=True, frozen=True)
class GroupingOptions:
    """A run's grouping options; the defaults are ``CorpusSettings``'."""

    window_days: int = _DEFAULTS.window_days
    window_records: int = _DEFAULTS.window_records
    similarity: float = _DEFAULTS.similarity
    strong_similarity: float = _DEFAULTS.strong_similarity


@dataclass(slots=True, frozen=True)
class Checkpoint:
    """Where a resumed run starts reading, and the newest date seen before that record."""

    pos: int = 0
    offset: int = 0
    watermark: int | None = None


@dataclass(slots=True, frozen=True)
class EventTask:
    """A closed event, ready to compare: its records in input order."""

    key: str
    grouping: str  # "given" (event id in the input) or "clustered"
    records: tuple[Record, ...]
    first: Checkpoint  # where a resumed run must start to rebuild this event
    close_pos: int

    @property
    def positions(self) -> list[int]:
        return [r.pos for r in self.records]


@dataclass(slots=True)
class _Open:
    key: str
    given: bool
    first: Checkpoint
    records: list[Record] = field(default_factory=list)
    last_pos: int = -1
    last_day: int | None = None
    vec_sum: np.ndarray | None = None
    entities: set[str] = field(default_factory=set)


class FeatureSource(Protocol):
    """What the grouping needs of a text: a unit vector, and the names it mentions."""

    def vectors(self, texts: Sequence[str]) -> np.ndarray: ...

    def entities(self, texts: Sequence[str]) -> list[set[str]]: ...


class Features:
    """Sentence vectors and named entities of record texts, with a Pipeline's models (loaded on
    first use)."""

    def __init__(self, pipeline: Pipeline | None = None) -> None:
        self._pipeline = pipeline or Pipeline()

    def vectors(self, texts: Sequence[str]) -> np.ndarray:
        return self._pipeline.embedder.embed([t[:LEDE_CHARS] for t in texts])

    def entities(self, texts: Sequence[str]) -> list[set[str]]:
        off = ["parser", "attribute_ruler", "lemmatizer"]
        nlp = self._pipeline.nlp
        skip = [p for p in off if p in nlp.pipe_names]
        docs = nlp.pipe((t[:LEDE_CHARS] for t in texts), disable=skip)
        # A capitalised common noun opening a sentence ("Households have ...") is no name.
        return [
            {
                _entity_key(e.text)
                for e in d.ents
                if e.label_ in STORY_ENTITIES and any(t.tag_ in ("NNP", "NNPS") for t in e)
            }
            for d in docs
        ]


def _entity_key(text: str) -> str:
    words = text.casefold().replace("’", "'").removesuffix("'s").split()
    if words and words[0] == "the":
        words = words[1:]
    return " ".join(words)


class Grouper:
    """The online clustering: ``feed`` chunks in input order, take closed events from ``ready``."""

    def __init__(
        self,
        options: GroupingOptions,
        features: FeatureSource,
        *,
        start: Checkpoint = Checkpoint(),
        is_done: Callable[[int, int], set[int]] = lambda lo, hi: set(),
        is_committed: Callable[[str], bool] = lambda key: False,
    ) -> None:
        self.options = options
        self.features = features
        self.watermark = start.watermark
        self.next = start
        self.ready: deque[EventTask] = deque()
        self.skipped: list[tuple[int, str]] = []  # (pos, reason): bad and late records
        self._is_done = is_done
        self._is_committed = is_committed
        self._open: dict[str, _Open] = {}
        self._closed_given: set[str] = set()  # closed here, not yet committed
        self._by_pos: list[tuple[int, str]] = []
        self._by_day: list[tuple[int, str]] = []
        self._auto: list[str] = []  # open clustered events, one row of _centroids each
        self._centroids = np.zeros((0, 0), dtype=np.float32)

    # -- what a checkpoint needs ------------------------------------------------------------
    def earliest(self) -> Checkpoint | None:
        """The first record of any event still open or waiting in ``ready``."""
        firsts = [e.first for e in self._open.values()] + [t.first for t in self.ready]
        return min(firsts, key=lambda c: c.pos) if firsts else None

    def release(self, key: str) -> None:
        """Forget a closed event id once its report is committed (the journal knows it)."""
        self._closed_given.discard(key)

    # -- the rule ---------------------------------------------------------------------------
    def feed(self, chunk: Chunk) -> None:
        records = [r for r in chunk.items if isinstance(r, Record)]
        done = self._is_done(records[0].pos, records[-1].pos) if records else set()
        fresh = [r for r in records if r.pos not in done and r.event is None]
        vecs = self.features.vectors([r.text for r in fresh]) if fresh else None
        ents = self.features.entities([r.text for r in fresh]) if fresh else []
        index = {r.pos: i for i, r in enumerate(fresh)}
        for item in chunk.items:
            if isinstance(item, Rejected):
                self._advance(item.pos, None)
                self.skipped.append((item.pos, item.reason))
                continue
            self._advance(item.pos, item.day)
            if item.pos in done:
                continue
            if item.event is not None:
                self._place_given(item)
            else:
                i = index[item.pos]
                assert vecs is not None
                self._place_clustered(item, vecs[i], ents[i])
        self.next = Checkpoint(chunk.next_pos, chunk.next_offset, self.watermark)

    def finish(self) -> None:
        """End of input: every open event closes, oldest first."""
        for ev in sorted(self._open.values(), key=lambda e: e.first.pos):
            self._close(ev, self.next.pos)
        self._open.clear()

    def _advance(self, pos: int, day: int | None) -> None:
        if day is not None and (self.watermark is None or day > self.watermark):
            self.watermark = day
        closing: list[_Open] = []
        while self._by_pos and pos - self._by_pos[0][0] > self.options.window_records:
            last, key = heapq.heappop(self._by_pos)
            ev = self._open.get(key)
            if ev is not None and ev.last_pos == last:
                closing.append(self._open.pop(key))
        w = self.watermark
        while w is not None and self._by_day and w - self._by_day[0][0] > self.options.window_days:
            last_day, key = heapq.heappop(self._by_day)
            ev = self._open.get(key)
            if ev is not None and ev.last_day == last_day:
                closing.append(self._open.pop(key))
        for ev in sorted(closing, key=lambda e: e.first.pos):
            self._close(ev, pos)

    def _close(self, ev: _Open, pos: int) -> None:
        if ev.given:
            self._closed_given.add(ev.key)
        grouping = "given" if ev.given else "clustered"
        self.ready.append(EventTask(ev.key, grouping, tuple(ev.records), ev.first, pos))

    def _open_event(self, key: str, given: bool, record: Record) -> _Open:
        ev = _Open(key, given, Checkpoint(record.pos, record.offset, self.watermark))
        self._open[key] = ev
        return ev

    def _add(self, ev: _Open, record: Record) -> None:
        ev.records.append(record)
        ev.last_pos = record.pos
        heapq.heappush(self._by_pos, (record.pos, ev.key))
        day = record.day
        if day is not None and (ev.last_day is None or day > ev.last_day):
            ev.last_day = day
            heapq.heappush(self._by_day, (day, ev.key))

    def _place_given(self, record: Record) -> None:
        key = record.event
        assert key is not None
        ev = self._open.get(key)
        if ev is None:
            if key in self._closed_given or self._is_committed(key):
                self.skipped.append((record.pos, f"late: event {key!r} had already closed"))
                return
            ev = self._open_event(key, True, record)
        self._add(ev, record)

    def _place_clustered(self, record: Record, vec: np.ndarray, ents: set[str]) -> None:
        keys = [k for k in self._auto if k in self._open]
        if len(keys) != len(self._auto):  # drop the rows of events closed since
            rows = [i for i, k in enumerate(self._auto) if k in self._open]
            self._auto, self._centroids = keys, self._centroids[rows]
        best: _Open | None = None
        if keys:
            sims = self._centroids @ vec
            for i in np.argsort(-sims, kind="stable"):
                sim = float(sims[i])
                if sim < self.options.similarity:
                    break
                ev = self._open[keys[i]]
                if ents & ev.entities or (
                    sim >= self.options.strong_similarity and not (ents and ev.entities)
                ):
                    best = ev
                    break
        if best is None:
            best = self._open_event(f"auto-{record.line}", False, record)
            best.vec_sum = np.zeros(vec.shape, dtype=np.float64)
            self._auto.append(best.key)
            self._centroids = np.vstack([self._centroids.reshape(-1, vec.shape[0]), vec[None]])
        assert best.vec_sum is not None
        best.vec_sum += vec
        best.entities |= ents
        row = self._auto.index(best.key)
        self._centroids[row] = best.vec_sum / max(float(np.linalg.norm(best.vec_sum)), 1e-9)
        self._add(best, record)
