"""Every threshold and weight takediff decides with, in one typed, frozen object.

Each value says where it comes from: ``fitted`` (by which script, on which development split) or
``hand-set`` (and why). ``describe()`` lists them all; the README's "Settings" table is that list,
and a test keeps the two the same. Swap a value with ``dataclasses.replace`` and pass the result
to ``Pipeline(settings=...)``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, fields, replace
from typing import Any, Literal

Origin = Literal["fitted", "hand-set"]


def hand(value: Any, why: str) -> Any:
    """A hand-set value and the reason it is what it is."""
    return field(default=value, metadata={"origin": "hand-set", "note": why})


def fitted(value: Any, script: str, data: str) -> Any:
    """A value fitted by ``script`` on the development split ``data``."""
    return field(default=value, metadata={"origin": "fitted", "note": f"{script} on {data}"})


_EXAMPLES = "tuned by hand on the bundled examples and the seed article; not yet fitted on data"


@dataclass(slots=True, frozen=True)
class SegmentSettings:
    """How text becomes claims (stage 3)."""

    window_chars: int = hand(20_000, "spaCy parses long texts in windows of this size")
    min_claim_words: int = hand(3, "shorter sentences are fragments, not claims")
    min_clause_words: int = hand(4, "a clause is split off only when it can stand alone")


@dataclass(slots=True, frozen=True)
class CommitmentSettings:
    """How firmly a claim is made (stage 4): a base moved by cue words, each kind capped.

    The cue words and their weights are the lexicon in ``annotate.LEXICON`` (hand-set).
    """

    base: float = hand(0.7, "a plain assertion without cue words")
    cap_firm: float = hand(0.2, _EXAMPLES)
    cap_timing_now: float = hand(0.15, _EXAMPLES)
    cap_hedge: float = hand(-0.45, _EXAMPLES)
    cap_condition: float = hand(-0.3, _EXAMPLES)
    cap_timing_future: float = hand(-0.15, _EXAMPLES)
    cap_refusal: float = hand(-0.4, _EXAMPLES)
    cap_attribution: float = hand(-0.2, _EXAMPLES)
    question_penalty: float = hand(0.4, "a question asserts little")
    floor: float = hand(0.02, "keeps scores inside (0, 1)")
    ceiling: float = hand(0.98, "keeps scores inside (0, 1)")

    def cap(self, kind: str) -> float:
        """How far cues of one kind may move the score, signed (0 for kinds without a cap)."""
        value: float = getattr(self, f"cap_{kind}", 0.0)
        return value


@dataclass(slots=True, frozen=True)
class AlignSettings:
    """Which cross-party pairs the judge reads, and how one party's own claims group (stage 5).

    Cosines are those of the default embedder, all-MiniLM-L6-v2.
    """

    candidates: int = hand(
        3,
        "nearest claims per other party: 69 of the accounts benchmark's 70 "
        "same-matter pairs are among them (with candidate_min), against 60 for one",
    )
    candidate_min: float = hand(
        0.15, "permissive first bar: same-matter pairs on the accounts benchmark go down to 0.16"
    )
    link_same: float = hand(0.55, _EXAMPLES)
    merge_centroid: float = hand(0.45, _EXAMPLES)
    neighbours: int = hand(6, "links per claim; more only chains topics together")
    max_party_matches: int = hand(8, "parties a claim is judged against: hundreds stay linear")


_MATTERS = (
    "scripts/fit_matters.py",
    "the accounts benchmark (../shared/benchmarks/accounts) and the project's own cases "
    "(examples/accounts)",
)


@dataclass(slots=True, frozen=True)
class MatterSettings:
    """Which judged pairs speak to one matter (stage 6b): a logistic model of the pair's
    cosine, its sentences' cosine, its content-word overlap and the judge's probabilities, and
    the probability from which a pair ties two claims into one topic."""

    weight_cosine: float = fitted(3.68, *_MATTERS)
    weight_context: float = fitted(3.62, *_MATTERS)
    weight_overlap: float = fitted(1.85, *_MATTERS)
    weight_contradict: float = fitted(1.05, *_MATTERS)
    weight_entail: float = fitted(0.92, *_MATTERS)
    weight_unrelated: float = fitted(0.0, *_MATTERS)
    intercept: float = fitted(-4.94, *_MATTERS)
    link_min: float = fitted(0.15, *_MATTERS)


@dataclass(slots=True, frozen=True)
class JudgeSettings:
    """When the NLI judge's probabilities decide a relation (stage 6), either direction: fitted
    with the shipped judge (``models/nli/config.json``), for the directional rule on NLI dev."""

    contradict_min: float = fitted(
        0.45, "scripts/train_nli.py (its ship step)", "the 3,609 3-way NLI dev pairs"
    )
    entail_min: float = fitted(
        0.5, "scripts/train_nli.py (its ship step)", "the 3,609 3-way NLI dev pairs"
    )
    unrelated_min: float = hand(0.5, "the larger class wins; not yet fitted")
    same_matter: bool = hand(
        True,
        "only claims about the same thing can contradict: the contradiction score is "
        "p(contradiction) × p(same matter) (its weights fitted by scripts/fit_same_matter.py on "
        "the accounts benchmark); on or off, measured by takediff eval probe and both benchmarks",
    )
    relatedness: bool = hand(
        False,
        "the stance model's p(unrelated) beside the NLI judge: on the accounts benchmark and "
        "examples/accounts it changed no item (77/91, 30/38, 2 invented with or without, "
        "takediff eval accounts) and cost 40% of compare's judge time, so compare runs without",
    )


@dataclass(slots=True, frozen=True)
class RuleSettings:
    """The explicit contradiction checks fire only between claims this similar (cosine)."""

    negation_min: float = hand(0.5, _EXAMPLES)
    antonym_min: float = hand(0.45, _EXAMPLES)
    numbers_min: float = hand(0.7, _EXAMPLES)
    refusal_min: float = hand(0.5, _EXAMPLES)
    same_act_min: float = hand(0.75, "shared light verbs count as the same act only this close")
    refusal_firm_min: float = hand(0.8, "a refusal contradicts only a firm statement")
    antonyms: str = fitted(
        "hand",
        "scripts/fit_rules.py",
        "NLI dev 3,609 + RTE-3 dev 800 pairs (the hand list ties none: it never fires there; "
        "WordNet's fires are 1 of 5 right)",
    )


@dataclass(slots=True, frozen=True)
class VerdictSettings:
    """From relations to one verdict per topic, and the divergence score (stage 7)."""

    gap_min: float = hand(0.3, _EXAMPLES)
    #: a pair the matters stage tied into one topic is already one matter: a weaker sign of
    #: contradiction than the judge's own bar (``JudgeSettings.contradict_min``) decides it
    contradict_min: float = fitted(0.35, *_MATTERS)
    #: the judge reads many paraphrases as neutral ("a friendly and constructive meeting"
    #: against "a constructive and friendly exchange"): a pair of one matter this similar
    #: (cosine) with no contradiction agrees; 1.0 leaves agreement to the judge alone
    agree_similarity: float = fitted(0.5, *_MATTERS)
    #: different numbers in a tied pair contradict from this cosine (``verdict.checked``);
    #: of the values the benchmark cannot tell apart, the highest (fewest clashes asserted)
    numbers_min: float = fitted(0.6, *_MATTERS)
    #: the same bar where one claim, or both, is a report of what happened (``reports``)
    report_contradict_min: float = hand(
        0.35, "in statements the same as contradict_min, with which the benchmark was fitted"
    )
    reports_contradict_min: float = hand(
        0.35, "in statements the same as contradict_min, with which the benchmark was fitted"
    )
    #: the explicit checks whose hit is a contradiction without the judge's probability
    #: (``rule:<check>`` relations); the others must also reach ``contradict_min``
    checks_alone: tuple[str, ...] = hand(
        ("negation", "antonym", "numbers", "refusal", "scope"),
        "in statements every check decides alone (the accounts benchmark's clashes need them)",
    )
    #: a contradiction the judge alone found is none when this share of the shorter claim's
    #: words or more is inside the other's and neither alone is negated (a quote inside a
    #: longer copy of itself: ``verdict.copied``); None: off
    inside_min: float | None = hand(
        None, "off in statements: the accounts benchmark was fitted without it"
    )
    rule_strength: float = hand(0.9, "an explicit check is taken as near-certain")
    weight_contradict: float = hand(1.0, "divergence weight and sort order")
    weight_commitment_gap: float = hand(0.8, "divergence weight and sort order")
    weight_one_sided: float = hand(0.6, "divergence weight and sort order")
    weight_related: float = hand(0.25, "divergence weight and sort order")
    weight_agree: float = hand(0.0, "agreement adds no divergence")

    def weight(self, label: str) -> float:
        value: float = getattr(self, f"weight_{label}")
        return value


@dataclass(slots=True, frozen=True)
class LlmSettings:
    """Where an optional LLM is asked to refine the model's relation."""

    hard_low: float = hand(0.3, "the model's top probability is unsure below this...")
    hard_high: float = hand(0.7, "...and sure above this")


@dataclass(slots=True, frozen=True)
class LanguageSettings:
    """When an account is flagged as not English (py3langid's probabilities)."""

    min_letters: int = hand(20, "fewer letters make a guess noise")
    max_english: float = hand(0.02, "short English sentences score 0.3 or more")
    sure: float = hand(0.6, "below this the language named is one of several close ones")


_GROUPING = (
    "scripts/fit_grouping.py",
    "the dev stories of BASIL and NeuS/AllSides (SHA-1 of the story key, first hex digit even); "
    "the pairs: BASIL's, and NeuS's at any days apart (chosen on dev over NeuS's same-day pairs)",
)


@dataclass(slots=True, frozen=True)
class CorpusSettings:
    """Grouping corpus records into events, what only one party carried, and the timeline's
    topic match."""

    window_days: int = fitted(3, *_GROUPING)
    lede_chars: int = fitted(1500, *_GROUPING)
    window_records: int = hand(1000, "the same for undated input, in records")
    join_probability: float = fitted(0.4, *_GROUPING)
    weight_lede: float = fitted(19.4, *_GROUPING)
    weight_title: float = fitted(5.97, *_GROUPING)
    weight_days: float = fitted(-1.5, *_GROUPING)
    weight_same_party: float = fitted(-4.48, *_GROUPING)
    weight_shared_day: float = fitted(2.07, *_GROUPING)
    intercept: float = fitted(-12.46, *_GROUPING)
    update_cosine: float = hand(
        0.95, "an outlet's article this close to its earlier one is its update; no data has any"
    )
    timeline_threshold: float = hand(0.6, "a claim is on the topic from this cosine")
    only_here_share: float = fitted(
        0.5,
        "scripts/fit_only_here.py",
        "BASIL's dev events (SHA-1 of the triplet id, first hex digit even): the best F1 against "
        "their informational-bias spans",
    )


_NEWS = (
    "scripts/fit_news_contradictions.py",
    "hand labels of the contradictions takediff gave between outlets on BASIL and NeuS/AllSides "
    "dev stories (scripts/data/news_contradictions.tsv; the first 5 dev stories of each set by "
    "date are left out, for the reading by hand)",
)


@dataclass(slots=True, frozen=True)
class NewsSettings:
    """Contradictions between news outlets' reports (``corpus --outlets``, ``compare --news``).

    Two outlets' articles on one story hold dozens of claims each, mostly different facts about
    one subject; the judge, trained on pairs that describe one scene, reads many of them as
    incompatible. Each outlet's own reporting is a report (``reports``): a bar for two quoted
    parties' words, one for a report against a party's words and one for two reports, and an
    explicit check decides alone only where the fit on real news keeps it (none does today:
    ``Settings.for_news``)."""

    contradict_min: float = fitted(0.55, *_NEWS)
    report_contradict_min: float = fitted(0.95, *_NEWS)
    reports_contradict_min: float = fitted(0.9, *_NEWS)
    checks_alone: tuple[str, ...] = fitted((), *_NEWS)
    inside_min: float | None = fitted(None, *_NEWS)


@dataclass(slots=True, frozen=True)
class ModelFiles:
    """Values fitted with the bundled models and stored beside them (read from those files)."""

    judge_temperature: str = fitted(
        "models/judge/config.json: temperature",
        "scripts/train_judge.py",
        "FNC-1 train pairs with Body ID % 10 == 0 and RTE-3 ids % 5 == 0",
    )
    relatedness_gate: str = fitted(
        "models/judge/relatedness.json: weights, threshold, class offsets",
        "scripts/fit_relatedness.py",
        "FNC-1 train pairs with Body ID % 10 == 0",
    )


@dataclass(slots=True, frozen=True)
class Settings:
    """All of takediff's settings, grouped by the stage that reads them."""

    segment: SegmentSettings = SegmentSettings()
    commitment: CommitmentSettings = CommitmentSettings()
    align: AlignSettings = AlignSettings()
    matters: MatterSettings = MatterSettings()
    judge: JudgeSettings = JudgeSettings()
    rules: RuleSettings = RuleSettings()
    verdict: VerdictSettings = VerdictSettings()
    llm: LlmSettings = LlmSettings()
    language: LanguageSettings = LanguageSettings()
    corpus: CorpusSettings = CorpusSettings()
    news: NewsSettings = NewsSettings()
    model_files: ModelFiles = ModelFiles()

    def for_news(self) -> Settings:
        """These settings for comparing news outlets' reports: the verdicts take the news bars."""
        verdict = replace(
            self.verdict,
            contradict_min=self.news.contradict_min,
            report_contradict_min=self.news.report_contradict_min,
            reports_contradict_min=self.news.reports_contradict_min,
            checks_alone=self.news.checks_alone,
            inside_min=self.news.inside_min,
        )
        return replace(self, verdict=verdict)


@dataclass(slots=True, frozen=True)
class Entry:
    """One row of ``describe()``."""

    name: str
    value: Any
    origin: Origin
    note: str


def describe(settings: Settings | None = None) -> Iterator[Entry]:
    """Every value with its origin, as ``group.name``."""
    settings = settings or Settings()
    for group in fields(settings):
        part = getattr(settings, group.name)
        for f in fields(part):
            yield Entry(
                f"{group.name}.{f.name}",
                getattr(part, f.name),
                f.metadata["origin"],
                f.metadata["note"],
            )


def markdown_table(settings: Settings | None = None) -> str:
    """The README's settings table."""
    rows = ["| setting | value | origin | fitted by / why |", "|---|---|---|---|"]
    for e in describe(settings):
        rows.append(f"| `{e.name}` | {e.value} | {e.origin} | {e.note} |")
    return "\n".join(rows) + "\n"


DEFAULT = Settings()
