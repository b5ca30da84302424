"""What only one party carried: an event's claims whose words the other parties' records lack.

An outlet's omission is the others' silence on what it reports. Topic verdicts find one side of
it (a topic only one party speaks to), but a claim often shares a topic with the others and
still brings facts they never print. Read on BASIL's dev events, the claims' *lexical novelty*
(the share of their content words that no other party's record uses anywhere) finds its
informational-bias spans better than embedding distance to the others' claims does: at equal
recall, higher precision (``takediff eval omissions`` prints both, on the test events). The
words themselves are the evidence, so a reader sees at once what the others left out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from spacy.lang.en.stop_words import STOP_WORDS

_WORD = re.compile(r"[^\W\d_][\w'’-]*|\d[\d,.]*\d|\d")


def words(text: str) -> set[str]:
    """A text's content words: case-folded, without spaCy's English stop words or words under
    three letters, possessives and plurals folded ("senators'", "senator's" → "senator")."""
    out: set[str] = set()
    for raw in _WORD.findall(text):
        w = raw.casefold().replace("’", "'").strip("'-.,")
        if w.endswith("'s"):
            w = w[:-2]
        if len(w) < 3 or w in STOP_WORDS:
            continue
        if len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is", "news")):
            w = w[:-1]
        out.add(w)
    return out


@dataclass(slots=True, frozen=True)
class OnlyHere:
    """A claim whose record alone, of the event's parties, uses most of its words."""

    record_id: str
    party: str  # the record's party (with outlets: the outlet)
    start: int
    end: int
    text: str
    share: float  # its content words no other party's record uses, as a share
    words: tuple[str, ...]  # those words, in the claim's order

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
    content words absent from every record of another party is at least ``share``. ``records``:
    each record's id, party and text. Claims of a party with no other party beside it, and
    claims without content words, are never listed."""
    party_of = {rid: party for rid, party, _ in records}
    vocab: dict[str, set[str]] = {}
    for _, party, text in records:
        vocab.setdefault(party.casefold(), set()).update(words(text))
    heard = {  # per party: every word of the other parties' records (None: no other party)
        p: set().union(*(v for q, v in vocab.items() if q != p)) if len(vocab) > 1 else None
        for p in vocab
    }
    found: list[OnlyHere] = []
    seen: set[tuple[str, int, int]] = set()
    for c in claims:
        rid, start, end, text = str(c["record_id"]), int(c["start"]), int(c["end"]), str(c["text"])
        name = party_of.get(rid)
        if name is None or (rid, start, end) in seen:
            continue
        seen.add((rid, start, end))
        others, own = heard[name.casefold()], words(text)
        if others is None or not own:
            continue
        new = own - others
        if len(new) / len(own) >= share:
            order = tuple(dict.fromkeys(w for w in _ordered(text) if w in new))
            found.append(OnlyHere(rid, name, start, end, text, len(new) / len(own), order))
    return found


def _ordered(text: str) -> list[str]:
    return [w for raw in _WORD.findall(text) for w in words(raw)]
