"""What only one party carried: an event's claims whose words the other parties' records lack.

An outlet's omission is the others' silence on what it reports. Topic verdicts find one side of
it (a topic only one party speaks to), but a claim often shares a topic with the others and
still brings facts they never print. Read on BASIL's dev events, the claims' *lexical novelty*
(the share of their content words that no other party's record uses anywhere) finds its
informational-bias spans better than embedding distance to the others' claims does: at equal
recall, higher precision (``takediff eval omissions`` prints both, on the test events). The
words themselves are the evidence, so a reader sees at once what the others left out.
Numbers count as quantities (``takediff.quantities``), not as strings: "1,204,000 crowns" is
heard where another outlet wrote "1.2 million".
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from spacy.lang.en.stop_words import STOP_WORDS

from takediff.quantities import Quantity, label, quantities, same

_WORD = re.compile(r"[^\W\d_][\w'’-]*")
#: Scale words are part of a quantity ("1.2 million"), read with it, not as words.
_SCALES = frozenset({"hundred", "thousand", "million", "billion", "trillion", "dozen"})


def words(text: str) -> set[str]:
    """A text's content words: case-folded, without spaCy's English stop words, words under
    three letters, numbers and scale words (``quantities`` reads those), possessives and
    plurals folded ("senators'", "senator's" → "senator")."""
    return set(_folded(text))


def _folded(text: str) -> Iterator[str]:
    """The content words of ``words``, in the text's order."""
    for raw in _WORD.findall(text):
        w = raw.casefold().replace("’", "'").strip("'-.,")
        if w.endswith("'s"):
            w = w[:-2]
        if len(w) < 3 or w in STOP_WORDS or w in _SCALES:
            continue
        if len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is", "news")):
            w = w[:-1]
        yield w


@dataclass(slots=True, frozen=True)
class OnlyHere:
    """A claim whose record alone, of the event's parties, uses most of its words."""

    record_id: str
    party: str  # the record's party (with outlets: the outlet)
    start: int
    end: int
    text: str
    share: float  # of its content words and numbers, those no other party's record uses
    words: tuple[str, ...]  # those words in the claim's order, then those numbers

    def as_dict(self) -> dict[str, Any]:
        return {
            "record_id": self.record_id,
            "party": self.party,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "share": round(self.share, 4),
            "words": list(self.words),
        }


def find(
    claims: Iterable[dict[str, Any]],
    records: Sequence[tuple[str, str, str]],
    share: float,
) -> list[OnlyHere]:
    """The claims (rows' claim dicts: ``record_id``, ``start``, ``end``, ``text``) whose share of
    content words and numbers absent from every record of another party is at least ``share``.
    ``records``: each record's id, party and text. Claims of a party with no other party beside
    it, and claims without content words or numbers, are never listed."""
    party_of = {rid: party for rid, party, _ in records}
    vocab: dict[str, set[str]] = {}
    figures: dict[str, list[Quantity]] = {}
    for _, party, text in records:
        vocab.setdefault(party.casefold(), set()).update(words(text))
        figures.setdefault(party.casefold(), []).extend(quantities(text))
    heard = {  # per party: every word of the other parties' records (None: no other party)
        p: set().union(*(v for q, v in vocab.items() if q != p)) if len(vocab) > 1 else None
        for p in vocab
    }
    told = {p: [q for o, qs in figures.items() if o != p for q in qs] for p in figures}
    found: list[OnlyHere] = []
    seen: set[tuple[str, int, int]] = set()
    for c in claims:
        rid, start, end, text = str(c["record_id"]), int(c["start"]), int(c["end"]), str(c["text"])
        name = party_of.get(rid)
        if name is None or (rid, start, end) in seen:
            continue
        seen.add((rid, start, end))
        others, own, own_figures = heard[name.casefold()], words(text), quantities(text)
        if others is None or not (own or own_figures):
            continue
        new_figures = [q for q in own_figures if not any(same(q, t) for t in told[name.casefold()])]
        new = own - others
        share_new = (len(new) + len(new_figures)) / (len(own) + len(own_figures))
        if share_new >= share:
            order = [w for w in _folded(text) if w in new] + [label(q) for q in new_figures]
            found.append(
                OnlyHere(rid, name, start, end, text, share_new, tuple(dict.fromkeys(order)))
            )
    return found
