"""``compare(accounts) -> Report``: the stages of DESIGN.md composed, in one direction."""

from __future__ import annotations

import time
from typing import Any

from takediff import __version__
from takediff.align import align
from takediff.annotate import annotate
from takediff.attribute import AccountsInput, make_accounts
from takediff.ingest import DEFAULT_MAX_CHARS
from takediff.judge import judge
from takediff.language import detect, notice
from takediff.llm import get_llm_judge, refine
from takediff.models import Embedder, StanceModel, get_embedder, get_stance_model
from takediff.segment import load_nlp, segment
from takediff.types import Report
from takediff.verdict import decide


def compare(
    accounts: AccountsInput,
    *,
    embedder: Embedder | None = None,
    stance_model: StanceModel | None = None,
    nlp: Any | None = None,
    max_chars: int = DEFAULT_MAX_CHARS,
) -> Report:
    """Compare two or more parties' accounts of one event.

    ``accounts`` is ``{"party": text, ...}`` or a list of Accounts. Models default to the bundled
    offline ones and load once per process; pass your own to swap them.
    """
    timings: dict[str, float] = {}
    clock = time.perf_counter()

    def lap(stage: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        timings[stage] = round(now - clock, 4)
        clock = now

    accs = make_accounts(accounts, max_chars=max_chars)
    # The models read English: say which accounts are not, rather than pretend to understand.
    languages = {a.party: detect(" ".join(s.text for s in a.spans)) for a in accs}
    lap("ingest")
    nlp = nlp or load_nlp()
    embedder = embedder or get_embedder()
    stance_model = stance_model or get_stance_model()
    lap("load_models")
    parsed = [p for acc in accs for p in segment(acc, nlp)]
    lap("segment")
    claims = annotate(parsed)
    lap("annotate")
    alignment = align(claims, embedder)
    lap("align")
    relations = judge(alignment.pairs, stance_model, alignment.similarity)
    llm = get_llm_judge()
    if llm is not None:
        relations = refine(relations, llm)
    lap("judge")
    verdicts, divergence = decide(alignment.topics, relations, alignment.nearest_other)
    lap("verdict")
    encodings = {a.party: a.document.meta.get("encoding", "utf-8") for a in accs}
    formats = {a.party: a.document.meta.get("format", "text") for a in accs}
    html = ", ".join(party for party, fmt in formats.items() if fmt == "html")
    offsets = "character offsets into each account's text"
    if html:
        offsets += f"; for HTML input ({html}), into the text extracted from it"
    notices = [n for n in (notice(languages),) if n]
    meta = {
        "takediff_version": __version__,
        "models": {
            "embedder": embedder.name,
            "judge": stance_model.name,
            "parser": nlp.meta.get("name", "spacy"),
        },
        "claims": len(claims),
        "pairs_judged": len(alignment.pairs),
        "encodings": encodings,
        "formats": formats,
        "offsets": offsets,
        "languages": {party: g.to_dict() for party, g in languages.items()},
        "notices": notices,
        "timings_s": timings,
    }
    return Report(tuple(accs), tuple(verdicts), divergence, meta)
