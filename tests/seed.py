"""Reads the seed article's two leaders' statements at run time (never copied into the repo)."""

from __future__ import annotations

import re
from pathlib import Path

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SEED_DIR = SHARED / "seeds"


def seed_statements() -> dict[str, str]:
    """{"Trump": ..., "Putin": ...}: the quoted words, by whom the paragraph attributes them to.

    A paragraph of quotes with no attribution continues the previous speaker.
    """
    text = next(SEED_DIR.glob("*.txt")).read_text(encoding="utf-8")
    out: dict[str, list[str]] = {"Trump": [], "Putin": []}
    speaker = None
    for para in text.split("\n"):
        quotes = re.findall(r"“([^”]+)”", para)
        if not quotes or len(" ".join(quotes)) < 40:
            continue
        rest = re.sub(r"“[^”]+”", "", para)
        for name in out:
            if re.search(rf"\b{name}\b (said|wrote)", rest):
                speaker = name
        if speaker:
            out[speaker].extend(_sentence(q) for q in quotes)
    return {k: " ".join(v) for k, v in out.items()}


def _sentence(quote: str) -> str:
    """A quote cut by its attribution ("... peace,” he said) ends with a comma: close it."""
    quote = quote.strip().rstrip(",;: ")
    return quote if quote[-1:] in ".!?" else quote + "."
