"""lemmas.py: speech verbs and document nouns known without spaCy's lemmatizer."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import EXAMPLES

from takediff.ingest import make_document
from takediff.lemmas import lemma, lemma_in
from takediff.quotes import CUE_VERBS, DIRECT_CUE_VERBS, extract, paragraphs
from takediff.speakers import DOCUMENTS, INSTITUTIONS


class Tok:
    """A token as a parse without the lemmatizer gives it: no lemma."""

    def __init__(self, word: str, pos: str) -> None:
        self.lemma_, self.lower_, self.pos_ = "", word.lower(), pos


@pytest.mark.parametrize(
    ("word", "base"),
    [
        ("said", "say"),
        ("says", "say"),
        ("saying", "say"),
        ("told", "tell"),
        ("wrote", "write"),
        ("insisted", "insist"),
        ("noted", "note"),
        ("denied", "deny"),
        ("replies", "reply"),
        ("admitted", "admit"),
        ("quipped", "quip"),
        ("urging", "urge"),
        ("added", "add"),
        ("announces", "announce"),
    ],
)
def test_speech_verb_forms(word: str, base: str) -> None:
    assert lemma(Tok(word, "VERB"), DIRECT_CUE_VERBS) == base
    assert lemma_in(Tok(word, "VERB"), CUE_VERBS)


def test_nouns_and_non_cues() -> None:
    assert lemma_in(Tok("statements", "NOUN"), DOCUMENTS)
    assert lemma_in(Tok("ministries", "NOUN"), INSTITUTIONS)
    assert not lemma_in(Tok("walked", "VERB"), CUE_VERBS)
    assert not lemma_in(Tok("sayings", "NOUN"), CUE_VERBS)  # a noun is not inflected as a verb
    assert lemma(Tok("walked", "VERB"), CUE_VERBS) == "walked"


def test_a_given_lemma_is_kept() -> None:
    tok = Tok("stated", "VERB")
    tok.lemma_ = "State"
    assert lemma(tok, CUE_VERBS) == "state"


def test_quotes_are_the_same_with_spacys_lemmatizer(nlp: Any) -> None:
    """The article parse runs without the lemmatizer: the quotes must not change."""
    for name in ("article.txt", "wire.txt"):
        text = (EXAMPLES / name).read_text(encoding="utf-8")
        document = make_document(text, source=name)
        paras = list(paragraphs(text))
        full = list(zip((a for a, _ in paras), nlp.pipe(text[a:b] for a, b in paras), strict=True))
        assert extract(document, nlp, full) == extract(document, nlp), name
