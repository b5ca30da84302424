"""Stage 1, ingest: bytes or text from a file, stdin or a caller → a validated Document.

Bad input is refused here, with a message that says what to do, so later stages can assume
non-empty, decoded text of a bounded size.
"""

from __future__ import annotations

import hashlib
import sys
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


def decode(data: bytes, source: str) -> tuple[str, str]:
    """Decode bytes as UTF-8 (BOM allowed), UTF-16 with a BOM, or a detected legacy encoding."""
    for magic, what in _MAGIC.items():
        if data.startswith(magic):
            raise BinaryInput(f"{source} looks like {what}, not text.")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise UndecodableInput(
                f"{source} has a UTF-16 mark but does not decode: {exc}"
            ) from exc
    if b"\x00" in data[:8192]:
        raise BinaryInput(f"{source} contains NUL bytes: it looks like a binary file, not text.")
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    # Random bytes decode "cleanly" in some legacy code page; coherence (language fit) tells.
    if best is None or best.chaos > 0.2 or best.coherence < 0.1:
        raise UndecodableInput(
            f"{source} is not UTF-8 and its encoding could not be detected with confidence; "
            "convert it to UTF-8 (for example `iconv -f LATIN1 -t UTF-8`)."
        )
    return str(best), best.encoding


def make_document(
    text: str,
    *,
    source: str = "<text>",
    doc_id: str | None = None,
    max_chars: int = DEFAULT_MAX_CHARS,
    encoding: str = "utf-8",
) -> Document:
    """Validate text and wrap it in a Document with a stable content-derived id."""
    if not isinstance(text, str):
        raise TypeError(f"text must be str, not {type(text).__name__}")
    if not text.strip():
        raise EmptyInput(f"{source} is empty (or only whitespace): there is nothing to compare.")
    controls = sum(1 for ch in text[:4096] if ord(ch) < 32 and ch not in "\t\n\r\f")
    if controls > 0.05 * min(len(text), 4096):
        raise BinaryInput(f"{source} is mostly control characters: it looks binary, not text.")
    if len(text) > max_chars:
        raise InputTooLong(
            f"{source} has {len(text):,} characters; the limit is {max_chars:,}. "
            "Split it, or raise the limit with --max-chars (library: max_chars=...)."
        )
    digest = hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:12]
    return Document(
        id=doc_id or digest,
        text=text,
        source=source,
        meta={"encoding": encoding, "chars": len(text)},
    )


def read_document(path: str | Path, *, max_chars: int = DEFAULT_MAX_CHARS) -> Document:
    """Read a file (or ``-`` for stdin) into a Document."""
    source = str(path)
    limit = max_chars * 4 + 1  # a UTF-8 character is at most 4 bytes
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
            f"{max_chars:,} characters. Split it, or raise the limit with --max-chars."
        )
    text, encoding = decode(data, source)
    return make_document(text, source=source, max_chars=max_chars, encoding=encoding)
