"""``from_article(text) -> list[Account]``: one Account per party, plus the writer's own.

The quotes (quotes.py) are grouped by the party (parties.py) of the person or institution their
speaker mention resolves to (speakers.py); the article's furniture — headlines, bylines,
datelines, captions (layout.py) — is nobody's claim; every Account keeps spans into the one
article text, so a report's offsets point into the article. What the writer says in their own
voice — sentences with no quote, and framing clauses hung on a cue verb ("..., Putin said,
refusing to commit to a ceasefire") — becomes the account of ``ARTICLE``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from takediff import layout
from takediff.errors import TooFewParties
from takediff.ingest import DEFAULT_MAX_CHARS, make_document
from takediff.parties import Merge, assign
from takediff.quotes import Quote, extract, parse_paragraphs
from takediff.segment import load_nlp
from takediff.speakers import Directory
from takediff.types import Account, Document, Span

ARTICLE = "Article"


@dataclass(slots=True, frozen=True)
class AttributedQuote:
    quote: Quote
    party: str | None  # the side; None when no speaker could be found
    speaker: str | None = None  # who spoke, before sides were merged ("Kremlin spokesman …")


@dataclass(slots=True, frozen=True)
class ArticleAnalysis:
    document: Document
    quotes: tuple[AttributedQuote, ...]
    accounts: tuple[Account, ...]
    merges: tuple[Merge, ...] = ()
    #: party → the country whose government it speaks for (``parties.Sides.government``).
    government: dict[str, str] = field(default_factory=dict)


def parse(document: Document, nlp: Any) -> list[tuple[int, Any]]:
    """Each paragraph parsed once: (offset, spaCy Doc)."""
    return parse_paragraphs(document.text, nlp)


def _writer_spans(
    document: Document,
    parsed: list[tuple[int, Any]],
    quotes: list[Quote],
    furniture: list[layout.Furniture],
) -> list[Span]:
    """Sentences in the writer's own voice, and framing clauses on cue verbs; not the
    headlines, bylines and other furniture (layout.py), nor a dateline before a sentence."""
    taken = [(c.start - 1, c.end + 1) for q in quotes for c in q.content]
    cues = {q.cue.start for q in quotes if q.cue is not None}
    out: list[Span] = []
    for offset, doc in parsed:
        for sent in doc.sents:
            a, b = offset + sent.start_char, offset + sent.end_char
            a = max([a, *(f.end for f in furniture if f.start <= a < f.end)])
            while a < b and document.text[a].isspace():
                a += 1
            if a >= b or layout.inside(furniture, a, b):
                continue
            if not any(x < b and a < y for x, y in taken):
                out.append(Span(a, b, document.text[a:b]))
                continue
            for tok in sent:
                if offset + tok.idx not in cues:
                    continue
                for child in tok.children:
                    if child.dep_ in ("advcl", "xcomp") and child.pos_ == "VERB":
                        sub = sorted(child.subtree, key=lambda t: t.i)
                        s, e = offset + sub[0].idx, offset + sub[-1].idx + len(sub[-1].text)
                        if not any(x < e and s < y for x, y in taken):
                            out.append(Span(s, e, document.text[s:e]))
    return out


def analyse(
    text: str | Document,
    *,
    nlp: Any | None = None,
    max_chars: int = DEFAULT_MAX_CHARS,
    merge: Sequence[tuple[str, str]] = (),
    automatic: bool = True,
) -> ArticleAnalysis:
    """Quotes with their resolved speakers, and one Account per party (the writer's last).
    ``merge``: (part, party) pairs the user asked for; ``automatic``: merge one government's
    speakers into one party (parties.py)."""
    document = (
        text
        if isinstance(text, Document)
        else make_document(text, source="<article>", max_chars=max_chars)
    )
    nlp = nlp or load_nlp()
    parsed = parse(document, nlp)
    furniture = layout.furniture(document.text)
    quotes = [
        q
        for q in extract(document, nlp, parsed)
        if not layout.inside(furniture, q.content[0].start, q.content[-1].end)
    ]
    directory = Directory(
        parsed, [(c.start, c.end) for q in quotes if q.kind == "direct" for c in q.content]
    )
    names = [directory.resolve(q.speaker) if q.speaker else None for q in quotes]
    sides = assign([n for n in names if n], directory, merge, automatic)
    attributed = [
        AttributedQuote(q, sides.party[n] if n else None, n)
        for q, n in zip(quotes, names, strict=True)
    ]
    spans: dict[str, list[Span]] = {}
    for aq in attributed:
        if aq.party is not None and aq.quote.is_claim:
            spans.setdefault(aq.party, []).extend(aq.quote.content)
    accounts = [
        Account(party, document, tuple(sorted(s, key=lambda x: x.start)))
        for party, s in spans.items()
    ]
    writer = _writer_spans(document, parsed, [q for q in quotes if q.is_claim], furniture)
    if writer:
        accounts.append(Account(ARTICLE, document, tuple(writer)))
    return ArticleAnalysis(
        document, tuple(attributed), tuple(accounts), sides.merges, sides.government
    )


def merge_notices(merges: Sequence[Merge]) -> list[str]:
    """One line per merge, for the report: who became one party, why, and how to undo it."""
    return [
        f"one party {m.party!r} for {', '.join(n for n in m.members if n != m.party)} "
        f"and {m.party} ({m.reason}; change with --merge NAME=PARTY or --keep-apart)"
        for m in merges
    ]


def note_merges(meta: dict[str, Any], merges: Sequence[Merge]) -> None:
    """Put the merges in a report's meta: a notice each, and ``meta["merges"]`` as data."""
    meta.setdefault("notices", []).extend(merge_notices(merges))
    meta["merges"] = [
        {"party": m.party, "members": list(m.members), "reason": m.reason} for m in merges
    ]


def select(
    accounts: tuple[Account, ...],
    speakers: list[str] | None,
    with_article: bool,
    merges: Sequence[Merge] = (),
) -> list[Account]:
    """The accounts to compare: the named speakers (substring match, any case, of the party
    or of a speaker merged into it) or all of them; the writer's own only when asked for."""
    names: dict[str, list[str]] = {}
    for m in merges:
        names.setdefault(m.party, []).extend(m.members)
    chosen = []
    for acc in accounts:
        known = [acc.party, *names.get(acc.party, [])]
        if acc.party == ARTICLE:
            if with_article:
                chosen.append(acc)
        elif not speakers or any(s.lower() in n.lower() for s in speakers for n in known):
            chosen.append(acc)
    if len(chosen) < 2:
        found = ", ".join(a.party for a in accounts) or "nobody"
        raise TooFewParties(
            f"the article gives {len(chosen)} matching account(s) to compare; speakers found: "
            f"{found}. Name two speakers, or add the writer's own account (with_article).",
            options=("speakers", "with_article"),
        )
    return chosen


def from_article(
    text: str | Document,
    *,
    speakers: list[str] | None = None,
    with_article: bool = False,
    nlp: Any | None = None,
    max_chars: int = DEFAULT_MAX_CHARS,
    merge: Sequence[tuple[str, str]] = (),
    automatic: bool = True,
) -> list[Account]:
    """One Account per party quoted in a news article (and the writer's, if asked)."""
    analysis = analyse(text, nlp=nlp, max_chars=max_chars, merge=merge, automatic=automatic)
    return select(analysis.accounts, speakers, with_article, analysis.merges)


__all__ = ["ARTICLE", "analyse", "from_article", "merge_notices", "select"]
