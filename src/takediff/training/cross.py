"""Cross-item pairs: two claims about different things, which never contradict.

Public 3-way NLI follows SNLI's convention that two captions of different scenes contradict;
takediff's principle is the opposite: only claims about the same thing can contradict. A
premise set against a hypothesis written for *another* premise is about another event, so the
judge must not read it as a contradiction, however many words the two share. Two kinds:

- ``random``: a premise and a hypothesis of a randomly drawn other item → ``neutral`` (two
  unrelated claims; nothing follows either way).
- ``hard``: a premise and the hypothesis written for another premise that the embedder finds
  nearest to it → ``not_contradiction``. Near neighbours may share a scene's words ("a man",
  "outside"), so entailment cannot be ruled out; what is known is that the two were written
  about different events, so the loss says only "not a contradiction".

An item's premise never meets its own hypotheses, nor those of a premise the embedder finds
near-identical to it (``same_event_min``): that could be the same scene, where a clash is real.
Every pair comes from one split's items only (the training script passes ``train``; the probe
evaluation makes its own from ``dev``).
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence

import numpy as np

from takediff.evaluate.nli_data import NliPair

#: The kinds ``make_cross`` makes, in the order of the ablation.
CROSS_KINDS: tuple[str, ...] = ("random", "hard")
#: Two premises at least this close (cosine, the embedder) may tell of one scene: never crossed.
SAME_EVENT_MIN = 0.75
#: A hard pair's hypothesis is at least this close to the premise (else it is only random).
HARD_MIN = 0.3


def _key(text: str) -> str:
    return " ".join(text.lower().split())


def _groups(items: Sequence[NliPair]) -> tuple[list[str], list[list[str]]]:
    """Unique premises and the hypotheses written for each."""
    by_premise: dict[str, tuple[str, list[str]]] = {}
    for p in items:
        if p.kind != "nli3":
            continue
        entry = by_premise.setdefault(_key(p.premise), (p.premise, []))
        entry[1].append(p.hypothesis)
    premises = [v[0] for v in by_premise.values()]
    hypotheses = [v[1] for v in by_premise.values()]
    return premises, hypotheses


def random_pairs(items: Sequence[NliPair], n: int, seed: int, split: str) -> list[NliPair]:
    """``n`` pairs of a premise with a hypothesis of a random other premise → neutral."""
    premises, hypotheses = _groups(items)
    if len(premises) < 2:
        return []
    rng = random.Random(seed)
    out: list[NliPair] = []
    for k in range(n):
        i, j = rng.sample(range(len(premises)), 2)
        hyp = rng.choice(hypotheses[j])
        out.append(
            NliPair(
                f"cross-random-{split}-{k}", "cross", "cross", premises[i], hyp, "neutral", split
            )
        )
    return out


def hard_pairs(
    items: Sequence[NliPair],
    n: int,
    embed: Callable[[Sequence[str]], np.ndarray],
    seed: int,
    split: str,
    *,
    pool: int = 20000,
    label: str = "not_contradiction",
) -> list[NliPair]:
    """``n`` pairs of a premise with the nearest hypothesis (by ``embed``) written for another
    premise that is not near-identical to it → ``label``."""
    premises, hypotheses = _groups(items)
    if len(premises) < 2:
        return []
    rng = random.Random(seed)
    order = list(range(len(premises)))
    rng.shuffle(order)
    chosen = order[: min(len(order), max(n, 1) * 2)]
    # the hypothesis pool: one hypothesis per premise, over a seeded sample of premises
    pool_idx = order[: min(len(order), pool)]
    pool_h = [rng.choice(hypotheses[j]) for j in pool_idx]
    vec_p = embed([premises[i] for i in chosen])
    vec_pool_p = embed([premises[j] for j in pool_idx])
    vec_h = embed(pool_h)
    out: list[NliPair] = []
    used: set[int] = set()
    for row, i in enumerate(chosen):
        if len(out) >= n:
            break
        sim_h = vec_h @ vec_p[row]
        same = (vec_pool_p @ vec_p[row]) >= SAME_EVENT_MIN  # own premise included (cosine 1)
        sim_h[same] = -1.0
        sim_h[list(used)] = -1.0
        best = int(np.argmax(sim_h))
        if sim_h[best] < HARD_MIN:
            continue
        used.add(best)
        out.append(
            NliPair(
                f"cross-hard-{split}-{len(out)}",
                "cross",
                "cross",
                premises[i],
                pool_h[best],
                label,
                split,
            )
        )
    return out


def make_cross(
    items: Sequence[NliPair],
    *,
    n_random: int,
    n_hard: int,
    embed: Callable[[Sequence[str]], np.ndarray] | None,
    seed: int = 13,
    hard_label: str = "not_contradiction",
    pool: int = 20000,
) -> list[NliPair]:
    """Random and hard cross-item pairs from one split's 3-way items (all must share a split);
    ``pool``: how many other premises' hypotheses a hard pair's nearest is sought among."""
    splits = {p.split for p in items}
    if len(splits) != 1:
        raise ValueError(f"cross pairs come from one split's items, not {sorted(splits)}")
    split = splits.pop()
    out = random_pairs(items, n_random, seed, split)
    if n_hard:
        if embed is None:
            raise ValueError("hard cross pairs need an embedder")
        out += hard_pairs(items, n_hard, embed, seed + 1, split, label=hard_label, pool=pool)
    return out
