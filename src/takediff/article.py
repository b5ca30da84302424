"""``from_article(text) -> list[Account]``: one Account per speaker, plus the writer's own.

The quotes (quotes.py) are grouped by the person their speaker mention resolves to
(speakers.py); every Account keeps spans into the one article text, so a report's offsets point
into the article. What the writer says in their own voice — sentences with no quote, and framing
clauses hung on a cue verb ("..., Putin said, refusing to commit to a ceasefire") — becomes the
account of ``ARTICLE``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from takediff.errors import TooFewParties
from takediff.ingest import DEFAULT_MAX_CHARS, make_document
from takediff.quotes import Quote, extract, paragraphs
from takediff.segment import load_nlp
from takediff.speakers import Directory
from takediff.types import Account, Document, Span

ARTICLE = "Article"


@dataclass(slots=True, frozen=True)
class AttributedQuote:
    quote: Quote
    party: str | None  # None when no speaker could be found


@dataclass(slots=True, frozen=True)
class ArticleAnalysis:
    document: Document
    quotes: tuple[AttributedQuote, ...]
    accounts: tuple[Account, ...]


def parse(document: Document, nlp: Any) -> list[tuple[int, Any]]:
    """Each paragraph parsed once: (offset, spaCy Doc)."""
    paras = list(paragraphs(document.text))
    return list(
        zip((a for a, _ in paras), nlp.pipe(document.text[a:b] for a, b in paras), strict=True)
    )


def _writer_spans(
    document: Document, parsed: list[tuple[int, Any]], quotes: list[Quote]
) -> list[Span]:
    """Sentences in the writer's own voice, and framing clauses on cue verbs."""
    taken = [(c.start - 1, c.end + 1) for q in quotes for c in q.content]
    cues = {q.cue.start for q in quotes if q.cue is not None}
    out: list[Span] = []
    for offset, doc in parsed:
        for sent in doc.sents:
            a, b = offset + sent.start_char, offset + sent.end_char
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
    text: str | Document, *, nlp: Any | None = None, max_chars: int = DEFAULT_MAX_CHARS
) -> ArticleAnalysis:
    """Quotes with their resolved speakers, and one Account per party (the writer's last)."""
    document = (
        text
        if isinstance(text, Document)
        else make_document(text, source="<article>", max_chars=max_chars)
    )
    nlp = nlp or load_nlp()
    parsed = parse(document, nlp)
    quotes = extract(document, nlp, parsed)
    directory = Directory(
        parsed, [(c.start, c.end) for q in quotes if q.kind == "direct" for c in q.content]
    )
    attributed = [
        AttributedQuote(q, directory.resolve(q.speaker) if q.speaker else None) for q in quotes
    ]
    spans: dict[str, list[Span]] = {}
    for aq in attributed:
        if aq.party is not None and aq.quote.is_claim:
            spans.setdefault(aq.party, []).extend(aq.quote.content)
    accounts = [
        Account(party, document, tuple(sorted(s, key=lambda x: x.start)))
        for party, s in spans.items()
    ]
    writer = _writer_spans(document, parsed, [q for q in quotes if q.is_claim])
    if writer:
        accounts.append(Account(ARTICLE, document, tuple(writer)))
    return ArticleAnalysis(document, tuple(attributed), tuple(accounts))


def select(
    accounts: tuple[Account, ...], speakers: list[str] | None, with_article: bool
) -> list[Account]:
    """The accounts to compare: the named speakers (substring match, any case) or all of them;
    the writer's own account only when asked for."""
    chosen = []
    for acc in accounts:
        if acc.party == ARTICLE:
            if with_article:
                chosen.append(acc)
        elif not speakers or any(s.lower() in acc.party.lower() for s in speakers):
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
) -> list[Account]:
    """One Account per speaker quoted in a news article (and the writer's, if asked)."""
    analysis = analyse(text, nlp=nlp, max_chars=max_chars)
    return select(analysis.accounts, speakers, with_article)


__all__ = ["ARTICLE", "analyse", "from_article", "select"]
