"""What in a news article is not the story: headlines, datelines, bylines, credits, captions.

Newspapers call these furniture. None of it is a claim, neither a speaker's nor the writer's:
a headline that says "X says …" restates the story in shorthand and would be compared with
the quotes it summarises. Each rule reads one paragraph (``quotes.paragraphs``) on its own:

- a heading (headline, subhead, section title): no sentence-final punctuation and at most
  ``HEADING_WORDS`` words;
- a byline ("By Mara Quint") or a credit ("Reporting by …; Editing by …");
- a caption or a link ("Photo: …", "FILE PHOTO: …", "Read more: …", "Sign up …");
- a dateline opening the first paragraph of the story ("KELDT (Harbour Wire) — "): only that
  prefix is furniture, the sentence after it is the story.

``boilerplate`` reads one sentence: a request for comment that went unanswered ("did not respond
to a request for comment", "declined to comment") or a correction note ("An earlier version of
this article …") says nothing about the story, in any account (segment.py drops it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from takediff.quotes import paragraphs

FurnitureKind = Literal["heading", "byline", "credit", "caption", "dateline"]

#: A line of more words than this is body text even without a final full stop (hand-set:
#: headlines and subheads in wire copy run to about 20 words).
HEADING_WORDS = 25
_FINAL = re.compile(r"[.!?:;…][\s”\"’')\]»]*$")
_BYLINE = re.compile(
    r"^(?:[Bb]y|BY|[Ff]rom|FROM)\s+[A-Z][\w.'’-]*(?:[\s,]+(?:and\s+)?[A-Z][\w.'’-]*){0,6}\s*$"
)
_CREDIT = re.compile(
    r"^(?:additional\s+)?(?:reporting|writing|editing|compiled|translated|research|"
    r"graphics|produced)(?:\s+and\s+\w+)?\s+by\b",
    re.I,
)
_CAPTION = re.compile(
    r"^(?:(?:file\s+)?(?:photo|image|picture|caption|video|watch|listen|related|see\s+also|"
    r"more)\s*[:|—–]|(?:read\s+more|sign\s+up|subscribe|follow\s+us|click\s+here|"
    r"advertisement|share\s+this|our\s+standards|copyright|all\s+rights\s+reserved|©)\b)",
    re.I,
)
_DATELINE = re.compile(
    r"^[A-Z][A-Z.'’-]+(?:[ ,]+[A-Z][\w.'’-]+){0,4}\s*(?:\([^)\n]{1,40}\))?\s*[—–-]{1,2}\s+"
)


_BOILERPLATE = re.compile(
    r"\b(?:did|does|has|have|had|could|was|were)(?:\s+not|n[’']t)\s+(?:immediately\s+)?"
    r"(?:respond|return|reply|answer)\w*\s+(?:to\s+)?(?:a\s+|an\s+|the\s+|multiple\s+|"
    r"repeated\s+|several\s+)?(?:request|message|call|e-?mail|inquir|question)\w*"
    r"|\b(?:declined|refused)\s+to\s+comment\b"
    r"|\b(?:could\s+not|couldn[’']t)\s+(?:immediately\s+)?be\s+reached\b"
    r"|\bnot\s+(?:immediately\s+)?available\s+for\s+comment\b"
    r"|^\W*(?:correction|clarification|editor[’']s\s+note|update)\s*[:—–-]"
    r"|\ban\s+earlier\s+version\s+of\s+this\s+(?:article|story|report|post)\b"
    r"|\bthis\s+(?:article|story|report|post)\s+(?:has\s+been|was)\s+(?:updated|corrected)\b",
    re.I,
)


def boilerplate(sentence: str) -> bool:
    """A sentence about the reporting, not the story: an unanswered request for comment or a
    correction note."""
    return bool(_BOILERPLATE.search(sentence))


@dataclass(slots=True, frozen=True)
class Furniture:
    start: int
    end: int
    kind: FurnitureKind


def _kind(line: str) -> FurnitureKind | None:
    if _CREDIT.match(line):
        return "credit"
    if _CAPTION.match(line) and len(line.split()) <= HEADING_WORDS:
        return "caption"
    if _BYLINE.match(line):
        return "byline"
    if not _FINAL.search(line) and len(line.split()) <= HEADING_WORDS:
        return "heading"
    return None


def furniture(text: str) -> list[Furniture]:
    """The article's furniture, in text order, as spans of ``text``."""
    out: list[Furniture] = []
    story_started = False
    for start, end in paragraphs(text):
        line = text[start:end]
        kind = _kind(line.strip())
        if kind is not None:
            out.append(Furniture(start, end, kind))
            continue
        if not story_started and (m := _DATELINE.match(line)):
            out.append(Furniture(start, start + m.end(), "dateline"))
        story_started = True
    return out


def inside(furniture: list[Furniture], start: int, end: int) -> bool:
    """Does the span lie wholly in furniture?"""
    return any(f.start <= start and end <= f.end for f in furniture)
