"""Renderers: a Report → text for a terminal, Markdown, HTML or JSON. Each takes the Report only."""

from __future__ import annotations

import json

from takediff.render.markdown import to_markdown
from takediff.render.text import to_text
from takediff.report import to_dict
from takediff.types import Report

FORMATS = ("text", "json", "markdown", "html")


def render(report: Report, fmt: str, *, color: bool | None = None, width: int | None = None) -> str:
    if fmt == "json":
        return json.dumps(to_dict(report), ensure_ascii=False, indent=2)
    if fmt == "markdown":
        return to_markdown(report)
    if fmt == "html":
        from takediff.render.html import to_html

        return to_html(report)
    if fmt == "text":
        return to_text(report, color=color, width=width)
    raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")


__all__ = ["FORMATS", "render", "to_markdown", "to_text"]
