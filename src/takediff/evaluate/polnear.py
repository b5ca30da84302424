"""PolNeAR (Newell et al. 2018) development set: quote content, cue and speaker spans.

PolNeAR annotates every attribution, beliefs and feelings included ("you don't like it");
takediff extracts speech. Both views are scored: all gold attributions, and only those whose cue
is a speech verb. Spans are compared after trimming quotation marks, spaces and edge
punctuation; "overlap" counts any shared character. Where several annotators worked on one
article, the first annotator's file (sorted by name) is the gold.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from takediff.evaluate.data import check_split, require_dir, sample
from takediff.evaluate.spans import EDGE, anchor_rows, overlaps, trim
from takediff.pipeline import Pipeline, default_pipeline
from takediff.quotes import CUE_VERBS

#: PolNeAR's splits in ../shared/data.
SPLITS: tuple[str, ...] = ("dev", "train")

#: PolNeAR's edge characters: those of the shared set but the en dash (as first measured).
_EDGE = EDGE.replace("–", "")


@dataclass(slots=True, frozen=True)
class GoldAttribution:
    content: tuple[tuple[int, int], ...]
    cue: tuple[tuple[int, int], ...]
    source: tuple[tuple[int, int], ...]
    cue_text: str


@dataclass(slots=True, frozen=True)
class SpanScores:
    precision: float
    recall: float
    f1: float


@dataclass(slots=True, frozen=True)
class PolnearResult:
    articles: int
    gold: int
    predicted: int
    content_exact: SpanScores
    content_overlap: SpanScores
    cue_exact: SpanScores
    speaker_match: float  # share of overlapping contents whose speaker span overlaps the gold
    speech_only_overlap: SpanScores
    speech_only_speaker_match: float
    seconds: float
    #: speech-cue quotes by what their gold source is ("person", "institution", "other"):
    #: (speaker spans that overlap it, quotes found)
    speaker_by_kind: dict[str, tuple[int, int]] = field(default_factory=dict)
    split: str = "dev"


#: Words whose noun makes a source an institution, a group or a document it issued (issue 14:
#: speakers that are not people). Hand-listed for this breakdown; no threshold rests on it.
INSTITUTION_WORDS = frozenset(
    """government ministry department office administration agency committee campaign party
    officials statement readout release communique report court police company council
    commission spokesman's embassy kremlin pentagon senate house congress parliament army
    military union group organisation organization""".split()
)
_PERSON_PRONOUNS = frozenset({"he", "she", "him", "her", "i"})


def source_kind(text: str, nlp: Any) -> str:
    """Whether a gold source ("Sen. Ada Brill", "the foreign ministry", "she") is a person, an
    institution or group (organisations, places as governments, "officials", a statement), or
    other (an unnamed "source", "experts")."""
    doc = nlp(text)
    labels = {e.label_ for e in doc.ents}
    words = {t.lower_ for t in doc}
    if "PERSON" in labels or (len(doc) <= 2 and words & _PERSON_PRONOUNS):
        return "person"
    if labels & {"ORG", "GPE", "NORP"} or words & INSTITUTION_WORDS:
        return "institution"
    return "other"


def _spans(field: str) -> tuple[tuple[int, int], ...]:
    return tuple((int(a), int(b)) for a, b in (p.split() for p in field.split(";")))


def load_article(ann: Path) -> list[GoldAttribution]:
    spans: dict[str, tuple[str, tuple[tuple[int, int], ...], str]] = {}
    events: list[dict[str, str]] = []
    for line in ann.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 2:
            kind, _, where = parts[1].partition(" ")
            spans[parts[0]] = (kind, _spans(where), parts[2] if len(parts) > 2 else "")
        elif line.startswith("E") and len(parts) >= 2:
            events.append(dict(arg.split(":", 1) for arg in parts[1].split()))
    out = []
    for ev in events:
        if "Content" not in ev or ev["Content"] not in spans:
            continue

        def get(role: str, ev: dict[str, str] = ev) -> tuple[tuple[int, int], ...]:
            return spans[ev[role]][1] if role in ev and ev[role] in spans else ()

        cue_text = spans[ev["Cue"]][2] if "Cue" in ev and ev["Cue"] in spans else ""
        out.append(GoldAttribution(get("Content"), get("Cue"), get("Source"), cue_text))
    return out


def _prf(tp_pred: int, n_pred: int, tp_gold: int, n_gold: int) -> SpanScores:
    p = tp_pred / n_pred if n_pred else 0.0
    r = tp_gold / n_gold if n_gold else 0.0
    return SpanScores(p, r, 2 * p * r / (p + r) if p + r else 0.0)


def _is_speech(cue: str, nlp: Any) -> bool:
    return any(t.lemma_.lower() in CUE_VERBS for t in nlp(cue)) if cue else False


def evaluate(
    data_dir: Path,
    *,
    limit: int | None = None,
    seed: int = 0,
    split: str = "dev",
    pipeline: Pipeline | None = None,
) -> PolnearResult:
    """Score quote content, cue and speaker spans on a PolNeAR split (all its articles, or a
    seeded sample of ``limit``)."""
    check_split(split, SPLITS)
    pipeline = pipeline or default_pipeline()
    nlp = pipeline.nlp
    folder = require_dir(data_dir / "polnear" / split / "text").parent
    texts = sample(sorted((folder / "text").glob("*.txt")), limit, seed)
    counts = {
        k: 0
        for k in (
            "gold",
            "pred",
            "exact_p",
            "exact_g",
            "over_p",
            "over_g",
            "cue_p",
            "cue_g",
            "cue_gold",
            "cue_pred",
            "spk",
            "spk_n",
            "sp_gold",
            "sp_over_g",
            "sp_over_p",
            "sp_spk",
            "sp_spk_n",
        )
    }
    by_kind: dict[str, list[int]] = {}
    start = time.perf_counter()
    for path in texts:
        anns = sorted(folder.joinpath("attributions").glob(path.stem + "_*.ann")) or sorted(
            folder.joinpath("attributions").glob(path.stem + ".ann")
        )
        if not anns:
            continue
        text = path.read_text(encoding="utf-8")
        if not text.strip():
            continue
        gold = load_article(anns[0])
        quotes = pipeline.article(text).quotes
        pred = [
            (tuple(trim(text, (c.start, c.end), _EDGE) for c in q.quote.content), q.quote)
            for q in quotes
        ]
        gold_t = [tuple(trim(text, s, _EDGE) for s in g.content) for g in gold]
        speech = [_is_speech(g.cue_text, nlp) for g in gold]
        counts["gold"] += len(gold)
        counts["pred"] += len(pred)
        counts["sp_gold"] += sum(speech)
        gold_sets = [set(g) for g in gold_t]
        for spans, _ in pred:
            counts["exact_p"] += any(set(spans) & g for g in gold_sets)
            counts["over_p"] += any(overlaps(spans, g) for g in gold_t)
            counts["sp_over_p"] += any(
                overlaps(spans, g) for g, s in zip(gold_t, speech, strict=True) if s
            )
        for g, spans, is_speech in zip(gold, gold_t, speech, strict=True):
            counts["exact_g"] += any(set(spans) & set(p) for p, _ in pred)
            match = next((q for p, q in pred if overlaps(p, spans)), None)
            counts["over_g"] += match is not None
            counts["sp_over_g"] += match is not None and is_speech
            if match is not None and g.source:
                hit = (
                    match.speaker is not None
                    and overlaps([(match.speaker.start, match.speaker.end)], g.source) > 0
                )
                counts["spk_n"] += 1
                counts["spk"] += hit
                if is_speech:
                    counts["sp_spk_n"] += 1
                    counts["sp_spk"] += hit
                    source = " ".join(text[a:b] for a, b in g.source)
                    tally = by_kind.setdefault(source_kind(source, nlp), [0, 0])
                    tally[0] += hit
                    tally[1] += 1
            if g.cue:
                counts["cue_gold"] += 1
                counts["cue_g"] += any(
                    q.cue is not None and (q.cue.start, q.cue.end) in g.cue for _, q in pred
                )
        gold_cues = {c for g in gold for c in g.cue}
        for _, q in pred:
            if q.cue is not None:
                counts["cue_pred"] += 1
                counts["cue_p"] += (q.cue.start, q.cue.end) in gold_cues
    c = counts
    return PolnearResult(
        articles=len(texts),
        gold=c["gold"],
        predicted=c["pred"],
        content_exact=_prf(c["exact_p"], c["pred"], c["exact_g"], c["gold"]),
        content_overlap=_prf(c["over_p"], c["pred"], c["over_g"], c["gold"]),
        cue_exact=_prf(c["cue_p"], c["cue_pred"], c["cue_g"], c["cue_gold"]),
        speaker_match=c["spk"] / c["spk_n"] if c["spk_n"] else 0.0,
        speech_only_overlap=_prf(c["sp_over_p"], c["pred"], c["sp_over_g"], c["sp_gold"]),
        speech_only_speaker_match=c["sp_spk"] / c["sp_spk_n"] if c["sp_spk_n"] else 0.0,
        seconds=time.perf_counter() - start,
        speaker_by_kind={k: (v[0], v[1]) for k, v in sorted(by_kind.items())},
        split=split,
    )


def table(result: PolnearResult) -> str:
    rows = [
        ("quote content, exact", result.content_exact),
        ("quote content, overlap", result.content_overlap),
        ("cue, exact", result.cue_exact),
        ("quote content, overlap (speech cues only)", result.speech_only_overlap),
    ]
    lines = [
        f"PolNeAR {result.split} — {result.articles} articles, {result.gold} gold attributions, "
        f"{result.predicted} extracted, {result.articles / result.seconds:.2f} articles/s\n",
        "| measure | precision | recall | F1 |",
        "|---|---|---|---|",
    ]
    lines += [f"| {name} | {s.precision:.3f} | {s.recall:.3f} | {s.f1:.3f} |" for name, s in rows]
    lines += [
        "",
        "| speaker | accuracy |",
        "|---|---|",
        f"| speaker span matches gold source (all) | {result.speaker_match:.3f} |",
        f"| speaker span matches gold source (speech cues) | "
        f"{result.speech_only_speaker_match:.3f} |",
    ]
    lines += [
        f"| … gold source {kind} ({n} quotes) | {hits / n:.3f} |"
        for kind, (hits, n) in result.speaker_by_kind.items()
        if n
    ]
    lines += ["", *anchor_rows("PolNeAR")]
    return "\n".join(lines)
