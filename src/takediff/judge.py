"""Stage 6, judge: how does each aligned claim bear on the other? → Relation.

Two sources, contradiction checked first (an entailment-first rule misses real contradictions):
1. explicit checks for the contradictions that matter in statements (de Marneffe et al. 2008):
   negation of the same act, antonymous acts, mismatched numbers, refusal against a firm promise;
2. the cross-encoder, run in both directions ((a, b) and (b, a)) in one batch.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

import numpy as np

from takediff.evidence import content_words
from takediff.models import STANCE_LABELS, StanceModel
from takediff.quantities import comparable, covers, label, quantities, shares
from takediff.same_matter import shipped as shipped_gate
from takediff.settings import JudgeSettings, RuleSettings
from takediff.types import Claim, Relation, RelationLabel

_ANTONYM_PAIRS = [
    ("open", "close"),
    ("reopen", "close"),
    ("open", "closed"),
    ("reopen", "closed"),
    ("lift", "impose"),
    ("begin", "postpone"),
    ("start", "postpone"),
    ("begin", "delay"),
    ("start", "delay"),
    ("start", "stop"),
    ("begin", "end"),
    ("begin", "halt"),
    ("start", "halt"),
    ("accept", "reject"),
    ("agree", "refuse"),
    ("agree", "reject"),
    ("increase", "decrease"),
    ("increase", "cut"),
    ("raise", "cut"),
    ("raise", "lower"),
    ("rise", "fall"),
    ("win", "lose"),
    ("allow", "ban"),
    ("allow", "forbid"),
    ("allow", "prohibit"),
    ("permit", "ban"),
    ("confirm", "deny"),
    ("admit", "deny"),
    ("support", "oppose"),
    ("approve", "reject"),
    ("approve", "veto"),
    ("withdraw", "deploy"),
    ("withdraw", "send"),
    ("release", "detain"),
    ("release", "hold"),
    ("resume", "suspend"),
    ("continue", "suspend"),
    ("continue", "stop"),
    ("sign", "reject"),
    ("include", "exclude"),
    ("succeed", "fail"),
    ("expand", "reduce"),
    ("join", "leave"),
    ("enter", "leave"),
    ("attack", "defend"),
    ("arrive", "leave"),
]
#: The hand list above: the acts statements about policy reverse most often.
ANTONYMS: frozenset[frozenset[str]] = frozenset(frozenset(p) for p in _ANTONYM_PAIRS)
ANTONYM_SOURCES: tuple[str, ...] = ("hand", "wordnet", "both", "none")
_LIGHT_VERBS = frozenset({"be", "have", "say", "do", "make", "get", "go"})


@cache
def lexicon_rows() -> tuple[tuple[str, str, str], ...]:
    """WordNet 3.0's direct antonyms of verbs and adjectives as (word, word, part of speech)
    rows (``lexicon/antonyms.tsv``, built by ``scripts/build_antonyms.py``)."""
    text = files("takediff").joinpath("lexicon", "antonyms.tsv").read_text(encoding="utf-8")
    rows = (line.split("\t") for line in text.splitlines() if line and not line.startswith("#"))
    return tuple((row[0], row[1], row[2]) for row in rows)


@cache
def wordnet_antonyms() -> frozenset[frozenset[str]]:
    """The lexicon's pairs, each as an unordered pair of words."""
    return frozenset(frozenset(row[:2]) for row in lexicon_rows())


@cache
def antonyms(source: str) -> frozenset[frozenset[str]]:
    """The antonym pairs the "opposite acts" check uses: ``RuleSettings.antonyms`` names them
    (cached: every checked claim pair asks)."""
    if source not in ANTONYM_SOURCES:
        raise ValueError(f"antonym source {source!r} is none of {', '.join(ANTONYM_SOURCES)}")
    if source == "none":
        return frozenset()
    if source == "hand":
        return ANTONYMS
    return wordnet_antonyms() | (ANTONYMS if source == "both" else frozenset())


@dataclass(slots=True, frozen=True)
class RuleHit:
    rule: str
    reason: str


#: Words of a number itself ("12 million crowns"): no subject of what it counts.
_SCALE_WORDS = frozenset(
    "hundred hundreds thousand thousands million millions billion billions trillion percent "
    "per cent pct half quarter dozen".split()
)


def number_clash(a: Claim, b: Claim) -> RuleHit | None:
    """Both claims count the same thing and give it different figures, read as quantities
    ("3.1 percent" against "closer to 4 percent"; not "1.6 million" against "1,626,042", nor
    "68-year-old" against "seven-term"). The same thing: a unit both count (the noun after the
    number, a currency, percent) where no figure of one is a figure of the other, and the same
    subject: a content word both repeat besides the number and its unit ("the deficit"; a bare
    number, read by the word before it as a date or a year is, needs two: "the treaty was signed
    in 2019"). Two numbers that merely share a sentence's shape are no clash."""
    if not (a.numbers and b.numbers):
        return None
    na, nb = quantities(a.text), quantities(b.text)
    if not (na and nb and comparable(na, nb)):
        return None
    common = {
        w
        for w in content_words(a.plain) & content_words(b.plain)
        if not w[:1].isdigit() and w not in _SCALE_WORDS
    }
    clash = []
    for unit in sorted(({q.unit for q in na} & {q.unit for q in nb}) - {""}):
        ua = tuple(q for q in na if q.unit == unit)
        ub = tuple(q for q in nb if q.unit == unit)
        word = unit.removeprefix("#")
        subject = {w for w in common if w != word and w.rstrip("s") != word}
        if len(subject) >= (2 if unit.startswith("#") else 1) and not shares(ua, ub):
            clash.append((ua, ub))
    if not clash:
        return None
    ua, ub = clash[0]
    return RuleHit(
        "numbers",
        f"different numbers: {a.party} gives {', '.join(label(q) for q in ua)}, "
        f"{b.party} {', '.join(label(q) for q in ub)}",
    )


def same_numbers(a: Claim, b: Claim) -> bool:
    """Both claims name the same numbers ("4 percent over two years" twice, however rounded)."""
    if not (a.numbers and b.numbers):
        return False
    na = quantities(a.text)
    return bool(na) and covers(na, quantities(b.text))


def _normal(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


def _first_cue(claim: Claim, *kinds: str) -> str:
    return next((f"“{c.text}”" for c in claim.cues if c.kind in kinds), "")


def check_rules(
    a: Claim, b: Claim, similarity: float, settings: RuleSettings = RuleSettings()
) -> RuleHit | None:
    """Return the first explicit contradiction between two claims, if any. Rules only fire
    between claims that are clearly about the same thing (``settings``' cosine minimums)."""
    return next(iter(fired_checks(a, b, similarity, settings)), None)


def fired_checks(
    a: Claim, b: Claim, similarity: float, settings: RuleSettings = RuleSettings()
) -> list[RuleHit]:
    """Every explicit check that fires on two claims, in the order ``check_rules`` tries them
    (``takediff judge`` shows them all: a person asking "why contradict?" sees each reason)."""
    hits: list[RuleHit] = []
    shared = set(a.predicates) & set(b.predicates)
    same_act = bool(shared - _LIGHT_VERBS) or (bool(shared) and similarity >= settings.same_act_min)
    act = next(iter(sorted(shared - _LIGHT_VERBS or shared)), "")
    if a.negated != b.negated and same_act and similarity >= settings.negation_min:
        neg, pos = (a, b) if a.negated else (b, a)
        hits.append(
            RuleHit(
                "negation",
                f"{neg.party} negates what {pos.party} asserts "
                f"(“{act}”, {_first_cue(neg, 'negation')})",
            )
        )
    table = antonyms(settings.antonyms)
    opposite = next(
        ((x, y) for x in a.predicates for y in b.predicates if frozenset((x, y)) in table), None
    )
    if opposite and a.negated == b.negated and similarity >= settings.antonym_min:
        hits.append(
            RuleHit(
                "antonym", f"opposite acts: {a.party} “{opposite[0]}”, {b.party} “{opposite[1]}”"
            )
        )
    numbers = number_clash(a, b)
    if numbers and similarity >= settings.numbers_min and same_act:
        hits.append(numbers)
    refusing = [c for c in (a, b) if any(q.kind == "refusal" for q in c.cues)]
    if len(refusing) == 1 and similarity >= settings.refusal_min:
        other = b if refusing[0] is a else a
        if other.commitment >= settings.refusal_firm_min:
            hits.append(
                RuleHit(
                    "refusal",
                    f"{refusing[0].party} refuses "
                    f"({_first_cue(refusing[0], 'refusal')}) what "
                    f"{other.party} states firmly",
                )
            )
    return hits


#: A judge's label → the relation score it feeds (a stance judge's "agree" is entailment, ...).
SCORE_OF_LABEL = {
    "entailment": "entail",
    "agree": "entail",
    "contradiction": "contradict",
    "disagree": "contradict",
    "neutral": "neutral",
    "discuss": "neutral",
    "unrelated": "unrelated",
}


def relation_scores(directions: np.ndarray, labels: Sequence[str]) -> dict[str, float]:
    """One pair's scores from its two directions' probabilities (columns ``labels``): entailment
    and contradiction in the stronger direction, neutral and unrelated on average (0 where the
    judge has no such label)."""
    col = {SCORE_OF_LABEL[name]: i for i, name in enumerate(labels)}
    mean = directions.mean(axis=0)
    return {
        "entail": float(directions[:, col["entail"]].max()),
        "contradict": float(directions[:, col["contradict"]].max()),
        "neutral": float(mean[col["neutral"]]),
        "unrelated": float(mean[col["unrelated"]]) if "unrelated" in col else 0.0,
    }


def label_of(scores: dict[str, float], settings: JudgeSettings) -> RelationLabel:
    """Contradiction first, then entailment in either direction, then unrelated, else neutral."""
    if scores["contradict"] >= settings.contradict_min:
        return "contradict"
    if scores["entail"] >= settings.entail_min:
        return "entail"
    if scores["unrelated"] >= settings.unrelated_min:
        return "unrelated"
    return "neutral"


def score_pairs(
    pairs: Sequence[tuple[str, str]],
    model: StanceModel,
    relatedness: StanceModel | None = None,
) -> list[dict[str, float]]:
    """Each text pair's relation scores, both directions in one batch (``relation_scores``).

    An NLI judge has no "unrelated" class; where ``relatedness`` (a stance model) is given, its
    "unrelated" probability, over both directions, says whether two claims are about the same
    matter at all.
    """
    if not pairs:
        return []
    both = list(pairs) + [(b, a) for a, b in pairs]
    probs = model.score(both)
    labels = tuple(getattr(model, "labels", STANCE_LABELS))
    unrelated: np.ndarray | None = None
    if "unrelated" not in labels and relatedness is not None:
        column = tuple(getattr(relatedness, "labels", STANCE_LABELS)).index("unrelated")
        unrelated = relatedness.score(both)[:, column]
    n = len(pairs)
    out = []
    for k in range(n):
        scores = relation_scores(probs[[k, n + k]], labels)
        if unrelated is not None:
            scores["unrelated"] = float((unrelated[k] + unrelated[n + k]) / 2)
        out.append(scores)
    return out


def judge(
    pairs: Sequence[tuple[Claim, Claim]],
    model: StanceModel,
    similarity: dict[tuple[str, str], float] | None = None,
    *,
    rules: bool = True,
    settings: JudgeSettings = JudgeSettings(),
    rule_settings: RuleSettings = RuleSettings(),
    relatedness: StanceModel | None = None,
) -> list[Relation]:
    """Judge every pair in both directions with the model, and with the explicit checks
    (``rules=False`` leaves them out: the ablation the evaluations print). ``relatedness``: see
    ``score_pairs`` (verdicts move claims nobody else engages with into one-sided topics).
    With ``settings.same_matter`` the contradiction score is the model's p(contradiction) times
    the same-matter reading's probability (``same_matter``; the model's own stays in the scores
    as ``model_contradict``, the reading's as ``same_matter``).
    """
    similarity = similarity or {}
    if not pairs:
        return []
    all_scores = score_pairs([(a.plain, b.plain) for a, b in pairs], model, relatedness)
    gate = shipped_gate() if settings.same_matter else None
    relations: list[Relation] = []
    for (a, b), scores in zip(pairs, all_scores, strict=True):
        sim = similarity.get((a.id, b.id), similarity.get((b.id, a.id), 0.0))
        if gate is not None:  # only claims about the same thing can contradict
            scores["same_matter"] = gate.probability(a, b, sim)
            scores["model_contradict"] = scores["contradict"]
            scores["contradict"] *= scores["same_matter"]
        if _normal(a.plain) == _normal(b.plain):
            same = {"entail": 1.0, "contradict": 0.0, "neutral": 0.0, "unrelated": 0.0}
            relations.append(
                Relation(a, b, "entail", same, "rule:identical", "the same words", sim)
            )
            continue
        hit = check_rules(a, b, sim, rule_settings) if rules else None
        if hit is not None:
            relations.append(
                Relation(a, b, "contradict", scores, f"rule:{hit.rule}", hit.reason, sim)
            )
            continue
        relations.append(Relation(a, b, label_of(scores, settings), scores, "model", "", sim))
    return relations
