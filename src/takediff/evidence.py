"""Pick the few sentences of a long text that matter for judging one claim.

The stance judge is a small cross-encoder that reads at most 192 tokens of
(claim, evidence).  A news body is usually several times longer than that, so
feeding it from the top would cut off most of the text.  The words that take a
position on a claim ("denies", "confirms", "false", "no evidence that ...") are
usually in the sentences that share the claim's own words, so we keep the
opening sentence (it normally states what the article is about) plus the
sentences with the largest content-word overlap with the claim, in their
original order.  No model is involved: a regex splitter and a set overlap keep
this fast and dependency-free, and the judge's training data was built with
this very function, so training and runtime see the same kind of input.
"""

from __future__ import annotations

import re

__all__ = ["select_evidence", "split_sentences", "content_words"]

# Sentence boundaries: end punctuation (optionally followed by closing quotes or
# brackets) then whitespace, or any line break.
_SENT_END = re.compile(r"(?<=[.!?])[\"'\u201d\u2019)\]]*\s+|\s*[\r\n]+\s*")
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")

_STOPWORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "but",
        "if",
        "then",
        "than",
        "so",
        "as",
        "of",
        "at",
        "by",
        "for",
        "from",
        "in",
        "into",
        "on",
        "onto",
        "to",
        "with",
        "without",
        "about",
        "over",
        "under",
        "up",
        "down",
        "out",
        "off",
        "again",
        "further",
        "once",
        "here",
        "there",
        "when",
        "where",
        "why",
        "how",
        "all",
        "any",
        "both",
        "each",
        "few",
        "more",
        "most",
        "other",
        "some",
        "such",
        "no",
        "nor",
        "not",
        "only",
        "own",
        "same",
        "too",
        "very",
        "can",
        "will",
        "just",
        "should",
        "would",
        "could",
        "may",
        "might",
        "must",
        "shall",
        "do",
        "does",
        "did",
        "doing",
        "done",
        "be",
        "is",
        "am",
        "are",
        "was",
        "were",
        "been",
        "being",
        "have",
        "has",
        "had",
        "having",
        "i",
        "me",
        "my",
        "we",
        "our",
        "ours",
        "you",
        "your",
        "yours",
        "he",
        "him",
        "his",
        "she",
        "her",
        "hers",
        "it",
        "its",
        "they",
        "them",
        "their",
        "theirs",
        "what",
        "which",
        "who",
        "whom",
        "this",
        "that",
        "these",
        "those",
        "s",
        "t",
        "don",
        "now",
        "also",
        "said",
        "says",
        "say",
        "new",
        "one",
        "two",
        "after",
        "before",
        "while",
        "during",
        "because",
    ]
)


def split_sentences(text: str) -> list[str]:
    """Split ``text`` into sentences with a simple regex (stdlib only)."""
    parts = (p.strip() for p in _SENT_END.split(text))
    return [p for p in parts if p]


def content_words(text: str) -> set[str]:
    """Lowercased words of ``text`` without punctuation and stopwords."""
    words = _WORD.findall(text.lower().replace("\u2019", "'"))
    out: set[str] = set()
    for w in words:
        if w.endswith("'s"):
            w = w[:-2]
        if w and w not in _STOPWORDS and (len(w) > 1 or w.isdigit()):
            out.add(w)
    return out


def select_evidence(claim: str, text: str, max_sentences: int = 4) -> str:
    """Return the part of ``text`` most useful for judging ``claim``.

    The first sentence is always kept; the other ``max_sentences - 1`` slots go
    to the sentences sharing the most content words with the claim (ties go to
    the earlier sentence).  Chosen sentences are deduplicated and joined with a
    space in their original order.  A text of at most ``max_sentences``
    sentences comes back whole (whitespace-normalised per sentence).
    """
    sentences = split_sentences(text)
    if len(sentences) <= max_sentences:
        return " ".join(sentences)
    claim_words = content_words(claim)
    seen: set[str] = {sentences[0]}
    candidates: list[tuple[int, int]] = []  # (-overlap, index)
    for i, sent in enumerate(sentences[1:], start=1):
        if sent in seen:
            continue
        seen.add(sent)
        candidates.append((-len(claim_words & content_words(sent)), i))
    candidates.sort()
    keep = {0} | {i for _, i in candidates[: max(max_sentences - 1, 0)]}
    return " ".join(sentences[i] for i in sorted(keep))
