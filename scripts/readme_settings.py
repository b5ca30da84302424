"""Rewrite the README's "Settings" table from ``takediff.settings.markdown_table()``.

Why: the table is generated, and a test fails when it is stale; run this after changing a value.
"""

from __future__ import annotations

from pathlib import Path

from takediff.settings import markdown_table

README = Path(__file__).resolve().parents[1] / "README.md"
HEADER = "| setting | value | origin | fitted by / why |"


def main() -> int:
    text = README.read_text(encoding="utf-8")
    start = text.index(HEADER)
    end = text.index("\n\n", start)
    README.write_text(text[:start] + markdown_table().rstrip("\n") + text[end:], encoding="utf-8")
    print(f"README settings table rewritten ({markdown_table().count(chr(10)) - 1} settings)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
