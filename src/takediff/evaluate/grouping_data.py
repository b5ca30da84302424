"""Multi-outlet news as corpus records: BASIL (100 events × Fox, NYT, HuffPost) and NeuS/AllSides
(505 stories × left, center, right outlets), each article with its outlet and its true story.

Neither set has splits, so takediff makes one that does not depend on the text: a story is in
*dev* when the first hex digit of the SHA-1 of its key is even (0, 2, …, e), else in *test*.
Settings are fitted on dev only (``scripts/fit_grouping.py``); ``takediff eval grouping`` reports
test by default.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from takediff.errors import DataNotFound
from takediff.evaluate.basil import rebuild
from takediff.evaluate.data import require, require_dir

SPLITS: tuple[str, ...] = ("test", "dev", "all")
NEUS_FILE = Path("neus_allsides/raw_crawled/headline_11_2021-10-19_crawled_all.jsonl")
BASIL_FOLDER = Path("basil/articles")
SETS: tuple[str, ...] = ("basil", "neus")


@dataclass(slots=True, frozen=True)
class NewsArticle:
    """One outlet's article about one story."""

    id: str
    story: str  # the true event: BASIL's triplet id, NeuS's story id
    outlet: str
    title: str
    text: str  # the body, paragraphs joined by a blank line
    date: str  # ISO date


def in_split(story: str, split: str) -> bool:
    """Whether a story belongs to ``split`` (test, dev or all)."""
    if split == "all":
        return True
    dev = int(hashlib.sha1(story.encode("utf-8")).hexdigest()[0], 16) % 2 == 0
    return dev == (split == "dev")


def _basil(data_dir: Path) -> Iterator[NewsArticle]:
    folder = require_dir(data_dir / BASIL_FOLDER)
    files = sorted(folder.glob("*/*.json"))
    if not files:
        raise DataNotFound(f"no BASIL articles under {folder} (articles/<year>/<id>.json).")
    for path in files:
        raw: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        yield NewsArticle(
            id=f"basil-{path.stem}",  # BASIL's own uuid is "empty" for four articles
            story=str(raw["triplet-uuid"]),
            outlet=str(raw["source"]).lower(),
            title=str(raw.get("title") or "").strip(),
            text=rebuild(raw)[0],
            date=dt.date.fromisoformat(str(raw["date"])[:10]).isoformat(),
        )


def _paragraphs(body: object) -> str:
    """NeuS gives an article's body as a list of paragraphs: one text, a blank line between
    them (``str`` of the list would make its brackets and quote marks part of the article)."""
    if isinstance(body, list):
        return "\n\n".join(p.strip() for p in map(str, body) if p.strip())
    return str(body or "").strip()


def _neus(data_dir: Path) -> Iterator[NewsArticle]:
    path = require(data_dir / NEUS_FILE)
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            story = json.loads(line)
            date = str(story.get("date") or "")[:10]
            for side, news in sorted((story.get("news") or {}).items()):
                body = _paragraphs(news.get("newBody"))
                if not body or not date:
                    continue
                yield NewsArticle(
                    id=f"neus-{story['id']}-{side}",
                    story=str(story["id"]),
                    outlet=str(news.get("newsSource") or side),
                    title=str(news.get("newsTitle") or "").strip(),
                    text=body,
                    date=date,
                )


def load(name: str, data_dir: Path, split: str = "all") -> list[NewsArticle]:
    """The articles of one set and split, in the order a feed would bring them: by date, then
    id (a stable order, so every run sees the same stream)."""
    reader = {"basil": _basil, "neus": _neus}[name]
    arts = [a for a in reader(data_dir) if in_split(a.story, split)]
    return sorted(arts, key=lambda a: (a.date, a.id))


def as_record(article: NewsArticle) -> dict[str, str]:
    """The article as a corpus record, the outlet as its party."""
    return {
        "id": article.id,
        "title": article.title,
        "text": article.text,
        "party": article.outlet,
        "date": article.date,
    }
