"""A side-by-side view for the terminal (rich): sharpest divergences first, cue words coloured."""

from __future__ import annotations

import io

from rich.console import Console
from rich.markup import escape as _markup_escape
from rich.table import Table

from takediff.render.marks import STYLE, marked
from takediff.report import notices, summary
from takediff.terminal import printable
from takediff.types import Report

VERDICT_STYLE = {
    "contradict": "bold white on red",
    "commitment_gap": "bold black on yellow",
    "one_sided": "bold white on blue",
    "related": "bold",
    "agree": "bold white on green",
}


def escape(text: str) -> str:
    """Untrusted text for rich: its markup escaped and its control characters out."""
    return _markup_escape(printable(text))


def _rich(text: str, kind: str) -> str:
    return f"[{STYLE[kind]}]{escape(text)}[/]"


def to_text(report: Report, *, color: bool | None = None, width: int | None = None) -> str:
    buf = io.StringIO()
    console = Console(
        file=buf,
        force_terminal=color,
        no_color=color is False,
        width=width or 110,
        highlight=False,
        soft_wrap=False,
    )
    for note in notices(report):
        console.print(f"[bold black on yellow] Notice [/] [bold]{escape(note)}[/]")
    console.print(escape(summary(report, with_notices=False)))
    console.print()
    for rank, verdict in enumerate(report.verdicts, 1):
        label = verdict.label.replace("_", " ")
        console.print(
            f"{rank}. [{VERDICT_STYLE[verdict.label]}] {label} [/] strength "
            f"{verdict.strength:.2f} — topic: {escape(verdict.topic.label)}"
        )
        table = Table(show_header=True, header_style="bold", expand=True, show_lines=True)
        for party in report.parties:
            table.add_column(escape(party), ratio=1)
        cells = []
        for party in report.parties:
            claims = [c for c in verdict.topic.claims if c.party == party]
            cells.append(
                "\n".join(
                    f"{marked(c, _rich, escape)} [dim]({c.commitment:.2f} {c.modality}; "
                    f"{c.start}–{c.end})[/]"
                    for c in claims
                )
                or "[dim]— says nothing on this —[/]"
            )
        table.add_row(*cells)
        console.print(table)
        console.print(f"   {escape(verdict.explanation)}")
        console.print()
    return buf.getvalue()
