"""Span arithmetic shared by the attribution evaluations (PolNeAR, BASIL)."""

from __future__ import annotations

from collections.abc import Iterable


def anchor_rows(dataset: str) -> list[str]:
    """The published attribution figures on other data sets, as Markdown rows to print beside
    ``dataset``'s."""
    return [
        f"| anchor (other data sets, not {dataset}) | quote | speaker |",
        "|---|---|---|",
        "| Gender Gap Tracker (Canadian news; Asr et al. 2021) | F1 83.7 | match 86.5% |",
        "| Citron (BBC news; Newell, Cowlishaw & Man 2018) | overlap F1 83.2 | source exact "
        "F1 82.0 |",
    ]


#: Quotation marks, spaces and punctuation that gold and predicted spans may differ by at an edge.
EDGE = "\"'“”‘’«». ,;:—–-\n\t"


def trim(text: str, span: tuple[int, int], edge: str = EDGE) -> tuple[int, int]:
    """``span`` without the ``edge`` characters at its ends."""
    a, b = span
    while a < b and text[a] in edge:
        a += 1
    while b > a and text[b - 1] in edge:
        b -= 1
    return a, b


def overlaps(x: Iterable[tuple[int, int]], y: Iterable[tuple[int, int]]) -> int:
    """Characters shared by two sets of spans (0: they do not overlap)."""
    ys = list(y)
    return sum(max(0, min(b, d) - max(a, c)) for a, b in x for c, d in ys)
