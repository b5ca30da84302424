"""Stage 5, align: pick the cross-party claim pairs worth judging, and group one party's claims.

A claim's candidates are its few nearest claims in each other party (blockwise cosine, never an
all-pairs matrix held at once), from a permissive bar: paraphrased opposites and a firm claim
against its hedged version fall far under any bar that keeps strangers apart, so the judge
reads them first and ``takediff.matters`` decides which pairs are one matter. Cost grows with
the number of claims, not with the number of pairs. ``cluster`` groups what only one party
says (centroid linkage, so one bridging sentence cannot chain two subjects into one topic).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from takediff.models import Embedder
from takediff.settings import AlignSettings
from takediff.types import Claim

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
    """The claims, the cross-party pairs worth judging, and what the matters stage needs to
    tie them into topics: each pair's similarity features and the claims' vectors."""

    claims: tuple[Claim, ...]
    pairs: tuple[tuple[Claim, Claim], ...]
    similarity: dict[tuple[str, str], float]  # max of the claims' and their sentences' cosine
    nearest_other: dict[str, float]  # claim id → best cosine to any other party's claim
    #: (claim cosine, sentence cosine, content-word overlap) of every pair, by claim ids
    features: dict[tuple[str, str], tuple[float, float, float]] = field(default_factory=dict)
    vectors: np.ndarray = field(default_factory=lambda: np.zeros((0, 0), dtype=np.float32))


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


def _candidates(
    vecs: np.ndarray, parties: list[str], k: int, floor: float, max_parties: int
) -> tuple[dict[tuple[int, int], float], dict[int, float]]:
    """Each claim's ``k`` nearest claims in each of its ``max_parties`` closest other parties,
    from cosine ``floor`` (blockwise); also each claim's best cosine to any other party."""
    names = sorted(set(parties))
    members = {p: np.array([i for i, q in enumerate(parties) if q == p]) for p in names}
    per_party: dict[int, list[tuple[float, str, list[tuple[float, int]]]]] = {
        i: [] for i in range(len(vecs))
    }
    for p in names:
        cols = members[p]
        kk = min(k, len(cols))
        for lo in range(0, len(vecs), BLOCK):
            block = vecs[lo : lo + BLOCK] @ vecs[cols].T
            top = np.argsort(-block, axis=1)[:, :kk]
            for r in range(block.shape[0]):
                i = lo + r
                if parties[i] == p:
                    continue
                found = [(float(block[r, j]), int(cols[j])) for j in top[r]]
                per_party[i].append((found[0][0], p, found))
    pairs: dict[tuple[int, int], float] = {}
    nearest: dict[int, float] = {}
    for i, options in per_party.items():
        nearest[i] = max((best for best, _, _ in options), default=0.0)
        for _, _, found in sorted(options, reverse=True)[:max_parties]:
            for sim, j in found:
                if sim >= floor:
                    pairs[(min(i, j), max(i, j))] = sim
    return pairs, nearest


def content_words(text: str) -> set[str]:
    """Lower-cased words of a claim without function words (for the overlap of two claims)."""
    return {w.lower().strip("'’-") for w in _TOKEN.findall(text)} - _STOP


def overlap(a: str, b: str) -> float:
    """Jaccard overlap of two texts' content words."""
    wa, wb = content_words(a), content_words(b)
    return len(wa & wb) / len(wa | wb) if wa or wb else 0.0


def label_of(claims: Sequence[Claim]) -> str:
    """A short noun phrase that names the topic's matter ("border crossings"): of the claims'
    noun phrases, the head most parties use, then the most used, a phrase of several words
    before one word. Without phrases, a few content words the claims share."""
    heads: dict[str, tuple[set[str], Counter[str]]] = {}
    for c in claims:
        for phrase in c.phrases:
            head = _stem(phrase.split()[-1])
            users, spellings = heads.setdefault(head, (set(), Counter()))
            users.add(c.party)
            spellings[phrase] += 1
    if heads:
        users, spellings = max(
            heads.values(),
            key=lambda h: (len(h[0]), sum(h[1].values()), max(len(p.split()) for p in h[1])),
        )
        return max(spellings, key=lambda p: (spellings[p], len(p.split()), -len(p)))
    return _word_label(claims)


def _stem(word: str) -> str:
    """Crossings/crossing, tariffs/tariff: the same head."""
    word = word.lower()
    return word[:-1] if word.endswith("s") and len(word) > 3 else word


def _word_label(claims: Sequence[Claim]) -> str:
    """A few content words that the topic's claims share, most common first."""
    counts: Counter[str] = Counter()
    by_party: dict[str, set[str]] = {}
    for c in claims:
        words = content_words(c.text)
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
    vecs = embedder.embed([mask_names(c.plain, names) for c in claims])
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


def components(parent: list[int]) -> list[list[int]]:
    """The union-find's groups, each in index order, in order of their first member."""
    groups: dict[int, list[int]] = {}
    for i in range(len(parent)):
        groups.setdefault(_root(parent, i), []).append(i)
    return list(groups.values())


def cluster(vecs: np.ndarray, settings: AlignSettings = AlignSettings()) -> list[list[int]]:
    """Group one party's claims (rows of ``vecs``) that speak to one matter: each claim links to
    its nearest neighbours from ``link_same`` cosine, and links merge clusters only while the
    clusters' centroids stay ``merge_centroid`` close (centroid linkage, so one bridging sentence
    cannot chain two subjects into one topic). Groups in order of their first row."""
    n = len(vecs)
    parent = list(range(n))
    centroid = vecs.astype(np.float64).copy()  # running sums; cosine uses their direction
    nb_idx, nb_sim = _neighbours(vecs, settings.neighbours)
    links = [
        (float(nb_sim[i, r]), i, int(nb_idx[i, r]))
        for i in range(n)
        for r in range(nb_idx.shape[1])
        if nb_sim[i, r] >= settings.link_same
    ]
    for _, i, j in sorted(links, reverse=True):
        a, b = _root(parent, i), _root(parent, j)
        if a == b:
            continue
        ca, cb = centroid[a], centroid[b]
        cos = float(ca @ cb / (np.linalg.norm(ca) * np.linalg.norm(cb) + 1e-12))
        if cos >= settings.merge_centroid:
            parent[b] = a
            centroid[a] = ca + cb
    return components(parent)


def align(
    claims: list[Claim], embedder: Embedder, settings: AlignSettings = AlignSettings()
) -> Alignment:
    """Choose the cross-party pairs worth judging: each claim with its ``candidates`` nearest
    claims in each other party, from the permissive cosine ``candidate_min``. Which of them
    speak to one matter is decided after the judge has read them (``takediff.matters``)."""
    if not claims:
        return Alignment((), (), {}, {})
    vecs, ctx = embed_claims(claims, embedder)
    parties = [c.party for c in claims]
    found, best = _candidates(
        vecs, parties, settings.candidates, settings.candidate_min, settings.max_party_matches
    )
    pairs: list[tuple[Claim, Claim]] = []
    similarity: dict[tuple[str, str], float] = {}
    features: dict[tuple[str, str], tuple[float, float, float]] = {}
    for (a, b), sim in sorted(found.items()):
        key = (claims[a].id, claims[b].id)
        pairs.append((claims[a], claims[b]))
        sentence = float(ctx[a] @ ctx[b])
        similarity[key] = max(sim, sentence)
        features[key] = (sim, sentence, overlap(claims[a].plain, claims[b].plain))
    nearest = {claims[i].id: best[i] for i in range(len(claims))}
    return Alignment(tuple(claims), tuple(pairs), similarity, nearest, features, vecs)
