"""Build takediff's antonym table from Princeton WordNet 3.0 (Debian's ``wordnet-base``).

Why a built table: the judge's "opposite acts" check needs antonyms from a maintained lexical
resource, and no PyPI package ships WordNet's data offline. Debian's package does; this script
reads its database files (the format is WordNet's own ``wndb(5)``) and writes the direct antonym
pairs of single-word verbs and adjectives, plus each adjective's satellites ("similar to") paired
with the head's antonym, to ``src/takediff/lexicon/antonyms.tsv``. WordNet's licence allows
redistribution with its notice, which travels beside the table.

    apt-get install wordnet-base
    python scripts/build_antonyms.py            # reads /usr/share/wordnet
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src" / "takediff" / "lexicon" / "antonyms.tsv"
POS_FILES = {"v": "data.verb", "a": "data.adj"}


def read_synsets(path: Path) -> dict[str, tuple[list[str], list[tuple[str, str, int, int]]]]:
    """offset → (words, pointers) where a pointer is (symbol, target offset, source word
    number, target word number); word numbers are 1-based, 0 means the whole synset."""
    synsets: dict[str, tuple[list[str], list[tuple[str, str, int, int]]]] = {}
    for line in path.read_text(encoding="latin-1").splitlines():
        if line.startswith(" "):  # the licence header
            continue
        fields = line.split(" | ")[0].split()
        offset, n_words = fields[0], int(fields[3], 16)
        words = [fields[4 + 2 * i].split("(")[0].lower() for i in range(n_words)]
        at = 4 + 2 * n_words
        n_ptr = int(fields[at])
        pointers = []
        for i in range(n_ptr):
            symbol, target, _pos, st = fields[at + 1 + 4 * i : at + 5 + 4 * i]
            pointers.append((symbol, target, int(st[:2], 16), int(st[2:], 16)))
        synsets[offset] = (words, pointers)
    return synsets


def antonym_pairs(
    synsets: dict[str, tuple[list[str], list[tuple[str, str, int, int]]]], satellites: bool
) -> set[tuple[str, str]]:
    """Direct antonyms (WordNet's ``!`` pointer between two words), and with ``satellites``
    each satellite adjective ("similar to", ``&``) against the antonyms of its head."""
    pairs: set[tuple[str, str]] = set()
    for words, pointers in synsets.values():
        for symbol, target, source, dest in pointers:
            if symbol != "!" or target not in synsets:
                continue
            x, y = words[source - 1], synsets[target][0][dest - 1]
            if "_" in x or "_" in y or x == y:
                continue
            pairs.add((min(x, y), max(x, y)))
            if satellites:
                for sym2, sat, _s, _d in pointers:
                    if sym2 == "&" and sat in synsets:
                        for w in synsets[sat][0]:
                            if "_" not in w and w != y:
                                pairs.add((min(w, y), max(w, y)))
    return pairs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wordnet", type=Path, default=Path("/usr/share/wordnet"))
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--no-satellites", action="store_true")
    args = parser.parse_args(argv)
    missing = [f for f in POS_FILES.values() if not (args.wordnet / f).exists()]
    if missing:
        print(
            f"error: {args.wordnet} lacks {', '.join(missing)}; "
            "install Debian's wordnet-base or pass --wordnet DIR",
            file=sys.stderr,
        )
        return 2
    rows: set[tuple[str, str, str]] = set()
    for pos, name in POS_FILES.items():
        synsets = read_synsets(args.wordnet / name)
        for x, y in antonym_pairs(synsets, satellites=pos == "a" and not args.no_satellites):
            rows.add((x, y, pos))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8") as out:
        out.write("# Antonym pairs from Princeton WordNet 3.0 (WORDNET_LICENSE.txt beside this)\n")
        out.write("# by scripts/build_antonyms.py: word, word, part of speech (v verb, a adj.)\n")
        for x, y, pos in sorted(rows):
            out.write(f"{x}\t{y}\t{pos}\n")
    print(f"{len(rows)} pairs → {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
