"""Stage 6b, matters: tie judged claim pairs into Topics, one matter each.

Cosine alone cannot say whether two parties speak to one matter: "every district is lifted"
against "the riverside districts stay under it" is far apart in any embedding, and two claims
that share the event's names are close without sharing a matter. So the judge reads every
candidate pair first, and a small logistic model (``MatterSettings``, fitted by
``scripts/fit_matters.py``) weighs the pair's cosine, its sentences' cosine, its content-word
overlap and the judge's probabilities into the probability that the two claims are one matter.

Pairs tie claims from the most probable down, each claim to at most one sentence of each
other party (a matter is what one party says against what another says; of two sentences
that both fit a claim, the weaker tie is left out), so a topic stays the size of a matter
instead of chaining a whole call together. A claim no other party's claim is tied to is not
hidden in a shared topic: it joins a one-sided topic of its own party's claims (``cluster``).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import replace

from takediff.align import Alignment, _root, cluster, components, label_of
from takediff.settings import AlignSettings, MatterSettings
from takediff.types import Claim, Relation, Topic


def _pair(alignment: Alignment, a: str, b: str, similarity: float) -> tuple[float, float, float]:
    """The pair's cosine, sentence cosine and overlap as align measured them, either way
    round (``similarity`` for both cosines where align did not)."""
    return alignment.features.get(
        (a, b), alignment.features.get((b, a), (similarity, similarity, 0.0))
    )


def features(alignment: Alignment, rel: Relation) -> tuple[float, ...]:
    """The link model's inputs for one judged pair, in ``MatterSettings``' order."""
    cosine, context, overlap = _pair(alignment, rel.claim_a.id, rel.claim_b.id, rel.similarity)
    s = rel.scores
    return (cosine, context, overlap, s["contradict"], s["entail"], s["unrelated"])


def link_probability(
    x: Sequence[float], settings: MatterSettings = MatterSettings(), extra: float = 0.0
) -> float:
    """P(one matter) for a pair's ``features`` (``extra`` is added to the logit)."""
    w = (
        settings.weight_cosine,
        settings.weight_context,
        settings.weight_overlap,
        settings.weight_contradict,
        settings.weight_entail,
        settings.weight_unrelated,
    )
    z = settings.intercept + extra + sum(a * b for a, b in zip(w, x, strict=True))
    return 1.0 / (1.0 + math.exp(-z))


def worth_judging(
    alignment: Alignment, settings: MatterSettings = MatterSettings()
) -> list[tuple[Claim, Claim]]:
    """The candidate pairs that could tie: those whose link probability reaches ``link_min``
    for the judge's most favourable answer. The judge's probabilities enter the link model
    only through p(contradiction), p(entailment) (at most 1 together) and p(unrelated), so a
    pair below that bound never ties whatever the judge says, and judging it is wasted."""
    best_judge = max(settings.weight_contradict, settings.weight_entail, 0.0) + max(
        settings.weight_unrelated, 0.0
    )
    out = []
    for a, b in alignment.pairs:
        sim = alignment.similarity.get((a.id, b.id), 0.0)
        cosine, context, overlap = _pair(alignment, a.id, b.id, sim)
        bound = link_probability((cosine, context, overlap, 0.0, 0.0, 0.0), settings, best_judge)
        if bound >= settings.link_min:
            out.append((a, b))
    return out


def matters(
    alignment: Alignment,
    relations: Sequence[Relation],
    settings: MatterSettings = MatterSettings(),
    grouping: AlignSettings = AlignSettings(),
) -> tuple[tuple[Topic, ...], list[Relation]]:
    """Topics from the judged pairs, and the relations inside them (a judged pair the link
    model left in two topics was about two matters). ``grouping``: how one party's untied
    claims group into one-sided topics."""
    claims = list(alignment.claims)
    index = {c.id: i for i, c in enumerate(claims)}
    scored = sorted(
        ((link_probability(features(alignment, r), settings), k) for k, r in enumerate(relations)),
        reverse=True,
    )
    parent = list(range(len(claims)))
    tied: dict[tuple[int, str], int] = {}  # (claim, other party) → the claim it is tied to
    ties: set[int] = set()
    for prob, k in scored:
        if prob < settings.link_min:
            break
        a, b = index[relations[k].claim_a.id], index[relations[k].claim_b.id]
        if not (_free(claims, tied, a, b) and _free(claims, tied, b, a)):
            continue
        tied.setdefault((a, claims[b].party), b)
        tied.setdefault((b, claims[a].party), a)
        ties.add(k)
        ra, rb = _root(parent, a), _root(parent, b)
        if ra != rb:
            parent[rb] = ra
    groups = components(parent)
    shared = [m for m in groups if len(m) > 1]  # ties join parties, so every group is shared
    alone = [m[0] for m in groups if len(m) == 1]
    by_party: dict[str, list[int]] = {}
    for i in alone:
        by_party.setdefault(claims[i].party, []).append(i)
    for members in by_party.values():
        parts = cluster(alignment.vectors[members], grouping)
        shared.extend([members[j] for j in part] for part in parts)
    topics = _numbered([[claims[i] for i in sorted(m)] for m in shared])
    owner = {c.id: t.id for t in topics for c in t.claims}
    inside = [
        replace(r, tied=k in ties)
        for k, r in enumerate(relations)
        if owner[r.claim_a.id] == owner[r.claim_b.id]
    ]
    return topics, inside


def _free(claims: list[Claim], tied: dict[tuple[int, str], int], a: int, b: int) -> bool:
    """May claim ``a`` be tied to ``b``? Yes if ``a`` has no tie in ``b``'s party yet, or its
    tie there is a clause of ``b``'s own sentence (one sentence speaks to one matter) and ``b``
    has no tie of its own in ``a``'s party."""
    other = tied.get((a, claims[b].party))
    if other is None:
        return True
    same_sentence = bool(claims[b].context) and claims[other].context == claims[b].context
    return same_sentence and (b, claims[a].party) not in tied


def _numbered(groups: list[list[Claim]]) -> tuple[Topic, ...]:
    """Topics in reading order (by party, then position of their first claim)."""
    groups.sort(key=lambda g: (g[0].party, g[0].start))
    return tuple(
        Topic(id=f"t{k + 1}", label=label_of(g), claims=tuple(g)) for k, g in enumerate(groups)
    )
