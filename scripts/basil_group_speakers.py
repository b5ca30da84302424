#!/usr/bin/env python
"""Whom `takediff article` names for BASIL's quotes whose gold speaker is a group
("Democratic_lawmakers", "Romney_campaign", "NAACP"): a diagnostic for issue 14.

  python scripts/basil_group_speakers.py --data-dir ../shared/data

For each group-speaker gold quote that takediff found, the party it gave falls into one of
these: the group itself (a match, as `takediff eval basil` counts it), a person named in the
article (BASIL files a quote by one lawmaker under the lawmakers' group), a document ("the
letter", "the ad", "the lawsuit") whose issuer is the group, nobody, or something else. Prints the
counts, then the most frequent (gold, party, speaker mention) triples.
"""

from __future__ import annotations

import argparse
import re
from collections import Counter
from pathlib import Path

from takediff.evaluate import basil
from takediff.evaluate.spans import overlaps, trim
from takediff.pipeline import Pipeline

DOCUMENTS = re.compile(
    r"\b(letter|ad|advertisement|lawsuit|suit|resolution|statement|release|report|memo)\b", re.I
)


def kind(gold: str, party: str | None, mention: str | None) -> str:
    if party is None:
        return "nobody"
    if basil.name_matches(party, gold):
        return "the group (a match)"
    if mention and DOCUMENTS.search(mention):
        return "a document (letter, ad, lawsuit, ...)"
    words = party.split()
    if len(words) > 1 and all(w[:1].isupper() for w in words) and words[0].lower() != "the":
        return "a person named in the article"
    return "other"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data-dir", type=Path, default=Path("../shared/data"))
    parser.add_argument("--show", type=int, default=25, help="triples to print")
    args = parser.parse_args()
    pipeline = Pipeline()
    triples: Counter[tuple[str, str | None, str | None]] = Counter()
    for art, ann in basil.article_files(args.data_dir):
        article = basil.load_article(art, ann)
        if not article.text.strip():
            continue
        found = [
            (
                tuple(trim(article.text, (s.start, s.end)) for s in q.quote.content),
                q.party,
                f"{q.speaker} / {q.quote.speaker.text}" if q.quote.speaker else None,
            )
            for q in pipeline.article(article.text).quotes
        ]
        for gold in article.quotes:
            if gold.speaker in basil.UNNAMED or not basil.is_group(gold.speaker):
                continue
            span = trim(article.text, (gold.start, gold.end))
            best = max(found, key=lambda f: overlaps(f[0], [span]), default=None)
            if best is not None and overlaps(best[0], [span]):
                triples[(gold.speaker, best[1], best[2])] += 1
    kinds: Counter[str] = Counter()
    for (gold, party, mention), n in triples.items():
        kinds[kind(gold, party, mention)] += n
    total = sum(kinds.values())
    print("| takediff named | quotes | share |\n|---|---|---|")
    for name, n in kinds.most_common():
        print(f"| {name} | {n} | {n / total:.2f} |")
    print(f"| all found group-speaker quotes | {total} | |\n")
    for (gold, party, mention), n in triples.most_common(args.show):
        print(f"{n:3d}  gold {gold!r}: party {party!r} (mention {mention!r})")


if __name__ == "__main__":
    main()
