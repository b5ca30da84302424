"""Rule-made contrast pairs from training premises: the contradictions statements turn on.

Public NLI data is mostly captions and fiction; parties' statements clash in a few set ways
that the data rarely shows. Each rule edits one premise (from a ``train`` split only) into a
hypothesis whose label is known by construction:

- ``negation``: the main verb's first auxiliary negated ("will open" → "will not open") →
  contradiction; the same under a framing verb ("We want to make clear that ... will not ...")
  → contradiction.
- ``number``: an exact number changed (never one after "about", "at least", "more than", ...)
  → contradiction.
- ``date``: a weekday or month changed → contradiction.
- ``antonym``: a bare-form main verb after a modal or "to" replaced by its WordNet antonym
  ("will open" → "will close") → contradiction.
- ``scope``: "A and B" narrowed to "A" → entailment (the narrower claim follows).

spaCy's parse finds the verb, its auxiliaries and the numbers. Every pair keeps its source
premise's id, so a training run can say which premises fed it.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterable, Iterator
from typing import Any

from takediff.evaluate.nli_data import NliPair

WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
]  # fmt: skip
FRAMES = [
    "We want to make clear that",
    "The spokesperson said that",
    "Let me be clear:",
    "It is our position that",
]
#: Words before a number that make it a bound, not a value: changing it may not contradict.
BOUNDS = frozenset(
    "about around almost nearly over under least most more less than up some roughly "
    "approximately few several".split()
)
MODALS = frozenset("will would can could shall should may might must".split())
#: Verbs too light or too many-sensed for a WordNet antonym to be their opposite here.
LIGHT_VERBS = frozenset(
    "be have do get go come make take run give keep let put set stand turn hold find miss "
    "lack look see say tell break".split()
)
RULES: tuple[str, ...] = ("negation", "framed_negation", "number", "date", "antonym", "scope")


def _negated(doc: Any) -> str | None:
    """The sentence with its root's first auxiliary negated, or None when there is none or the
    verb is negated already."""
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    if root is None or any(c.dep_ == "neg" for c in root.children):
        return None
    aux = next((c for c in root.children if c.dep_ in ("aux", "auxpass") and c.i < root.i), None)
    if aux is None and root.lemma_ == "be" and root.tag_ in ("VBZ", "VBP", "VBD"):
        aux = root
    if aux is None or (aux.i + 1 < len(doc) and doc[aux.i + 1].lower_ in ("only", "just")):
        return None
    text: str = doc.text
    end = aux.idx + len(aux.text)
    if aux.lower_ in ("can",):
        return text[:end] + "not" + text[end:]
    return text[:end] + " not" + text[end:]


_COMMON_STARTS = frozenset(
    "a an the this that these those it its they their we our he his she her there some many "
    "two three four five several each every one".split()
)


def _lower_first(text: str) -> str:
    """Lower-case the first letter after a frame, unless the first word may be a name."""
    first = text.split(" ", 1)[0]
    return text[:1].lower() + text[1:] if first.lower() in _COMMON_STARTS else text


def _number_changed(doc: Any, rng: random.Random) -> str | None:
    nums = [
        t
        for t in doc
        if re.fullmatch(r"\d{1,4}", t.text)
        and not (t.i > 0 and doc[t.i - 1].lower_ in BOUNDS)
        and not (t.i > 1 and doc[t.i - 1].lower_ == "than")
    ]
    if not nums:
        return None
    tok = rng.choice(nums)
    value = int(tok.text)
    other = value + rng.choice([1, 2, 3, 5, 10]) if value < 1900 else value + rng.choice([1, 2])
    text: str = doc.text
    return text[: tok.idx] + str(other) + text[tok.idx + len(tok.text) :]


def _date_changed(text: str, rng: random.Random) -> str | None:
    for names in (WEEKDAYS, MONTHS):
        found = [n for n in names if re.search(rf"\b{n}\b", text)]
        if found:
            old = rng.choice(found)
            new = rng.choice([n for n in names if n not in found])
            return re.sub(rf"\b{old}\b", new, text, count=1)
    return None


def _antonym_swapped(doc: Any, table: dict[str, list[str]], rng: random.Random) -> str | None:
    for tok in doc:
        if tok.dep_ != "ROOT" or tok.tag_ != "VB":
            continue
        before = doc[tok.i - 1].lower_ if tok.i else ""
        if before not in MODALS and before != "to" and doc[tok.i - 1].dep_ != "aux":
            return None
        options = table.get(tok.lower_)
        if not options or tok.lower_ in LIGHT_VERBS:
            return None
        new = rng.choice(sorted(options))
        text: str = doc.text
        return text[: tok.idx] + new + text[tok.idx + len(tok.text) :]
    return None


def _narrowed(doc: Any) -> str | None:
    """ "A and B" (two noun conjuncts) → "A": the narrower sentence is entailed."""
    for tok in doc:
        if tok.pos_ != "NOUN" or tok.dep_ not in ("dobj", "pobj", "nsubj", "nsubjpass"):
            continue
        if tok.dep_ == "pobj" and tok.head.lower_ in ("between", "among"):
            continue
        conj = [c for c in tok.children if c.dep_ == "conj" and c.pos_ == "NOUN"]
        cc = [c for c in tok.children if c.dep_ == "cc" and c.lower_ == "and"]
        if len(conj) == 1 and cc and not any(c.dep_ == "preconj" for c in tok.children):
            start = min(cc[0].i, *(t.i for t in conj[0].subtree))
            end = max(t.i for t in conj[0].subtree) + 1
            cut = doc[start:end]
            text = doc.text[: cut.start_char].rstrip(" ,") + doc.text[cut.end_char :]
            return re.sub(r"\s+([.,;:!?])", r"\1", text)
    return None


def verb_antonyms(pairs: Iterable[tuple[str, str, str]]) -> dict[str, list[str]]:
    """word → its verb antonyms, from the (word, word, part of speech) rows of the lexicon."""
    table: dict[str, list[str]] = {}
    for x, y, pos in pairs:
        if pos == "v":
            table.setdefault(x, []).append(y)
            table.setdefault(y, []).append(x)
    return table


def make_pairs(
    premises: list[NliPair],
    nlp: Any,
    antonyms: dict[str, list[str]],
    *,
    per_rule: int,
    seed: int = 13,
    split: str = "train",
) -> list[NliPair]:
    """Up to ``per_rule`` contrast pairs a rule, from a seeded shuffle of ``split``'s premises
    (training reads ``train``; the probe's control reads ``dev``)."""
    rng = random.Random(seed)
    seen: set[str] = set()
    unique = []
    for p in premises:
        if p.split != split:
            raise ValueError(f"contrast pairs come from {split} premises only, not {p.id}")
        fits = 6 <= len(p.premise.split()) <= 40 and not p.premise.rstrip().endswith("?")
        if p.premise not in seen and fits:
            seen.add(p.premise)
            unique.append(p)
    rng.shuffle(unique)
    counts = dict.fromkeys(RULES, 0)
    out: list[NliPair] = []
    docs: Iterator[Any] = nlp.pipe((p.premise for p in unique), batch_size=256)
    for p, doc in zip(unique, docs, strict=True):
        if all(n >= per_rule for n in counts.values()):
            break
        made = {
            "negation": _negated(doc),
            "number": _number_changed(doc, rng),
            "date": _date_changed(doc.text, rng),
            "antonym": _antonym_swapped(doc, antonyms, rng),
            "scope": _narrowed(doc),
        }
        negated = made["negation"]
        if negated:
            made["framed_negation"] = f"{rng.choice(FRAMES)} {_lower_first(negated)}"
        for rule, hypothesis in made.items():
            if hypothesis is None or hypothesis == doc.text or counts[rule] >= per_rule:
                continue
            label = "entailment" if rule == "scope" else "contradiction"
            out.append(
                NliPair(
                    f"contrast-{rule}-{p.id}",
                    "contrast",
                    "nli3",
                    p.premise,
                    hypothesis,
                    label,
                    split,
                )
            )
            counts[rule] += 1
    return out
