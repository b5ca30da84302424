"""A Markdown report: summary, a table of verdicts, then each topic, parties side by side."""

from __future__ import annotations

import re

from takediff.render.marks import marked
from takediff.report import notices, summary
from takediff.terminal import printable
from takediff.types import Report

_SPACE = re.compile(r"\s+")
_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|<>~])")


def md_escape(text: str) -> str:
    """Escape Markdown and inline-HTML specials so input text renders as the words it is (and
    drop control characters first: escaping would split their sequences)."""
    return _SPECIAL.sub(r"\\\1", _SPACE.sub(" ", printable(text)))


def _md_cue(text: str, kind: str) -> str:
    return f"**{md_escape(text)}**" if kind != "negation" else f"***{md_escape(text)}***"


def to_markdown(report: Report) -> str:
    lines = ["# takediff report", ""]
    lines += [f"> **Notice:** {md_escape(note)}\n" for note in notices(report)]
    lines += [
        md_escape(summary(report, with_notices=False)),
        "",
        "| # | verdict | strength | topic |",
        "|---|---|---|---|",
    ]
    for rank, v in enumerate(report.verdicts, 1):
        lines.append(f"| {rank} | {v.label} | {v.strength:.2f} | {md_escape(v.topic.label)} |")
    for rank, v in enumerate(report.verdicts, 1):
        lines += [
            "",
            f"## {rank}. {v.label.replace('_', ' ')} — {md_escape(v.topic.label)}",
            "",
            md_escape(v.explanation),
            "",
            "| " + " | ".join(md_escape(p) for p in report.parties) + " |",
            "|" + "---|" * len(report.parties),
        ]
        cells = []
        for party in report.parties:
            claims = [c for c in v.topic.claims if c.party == party]
            cells.append(
                "<br>".join(
                    f"{marked(c, _md_cue, md_escape)} ({c.commitment:.2f}, {c.modality}, "
                    f"chars {c.start}–{c.end})"
                    for c in claims
                )
                or "— nothing on this —"
            )
        lines.append("| " + " | ".join(cells) + " |")
    lines += [
        "",
        "Cue words are in **bold** (firm, hedged, conditional, timing); negations in "
        "***bold italics***. Numbers in brackets: commitment 0–1, modality, offsets.",
    ]
    return "\n".join(lines) + "\n"
