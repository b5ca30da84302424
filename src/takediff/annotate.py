"""Stage 4, annotate: how firmly each claim is made, and the words that say so.

A claim starts as a plain assertion (``CommitmentSettings.base``). Firm words ("will",
"immediately") raise it; hedges ("possible", "may"), conditions ("if ... are reached"), vague
future timing ("a future treaty"), refusals ("refused to commit") and hearsay ("reportedly") lower
it. Every cue keeps its offsets, so a report can show the exact words behind a commitment gap.
The lexicon is plain data (hand-set weights): extend ``LEXICON`` rather than the code.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from takediff.segment import Parsed
from takediff.settings import CommitmentSettings
from takediff.types import Claim, Cue, CueKind, Span

#: (kind, weight, phrases). Phrases are matched case-insensitively on word boundaries.
LEXICON: tuple[tuple[CueKind, float, tuple[str, ...]], ...] = (
    ("firm", 0.12, ("will", "shall", "won't", "guarantee", "guaranteed", "guarantees")),
    (
        "firm",
        0.10,
        (
            "must",
            "definitely",
            "certainly",
            "absolutely",
            "undoubtedly",
            "agreed",
            "committed",
            "commit to",
            "pledged",
            "vowed",
            "promised",
            "is going to",
            "are going to",
            "confirmed",
        ),
    ),
    ("firm", 0.05, ("ready to", "prepared to", "clearly", "fully")),
    (
        "timing_now",
        0.15,
        (
            "immediately",
            "right away",
            "at once",
            "without delay",
            "on day one",
            "from day one",
            "straight away",
            "forthwith",
        ),
    ),
    ("timing_now", 0.05, ("today", "tonight", "this week", "now", "soon", "shortly")),
    (
        "hedge",
        -0.25,
        (
            "possible",
            "possibly",
            "possibility",
            "potential",
            "potentially",
            "perhaps",
            "maybe",
            "might",
            "in principle",
            "not ruled out",
            "cannot rule out",
            "can't rule out",
        ),
    ),
    ("hedge", -0.2, ("may", "could", "unlikely", "hopefully", "conceivably")),
    (
        "hedge",
        -0.15,
        (
            "would",
            "hope",
            "hopes",
            "hoped",
            "consider",
            "considering",
            "explore",
            "exploring",
            "appears",
            "appear",
            "seems",
            "seem",
            "open to",
            "tentative",
            "tentatively",
        ),
    ),
    (
        "hedge",
        -0.1,
        (
            "likely",
            "probably",
            "seek",
            "seeks",
            "aim to",
            "aims to",
            "try to",
            "tries to",
            "attempt",
            "attempts",
            "suggest",
            "suggests",
            "expect",
            "expects",
            "need to identify",
            "want to",
        ),
    ),
    (
        "condition",
        -0.3,
        (
            "if",
            "unless",
            "provided that",
            "providing that",
            "on condition that",
            "subject to",
            "as long as",
            "in the event",
            "only when",
            "only after",
            "depending on",
            "contingent on",
            "conditional on",
        ),
    ),
    ("condition", -0.15, ("until", "unless and until", "as soon as conditions", "once")),
    (
        "timing_future",
        -0.15,
        (
            "future",
            "eventually",
            "at some point",
            "in due course",
            "later",
            "someday",
            "some day",
            "long-term",
            "down the road",
            "one day",
            "at an appropriate time",
            "at the appropriate time",
            "in due time",
            "when the time is right",
        ),
    ),
    (
        "refusal",
        -0.4,
        (
            "refused to",
            "refuses to",
            "refusing to",
            "refuse to",
            "declined to",
            "declines to",
            "declining to",
            "no commitment",
            "not commit",
            "won't commit",
            "not on the table",
            "off the table",
            "ruled out",
            "rules out",
            "rejected",
            "rejects",
        ),
    ),
    (
        "attribution",
        -0.2,
        (
            "reportedly",
            "allegedly",
            "according to",
            "is said to",
            "are said to",
            "sources say",
            "rumored",
            "rumoured",
            "purportedly",
            "claimed",
            "claims that",
        ),
    ),
)

#: The weight of "will" (a reported "would" counts as one).
_WILL = next(w for kind, w, phrases in LEXICON if "will" in phrases)

_PATTERNS: tuple[tuple[CueKind, float, re.Pattern[str]], ...] = tuple(
    (
        kind,
        weight,
        re.compile(
            r"(?<![\w'’])(?:"
            + "|".join(
                re.escape(p).replace("'", "['’]") for p in sorted(phrases, key=len, reverse=True)
            )
            + r")(?![\w'’])",
            re.IGNORECASE,
        ),
    )
    for kind, weight, phrases in LEXICON
)


def _lexical_cues(claim: Claim) -> list[Cue]:
    cues: list[Cue] = []
    taken: list[tuple[int, int]] = []
    # Longer and more specific patterns are listed later for refusals; match all, drop overlaps
    # in favour of the longer phrase.
    found = []
    for kind, weight, pattern in _PATTERNS:
        for m in pattern.finditer(claim.text):
            found.append((m.start(), m.end(), kind, weight))
    for a, b, kind, weight in sorted(found, key=lambda f: (-(f[1] - f[0]), f[0])):
        if any(a < tb and ta < b for ta, tb in taken):
            continue
        taken.append((a, b))
        s = claim.start + a
        cues.append(
            Cue(kind=kind, text=claim.text[a:b], start=s, end=claim.start + b, weight=weight)
        )
    return sorted(cues, key=lambda c: c.start)


def _condition_span(tokens: Any) -> Span | None:
    """The clause a conditional marker introduces ("if corresponding agreements are reached")."""
    doc = tokens.doc
    for tok in tokens:
        if tok.dep_ == "mark" and tok.lower_ in {"if", "unless"}:
            sub = list(tok.head.subtree)
            a = max(min(t.i for t in sub), tokens.start)
            b = min(max(t.i for t in sub) + 1, tokens.end)
            span = doc[a:b]
            return Span(span.start_char, span.end_char, span.text)
    return None


#: Verbs of emphatic assertion: their clause complement is what the speaker asserts ("we
#: stress that ..."). Plain saying, belief and wish verbs ("say", "think", "want") are left out:
#: reading their clause's negation lowered CommitmentBank's correlation (0.434 → 0.428).
REPORTING = frozenset(
    "stress insist reiterate repeat emphasise emphasize underline assure declare clarify".split()
)


#: Verbs of saying: a past one backshifts "will" to "would" in the clause it reports.
SAYING = REPORTING | frozenset(
    "say tell state confirm note announce explain add warn insist promise".split()
)


def _speaker_frames(verb: Any) -> bool:
    """The speaker frames their own claim ("we stress that ...", "I want to be clear that",
    "make clear that"): its clause is what they assert. Someone else's reported words ("the
    mayor said the depot will not close") stay a report: the factuality sets score the
    saying, and reading the clause's negation there lowered their correlation (0.299 → 0.286)."""
    if _makes_clear(verb):
        return True
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    return (
        verb.lemma_.lower() in REPORTING and subject is not None and subject.lower_ in {"i", "we"}
    )


def _makes_clear(verb: Any) -> bool:
    """ "make clear that ...", "be clear that ...": a framing phrase, not a claim of its own."""
    return verb.lemma_.lower() in {"make", "be"} and any(c.lower_ == "clear" for c in verb.children)


def _predicates(tokens: Any) -> tuple[tuple[str, ...], bool]:
    """The main verbs' lemmas (root and content verb), and whether they are negated ("did not
    agree", "no deal was reached")."""
    root = tokens.root
    verb = root
    # "are prepared to consider talks": walk down adjective/verb complements to the content verb.
    for _ in range(3):
        nxt = next((c for c in verb.children if c.dep_ in ("xcomp", "acomp")), None)
        if nxt is None:
            break
        verb = nxt
    chain = {root, verb}
    # "We want to make clear that our position is not to raise prices": a reporting or framing
    # verb's clause carries the claim, so its negation is the claim's.
    for _ in range(3):
        framing = [v for v in chain if _speaker_frames(v)]
        inner = {c for v in framing for c in v.children if c.dep_ == "ccomp"} - chain
        if not inner:
            break
        # ... and the clause's own content verb ("is not to raise": the negation sits on it).
        chain |= inner | {c for v in inner for c in v.children if c.dep_ in ("xcomp", "acomp")}
    negated = any(c.dep_ == "neg" and c.head in chain for c in tokens)
    negated = negated or any(
        t.lower_ in {"never", "no", "nobody", "nothing", "neither"}
        and (
            t.head in chain
            or (t.head.head in chain and t.head.dep_.startswith(("nsubj", "dobj", "attr")))
        )
        for t in tokens
    )
    return tuple(dict.fromkeys(t.lemma_.lower() for t in (root, verb))), negated


def _numbers(tokens: Any) -> tuple[str, ...]:
    nums = [t.text for t in tokens if t.like_num]
    nums += [e.text for e in tokens.ents if e.label_ in {"DATE", "MONEY", "PERCENT", "QUANTITY"}]
    return tuple(dict.fromkeys(nums))


NAME_LABELS = frozenset({"GPE", "NORP", "PERSON", "ORG", "LOC", "FAC"})


def _entities(tokens: Any) -> tuple[str, ...]:
    return tuple(dict.fromkeys(e.text for e in tokens.ents if e.label_ in NAME_LABELS))


def _phrases(tokens: Any) -> tuple[str, ...]:
    """Noun phrases that can name a matter ("the border crossings" → "border crossings"): from
    the first adjective or noun of each noun chunk, without numbers, adverbs and possessives;
    pronouns and bare names are not matters. A sentence's capital is dropped, a name's kept."""
    out = []
    for chunk in tokens.noun_chunks:
        words = [t for t in chunk if t.pos_ in _LABEL_POS and t.dep_ != "poss"]
        while words and (words[0].lower_ in _QUANTIFIERS or not _opens(words[0])):
            words = words[1:]
        if not words or chunk.root.pos_ == "PRON" or all(t.pos_ == "PROPN" for t in words):
            continue
        words = words[-4:]
        text = chunk.doc.text[words[0].idx : words[-1].idx + len(words[-1])]
        lower = words[0].is_sent_start and words[0].pos_ != "PROPN"
        out.append(text[0].lower() + text[1:] if lower else text)
    return tuple(dict.fromkeys(out))


_LABEL_POS = frozenset({"ADJ", "NOUN", "PROPN", "VERB"})
_OPENS = frozenset({"ADJ", "NOUN", "PROPN"})


def _opens(token: Any) -> bool:
    """A label starts at an adjective, a noun or a name ("detained fishermen" too)."""
    return token.pos_ in _OPENS or (token.pos_ == "VERB" and token.dep_ == "amod")


_QUANTIFIERS = frozenset({"all", "every", "each", "any", "some", "no", "both", "such"})


def commitment_score(
    cues: list[Cue], question: bool, settings: CommitmentSettings = CommitmentSettings()
) -> float:
    """The base for a plain assertion, moved by each kind of cue up to that kind's cap (so five
    hedges don't push a claim below zero)."""
    by_kind: dict[str, float] = {}
    for cue in cues:
        by_kind[cue.kind] = by_kind.get(cue.kind, 0.0) + cue.weight
    total = settings.base
    for kind, value in by_kind.items():
        cap = settings.cap(kind)
        total += max(value, cap) if cap < 0 else min(value, cap)
    if question:
        total -= settings.question_penalty
    return round(min(settings.ceiling, max(settings.floor, total)), 3)


#: Subjects: a clause with one is no imperative ("We open the port", not "Open the port").
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "expl", "csubj", "csubjpass"})


def imperative(tokens: Any) -> bool:
    """A clause in the imperative's form: its head verb in the base form, with no subject and
    no modal or "to" ("Please let go of me", "Do not travel to the region", and a partial quote
    such as "never pay for that wall", which lost its subject). It asserts nothing a reader can
    hold against another party's words on its own. "Let me say that ...", "Let us be
    clear" frame the speaker's own assertion, and stay assertions; so does a coordinated verb,
    whose subject and modal are its sentence's ("We will open the port and reopen the road")."""
    root = tokens.root
    outside = not tokens.start <= root.head.i < tokens.end
    if root.dep_ != "ROOT" and not (root.dep_ == "ccomp" and outside):
        return False
    if root.tag_ != "VB" or any(c.dep_ in _SUBJECT_DEPS for c in root.children):
        return False
    if any(c.dep_ in ("aux", "auxpass") and c.lower_ != "do" for c in root.children):
        return False
    speaker = {"me", "us", "'s"}
    return not (
        root.lemma_.lower() == "let"
        and any(
            c.lower_ in speaker
            or any(g.lower_ in speaker and g.dep_ in _SUBJECT_DEPS for g in c.children)
            for c in root.children
        )
    )


def _modality(cues: list[Cue], question: bool, bare: bool = False) -> str:
    kinds = {c.kind for c in cues}
    if question:
        return "question"
    if bare:
        return "imperative"
    for kind, name in (
        ("refusal", "refusal"),
        ("condition", "conditional"),
        ("hedge", "hedged"),
        ("attribution", "reported"),
        ("timing_future", "hedged"),
        ("firm", "firm"),
        ("timing_now", "firm"),
    ):
        if kind in kinds:
            return name
    return "assertion"


def _in_their_part_of_speech(cues: list[Cue], parsed: Parsed) -> list[Cue]:
    """Cue words read by their part of speech: "its potential" (a noun) and "a long-term plan"
        (an adjective of duration) hedge nothing, nor "want to" in "we want to make clear that", nor
    the month of May;
        "would" in reported speech ("said the port would
        reopen") is a reported "will", firm."""
    off = _offset(parsed)
    at = {t.idx + off: t for t in parsed.tokens}
    out = []
    for cue in cues:
        tok = at.get(cue.start)
        word = cue.text.lower()
        if tok is not None and word == "potential" and tok.pos_ == "NOUN":
            continue
        if tok is not None and word == "long-term" and tok.dep_ == "amod":
            continue
        if tok is not None and tok.text == "May" and tok.pos_ == "PROPN" and not tok.is_sent_start:
            continue  # the month
        if tok is not None and word == "want to" and any(_makes_clear(c) for c in tok.children):
            continue  # "we want to make clear that ...": framing, not a wish
        if tok is not None and word == "once" and tok.dep_ != "mark":
            continue  # "once again", "met once": not "once the checks are done"
        if tok is not None and word == "would" and _reported(tok):
            cue = replace(cue, kind="firm", weight=_WILL)
        out.append(cue)
    return out


def _reported(would: Any) -> bool:
    """ "would" heads a clause a past reporting verb introduces."""
    clause = would.head
    return (
        clause.dep_ == "ccomp"
        and clause.head.lemma_.lower() in SAYING
        and clause.head.tag_ in ("VBD", "VBN")
    )


def annotate_claim(parsed: Parsed, settings: CommitmentSettings = CommitmentSettings()) -> Claim:
    """Add commitment, cues, timing, condition, negation, predicate and numbers to one claim."""
    claim = parsed.claim
    cues = _in_their_part_of_speech(_lexical_cues(claim), parsed)
    question = claim.text.rstrip().endswith("?")
    predicates, negated = _predicates(parsed.tokens)
    if negated:
        neg = next(
            (t for t in parsed.tokens if t.dep_ == "neg" or t.lower_ in {"never", "no", "nothing"}),
            None,
        )
        if neg is not None:
            cues.append(
                Cue(
                    "negation",
                    neg.text,
                    neg.idx + _offset(parsed),
                    neg.idx + _offset(parsed) + len(neg.text),
                    0.0,
                )
            )
            cues.sort(key=lambda c: c.start)
    timing = next((c for c in cues if c.kind in ("timing_now", "timing_future")), None)
    condition = _condition_span(parsed.tokens)
    if condition is not None:
        off = _offset(parsed)
        condition = Span(condition.start + off, condition.end + off, condition.text)
    elif any(c.kind == "condition" for c in cues):
        first = next(c for c in cues if c.kind == "condition")
        condition = Span(first.start, claim.end, claim.text[first.start - claim.start :])
    return replace(
        claim,
        commitment=commitment_score(cues, question, settings),
        modality=_modality(cues, question, imperative(parsed.tokens)),
        cues=tuple(cues),
        timing=Span(timing.start, timing.end, timing.text) if timing else None,
        condition=condition,
        negated=negated,
        predicates=predicates,
        numbers=_numbers(parsed.tokens),
        entities=_entities(parsed.tokens),
        phrases=_phrases(parsed.tokens),
    )


def _offset(parsed: Parsed) -> int:
    """Document offset of the spaCy doc the claim was parsed in (its window's start)."""
    start: int = parsed.tokens.start_char
    return parsed.claim.start - start


def annotate(
    parsed: list[Parsed], settings: CommitmentSettings = CommitmentSettings()
) -> list[Claim]:
    return [annotate_claim(p, settings) for p in parsed]
