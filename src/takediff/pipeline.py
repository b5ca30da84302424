"""The ``Pipeline``: the loaded models and the settings, and the stages of DESIGN.md composed.

One object owns the parser, the embedder, the judge, the optional LLM and the settings; each model
loads lazily, once. The command line, the web service, corpus workers, evaluations and tests all
call a Pipeline instead of assembling models and stages themselves. ``takediff.compare(...)``
is the one-line entry: it uses a default Pipeline.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Collection, Sequence
from functools import lru_cache
from typing import Any

from takediff.align import Alignment, align
from takediff.annotate import annotate
from takediff.article import ArticleAnalysis, analyse, select
from takediff.attribute import AccountsInput, make_accounts
from takediff.errors import BadArguments
from takediff.ingest import DEFAULT_MAX_CHARS, encoding_notice
from takediff.judge import judge
from takediff.language import detect, notice
from takediff.llm import LlmJudge, refine
from takediff.matters import matters, worth_judging
from takediff.models import Embedder, StanceModel, get_embedder, get_judge, get_stance_model
from takediff.segment import load_nlp, segment
from takediff.settings import DEFAULT, Settings
from takediff.types import Account, Claim, Document, Relation, Report, Topic
from takediff.verdict import decide
from takediff.version import __version__


class Pipeline:
    """Models and settings, and the stages as methods: ``claims``, ``align``, ``judge``,
    ``matters``, ``compare``, ``article``.

    Pass a model to use it; leave it out to load the bundled default the first time a stage needs
    it (``nlp``: the spaCy parser; ``embedder``; ``judge``: the claim judge; ``llm``: an optional
    LLM asked about the relations the judge is unsure of, off unless given; ``stance``: the
    headline/body stance model FNC-1 and the relatedness gate use).
    """

    def __init__(
        self,
        *,
        settings: Settings = DEFAULT,
        nlp: Any | None = None,
        embedder: Embedder | None = None,
        judge: StanceModel | None = None,
        llm: LlmJudge | None = None,
        max_chars: int = DEFAULT_MAX_CHARS,
        stance: StanceModel | None = None,
    ) -> None:
        self.settings = settings
        self.llm = llm
        self.max_chars = max_chars
        self._nlp = nlp
        self._embedder = embedder
        self._judge = judge
        self._stance = stance
        self._given = frozenset(
            name
            for name, model in zip(
                ("_nlp", "_embedder", "_judge", "_stance"),
                (nlp, embedder, judge, stance),
                strict=True,
            )
            if model is not None
        )

    def __getstate__(self) -> dict[str, Any]:
        """A pipeline sent to another process (a server's worker) takes its settings and the
        models it was given; the bundled ones it loaded itself load again there (an ONNX
        session cannot be pickled, and sending them would cost more than loading them)."""
        state = self.__dict__.copy()
        for name in ("_nlp", "_embedder", "_judge", "_stance"):
            if name not in self._given:
                state[name] = None
        return state

    @property
    def nlp(self) -> Any:
        if self._nlp is None:
            self._nlp = load_nlp()
        return self._nlp

    @property
    def embedder(self) -> Embedder:
        if self._embedder is None:
            self._embedder = get_embedder()
        return self._embedder

    @property
    def judge_model(self) -> StanceModel:
        """The claim judge ``compare`` runs (the bundled NLI judge where it is installed)."""
        if self._judge is None:
            self._judge = get_judge()
        return self._judge

    @property
    def stance_model(self) -> StanceModel:
        """The headline/body stance model, for FNC-1 and the relatedness gate."""
        if self._stance is None:
            self._stance = get_stance_model()
        return self._stance

    def load(self) -> Pipeline:
        """Load every model now (a server does this at start-up, not on its first request)."""
        _ = self.nlp, self.embedder, self.judge_model
        if self.settings.judge.relatedness:
            _ = self.stance_model
        return self

    def model_names(self) -> dict[str, str]:
        """The models by role, as a report's ``meta.models`` names them (loads them)."""
        names = {
            "embedder": self.embedder.name,
            "judge": self.judge_model.name,
            "parser": str(self.nlp.meta.get("name", "spacy")),
        }
        if self.llm is not None:
            names["llm"] = self.llm.name
        return names

    def accounts(self, accounts: AccountsInput) -> list[Account]:
        return make_accounts(accounts, max_chars=self.max_chars)

    def claims(self, accounts: Sequence[Account]) -> list[Claim]:
        """Stages segment → annotate: every account's claims with their commitment (any number
        of accounts: an evaluation reads one text at a time)."""
        s = self.settings
        parsed = [p for acc in accounts for p in segment(acc, self.nlp, s.segment)]
        return annotate(parsed, s.commitment)

    def align(self, claims: list[Claim]) -> Alignment:
        return align(claims, self.embedder, self.settings.align)

    def judge(
        self,
        pairs: Sequence[tuple[Claim, Claim]],
        similarity: dict[tuple[str, str], float] | None = None,
        *,
        rules: bool = True,
        model: StanceModel | None = None,
    ) -> list[Relation]:
        """Judge claim pairs both ways (explicit checks first unless ``rules=False``), then let
        the LLM, if there is one, settle the pairs the judge is unsure of. ``model``: the judge
        model to run instead of the pipeline's (``reading`` passes one that records its scores)."""
        s = self.settings
        relations = judge(
            pairs,
            model or self.judge_model,
            similarity,
            rules=rules,
            settings=s.judge,
            rule_settings=s.rules,
            relatedness=self.stance_model if s.judge.relatedness else None,
        )
        if self.llm is not None:
            relations = refine(relations, self.llm, s.llm)
        return relations

    def matters(
        self, alignment: Alignment, relations: Sequence[Relation]
    ) -> tuple[tuple[Topic, ...], list[Relation]]:
        """Topics from the judged pairs (``takediff.matters``), and the relations inside them."""
        return matters(alignment, relations, self.settings.matters, self.settings.align)

    def article(
        self,
        text: str | Document,
        merge: Sequence[tuple[str, str]] = (),
        automatic: bool = True,
    ) -> ArticleAnalysis:
        """A news article's quotes, speakers, parties and accounts (who said what).
        ``merge``: (part, party) pairs; ``automatic``: one party per government."""
        return analyse(
            text, nlp=self.nlp, max_chars=self.max_chars, merge=merge, automatic=automatic
        )

    def from_article(
        self,
        text: str | Document,
        speakers: list[str] | None = None,
        with_article: bool = False,
        merge: Sequence[tuple[str, str]] = (),
        automatic: bool = True,
    ) -> list[Account]:
        """One Account per party quoted in the article (and the writer's, if asked)."""
        analysis = self.article(text, merge, automatic)
        return select(analysis.accounts, speakers, with_article, analysis.merges)

    def compare(
        self, accounts: AccountsInput, reports: Collection[str] = (), *, news: bool = False
    ) -> Report:
        """Compare two or more parties' accounts of one event: ``{"party": text}`` or Accounts.

        ``reports`` names the parties whose accounts report what happened (a news report, the
        article's own voice) rather than state a position: a contradiction between a report
        and a party's statement is explained as words against deeds. ``news``: the accounts
        are news outlets' articles, whose contradictions take the news bars
        (``Settings.for_news``)."""
        timings: dict[str, float] = {}
        lap = _stopwatch(timings)
        accs = self.accounts(accounts)
        unknown = sorted(set(reports) - {a.party for a in accs})
        if unknown:
            raise BadArguments(
                f"a report must be one of the parties: {', '.join(unknown)} is not "
                f"(parties: {', '.join(a.party for a in accs)})"
            )
        # The models read English: say which accounts are not, rather than pretend to understand.
        languages = {
            a.party: detect(" ".join(s.text for s in a.spans), self.settings.language) for a in accs
        }
        lap("ingest")
        self.load()
        lap("load_models")
        s = self.settings
        parsed = [p for acc in accs for p in segment(acc, self.nlp, s.segment)]
        lap("segment")
        claims = annotate(parsed, s.commitment)
        lap("annotate")
        alignment = self.align(claims)
        lap("align")
        # Only pairs that could tie are judged (lossless: see ``worth_judging``).
        pairs = worth_judging(alignment, s.matters)
        judged = self.judge(pairs, alignment.similarity)
        lap("judge")
        topics, relations = self.matters(alignment, judged)
        lap("matters")
        verdict = s.for_news().verdict if news else s.verdict
        verdicts, divergence = decide(
            topics, relations, alignment.nearest_other, verdict, frozenset(reports)
        )
        lap("verdict")
        meta = self._meta(accs, claims, len(pairs), languages, timings, reports)
        return Report(tuple(accs), tuple(verdicts), divergence, meta)

    def _meta(
        self,
        accs: list[Account],
        claims: list[Claim],
        pairs_judged: int,
        languages: dict[str, Any],
        timings: dict[str, float],
        reports: Collection[str] = (),
    ) -> dict[str, Any]:
        formats = {a.party: a.document.meta.get("format", "text") for a in accs}
        html = ", ".join(party for party, fmt in formats.items() if fmt == "html")
        offsets = "character offsets into each account's text"
        if html:
            offsets += f"; for HTML input ({html}), into the text extracted from it"
        return {
            "takediff_version": __version__,
            "models": self.model_names(),
            "claims": len(claims),
            "pairs_judged": pairs_judged,
            "encodings": {a.party: a.document.meta.get("encoding", "utf-8") for a in accs},
            "formats": formats,
            "offsets": offsets,
            "reports": sorted(reports),
            "languages": {party: g.to_dict() for party, g in languages.items()},
            "notices": [
                n
                for n in (notice(languages), encoding_notice({a.party: a.document for a in accs}))
                if n
            ],
            "timings_s": timings,
        }


def _stopwatch(timings: dict[str, float]) -> Callable[[str], None]:
    """``lap(stage)`` records the seconds since the previous lap under ``stage``."""
    clock = time.perf_counter()

    def lap(stage: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        timings[stage] = round(now - clock, 4)
        clock = now

    return lap


@lru_cache(maxsize=1)
def default_pipeline() -> Pipeline:
    """The bundled models and default settings, built once per process."""
    return Pipeline()


def compare(
    accounts: AccountsInput,
    *,
    embedder: Embedder | None = None,
    stance_model: StanceModel | None = None,
    nlp: Any | None = None,
    llm: LlmJudge | None = None,
    settings: Settings | None = None,
    max_chars: int = DEFAULT_MAX_CHARS,
) -> Report:
    """Compare two or more parties' accounts of one event.

    ``accounts`` is ``{"party": text, ...}`` or a list of Accounts. Models default to the bundled
    offline ones and load once per process; pass your own (or a ``Pipeline``) to swap them.
    """
    custom = (embedder, stance_model, nlp, llm, settings) != (None,) * 5
    if not custom and max_chars == DEFAULT_MAX_CHARS:
        return default_pipeline().compare(accounts)
    # The model loaders cache per process, so a custom Pipeline shares the loaded defaults.
    return Pipeline(
        settings=settings or DEFAULT,
        nlp=nlp,
        embedder=embedder,
        judge=stance_model,
        llm=llm,
        max_chars=max_chars,
    ).compare(accounts)
