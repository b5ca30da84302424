"""Stage 7, verdict: one label per topic, with a strength, a one-sentence explanation that quotes
the evidence, and a divergence score for the whole comparison.

Order of checks (contradiction before agreement): contradict → commitment_gap → agree → related.
Contradiction, commitment gap and agreement need two claims that assert: a question or an
imperative beside another party's claim is at most related.
A topic only one party speaks to is ``one_sided``: an omission by the others.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import replace

from takediff.align import label_of
from takediff.judge import number_clash, same_numbers
from takediff.settings import VerdictSettings
from takediff.types import Claim, Relation, Topic, TopicVerdict, VerdictLabel


def _quote(claim: Claim, limit: int = 160) -> str:
    text = " ".join(claim.text.split())
    return f"“{text if len(text) <= limit else text[: limit - 1] + '…'}”"


def _cue_words(claim: Claim, *kinds: str) -> str:
    words = list(dict.fromkeys(c.text for c in claim.cues if c.kind in kinds))
    return ", ".join(f"“{w}”" for w in words)


def _gap_words(firm: Claim, soft: Claim) -> str:
    strong = _cue_words(firm, "firm", "timing_now") or "a plain assertion"
    weak = _cue_words(soft, "hedge", "condition", "timing_future", "refusal", "attribution")
    return f"{firm.party} is firm ({strong}) where {soft.party} hedges ({weak or 'no firm words'})"


#: A date named as a time ("next week", "by Friday", "on 3 May"), not an amount.
_WHEN = re.compile(
    r"\b(?:today|tonight|tomorrow|day|days|week|weeks|month|months|year|monday|tuesday|"
    r"wednesday|thursday|friday|saturday|sunday|january|february|march|april|may|june|july|"
    r"august|september|october|november|december|spring|summer|autumn|winter)\b",
    re.IGNORECASE,
)


def _timing(firm: Claim, soft: Claim) -> str:
    """The named timing reason of a gap, or "": one party names when ("next week",
    "immediately"), the other leaves it open ("at an appropriate time", "in due course")."""
    vague = _cue_words(soft, "timing_future")
    if not vague:
        return ""
    when = _cue_words(firm, "timing_now") or ", ".join(
        f"“{n}”" for n in firm.numbers if _WHEN.search(n)
    )
    return f"{firm.party} says {when}, {soft.party} {vague}" if when else ""


def _gap(rel: Relation) -> float:
    return abs(rel.claim_a.commitment - rel.claim_b.commitment)


def _firm_soft(rel: Relation) -> tuple[Claim, Claim]:
    a, b = rel.claim_a, rel.claim_b
    return (a, b) if a.commitment >= b.commitment else (b, a)


_UNIVERSAL = re.compile(
    r"\b(?:every|all|each)\s+(?:single\s+)?(?:(?:of\s+)?(?:the|its|their|our|his|her)\s+)?"
    r"([^\W\d_]{3,})",
    re.IGNORECASE,
)


#: "every month" says how often, not how many: no scope; nor is "all that's left" (a pronoun
#: after "all" counts no members of anything).
_NOT_SCOPE = frozenset(
    "one ones other others time times day days week weeks month months year years hour hours "
    "minute minutes morning evening night quarter season "
    "that this these those they them which what who whom".split()
)


def _scope(a: Claim, b: Claim) -> str:
    """One claim speaks of every member of something ("every tariff"), the other names that
    thing without "every" ("the tariffs on steel"): the reason, or ""."""
    for wide, narrow in ((a, b), (b, a)):
        m = _UNIVERSAL.search(wide.text)
        if m and m.group(1).lower() not in _NOT_SCOPE and not _UNIVERSAL.search(narrow.text):
            stem = m.group(1).lower()[:5]
            if re.search(rf"\b{re.escape(stem)}", narrow.text, re.IGNORECASE):
                return (
                    f"different scope: {wide.party} says “{m.group(0)}”, "
                    f"{narrow.party} names only some"
                )
    return ""


def checked(rel: Relation, settings: VerdictSettings) -> Relation:
    """A pair the matters stage tied is one matter: different numbers in it are a
    contradiction from a lower cosine (``numbers_min``) than the judge's own numbers check
    waits for, since the judge sees pairs before anyone knows they are one matter. Below it,
    two amounts of one unit are mostly about two things ("a 40 million crown grant for the
    harbour" against "the 12 million crowns the town spent on roads")."""
    if rel.label == "contradict" or rel.source != "model":
        return rel
    hit = number_clash(rel.claim_a, rel.claim_b)
    if hit is not None and rel.similarity < settings.numbers_min:
        hit = None  # two amounts of one unit in one matter, but about two things
    if hit is not None:
        return replace(rel, label="contradict", source=f"rule:{hit.rule}", reason=hit.reason)
    scope = _scope(rel.claim_a, rel.claim_b)
    if scope:
        return replace(rel, label="contradict", source="rule:scope", reason=scope)
    return rel


def _asserted(rel: Relation) -> bool:
    """Both claims assert something: a question or an imperative ("Please let them go") is
    neither contradicted by another party's words, nor more or less firm, nor agreed with."""
    return rel.claim_a.asserts and rel.claim_b.asserts


def contradicts(rel: Relation, settings: VerdictSettings, reports: Collection[str] = ()) -> bool:
    """Does this judged pair of one matter decide the topic as a contradiction? The LLM's word
    (``source`` "llm", asked about the pairs the judge is unsure of) or an explicit check in
    ``checks_alone`` decides alone; else the judge's contradiction probability must reach the
    bar for the pair's kind (``bar``), unless both claims name the same numbers and the judge
    itself did not call it."""
    if not _asserted(rel):
        return False
    check = rel.source.removeprefix("rule:")
    alone = check == rel.source or check in settings.checks_alone  # the LLM, or such a check
    if rel.label == "contradict" and rel.source != "model" and alone:
        return True
    if copied(rel, settings.inside_min):
        return False  # one claim inside the other's words: a copy, not a clash
    judged = rel.label == "contradict" and rel.source == "model"
    return rel.scores["contradict"] >= bar(rel, settings, reports) and (
        judged or not same_numbers(rel.claim_a, rel.claim_b)
    )


def copied(rel: Relation, inside_min: float | None) -> bool:
    """Is a contradiction the judge alone found one claim inside a longer copy of itself
    (``inside``, from ``inside_min``)? Not where one of the two is negated and the other not:
    "a war of their choosing" inside "it was not a war of their choosing" is a clash."""
    a, b = rel.claim_a, rel.claim_b
    return (
        inside_min is not None
        and rel.source == "model"
        and a.negated == b.negated
        and inside(a, b) >= inside_min
    )


def inside(a: Claim, b: Claim) -> float:
    """The share of the shorter claim's words that the other claim also has: 1.0 for a quote
    inside a longer copy of itself, which the judge may read as a contradiction. A negation or
    an antonym that makes the two clash is an explicit check's, which this does not touch."""
    wa, wb = (set(re.findall(r"\w+", c.plain.casefold())) for c in (a, b))
    return len(wa & wb) / min(len(wa), len(wb)) if wa and wb else 0.0


def kind(rel: Relation, reports: Collection[str] = ()) -> int:
    """How many of the pair's two claims are reports of what happened (``reports``): 0 for
    two parties' words, 1 for a report against a party's words, 2 for two reports."""
    return (rel.claim_a.party in reports) + (rel.claim_b.party in reports)


def bar(rel: Relation, settings: VerdictSettings, reports: Collection[str] = ()) -> float:
    """The contradiction bar of a pair, by its ``kind``: ``contradict_min``,
    ``report_contradict_min`` or ``reports_contradict_min``."""
    return (
        settings.contradict_min,
        settings.report_contradict_min,
        settings.reports_contradict_min,
    )[kind(rel, reports)]


def _deed(rel: Relation, reports: Collection[str]) -> tuple[Claim, Claim] | None:
    """(the report's claim, the party's claim) when one side is an account of what happened
    (``reports``) and the other a party's statement: a contradiction of its own kind."""
    a, b = rel.claim_a, rel.claim_b
    if (a.party in reports) == (b.party in reports):
        return None
    return (a, b) if a.party in reports else (b, a)


def topic_verdict(
    topic: Topic,
    relations: list[Relation],
    nearest_other: dict[str, float],
    settings: VerdictSettings = VerdictSettings(),
    reports: Collection[str] = (),
) -> TopicVerdict:
    """Decide one topic's verdict from its cross-party relations: a commitment difference of
    ``gap_min`` or more between compatible claims is a commitment gap."""
    if len(topic.parties) == 1:
        party = topic.parties[0]
        closest = max((nearest_other.get(c.id, 0.0) for c in topic.claims), default=0.0)
        lead = max(topic.claims, key=lambda c: c.commitment)
        return TopicVerdict(
            topic,
            "one_sided",
            round(max(0.0, 1.0 - closest), 3),
            f"Only {party} speaks to this: {_quote(lead)}; no other party says anything about it.",
            (),
            topic.claims,
        )
    pool = [r for r in relations if r.tied] or relations
    related = [checked(r, settings) for r in pool if r.label != "unrelated"] or pool
    contradictions = sorted(
        (r for r in related if contradicts(r, settings, reports)),
        key=lambda r: (r.source != "model", r.scores["contradict"]),
        reverse=True,
    )
    gaps = sorted((r for r in related if _asserted(r)), key=_gap, reverse=True)
    top_gap = gaps[0] if gaps else None
    label: VerdictLabel
    if contradictions:
        rel = contradictions[0]
        label = "contradict"
        # Once the topic is a clash, its strength is how firmly the model reads the two as
        # incompatible: the same-matter reading decided whether it counts, not how sharp it is.
        strength = max(
            rel.scores.get("model_contradict", rel.scores["contradict"]),
            settings.rule_strength if rel.source != "model" else 0.0,
        )
        why = rel.reason or "the judge reads the two as incompatible"
        deed = _deed(rel, reports)
        if deed is not None:
            report, words = deed
            explanation = (
                f"Words against deeds: {report.party} reports {_quote(report)}, against "
                f"{words.party}'s own words {_quote(words)}: {why}."
            )
        else:
            explanation = (
                f"{rel.claim_a.party} says {_quote(rel.claim_a)} but {rel.claim_b.party} "
                f"says {_quote(rel.claim_b)}: {why}."
            )
        if top_gap is not None and _gap(top_gap) >= settings.gap_min:
            explanation += " Also: " + _gap_words(*_firm_soft(top_gap)) + "."
        evidence = (rel.claim_a, rel.claim_b)
    elif top_gap is not None and _gap(top_gap) >= settings.gap_min:
        rel = top_gap
        label = "commitment_gap"
        strength = _gap(rel)
        firm, soft = _firm_soft(rel)
        timing = _timing(firm, soft)
        how = f"{timing}; {_gap_words(firm, soft)}" if timing else _gap_words(firm, soft)
        explanation = (
            f"Same matter, {'different timing' if timing else 'different firmness'}: {how}. "
            f"{firm.party}: {_quote(firm)} {soft.party}: {_quote(soft)}"
        )
        evidence = (rel.claim_a, rel.claim_b)
    else:
        entails = sorted(
            (
                r
                for r in related
                if _asserted(r)
                and (r.label == "entail" or r.similarity >= settings.agree_similarity)
            ),
            key=lambda r: (r.label == "entail", r.scores["entail"], r.similarity),
            reverse=True,
        )
        if entails:
            rel = entails[0]
            label = "agree"
            entailed = rel.label == "entail"
            strength = (rel.scores["entail"] if entailed else rel.similarity) * (1.0 - _gap(rel))
            how = "say the same" if entailed else "say much the same in other words"
            explanation = (
                f"{rel.claim_a.party} and {rel.claim_b.party} {how}: "
                f"{_quote(rel.claim_a)} / {_quote(rel.claim_b)}."
            )
        else:
            rel = max(related, key=lambda r: r.similarity)
            label = "related"
            strength = rel.scores["neutral"]
            explanation = (
                f"Both speak to this without agreeing or contradicting: "
                f"{rel.claim_a.party} {_quote(rel.claim_a)} / "
                f"{rel.claim_b.party} {_quote(rel.claim_b)}."
            )
        evidence = (rel.claim_a, rel.claim_b)
    return TopicVerdict(
        topic, label, round(float(strength), 3), explanation, tuple(relations), evidence
    )


def split_unengaged(topic: Topic, relations: list[Relation]) -> list[Topic]:
    """Move claims whose every cross-party match the judge calls unrelated out of a shared topic.

    Alignment groups by embedding similarity, which shared names inflate ("Russia will gain jobs"
    and "Russia's position is clear"); what the judge finds unrelated is an omission, so each
    party's unengaged claims become a one-sided topic of their own.
    """
    if len(topic.parties) < 2:
        return [topic]
    engaged = {c.id for r in relations if r.label != "unrelated" for c in (r.claim_a, r.claim_b)}
    kept = tuple(c for c in topic.claims if c.id in engaged)
    out = [Topic(topic.id, topic.label, kept)] if kept else []
    for party in topic.parties:
        loose = tuple(c for c in topic.claims if c.party == party and c.id not in engaged)
        if loose:
            out.append(Topic(f"{topic.id}.{len(out) + 1}", label_of(loose), loose))
    return out


def decide(
    topics: tuple[Topic, ...],
    relations: list[Relation],
    nearest_other: dict[str, float],
    settings: VerdictSettings = VerdictSettings(),
    reports: Collection[str] = (),
) -> tuple[list[TopicVerdict], float]:
    """Verdicts for all topics, sharpest first, and the divergence score (0 = all agree): each
    verdict adds its weight (``VerdictSettings.weight``) × strength, per claim. ``reports``:
    parties whose accounts report what happened, judged as deeds against the others' words."""
    by_topic: dict[str, list[Relation]] = {t.id: [] for t in topics}
    owner = {c.id: t.id for t in topics for c in t.claims}
    for rel in relations:
        by_topic[owner[rel.claim_a.id]].append(rel)
    verdicts = []
    for topic in topics:
        for part in split_unengaged(topic, by_topic[topic.id]):
            ids = {c.id for c in part.claims}
            rels = [r for r in by_topic[topic.id] if r.claim_a.id in ids and r.claim_b.id in ids]
            verdicts.append(topic_verdict(part, rels, nearest_other, settings, reports))
    verdicts.sort(key=lambda v: (settings.weight(v.label) * v.strength, v.strength), reverse=True)
    weight = sum(len(v.topic.claims) for v in verdicts)
    divergence = (
        sum(len(v.topic.claims) * settings.weight(v.label) * v.strength for v in verdicts) / weight
        if weight
        else 0.0
    )
    return verdicts, round(divergence, 3)
