"""BASIL (Fan et al. 2019): 300 news articles (100 events × Fox, NYT, HuffPost) whose bias
spans include 722 quotes with a gold speaker.

Each article is rebuilt from its sentences (joined by a space; paragraphs by a blank line) and
run through ``takediff.article.analyse``. A gold quote is *found* when an extracted quote's
content overlaps it (*exact*: the same characters once quotation marks, spaces and edge
punctuation are trimmed). BASIL marks only the quotes that are bias spans, so an extracted
quote elsewhere has no gold to be checked against: precision is measured only inside the
sentences that hold a gold quote. Speaker accuracy is scored on found quotes whose gold speaker
is named (not BASIL's ``other_pro`` / ``other_anti`` / ``other_neutral``), by ``name_matches``,
separately for people (against the quote's speaker: who spoke) and for groups
("House_Democrats", against the quote's party: the side the speaker was merged into); the
table prints the other check beside each.
"""

from __future__ import annotations

import json
import re
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from takediff.errors import DataNotFound
from takediff.evaluate.data import check_split, require_dir, sample
from takediff.evaluate.spans import anchor_rows, overlaps, trim
from takediff.pipeline import Pipeline, default_pipeline
from takediff.quotes import MIN_QUOTE_WORDS
from takediff.types import Span

#: BASIL has no splits: all 300 articles are scored.
SPLITS: tuple[str, ...] = ("all",)
FOLDER = Path("basil")
#: BASIL's speakers with no name: a quote by someone on one side, or neutral.
UNNAMED = frozenset({"other_pro", "other_anti", "other_neutral", "other_neg", ""})
#: A named gold speaker with one of these words is a group, not a person.
GROUP_WORDS = frozenset(
    "democrats democratic republicans republican gop lawmakers campaign officials members party "
    "catholics plaintiffs protestors companies".split()
)
ORGANISATIONS = frozenset({"naacp", "buzzfeed", "secure america now"})
#: Gold quotes shorter than this are scare quotes to takediff, which never extracts them alone.
SHORT_WORDS = MIN_QUOTE_WORDS
NAME_RULE = (
    "case, underscores, dots, a leading “the” and a possessive ’s ignored; a match "
    "when the last words are equal, or one name contains the other from a word start "
    "(“Trump” ~ “Donald_Trump”, “House Democrats” ~ “House_Democrats”); a group gold name "
    "and a party that name the same political party match (“Democratic lawmakers” ~ "
    "“House_Democrats” ~ “senate_Democrats”: BASIL names one party's lawmakers all three ways), "
    "and a candidate's campaign and a party named by the candidate match (“Mitt Romney” ~ "
    "“Romney_campaign”: takediff gives a campaign's words its candidate's side)"
)


@dataclass(slots=True, frozen=True)
class GoldQuote:
    start: int  # offsets into the rebuilt article text
    end: int
    speaker: str  # as BASIL writes it: "Donald_Trump", "House_Democrats", "other_anti"


@dataclass(slots=True, frozen=True)
class BasilArticle:
    name: str  # <year>/<triplet>_<n>
    text: str
    sentences: tuple[tuple[int, int], ...]
    quotes: tuple[GoldQuote, ...]


@dataclass(slots=True, frozen=True)
class SpanScores:
    precision: float
    recall: float
    f1: float


@dataclass(slots=True, frozen=True)
class Share:
    hits: int
    n: int

    @property
    def value(self) -> float:
        return self.hits / self.n if self.n else 0.0


@dataclass(slots=True, frozen=True)
class BasilResult:
    articles: int
    gold: int
    gold_long: int  # gold quotes of SHORT_WORDS words or more
    predicted: int  # extracted quotes in all articles
    predicted_local: int  # extracted quotes touching a sentence that holds a gold quote
    exact: SpanScores
    overlap: SpanScores
    overlap_long: Share  # recall on gold quotes of SHORT_WORDS+ words
    speaker_person: Share  # found quotes whose gold speaker is a named person: speaker matches
    speaker_group: Share  # found quotes whose gold speaker is a named group: party matches
    person_by_party: Share  # the same quotes as speaker_person, checked against the party
    group_by_speaker: Share  # the same quotes as speaker_group, checked against the speaker
    group_strict: Share  # speaker_group without the group rules (political party, campaign)
    speaker_end_to_end: Share  # every named-speaker gold quote: found and the party matches
    attributed: Share  # found quotes that takediff gave some speaker, any gold speaker
    seconds: float  # in takediff.article.analyse

    @property
    def speaker_named(self) -> Share:
        """Found quotes whose gold speaker has a name, person or group."""
        p, g = self.speaker_person, self.speaker_group
        return Share(p.hits + g.hits, p.n + g.n)


def is_group(speaker: str) -> bool:
    """BASIL's named speakers that are groups or organisations ("House_Democrats", "NAACP")."""
    words = normalise(speaker).split()
    return (
        any(w in GROUP_WORDS for w in words)
        or speaker.replace("_", " ").lower() in ORGANISATIONS
        or any(w[:1].islower() for w in speaker.split("_"))
    )


def normalise(name: str) -> str:
    """ "Donald_Trump" / "the Donald Trump's" → "donald trump"; "N.A.A.C.P." → "naacp"."""
    name = re.sub(r"[’']s\b", "", name.replace("_", " ").lower())
    name = re.sub(r"\b(?:[a-z]\.){2,}", lambda m: m.group(0).replace(".", ""), name)  # N.A.A.C.P.
    words = re.findall(r"[^\W_]+(?:[-'][^\W_]+)*", name)
    if words[:1] == ["the"]:
        words = words[1:]
    return " ".join(words)


#: Words that name a US political party, for BASIL's group names of one party's lawmakers.
_PARTY_WORDS = {
    "democrat": "D",
    "democrats": "D",
    "democratic": "D",
    "republican": "R",
    "republicans": "R",
    "gop": "R",
}


def _political_party(name: str) -> str | None:
    found = {_PARTY_WORDS[w] for w in name.split() if w in _PARTY_WORDS}
    return found.pop() if len(found) == 1 else None


def name_matches(party: str | None, gold: str, *, strict: bool = False) -> bool:
    """Does takediff's party name the gold speaker? (the rule in ``NAME_RULE``; with
    ``strict``, without the two for groups: one political party's, a candidate's campaign)"""
    if party is None or gold in UNNAMED:
        return False
    a, b = normalise(party), normalise(gold)
    if not a or not b:
        return False
    if (
        not strict
        and is_group(gold)
        and _political_party(b)
        and (_political_party(a) == _political_party(b))
    ):
        return True
    if not strict and b.endswith(" campaign") and a.split()[-1] == b.split()[-2]:
        return True
    if a.split()[-1] == b.split()[-1]:
        return True
    short, long = sorted((a, b), key=len)
    return any(long.startswith(short, m.start()) for m in re.finditer(r"(?:^|(?<= ))\S", long))


def rebuild(raw: dict[str, Any]) -> tuple[str, list[tuple[int, int]]]:
    """An article's text from its JSON (sentences joined by a space, paragraphs by a blank
    line) and each sentence's (start, end) in it."""
    parts: list[str] = []
    sentences: list[tuple[int, int]] = []
    pos = 0
    for p, para in enumerate(raw.get("body-paragraphs") or []):
        for s, sent in enumerate(para):
            sep = "\n\n" if p and not s else (" " if s else "")
            pos += len(sep)
            parts.append(sep + sent)
            sentences.append((pos, pos + len(sent)))
            pos += len(sent)
    return "".join(parts), sentences


def locate(
    text: str, sentences: Sequence[tuple[int, int]], phrase: dict[str, Any]
) -> tuple[int, int] | None:
    """Where a phrase annotation lies in the rebuilt text: BASIL gives offsets within the
    phrase's sentence (not named), so the sentence is the one whose offsets hold its words."""
    start, end, words = int(phrase["start"]), int(phrase["end"]), phrase["txt"]
    at = next((a for a, _ in sentences if text[a + start : a + end] == words), None)
    if at is None:  # BASIL's offsets should always fit; fall back on the words
        found = text.find(words)
        if found < 0:
            return None
        at, start, end = 0, found, found + len(words)
    return at + start, at + end


def load_article(article: Path, annotation: Path) -> BasilArticle:
    """An article's text (``rebuild``) and its gold quotes, whose offsets BASIL gives within
    their sentence."""
    text, sentences = rebuild(json.loads(article.read_text(encoding="utf-8")))
    gold: list[GoldQuote] = []
    ann = json.loads(annotation.read_text(encoding="utf-8"))
    for ph in ann.get("phrase-level-annotations", []):
        if ph.get("quote") != "yes" or (where := locate(text, sentences, ph)) is None:
            continue
        gold.append(GoldQuote(*where, ph.get("speaker", "")))
    name = f"{article.parent.name}/{article.stem}"
    return BasilArticle(name, text, tuple(sentences), tuple(gold))


def article_files(data_dir: Path) -> list[tuple[Path, Path]]:
    """(article, annotation) pairs, in name order."""
    folder = require_dir(data_dir / FOLDER)
    require_dir(folder / "annotations")
    out = []
    for ann in sorted((folder / "annotations").glob("*/*_ann.json")):
        art = folder / "articles" / ann.parent.name / ann.name.replace("_ann.json", ".json")
        if art.is_file():
            out.append((art, ann))
    if not out:
        raise DataNotFound(
            f"no BASIL article/annotation pairs under {folder}; it should hold "
            "articles/<year>/<id>.json and annotations/<year>/<id>_ann.json."
        )
    return out


def _prf(tp_pred: int, n_pred: int, tp_gold: int, n_gold: int) -> SpanScores:
    p = tp_pred / n_pred if n_pred else 0.0
    r = tp_gold / n_gold if n_gold else 0.0
    return SpanScores(p, r, 2 * p * r / (p + r) if p + r else 0.0)


def evaluate(
    data_dir: Path,
    *,
    limit: int | None = None,
    seed: int = 0,
    split: str = "all",
    pipeline: Pipeline | None = None,
) -> BasilResult:
    """Score quote extraction and speakers on all BASIL articles, or a seeded sample of
    ``limit`` articles."""
    check_split(split, SPLITS)
    pipeline = pipeline or default_pipeline()
    files = sample(article_files(data_dir), limit, seed)
    c: Counter[str] = Counter()
    seconds = 0.0
    for art, ann in files:
        article = load_article(art, ann)
        if not article.text.strip():
            continue
        start = time.perf_counter()
        quotes = pipeline.article(article.text).quotes
        seconds += time.perf_counter() - start
        score_article(article, [(q.quote.content, q.party, q.speaker) for q in quotes], c)
    return BasilResult(
        articles=c["articles"],
        gold=c["gold"],
        gold_long=c["long"],
        predicted=c["pred"],
        predicted_local=c["local"],
        exact=_prf(c["exact_p"], c["local"], c["exact_g"], c["gold"]),
        overlap=_prf(c["over_p"], c["local"], c["over_g"], c["gold"]),
        overlap_long=Share(c["long_found"], c["long"]),
        speaker_person=Share(c["person_ok"], c["person"]),
        speaker_group=Share(c["group_ok"], c["group"]),
        person_by_party=Share(c["person_other"], c["person"]),
        group_by_speaker=Share(c["group_other"], c["group"]),
        group_strict=Share(c["group_strict"], c["group"]),
        speaker_end_to_end=Share(c["person_ok"] + c["group_ok"], c["named_gold"]),
        attributed=Share(c["attributed"], c["over_g"]),
        seconds=seconds,
    )


def score_article(
    article: BasilArticle,
    predicted: Sequence[tuple[Sequence[Span], str | None, str | None]],
    c: Counter[str],
) -> None:
    """Add one article's counts to ``c``; ``predicted`` is (content spans, party, speaker) per
    quote: a gold person is checked against the speaker, a gold group against the party."""
    text = article.text
    pred = [
        (tuple(trim(text, (s.start, s.end)) for s in spans), party, speaker)
        for spans, party, speaker in predicted
    ]
    gold = [trim(text, (g.start, g.end)) for g in article.quotes]
    holding = [
        s for s in article.sentences if overlaps([s], [(g.start, g.end) for g in article.quotes])
    ]
    c["articles"] += 1
    c["gold"] += len(gold)
    c["pred"] += len(pred)
    for spans, _, _ in pred:
        if not overlaps(spans, holding):
            continue
        c["local"] += 1
        c["exact_p"] += any(g in spans for g in gold)
        c["over_p"] += any(overlaps(spans, [g]) for g in gold)
    for g, gq in zip(gold, article.quotes, strict=True):
        long = len(re.findall(r"\w+", text[g[0] : g[1]])) >= SHORT_WORDS
        named = gq.speaker not in UNNAMED
        c["long"] += long
        c["named_gold"] += named
        c["exact_g"] += any(g in spans for spans, _, _ in pred)
        best = max(pred, key=lambda p: overlaps(p[0], [g]), default=None)
        if best is None or not overlaps(best[0], [g]):
            continue
        c["over_g"] += 1
        c["long_found"] += long
        c["attributed"] += best[1] is not None
        if named:
            party, speaker = best[1], best[2]
            kind = "group" if is_group(gq.speaker) else "person"
            first, second = (party, speaker) if kind == "group" else (speaker, party)
            c[kind] += 1
            c[f"{kind}_ok"] += name_matches(first, gq.speaker)
            c[f"{kind}_strict"] += name_matches(first, gq.speaker, strict=True)
            c[f"{kind}_other"] += name_matches(second, gq.speaker)


def _share_row(name: str, share: Share) -> str:
    return f"| {name} | {share.value:.3f} | {share.n} |"


def table(result: BasilResult) -> str:
    """The figures as Markdown, with the published anchors (other data sets) beside them."""
    r = result
    rate = r.articles / r.seconds if r.seconds else 0.0
    lines = [
        f"BASIL — {r.articles} articles, {r.gold} gold quotes ({r.gold_long} of "
        f"{SHORT_WORDS}+ words), {r.predicted} quotes extracted ({r.predicted_local} in sentences "
        f"holding a gold quote), {rate:.2f} articles/s (analyse only)\n",
        "Precision counts only extracted quotes in sentences that hold a gold quote: BASIL marks "
        "just the quotes that are bias spans, so elsewhere an extracted quote has no gold.\n",
        "| measure | precision | recall | F1 |",
        "|---|---|---|---|",
        f"| quote, exact (trimmed spans equal) | {r.exact.precision:.3f} | {r.exact.recall:.3f} "
        f"| {r.exact.f1:.3f} |",
        f"| quote, overlap | {r.overlap.precision:.3f} | {r.overlap.recall:.3f} | "
        f"{r.overlap.f1:.3f} |",
        f"| quote, overlap, gold of {SHORT_WORDS}+ words | | {r.overlap_long.value:.3f} | |",
        "",
        f"Speaker: {NAME_RULE}.\n",
        "| speaker | takediff | n |",
        "|---|---|---|",
        _share_row("found quotes, gold a named person: speaker matches", r.speaker_person),
        _share_row("… the same quotes: party (after merging sides) matches", r.person_by_party),
        _share_row("found quotes, gold a named group: party matches", r.speaker_group),
        _share_row("… the same quotes: speaker (before merging) matches", r.group_by_speaker),
        _share_row("… the same quotes: party matches, without the two group rules", r.group_strict),
        _share_row("found quotes, any named gold speaker: the above match", r.speaker_named),
        _share_row("all named-speaker gold quotes: found and matched", r.speaker_end_to_end),
        _share_row("found quotes given some speaker (any gold, unnamed included)", r.attributed),
        "",
        *anchor_rows("BASIL"),
    ]
    return "\n".join(lines)
