"""The objects that flow through takediff's stages (see DESIGN.md).

Every span-like object keeps ``start``/``end`` character offsets into its Document's text, so any
judgment in a Report can be traced back to the exact words it rests on.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

VerdictLabel = Literal["contradict", "commitment_gap", "agree", "related", "one_sided"]
RelationLabel = Literal["entail", "contradict", "neutral", "unrelated"]
CueKind = Literal[
    "firm",  # "will", "agreed", "definitely"
    "hedge",  # "possible", "potentially", "may"
    "condition",  # "if ... are reached", "provided that"
    "timing_now",  # "immediately", "on day one"
    "timing_future",  # "future", "eventually"
    "negation",  # "not", "never"
    "refusal",  # "refused to commit", "not on the table"
    "attribution",  # "reportedly", "according to"
]

VERDICT_LABELS: tuple[VerdictLabel, ...] = (
    "contradict",
    "commitment_gap",
    "agree",
    "related",
    "one_sided",
)


@dataclass(slots=True, frozen=True)
class Document:
    """One input text, exactly as given (after decoding)."""

    id: str
    text: str
    source: str = "<text>"
    meta: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)


@dataclass(slots=True, frozen=True)
class Span:
    """A stretch of a Document's text: ``document.text[start:end] == text``."""

    start: int
    end: int
    text: str


@dataclass(slots=True, frozen=True)
class Account:
    """What one party said: the spans of a Document that are that party's words."""

    party: str
    document: Document
    spans: tuple[Span, ...]


@dataclass(slots=True, frozen=True)
class Cue:
    """A word or phrase that raises or lowers how firmly a claim is made."""

    kind: CueKind
    text: str
    start: int
    end: int
    weight: float


@dataclass(slots=True, frozen=True)
class Claim:
    """One assertion by one party: a sentence or clause of its Account's Document."""

    id: str
    party: str
    document_id: str
    text: str
    start: int
    end: int
    commitment: float = 0.0  # set by annotate (CommitmentSettings.base for a plain claim)
    modality: str = "assertion"
    cues: tuple[Cue, ...] = ()
    timing: Span | None = None
    condition: Span | None = None
    negated: bool = False
    predicates: tuple[str, ...] = ()  # lemmas of the main verbs, for the explicit checks
    numbers: tuple[str, ...] = ()  # numbers, dates and amounts named in the claim
    entities: tuple[str, ...] = ()  # names of people, places, organisations and groups
    phrases: tuple[str, ...] = ()  # noun phrases from the parse, without determiners (labels)
    context: str = ""  # the whole sentence, when the claim is one clause of it (for alignment)
    reading: str = ""  # what the models read, where it differs from text (see ``plain``)

    @property
    def asserts(self) -> bool:
        """Does the claim assert something another party's words can contradict? A question
        does not, nor a clause in the imperative's form (``annotate.imperative``)."""
        return self.modality not in ("question", "imperative")

    @property
    def plain(self) -> str:
        """The claim as the models read it: without quotation marks, and a clause with the
        subject its sentence gives it ("… and then pressed them" → "We … pressed them")."""
        return self.reading or self.text


@dataclass(slots=True, frozen=True)
class Topic:
    """Claims from one or more parties that speak to the same matter."""

    id: str
    label: str
    claims: tuple[Claim, ...]

    @property
    def parties(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(c.party for c in self.claims))


@dataclass(slots=True, frozen=True)
class Relation:
    """How a claim of one party bears on a claim of another.

    ``scores`` are calibrated probabilities of entail / contradict / neutral / unrelated, taken
    over both directions; ``source`` says whether the model or an explicit rule decided.
    """

    claim_a: Claim
    claim_b: Claim
    label: RelationLabel
    scores: dict[str, float]
    source: str = "model"
    reason: str = ""
    similarity: float = 0.0
    tied: bool = False  # the matters stage tied this pair (not only two claims of one topic)


@dataclass(slots=True, frozen=True)
class TopicVerdict:
    """The verdict on one topic, with its strength in [0, 1] and the evidence it rests on."""

    topic: Topic
    label: VerdictLabel
    strength: float
    explanation: str
    relations: tuple[Relation, ...] = ()
    evidence: tuple[Claim, ...] = ()


@dataclass(slots=True, frozen=True)
class Report:
    """The whole comparison: accounts, topics with verdicts (sharpest first), one score."""

    accounts: tuple[Account, ...]
    verdicts: tuple[TopicVerdict, ...]
    divergence: float
    meta: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @property
    def parties(self) -> tuple[str, ...]:
        return tuple(a.party for a in self.accounts)

    @property
    def topics(self) -> tuple[Topic, ...]:
        return tuple(v.topic for v in self.verdicts)
