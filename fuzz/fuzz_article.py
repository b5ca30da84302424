"""Fuzz target for the article parser: ingest → quotes → speakers → accounts, on any input.

    python fuzz/fuzz_article.py -runs=2000 -dict=fuzz/article.dict fuzz/corpus   # a short run
    python fuzz/fuzz_article.py -max_total_time=600 NEW_DIR fuzz/corpus       # a longer one

atheris (libFuzzer for Python) instruments takediff's own modules, not spaCy's. Each input is
read one of three ways: as raw bytes through ``ingest.decode_bytes`` (encodings, binary, HTML); as
arbitrary Unicode text; or as an article assembled from fragments that exercise the quote rules
(quotation marks of every kind, cue verbs, names, pronouns, paragraph breaks) with arbitrary
text between them. A crash is any exception other than a ``TakediffError`` (bad input, refused
with a message), or a broken invariant: every span of every quote and account must be the text
at its offsets in the article, and every account must share the article's Document.
"""

from __future__ import annotations

import sys

import atheris

with atheris.instrument_imports(include=["takediff"]):
    from takediff.article import analyse
    from takediff.errors import TakediffError
    from takediff.ingest import decode_bytes, make_document
    from takediff.segment import load_nlp
    from takediff.types import Document, Span

MAX_CHARS = 4_000
FRAGMENTS = (
    '"',
    "“",
    "”",
    "«",
    "»",
    "'",
    "‘",
    "’",
    " said ",
    " told reporters that ",
    " insisted that ",
    " denied that ",
    "According to ",
    " said, ",
    ",” she said. “",
    ' he added. "',
    "\n\n",
    "\n",
    ". ",
    ": ",
    "Mayor Ines Varga",
    "Varga",
    "the mayor",
    "Treasurer Paul Brandt",
    "Brandt",
    "she",
    "he",
    "they",
    "The bridge will open in March",
    "no money was approved",
    "work could perhaps start next year",
    "We have not signed anything",
)

NLP = load_nlp()


def build(fdp: atheris.FuzzedDataProvider) -> str:
    """An article from fragments and arbitrary text, as the provider's bytes choose."""
    parts = []
    for _ in range(fdp.ConsumeIntInRange(1, 40)):
        if fdp.ConsumeBool():
            parts.append(FRAGMENTS[fdp.ConsumeIntInRange(0, len(FRAGMENTS) - 1)])
        else:
            parts.append(fdp.ConsumeUnicodeNoSurrogates(fdp.ConsumeIntInRange(0, 24)))
    return "".join(parts)


def check_span(document: Document, span: Span, what: str) -> None:
    if not 0 <= span.start <= span.end <= len(document.text):
        raise AssertionError(f"{what} {span.start}-{span.end} outside the article")
    if document.text[span.start : span.end] != span.text:
        raise AssertionError(
            f"{what} {span.start}-{span.end}: {span.text!r} is not "
            f"{document.text[span.start : span.end]!r}"
        )


def TestOneInput(data: bytes) -> None:  # noqa: N802 (atheris' name)
    fdp = atheris.FuzzedDataProvider(data)
    mode = fdp.ConsumeIntInRange(0, 2)
    try:
        if mode == 0:
            got = decode_bytes(fdp.ConsumeBytes(4 * MAX_CHARS), "<fuzz>")
            document = make_document(got.text, max_chars=MAX_CHARS, encoding=got.encoding)
        else:
            text = fdp.ConsumeUnicodeNoSurrogates(MAX_CHARS) if mode == 1 else build(fdp)
            document = make_document(text, max_chars=MAX_CHARS)
        analysis = analyse(document, nlp=NLP, max_chars=MAX_CHARS)
    except TakediffError:
        return
    for aq in analysis.quotes:
        q = aq.quote
        for span in q.content:
            check_span(document, span, "quote content")
        if q.speaker is not None:
            check_span(document, q.speaker, "speaker mention")
        if q.cue is not None:
            check_span(document, q.cue, "cue")
    for account in analysis.accounts:
        if account.document is not document:
            raise AssertionError(f"account {account.party!r} is not on the article's Document")
        if not account.party.strip():
            raise AssertionError("an account with an empty party name")
        for span in account.spans:
            check_span(document, span, f"account {account.party!r}")


def main() -> None:
    atheris.Setup(sys.argv, TestOneInput)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
