"""Which cue kinds a renderer marks, and how: shared by the text and Markdown views."""

from __future__ import annotations

from collections.abc import Callable

from takediff.types import Claim

STYLE = {
    "firm": "bold green",
    "timing_now": "bold green",
    "hedge": "yellow",
    "timing_future": "yellow",
    "condition": "magenta",
    "refusal": "bold red",
    "negation": "bold red",
    "attribution": "cyan",
}
LEGEND = ("firm/now", "hedge/future", "condition", "negation/refusal", "hearsay")


def marked(claim: Claim, wrap: Callable[[str, str], str], plain: Callable[[str], str]) -> str:
    """The claim's text with each cue passed through ``wrap(text, kind)``, the rest ``plain``."""
    out: list[str] = []
    pos = claim.start
    for cue in sorted(claim.cues, key=lambda c: c.start):
        if cue.start < pos:
            continue
        out.append(plain(claim.text[pos - claim.start : cue.start - claim.start]))
        out.append(wrap(claim.text[cue.start - claim.start : cue.end - claim.start], cue.kind))
        pos = cue.end
    out.append(plain(claim.text[pos - claim.start :]))
    return "".join(out)
