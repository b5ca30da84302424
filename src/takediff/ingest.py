"""Stage 1, ingest: bytes or text from a file, stdin or a caller → a validated Document.

Bad input is refused here, with a message that says what to do, so later stages can assume
non-empty, decoded text of a bounded size. HTML (a saved page, a pasted fragment) is detected and
its visible text extracted with selectolax (the Lexbor HTML5 parser); the Document's text, and so
every offset in a report, is then that extracted text, and ``meta["format"]`` says ``html``.
"""

from __future__ import annotations

import hashlib
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from takediff.errors import BinaryInput, EmptyInput, InputNotFound, InputTooLong, UndecodableInput
from takediff.types import Document

#: Default ceiling on one account's length, in characters. Longer texts are processed in windows
#: up to this size; past it takediff refuses rather than silently dropping text.
DEFAULT_MAX_CHARS = 1_000_000

_MAGIC = {
    b"%PDF": "a PDF file; extract its text first (for example with `pdftotext`)",
    b"PK\x03\x04": "a ZIP archive (a .docx or .xlsx?); save it as plain text first",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"\x7fELF": "an executable",
}


#: Legacy code pages in the order a tie between them is settled: the Western one first (the
#: web's default for text labelled Latin-1), then the Central European, Cyrillic and Greek ones.
#: Hand-set, not fitted: no public set of legacy-encoded news is in ../shared/data.
PREFERRED = ("cp1252", "cp1250", "cp1251", "cp1253", "iso8859_15", "latin_1")
#: Decodings whose language fit (py3langid's probability) is this close to the best one's are a
#: tie (``PREFERRED``). Hand-set: with it, the sentences of tests/test_ingest.py come back as
#: written; not fitted on data.
TIE = 0.01


@dataclass(slots=True, frozen=True)
class Decoded:
    """Text from bytes, the encoding it was read with, and the other encodings that would have
    read the same bytes as different text (empty when the encoding was not a guess)."""

    text: str
    encoding: str
    alternatives: tuple[str, ...] = ()


def _utf16_32(data: bytes) -> str | None:
    """The encoding of UTF-16 or UTF-32 text without a byte-order mark, told by where its NUL
    bytes fall (English in UTF-16-LE: every odd byte; in UTF-32-LE: the top two of four), or
    None."""
    head = data[: 8192 - 8192 % 4]
    if len(head) < 8:
        return None

    def zeros(start: int, step: int) -> float:
        picked = head[start::step]
        return picked.count(0) / max(len(picked), 1)

    if len(data) % 4 == 0:
        if zeros(2, 4) > 0.9 and zeros(3, 4) > 0.9 and zeros(0, 4) < 0.1:
            return "utf-32-le"
        if zeros(0, 4) > 0.9 and zeros(1, 4) > 0.9 and zeros(3, 4) < 0.1:
            return "utf-32-be"
    if len(data) % 2 == 0:
        if zeros(1, 2) > 0.9 and zeros(0, 2) < 0.1:
            return "utf-16-le"
        if zeros(0, 2) > 0.9 and zeros(1, 2) < 0.1:
            return "utf-16-be"
    return None


def _legacy(data: bytes, source: str) -> Decoded:
    """A legacy code page, detected (charset-normalizer), the decodings it finds reranked by
    how well each reads as a language (py3langid): close code pages decode most bytes alike and
    differ on the accented letters, which is where a wrong guess changes a quote."""
    from charset_normalizer import from_bytes

    from takediff.language import identify

    results = from_bytes(data)
    best = results.best()
    # Random bytes decode "cleanly" in some legacy code page; coherence (language fit) tells.
    if best is None or best.chaos > 0.2 or best.coherence < 0.1:
        raise UndecodableInput(
            f"{source} is not UTF-8 and its encoding could not be detected with confidence; "
            "convert it to UTF-8 (for example `iconv -f LATIN1 -t UTF-8`)."
        )
    texts = {m.encoding: str(m) for m in results if m.chaos <= 0.2}
    fit = {enc: identify(text)[1] for enc, text in texts.items()}
    top = max(fit.values())
    tied = [enc for enc in texts if fit[enc] >= top - TIE]
    chosen = min(tied, key=lambda e: PREFERRED.index(e) if e in PREFERRED else len(PREFERRED))
    others = tuple(dict.fromkeys(e for e, t in texts.items() if t != texts[chosen]))
    return Decoded(texts[chosen], chosen, others)


def decode_bytes(data: bytes, source: str, declared: str | None = None) -> Decoded:
    """Decode bytes: the ``declared`` encoding if given, else UTF-8 (BOM allowed), UTF-16/32
    with a BOM or told by their NUL bytes, else a detected legacy code page, whose close rivals
    are kept in ``alternatives`` so a report can say its quotes rest on a guess."""
    for magic, what in _MAGIC.items():
        if data.startswith(magic):
            raise BinaryInput(f"{source} looks like {what}, not text.")
    if declared:
        try:
            return Decoded(data.decode(declared), declared)
        except LookupError as exc:
            raise UndecodableInput(f"{declared!r} is not an encoding Python knows.") from exc
        except UnicodeDecodeError as exc:
            raise UndecodableInput(f"{source} does not decode as {declared}: {exc}") from exc
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        bom = "utf-32"
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        bom = "utf-16"
    else:
        bom = _utf16_32(data) or ""
    if bom:
        try:
            return Decoded(data.decode(bom), bom)
        except UnicodeDecodeError as exc:
            raise UndecodableInput(f"{source} looks like {bom} but does not decode: {exc}") from exc
    if b"\x00" in data[:8192]:
        raise BinaryInput(f"{source} contains NUL bytes: it looks like a binary file, not text.")
    try:
        return Decoded(data.decode("utf-8-sig"), "utf-8")
    except UnicodeDecodeError:
        return _legacy(data, source)


def refuse_binary(text: str, source: str) -> None:
    """BinaryInput for text that is a file's bytes, not words: the same refusals for text from
    the API, a corpus record or the library as for bytes from a file (one ingest path)."""
    for magic, what in _MAGIC.items():
        if text.startswith(magic.decode("latin-1")):
            raise BinaryInput(f"{source} looks like {what}, not text.")
    if "\x00" in text:
        raise BinaryInput(
            f"{source} contains NUL characters: it looks like a binary file, not text."
        )
    controls = sum(1 for ch in text[:4096] if ord(ch) < 32 and ch not in "\t\n\r\f")
    if controls > 0.05 * min(len(text), 4096):
        raise BinaryInput(f"{source} is mostly control characters: it looks binary, not text.")


def make_document(
    text: str,
    *,
    source: str = "<text>",
    doc_id: str | None = None,
    max_chars: int = DEFAULT_MAX_CHARS,
    encoding: str = "utf-8",
    html: bool | None = None,
    encoding_alternatives: tuple[str, ...] = (),
) -> Document:
    """Validate text and wrap it in a Document with a stable content-derived id.

    ``html``: None detects markup (a document, or text that opens with HTML tags); True or
    False says what the text is.
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be str, not {type(text).__name__}")
    # A lone surrogate (from JSON "\\ud800" or surrogateescape) is no character: U+FFFD keeps
    # every offset where it was.
    text, replaced = _SURROGATE.subn("\ufffd", text)
    if not text.strip():
        raise EmptyInput(f"{source} is empty (or only whitespace): there is nothing to compare.")
    refuse_binary(text, source)
    meta: dict[str, object] = {"encoding": encoding, "format": "text"}
    if encoding_alternatives:
        meta["encoding_alternatives"] = list(encoding_alternatives)
    if html if html is not None else looks_like_html(text):
        if len(text) > HTML_FACTOR * max_chars:
            raise InputTooLong(
                f"{source} is HTML of {len(text):,} characters; the limit for HTML is "
                f"{HTML_FACTOR * max_chars:,} ({HTML_FACTOR} × max_chars). Save its text, or "
                "raise the limit (max_chars).",
                options=("max_chars",),
            )
        meta.update(format="html", html_chars=len(text), offsets="into the extracted text")
        if markup_cost(text) > MAX_MARKUP_COST:
            raise BinaryInput(
                f"{source} is HTML nested too deeply (or misnested too often) to parse in "
                "reasonable time; save the page's text and give that instead."
            )
        text = html_to_text(text)
        if not text.strip():
            raise EmptyInput(f"{source} is HTML with no visible text: there is nothing to compare.")
    if len(text) > max_chars:
        raise InputTooLong(
            f"{source} has {len(text):,} characters; the limit is {max_chars:,}. "
            "Split it, or raise the limit (max_chars).",
            options=("max_chars",),
        )
    if replaced:
        meta["replaced_surrogates"] = replaced
    meta["chars"] = len(text)
    digest = hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]
    return Document(id=doc_id or digest, text=text, source=source, meta=meta)


def read_document(
    path: str | Path,
    *,
    max_chars: int = DEFAULT_MAX_CHARS,
    html: bool | None = None,
    encoding: str | None = None,
) -> Document:
    """Read a file (or ``-`` for stdin) into a Document; a .html/.htm file is read as HTML.
    ``encoding``: the file's declared encoding (else UTF-8, else detected: ``decode_bytes``)."""
    source = str(path)
    if html is None and Path(source).suffix.lower() in (".html", ".htm", ".xhtml"):
        html = True
    # A UTF-8 character is at most 4 bytes; HTML may carry HTML_FACTOR times more in markup.
    limit = max_chars * 4 * (HTML_FACTOR if html else 1) + 1
    if source == "-":
        data = sys.stdin.buffer.read(limit)
        source = "<stdin>"
    else:
        p = Path(path)
        if not p.exists():
            raise InputNotFound(f"{source}: no such file.")
        if p.is_dir():
            raise InputNotFound(f"{source} is a directory; give a text file.")
        # Read at most a little past the limit: a 5 GB file should fail fast, not fill memory.
        with p.open("rb") as fh:
            data = fh.read(limit)
    if len(data) == limit:
        raise InputTooLong(
            f"{source} is larger than {limit - 1:,} bytes, so longer than the limit of "
            f"{max_chars:,} characters. Split it, or raise the limit (max_chars).",
            options=("max_chars",),
        )
    got = decode_bytes(data, source, encoding)
    return make_document(
        got.text,
        source=source,
        max_chars=max_chars,
        encoding=got.encoding,
        html=html,
        encoding_alternatives=got.alternatives,
    )


def encoding_notice(documents: dict[str, Document]) -> str | None:
    """One sentence when a party's code page was a guess that close rivals read otherwise:
    its accented letters, and so its quotes, may be wrong (``documents``: party → Document)."""
    guessed = [
        (party, doc.meta.get("encoding"), doc.meta["encoding_alternatives"])
        for party, doc in documents.items()
        if doc.meta.get("encoding_alternatives")
    ]
    if not guessed:
        return None
    which = "; ".join(
        f"{party}: read as {enc}, but {', '.join(str(x) for x in alts[:3])} read its bytes "
        "differently"
        for party, enc, alts in guessed
    )
    return (
        f"Not UTF-8, and the code page is a guess ({which}). Check accented letters in the "
        "quotes against the original, or convert the file to UTF-8 (or name its encoding: "
        "--encoding)."
    )


#: HTML may be this many times longer than the character limit (markup is not text).
HTML_FACTOR = 4
_SURROGATE = re.compile("[\ud800-\udfff]")
_HTML_START = re.compile(
    r"\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>])", re.I | re.S
)
_HTML_TAG = re.compile(
    r"</?(?:p|div|br|span|a|b|i|u|em|strong|h[1-6]|ul|ol|li|dl|dt|dd|table|thead|tbody|tr|td|"
    r"th|body|head|article|section|aside|blockquote|q|cite|img|meta|link|script|style|title|"
    r"header|footer|nav|main|figure|figcaption|time|small|sup|sub|hr|pre|code|font|center)"
    r"(?:\s[^<>]*)?/?>",
    re.I,
)
#: Elements whose text is not the page's words (code, styles, menus, forms).
_SKIP = frozenset(
    "head script style noscript template svg math iframe object embed canvas nav aside footer "
    "form button select textarea input".split()
)
#: Elements that end a paragraph, and those that end a line.
_PARAGRAPH = frozenset(
    "address article blockquote details dialog div dl fieldset figure h1 h2 h3 h4 h5 h6 header "
    "hgroup hr main ol p pre section table ul body html caption summary".split()
)
_LINE = frozenset("br li dt dd tr figcaption legend option".split())
_HTML_SPACE = re.compile(r"[ \t\n\r\f]+")
_SPACES = re.compile(r" {2,}")


#: Parsing HTML5 costs about one step per tag per open element (scope checks, the adoption
#: agency): 20 million such steps take Lexbor about 0.15 s. A page of 20,000 tags nested 40
#: deep is 800,000; 10,000 nested <ul><li> (a few hundred KB) would be 200 million, 1.3 s, and
#: it grows with the square of the nesting: such input is refused before it is parsed.
MAX_MARKUP_COST = 20_000_000
_TAG_SCAN = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9:-]*)[^<>]*?(/?)>")
_VOID = frozenset(
    "area base br col embed hr img input link meta param source track wbr basefont frame".split()
)
#: End tags of these leave the elements opened inside them open (the adoption agency).
_FORMATTING = frozenset("a b big code em font i nobr s small strike strong tt u".split())
_AUTOCLOSE = frozenset("p li dt dd option optgroup tr td th thead tbody tfoot rt rp".split())


def markup_cost(text: str) -> int:
    """An upper estimate of the HTML5 parser's work: for each tag, the elements open around it.

    A tag stack simulated on a regular-expression scan, bounded in its own work: it stops once
    the estimate passes ``MAX_MARKUP_COST``.
    """
    stack: list[str] = []
    cost = 0
    for match in _TAG_SCAN.finditer(text):
        closing, name = match.group(1), match.group(2).lower()
        cost += len(stack) + 1
        if cost > MAX_MARKUP_COST:
            break
        top = stack[-64:]
        if closing:
            if name in top:
                i = len(stack) - top[::-1].index(name) - 1
                if name in _FORMATTING:
                    del stack[i]
                else:
                    del stack[i:]
        elif name not in _VOID and not match.group(3):
            if name in _AUTOCLOSE and top and top[-1] == name:
                stack.pop()
            stack.append(name)
    return cost


def looks_like_html(text: str) -> bool:
    """An HTML document, or text that opens with HTML tags (two or more of them).

    Plain text that merely contains a tag ("... <script> ...") stays plain text and is shown
    escaped, as the words it is.
    """
    head = text[:65_536]
    if _HTML_START.match(head):
        return True
    if not head.lstrip().startswith("<") or not _HTML_TAG.match(head.lstrip()):
        return False
    return len(_HTML_TAG.findall(head)) >= 2


def html_to_text(markup: str) -> str:
    """The visible text of an HTML document or fragment: paragraphs apart by a blank line,
    whitespace collapsed as a browser does, scripts, styles, menus and forms left out."""
    from selectolax.lexbor import LexborHTMLParser

    root = LexborHTMLParser(markup).root
    out: list[str] = []
    pending = ""
    # An explicit stack, not recursion: 100,000 nested <div>s must not overflow.
    stack: list[object] = [root] if root is not None else []
    while stack:
        item = stack.pop()
        if isinstance(item, str):  # a block ends
            pending = max(pending, item, key=len)
            continue
        tag = item.tag  # type: ignore[attr-defined]
        if tag == "-text":
            words = _HTML_SPACE.sub(" ", item.text_content or "")  # type: ignore[attr-defined]
            if words.strip():
                if out and pending:
                    out.append(pending)
                    words = words.lstrip()
                elif not out:
                    words = words.lstrip()
                pending = ""
                out.append(words)
            continue
        if tag is None or tag.startswith("-") or tag in _SKIP:
            continue  # comments, doctype, and elements without readable words
        brk = "\n\n" if tag in _PARAGRAPH else "\n" if tag in _LINE else ""
        if brk:
            pending = max(pending, brk, key=len)
            if tag != "br":
                stack.append(brk)
        children = []
        child = item.child  # type: ignore[attr-defined]
        while child is not None:
            children.append(child)
            child = child.next
        stack.extend(reversed(children))
    text = _SPACES.sub(" ", "".join(out))
    return "\n".join(line.strip(" ") for line in text.split("\n")).strip()
