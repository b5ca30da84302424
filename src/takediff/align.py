"""Stage 5, align: group claims from all parties into Topics, and pick the pairs worth judging.

Each claim is linked only to its k nearest neighbours (blockwise cosine, never an all-pairs
matrix held at once), and links merge clusters only while the clusters' centroids stay close
(centroid linkage, so one bridging sentence cannot chain two subjects into one topic). The judge
then sees each claim with its best match in every other party of its topic: cost grows with the
number of claims, not with the number of pairs.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from takediff.models import Embedder
from takediff.settings import AlignSettings
from takediff.types import Claim, Relation, Topic

#: Rows of the similarity matrix held at once.
BLOCK = 1024

_STOP = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "but",
        "if",
        "of",
        "to",
        "in",
        "on",
        "at",
        "by",
        "for",
        "with",
        "from",
        "as",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "will",
        "would",
        "shall",
        "should",
        "may",
        "might",
        "can",
        "could",
        "must",
        "do",
        "does",
        "did",
        "has",
        "have",
        "had",
        "not",
        "no",
        "this",
        "that",
        "these",
        "those",
        "it",
        "its",
        "it's",
        "we",
        "our",
        "us",
        "i",
        "my",
        "me",
        "you",
        "your",
        "he",
        "his",
        "him",
        "she",
        "her",
        "they",
        "their",
        "them",
        "there",
        "here",
        "about",
        "into",
        "over",
        "after",
        "before",
        "than",
        "then",
        "so",
        "such",
        "very",
        "also",
        "just",
        "only",
        "more",
        "most",
        "other",
        "some",
        "any",
        "all",
        "each",
        "both",
        "which",
        "who",
        "whom",
        "whose",
        "what",
        "when",
        "where",
        "while",
        "why",
        "how",
        "said",
        "says",
        "say",
        "told",
        "tell",
    ]
)
_TOKEN = re.compile(r"[^\W\d_][\w'’-]+")


@dataclass(slots=True, frozen=True)
class Alignment:
    """Topics, the claim pairs to judge, and the cosine of every pair (for the verdicts)."""

    topics: tuple[Topic, ...]
    pairs: tuple[tuple[Claim, Claim], ...]
    similarity: dict[tuple[str, str], float]
    nearest_other: dict[str, float]  # claim id → best cosine to any other party's claim
    #: cross-party best matches that clustering put in different topics, close enough
    #: (``AlignSettings.bridge_min``) for the judge to be asked whether they are one matter
    candidates: tuple[tuple[Claim, Claim], ...] = ()


def _neighbours(vecs: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Top-k neighbours (excluding self) of every row, computed block by block."""
    n = len(vecs)
    k = min(k, n - 1)
    idx = np.zeros((n, k), dtype=np.int64)
    sims = np.zeros((n, k), dtype=np.float32)
    if k <= 0:
        return idx, sims
    for lo in range(0, n, BLOCK):
        block = vecs[lo : lo + BLOCK] @ vecs.T
        rows = np.arange(block.shape[0])
        block[rows, rows + lo] = -np.inf
        part = np.argpartition(-block, k - 1, axis=1)[:, :k]
        part_sims = np.take_along_axis(block, part, axis=1)
        order = np.argsort(-part_sims, axis=1)
        idx[lo : lo + BLOCK] = np.take_along_axis(part, order, axis=1)
        sims[lo : lo + BLOCK] = np.take_along_axis(part_sims, order, axis=1)
    return idx, sims


def _best_other_party(
    vecs: np.ndarray, parties: list[str]
) -> dict[int, dict[str, tuple[int, float]]]:
    """For each claim, its best match in each other party (index, cosine), blockwise."""
    out: dict[int, dict[str, tuple[int, float]]] = {i: {} for i in range(len(vecs))}
    names = sorted(set(parties))
    members = {p: np.array([i for i, q in enumerate(parties) if q == p]) for p in names}
    for p in names:
        cols = members[p]
        for lo in range(0, len(vecs), BLOCK):
            block = vecs[lo : lo + BLOCK] @ vecs[cols].T
            best = block.argmax(axis=1)
            for r, j in enumerate(best):
                i = lo + r
                if parties[i] != p:
                    out[i][p] = (int(cols[j]), float(block[r, j]))
    return out


def label_of(claims: Sequence[Claim]) -> str:
    """A few content words that the topic's claims share, most common first."""
    counts: Counter[str] = Counter()
    by_party: dict[str, set[str]] = {}
    for c in claims:
        words = {w.lower().strip("'’-") for w in _TOKEN.findall(c.text)} - _STOP
        counts.update(words)
        by_party.setdefault(c.party, set()).update(words)
    shared = set.intersection(*by_party.values()) if len(by_party) > 1 else set()
    ranked = sorted(counts, key=lambda w: (w not in shared, -counts[w], -len(w), w))
    return ", ".join(ranked[:4]) or claims[0].text[:40]


def _name_key(name: str) -> str:
    """Names match on their first five letters, so a demonym meets its country
    (Ukraine/Ukrainian, Russia/Russian)."""
    return re.sub(r"\W", "", name.lower())[:5]


def shared_names(claims: Sequence[Claim]) -> set[str]:
    """Names that two or more parties use (the event's own names, which say nothing about which
    part of the event a claim is about), as written by every party."""
    users: dict[str, set[str]] = {}
    spellings: dict[str, set[str]] = {}
    for c in claims:
        for name in c.entities:
            key = _name_key(name)
            users.setdefault(key, set()).add(c.party)
            spellings.setdefault(key, set()).add(name)
    return {name for key, parties in users.items() if len(parties) > 1 for name in spellings[key]}


def mask_names(text: str, names: set[str]) -> str:
    """Replace shared names with a pronoun, so "Russia will gain jobs" and "Russia's position is
    clear" are compared on what they say, not on whom they name."""
    if not names:
        return text
    pattern = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.sub(rf"(?<!\w)(?:{pattern})(?!\w)", "they", text)


def embed_claims(claims: list[Claim], embedder: Embedder) -> tuple[np.ndarray, np.ndarray]:
    """Vectors of each claim, and of its whole sentence (the same row where it is a sentence).

    Clauses are clustered on their own words, but "and no release has been agreed" alone says
    little about *which* release: its sentence's vector answers that for the judge's checks.
    Names all parties share are masked first (``mask_names``).
    """
    names = shared_names(claims)
    vecs = embedder.embed([mask_names(c.text, names) for c in claims])
    ctx = vecs.copy()
    with_context = [i for i, c in enumerate(claims) if c.context]
    if with_context:
        ctx[with_context] = embedder.embed(
            [mask_names(claims[i].context, names) for i in with_context]
        )
    return vecs, ctx


def _root(parent: list[int], i: int) -> int:
    """Union-find root of ``i``, halving the path on the way."""
    while parent[i] != i:
        parent[i] = parent[parent[i]]
        i = parent[i]
    return i


def _attach_lone_clauses(
    claims: list[Claim], find: Callable[[int], int], parent: list[int]
) -> None:
    """A clause that joined no topic follows its sentence's other clause into that one's topic."""
    roots = [find(i) for i in range(len(claims))]
    size = Counter(roots)
    for i, c in enumerate(claims):
        if not c.context or size[roots[i]] > 1:
            continue
        sibling = next(
            (
                j
                for j in (i - 1, i + 1)
                if 0 <= j < len(claims)
                and claims[j].party == c.party
                and claims[j].context == c.context
            ),
            None,
        )
        if sibling is not None:
            parent[roots[i]] = find(sibling)


def align(
    claims: list[Claim], embedder: Embedder, settings: AlignSettings = AlignSettings()
) -> Alignment:
    """Cluster claims into Topics and choose, per claim, its best match in each other party.

    A claim links to another party's claim from ``link_cross`` cosine, to its own party's from
    ``link_same``; clusters merge while their centroids stay ``merge_centroid`` close.
    """
    if not claims:
        return Alignment((), (), {}, {}, ())
    vecs, ctx = embed_claims(claims, embedder)
    parties = [c.party for c in claims]
    n = len(claims)
    parent = list(range(n))
    centroid = vecs.astype(np.float64).copy()  # running sums; cosine uses their direction

    def find(i: int) -> int:
        return _root(parent, i)

    nb_idx, nb_sim = _neighbours(vecs, settings.neighbours)
    links = [
        (float(nb_sim[i, r]), i, int(nb_idx[i, r]))
        for i in range(n)
        for r in range(nb_idx.shape[1])
        if nb_sim[i, r]
        >= (settings.link_same if parties[i] == parties[nb_idx[i, r]] else settings.link_cross)
    ]
    for _, i, j in sorted(links, reverse=True):
        a, b = find(i), find(j)
        if a == b:
            continue
        ca, cb = centroid[a], centroid[b]
        cos = float(ca @ cb / (np.linalg.norm(ca) * np.linalg.norm(cb) + 1e-12))
        if cos >= settings.merge_centroid:
            parent[b] = a
            centroid[a] = ca + cb

    _attach_lone_clauses(claims, find, parent)
    groups: dict[int, list[int]] = {}
    for i in range(n):
        groups.setdefault(find(i), []).append(i)
    best = _best_other_party(vecs, parties)
    topics: list[Topic] = []
    pairs: dict[tuple[str, str], tuple[Claim, Claim]] = {}
    similarity: dict[tuple[str, str], float] = {}
    for members in sorted(groups.values(), key=lambda m: m[0]):
        topic_claims = tuple(claims[i] for i in members)
        topics.append(
            Topic(id=f"t{len(topics) + 1}", label=label_of(topic_claims), claims=topic_claims)
        )
        inside = set(members)
        found = len(pairs)
        for i in members:
            # Judge the best cross-party match inside the topic (outside it, the topic split
            # already says the two are about different things), in the closest few parties only:
            # with hundreds of parties, every party for every claim would grow quadratically.
            matches = sorted(
                ((sim, j) for j, sim in best[i].values() if j in inside), reverse=True
            )[: settings.max_party_matches]
            for sim, j in matches:
                a, b = sorted((i, j))
                key = (claims[a].id, claims[b].id)
                pairs[key] = (claims[a], claims[b])
                similarity[key] = max(sim, float(ctx[a] @ ctx[b]))
        if len(pairs) == found and len(topics[-1].parties) > 1:
            # Every claim's best match lies in another topic: judge the closest pair inside.
            sub = vecs[members] @ vecs[members].T
            cross = np.array([[parties[i] != parties[j] for j in members] for i in members])
            r, c = np.unravel_index(np.where(cross, sub, -np.inf).argmax(), sub.shape)
            a, b = sorted((members[r], members[c]))
            key = (claims[a].id, claims[b].id)
            pairs[key] = (claims[a], claims[b])
            similarity[key] = max(float(sub[r, c]), float(ctx[a] @ ctx[b]))
    nearest = {claims[i].id: max((s for _, s in best[i].values()), default=0.0) for i in range(n)}
    root = [find(i) for i in range(n)]
    candidates: dict[tuple[str, str], tuple[Claim, Claim]] = {}
    for i in range(n):
        for j, sim in best[i].values():
            if settings.bridge_min < 1.0 and root[i] != root[j] and sim >= settings.bridge_min:
                a, b = sorted((i, j))
                key = (claims[a].id, claims[b].id)
                candidates[key] = (claims[a], claims[b])
                similarity[key] = max(sim, float(ctx[a] @ ctx[b]))
    return Alignment(
        tuple(topics), tuple(pairs.values()), similarity, nearest, tuple(candidates.values())
    )


BRIDGING = ("contradict", "entail")


def bridge(
    topics: Sequence[Topic], relations: Sequence[Relation]
) -> tuple[tuple[Topic, ...], list[Relation]]:
    """Join topics that a judged pair across them ties together: two claims the judge finds
    contradictory or entailed are about one matter, however differently they are worded
    (paraphrased opposites fall under any cosine bar). Ids and labels stay the first topic's.
    Returns the topics and the relations inside them: a candidate pair the judge did not tie
    into one topic was about different matters."""
    owner = {c.id: k for k, t in enumerate(topics) for c in t.claims}
    parent = list(range(len(topics)))
    for rel in relations:
        if rel.label in BRIDGING:
            a, b = _root(parent, owner[rel.claim_a.id]), _root(parent, owner[rel.claim_b.id])
            if a != b:
                parent[b] = a
    groups: dict[int, list[Claim]] = {}
    for k, t in enumerate(topics):
        groups.setdefault(_root(parent, k), []).extend(t.claims)
    out = []
    for k, members in groups.items():
        if len(members) == len(topics[k].claims):
            out.append(topics[k])
        else:
            ordered = tuple(sorted(members, key=lambda c: (c.party, c.start)))
            out.append(Topic(id=topics[k].id, label=label_of(ordered), claims=ordered))
    root = [_root(parent, k) for k in range(len(topics))]
    inside = [r for r in relations if root[owner[r.claim_a.id]] == root[owner[r.claim_b.id]]]
    return tuple(out), inside
