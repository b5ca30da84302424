"""The base form of the few words article mode asks about, without spaCy's lemmatizer.

Finding quotes asks only whether a verb is a speech verb ("said", "insisted", "quipped") and
whether a noun names a document or an institution ("statements", "ministries"). spaCy's rule
lemmatizer answers that for every token of the article and took about a fifth of the parse
time, so the article parse runs without it (``article.parse``) and ``lemma`` answers from the
word itself: English inflection rules for regular verbs and plural nouns, and a table of the
irregular forms of the speech verbs. A token that does carry a lemma (a parse with the
lemmatizer on) keeps it.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

#: Irregular past forms of speech verbs (the regular ones follow the rules below).
IRREGULAR = {
    "said": "say",
    "says": "say",
    "told": "tell",
    "wrote": "write",
    "written": "write",
    "spoke": "speak",
    "spoken": "speak",
    "read": "read",
    "reads": "read",
    "swore": "swear",
    "sworn": "swear",
    "thought": "think",
    "felt": "feel",
    "knew": "know",
    "known": "know",
    "saw": "see",
    "seen": "see",
    "made": "make",
    "was": "be",
    "were": "be",
    "is": "be",
    "are": "be",
    "been": "be",
    "am": "be",
    "has": "have",
    "had": "have",
}


@lru_cache(maxsize=1 << 16)  # bounded: a corpus run meets every name there is
def _base(word: str, verb: bool) -> frozenset[str]:
    """The base forms a word may have: itself, and what removing an inflection leaves."""
    if word in IRREGULAR:
        return frozenset({IRREGULAR[word]})
    out = {word}
    if word.endswith("ies") and len(word) > 4:
        out.add(word[:-3] + "y")  # ministries, replies
    elif word.endswith("es") and len(word) > 3:
        out |= {word[:-2], word[:-1]}  # addresses, notes
    elif word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        out.add(word[:-1])  # statements, insists
    if verb:
        for suffix in ("ed", "ing"):
            if word.endswith(suffix) and len(word) > len(suffix) + 2:
                stem = word[: -len(suffix)]
                out |= {stem, stem + "e"}  # insisted, noted, saying
                if stem.endswith("i"):
                    out.add(stem[:-1] + "y")  # denied, replied
                if len(stem) > 2 and stem[-1] == stem[-2]:
                    out.add(stem[:-1])  # admitted, quipped
    return frozenset(out)


def lemma_in(tok: Any, words: frozenset[str]) -> bool:
    """Is the token a form of one of ``words`` (lower-case base forms)?"""
    given = tok.lemma_
    if given:
        return bool(given.lower() in words)
    lower = tok.lower_
    return lower in words or bool(_base(lower, tok.pos_ in ("VERB", "AUX")) & words)


def lemma(tok: Any, words: frozenset[str]) -> str:
    """The token's base form among ``words`` if it is one, else its lower-case form."""
    given = tok.lemma_
    if given:
        return str(given.lower())
    lower = tok.lower_
    if lower in words:
        return str(lower)
    found = _base(lower, tok.pos_ in ("VERB", "AUX")) & words
    return min(found) if found else str(lower)
