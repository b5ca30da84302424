"""Records → events, online: a record joins an open event or opens one; events close by time.

The rule (README, "Corpus scale"): records are read in input order (roughly by date). Before a
record is placed, every open event whose last record is more than ``window_days`` older than the
newest date seen so far, or more than ``window_records`` records back, closes. A record with an
event id joins that event (a record for an event already closed is *late*: skipped and counted).
A record without one is scored against every member of each open clustered event: a logistic
score of the two ledes' cosine, the two titles' cosine, the days between them, whether one
party wrote both and whether the two ledes name a common day (``days``; weights fitted on real
multi-outlet news, ``scripts/fit_grouping.py``). An event's score is its *lowest* member
score (complete linkage), so a record joins only an event it is close to as a whole and one
running story cannot chain into the next; the record joins the best event if that score's
probability reaches ``join_probability``, otherwise it opens a new event ``auto-<line>``.

Every decision depends only on the records before it, in order, so a run resumed from a
checkpoint (``Checkpoint``) makes the same events as a clean run; memory holds the open events
only.
"""

from __future__ import annotations

import heapq
import re
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np

from takediff.corpus.days import day_mask
from takediff.corpus.records import Chunk, Record, Rejected
from takediff.pipeline import Pipeline
from takediff.settings import CorpusSettings

#: A title longer than this is a first paragraph, not a title.
TITLE_CHARS = 200


_DEFAULTS = CorpusSettings()


@dataclass(slots=True, frozen=True)
class GroupingOptions:
    """A run's grouping options; the defaults are ``CorpusSettings``'."""

    window_days: int = _DEFAULTS.window_days
    #: How much of a text the grouping reads: the lede carries the story (fitted; beyond
    #: about 1,500 characters the embedder's window cuts the text anyway).
    lede_chars: int = _DEFAULTS.lede_chars
    window_records: int = _DEFAULTS.window_records
    join_probability: float = _DEFAULTS.join_probability
    weight_lede: float = _DEFAULTS.weight_lede
    weight_title: float = _DEFAULTS.weight_title
    weight_days: float = _DEFAULTS.weight_days
    weight_same_party: float = _DEFAULTS.weight_same_party
    weight_shared_day: float = _DEFAULTS.weight_shared_day
    intercept: float = _DEFAULTS.intercept
    update_cosine: float = _DEFAULTS.update_cosine

    def logits(
        self,
        lede: np.ndarray,
        title: np.ndarray,
        days: np.ndarray,
        same: np.ndarray,
        shared_day: np.ndarray,
    ) -> np.ndarray:
        """The pair score (log-odds of one story) from cosines, days apart, whether the two
        come from one party (an outlet's second article on a story is a new development, unless
        it is an update of the first: its lede nearly the same) and whether their ledes name a
        common day for what they report (``days.day_mask``: a later report of one story names
        the first report's day; the next story of a running affair names its own)."""
        other = same & (lede < self.update_cosine)
        return (
            self.weight_lede * lede
            + self.weight_title * title
            + self.weight_days * days
            + self.weight_same_party * other
            + self.weight_shared_day * shared_day
            + self.intercept
        )

    @property
    def join_logit(self) -> float:
        p = min(max(self.join_probability, 1e-6), 1 - 1e-6)
        return float(np.log(p / (1 - p)))


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


class FeatureSource(Protocol):
    """What the grouping needs of a text: a unit vector (of a lede, or of a title)."""

    def vectors(self, texts: Sequence[str]) -> np.ndarray: ...


class Features:
    """Sentence vectors with a Pipeline's embedder (loaded on first use)."""

    def __init__(self, pipeline: Pipeline | None = None) -> None:
        self._pipeline = pipeline or Pipeline()

    def vectors(self, texts: Sequence[str]) -> np.ndarray:
        return self._pipeline.embedder.embed(list(texts))


def title_of(record: Record) -> str:
    """The record's title, or else its first sentence (where a text without a headline says
    what it is about), cut at ``TITLE_CHARS``."""
    if record.title:
        return record.title[:TITLE_CHARS]
    head = record.text.strip().split("\n", 1)[0]
    first = re.match(r".+?[.!?](?=\s|$)", head)
    return (first.group(0) if first else head)[:TITLE_CHARS]


def lede_of(record: Record, chars: int) -> str:
    """The title and the opening ``chars`` of the text: where a news story says what it is
    about."""
    head = f"{record.title}\n\n" if record.title else ""
    return head + record.text[:chars]


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
        self._auto: list[str] = []  # open clustered events; _members.owner indexes this list
        self._members = _Members()

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
        texts = [lede_of(r, self.options.lede_chars) for r in fresh]
        ledes = self.features.vectors(texts) if fresh else None
        titles = self.features.vectors([title_of(r) for r in fresh]) if fresh else None
        masks = [day_mask(text, r.day) for text, r in zip(texts, fresh, strict=True)]
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
                assert ledes is not None and titles is not None
                self._place_clustered(item, ledes[i], titles[i], masks[i])
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

    def _place_clustered(
        self, record: Record, lede: np.ndarray, title: np.ndarray, mask: int
    ) -> None:
        if any(k not in self._open for k in self._auto):  # forget the events closed since
            keep = [i for i, k in enumerate(self._auto) if k in self._open]
            self._auto = [self._auto[i] for i in keep]
            self._members.keep(keep)
        party = self._members.party_id(record.party)
        scores = self._members.event_scores(
            self.options, lede, title, record.day, party, mask, len(self._auto)
        )
        row = int(np.argmax(scores)) if scores.size else -1  # ties: the oldest event
        if row >= 0 and scores[row] >= self.options.join_logit:
            best = self._open[self._auto[row]]
        else:
            best = self._open_event(f"auto-{record.line}", False, record)
            row = len(self._auto)
            self._auto.append(best.key)
        self._members.add(row, lede, title, record.day, party, mask)
        self._add(best, record)


class _Members:
    """Every record of the open clustered events, as rows: its vectors, day, the days its lede
    names and its event.

    The arrays grow by doubling, so adding a record is amortised O(1) and scoring one is a
    matrix product over the open events' records only.
    """

    def __init__(self) -> None:
        self.n = 0
        self.ledes = np.zeros((0, 0), dtype=np.float32)
        self.titles = np.zeros((0, 0), dtype=np.float32)
        self.days = np.zeros(0, dtype=np.float64)  # NaN: undated
        self.owner = np.zeros(0, dtype=np.int64)
        self.party = np.zeros(0, dtype=np.int64)  # -1: no party
        self.named = np.zeros(0, dtype=np.int64)  # days.day_mask; 0: names no day
        self._parties: dict[str, int] = {}

    def party_id(self, party: str | None) -> int:
        if party is None:
            return -1
        return self._parties.setdefault(party.casefold(), len(self._parties))

    def add(
        self,
        owner: int,
        lede: np.ndarray,
        title: np.ndarray,
        day: int | None,
        party: int,
        mask: int,
    ) -> None:
        if self.n == len(self.owner):
            size = max(16, 2 * self.n)
            self.ledes = _grown(self.ledes, size, lede.shape[0])
            self.titles = _grown(self.titles, size, title.shape[0])
            self.days = np.resize(self.days, size)
            self.owner = np.resize(self.owner, size)
            self.party = np.resize(self.party, size)
            self.named = np.resize(self.named, size)
        self.party[self.n] = party
        self.named[self.n] = mask
        self.ledes[self.n], self.titles[self.n] = lede, title
        self.days[self.n] = np.nan if day is None else float(day)
        self.owner[self.n] = owner
        self.n += 1

    def keep(self, events: list[int]) -> None:
        """Keep the rows of these events (old indices), renumbered in the order given."""
        owner = self.owner[: self.n]
        new = np.full(int(owner.max(initial=-1)) + 1, -1, dtype=np.int64)
        new[events] = np.arange(len(events))
        rows = np.flatnonzero(new[owner] >= 0)
        self.n = len(rows)
        self.owner[: self.n] = new[owner[rows]]
        self.party[: self.n] = self.party[rows]
        self.named[: self.n] = self.named[rows]
        self.days[: self.n] = self.days[rows]
        self.ledes[: self.n] = self.ledes[rows]
        self.titles[: self.n] = self.titles[rows]

    def event_scores(
        self, options: GroupingOptions, lede: np.ndarray, title: np.ndarray, day: int | None,
        party: int, mask: int, events: int,
    ) -> np.ndarray:  # fmt: skip
        """Each event's lowest member score (complete linkage) for a new record."""
        n = self.n
        if not n:
            return np.zeros(0)
        days = self.days[:n]
        gap = np.zeros(n) if day is None else np.nan_to_num(np.abs(days - day))
        same = (self.party[:n] == party) & (party >= 0)
        shared_day = (self.named[:n] & mask) != 0
        pair = options.logits(self.ledes[:n] @ lede, self.titles[:n] @ title, gap, same, shared_day)
        lowest = np.full(events, np.inf)
        np.minimum.at(lowest, self.owner[:n], pair)
        return lowest


def _grown(rows: np.ndarray, size: int, dim: int) -> np.ndarray:
    out = np.zeros((size, dim), dtype=np.float32)
    if rows.size:
        out[: len(rows)] = rows
    return out
